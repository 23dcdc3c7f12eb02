/**
 * Generated Meta-shaped webhook bodies for the fuzz test and the bench: every field sometimes of the wrong
 * type or missing, extra fields, deep and huge values, odd Unicode, duplicate message ids, reorderings.
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';

/** The numbers the fuzz stores know: A's and B's business numbers and WABAs. */
export const FUZZ_IDS = { phoneA: '106540352242922', wabaA: '102290129340398', phoneB: '200000000000002', wabaB: '300000000000003' } as const;

const wrong: Arbitrary<unknown> = fc.oneof(
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant({}), fc.constant([]),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Text as customers and bugs write it: any code point, lone surrogates, NUL, RTL marks, emoji, now and then 70 KB. */
const oddText: Arbitrary<string> = fc.oneof(
  { weight: 40, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 20, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 20, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 20, arbitrary: fc.constantFrom('', 'STOP', 'ALOITA', 'stop ', '\u0000', 'a\u0000b', '\uD800', '\u202Eevil', '👩‍👩‍👧‍👦', 'Ünïcödé', '{"json":1}') },
  { weight: 1, arbitrary: fc.nat({ max: 70_000 }).map((n) => 'x'.repeat(n)) },
);

/** Nested arrays: past 64 levels the body is refused or quarantined, between 32 and 64 kept as a note. */
const deep: Arbitrary<unknown> = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 30 }) }, { weight: 1, arbitrary: fc.integer({ min: 31, max: 90 }) }).map((depth) => {
  let value: unknown = [];
  for (let i = 1; i < depth; i += 1) value = [value];
  return value;
});

/** The right value most of the time; else a wrong type, or missing (undefined disappears in JSON). */
function maybe<T>(good: Arbitrary<T>): Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: wrong }, { weight: 1, arbitrary: fc.constant(undefined) });
}

const messageId = fc.integer({ min: 0, max: 30 }).map((n) => `wamid.fuzz.${n}`);
const customer = fc.oneof(fc.constantFrom('358401234567', '46701234567', 'FI.123456789012'), fc.string({ maxLength: 20 }));
const timestamp = fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }).map(String), fc.constantFrom('1764064800', '-1', '1e400', 'now', ''));
const types = fc.constantFrom('text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'button', 'interactive', 'reaction', 'order', 'system', 'unsupported', 'mystery', '');

const media = fc.record({ id: maybe(oddText), mime_type: maybe(oddText), sha256: maybe(oddText), caption: maybe(oddText), filename: maybe(oddText) });

const message = fc.record({
  from: maybe(customer), from_user_id: maybe(customer), id: maybe(messageId), timestamp: maybe(timestamp), type: maybe(types),
  text: maybe(fc.record({ body: maybe(oddText) })),
  image: maybe(media), document: maybe(media), sticker: maybe(media),
  location: maybe(fc.record({ latitude: maybe(fc.double()), longitude: maybe(oddText), name: maybe(oddText) })),
  contacts: maybe(fc.array(maybe(fc.record({ name: maybe(fc.record({ formatted_name: maybe(oddText) })), phones: maybe(fc.array(maybe(fc.record({ phone: maybe(oddText), wa_id: maybe(oddText) })), { maxLength: 3 })) })), { maxLength: 3 })),
  interactive: maybe(fc.record({ type: maybe(oddText), button_reply: maybe(fc.record({ id: maybe(oddText), title: maybe(oddText) })), nfm_reply: maybe(fc.record({ response_json: maybe(oddText) })) })),
  reaction: maybe(fc.record({ emoji: maybe(oddText), message_id: maybe(messageId) })),
  order: maybe(fc.record({ product_items: maybe(fc.array(maybe(fc.record({ quantity: maybe(fc.integer()), item_price: maybe(fc.double()) })), { maxLength: 3 })) })),
  context: maybe(fc.record({ id: maybe(messageId), forwarded: maybe(fc.boolean()) })),
  referral: maybe(fc.record({ source_url: maybe(oddText), headline: maybe(oddText) })),
  mystery: maybe(deep),
  extra: maybe(fc.jsonValue({ maxDepth: 3 })),
});

const status = fc.record({
  id: maybe(messageId), status: maybe(fc.constantFrom('sent', 'delivered', 'read', 'failed', 'played', 'deleted', 'weird')),
  timestamp: maybe(timestamp), recipient_id: maybe(customer), recipient_user_id: maybe(customer),
  errors: maybe(fc.array(maybe(fc.record({ code: maybe(fc.integer()), title: maybe(oddText), error_data: maybe(fc.record({ details: maybe(oddText) })) })), { maxLength: 2 })),
  pricing: maybe(fc.record({ category: maybe(oddText), billable: maybe(fc.boolean()) })),
});

const contact = fc.record({ wa_id: maybe(customer), user_id: maybe(customer), profile: maybe(fc.record({ name: maybe(oddText), username: maybe(oddText) })) });

const messagesValue = fc.record({
  messaging_product: maybe(fc.constant('whatsapp')),
  metadata: maybe(fc.record({ phone_number_id: maybe(fc.constantFrom(FUZZ_IDS.phoneA, FUZZ_IDS.phoneA, FUZZ_IDS.phoneA, FUZZ_IDS.phoneA, FUZZ_IDS.phoneB, '999')), display_phone_number: maybe(oddText) })),
  contacts: maybe(fc.array(maybe(contact), { maxLength: 3 })),
  messages: maybe(fc.array(maybe(message), { maxLength: 4 })),
  statuses: maybe(fc.array(maybe(status), { maxLength: 3 })),
});

const preference = fc.record({ wa_id: maybe(customer), user_id: maybe(customer), value: maybe(fc.constantFrom('stop', 'resume', 'pause')), timestamp: maybe(fc.oneof(fc.integer(), timestamp)) });

const change = fc.oneof(
  { weight: 6, arbitrary: fc.record({ field: fc.constant('messages'), value: maybe(messagesValue) }) },
  { weight: 1, arbitrary: fc.record({ field: fc.constant('user_preferences'), value: maybe(fc.record({ user_preferences: maybe(fc.array(maybe(preference), { maxLength: 3 })) })) }) },
  { weight: 1, arbitrary: fc.record({ field: maybe(oddText), value: fc.jsonValue({ maxDepth: 3 }) }) },
);

const entry = fc.record({
  id: maybe(fc.constantFrom(FUZZ_IDS.wabaA, FUZZ_IDS.wabaB, 'unknown-waba')), time: maybe(fc.integer()),
  changes: maybe(fc.array(maybe(change), { maxLength: 3 })),
});

/** One generated webhook body (mostly a WhatsApp Business Account envelope). */
export const webhookBody: Arbitrary<Buffer> = fc.record({
  object: fc.oneof({ weight: 20, arbitrary: fc.constant('whatsapp_business_account') }, { weight: 1, arbitrary: wrong }),
  entry: fc.oneof({ weight: 20, arbitrary: fc.array(maybe(entry), { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: wrong }),
  extra: maybe(fc.jsonValue({ maxDepth: 2 })),
}).map((payload) => Buffer.from(JSON.stringify(payload)));

/** A batch of bodies with some of them repeated (Meta redelivers) and the whole in any order. */
export function webhookBatch(min: number, max: number): Arbitrary<Buffer[]> {
  return fc.array(webhookBody, { minLength: min, maxLength: max })
    .chain((bodies) => fc.tuple(fc.constant(bodies), fc.array(fc.nat({ max: Math.max(0, bodies.length - 1) }), { maxLength: 3 })))
    .map(([bodies, repeats]) => [...bodies, ...repeats.flatMap((i) => (bodies[i] === undefined ? [] : [bodies[i]]))])
    .chain((bodies) => fc.shuffledSubarray(bodies, { minLength: bodies.length, maxLength: bodies.length }));
}
