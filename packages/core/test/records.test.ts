import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { loadSchema, readWebhookFixture, webhookFixtureNames } from '@kaiku/shared';
import type { InboundMessageRecord, MessageStatusRecord } from '../src/records.js';
import { inboundTypes, messageStatuses } from '../src/records.js';
import { parseWebhook, parseWebhookBody } from '../src/whatsapp/webhook.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, allowUnionTypes: true }));
const validateInbound = ajv.compile(loadSchema('inbound-message'));
const validateStatus = ajv.compile(loadSchema('message-status'));

// The compiler insists that these literals name every key of the record type and no other.
const inboundKeys: Record<keyof InboundMessageRecord, true> = {
  id: true, phone_number_id: true, display_phone_number: true, from: true, profile_name: true, user_id: true, username: true, received_at: true, type: true,
  text: true, media_id: true, media_mime_type: true, media_sha256: true, media_caption: true, media_filename: true, media_url: true,
  reply_id: true, reply_title: true, reply_description: true, location_latitude: true, location_longitude: true,
  location_name: true, location_address: true, contacts_summary: true, contacts_count: true, reaction_emoji: true,
  reaction_message_id: true, reply_to_message_id: true, forwarded: true, referral_source_url: true, referral_source_id: true,
  referral_source_type: true, referral_headline: true, referral_body: true, referral_ctwa_clid: true, window_expires_at: true, raw: true,
};
const statusKeys: Record<keyof MessageStatusRecord, true> = {
  id: true, phone_number_id: true, recipient_id: true, status: true, timestamp: true, error_code: true, error_title: true,
  error_message: true, pricing_category: true, pricing_type: true, billable: true,
};

const propertiesOf = (name: 'inbound-message' | 'message-status'): string[] =>
  Object.keys(loadSchema(name).properties as Record<string, unknown>).sort();

describe('record types match the shared schemas', () => {
  // The key literals are checked against the types by the compiler (`pnpm typecheck`); the records the
  // parser really makes are checked here, at run time.
  const produced = webhookFixtureNames().flatMap((fixture) => parseWebhook(parseWebhookBody(readWebhookFixture(fixture))));

  it('InboundMessageRecord and every parsed message have exactly the schema properties', () => {
    expect(Object.keys(inboundKeys).sort()).toEqual(propertiesOf('inbound-message'));
    const messages = produced.flatMap((event) => (event.kind === 'message' ? [Object.keys(event.message).sort()] : []));
    expect(messages.length).toBeGreaterThan(15);
    expect(new Set(messages.map((keys) => keys.join()))).toEqual(new Set([propertiesOf('inbound-message').join()]));
  });

  it('MessageStatusRecord and every parsed status have exactly the schema properties', () => {
    expect(Object.keys(statusKeys).sort()).toEqual(propertiesOf('message-status'));
    const statuses = produced.flatMap((event) => (event.kind === 'status' ? [Object.keys(event.status).sort()] : []));
    expect(statuses.length).toBeGreaterThan(5);
    expect(new Set(statuses.map((keys) => keys.join()))).toEqual(new Set([propertiesOf('message-status').join()]));
  });

  it('the type and status enums are the schema enums', () => {
    const inbound = loadSchema('inbound-message').properties as { type: { enum: string[] } };
    const status = loadSchema('message-status').properties as { status: { enum: string[] } };
    expect(inbound.type.enum).toEqual([...inboundTypes]);
    expect(status.status.enum).toEqual([...messageStatuses]);
  });
});

describe('every record parsed from every fixture validates against its schema', () => {
  const recordsOf = (fixture: string) => parseWebhook(parseWebhookBody(readWebhookFixture(fixture))).flatMap((event) =>
    event.kind === 'message' ? [{ valid: validateInbound(event.message), errors: validateInbound.errors ?? null }]
      : event.kind === 'status' ? [{ valid: validateStatus(event.status), errors: validateStatus.errors ?? null }] : []);
  const withRecords = webhookFixtureNames().filter((name) => name.startsWith('message.') || name.startsWith('status.'));
  const withoutRecords = webhookFixtureNames().filter((name) => !withRecords.includes(name));

  it.each(withRecords)('%s', (fixture) => {
    const records = recordsOf(fixture);
    expect(records.length).toBeGreaterThan(0);
    expect(records).toEqual(records.map(() => ({ valid: true, errors: null })));
  });

  it.each(withoutRecords)('%s makes no message or status record', (fixture) => {
    expect(recordsOf(fixture)).toEqual([]);
  });
});

describe('odd shapes never leak into the flat records', () => {
  type Json = Record<string, unknown>;
  // Every leaf path of a value, e.g. ['image', 'caption'].
  const leaves = (value: unknown, path: string[] = []): string[][] =>
    typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([key, inner]) => leaves(inner, [...path, key]))
      : [path];
  const replaced = (value: unknown, path: string[], replacement: unknown): unknown => {
    if (path.length === 0) return replacement;
    const copy = (Array.isArray(value) ? [...value] : { ...(value as Json) }) as Json;
    copy[path[0]!] = replaced(copy[path[0]!], path.slice(1), replacement);
    return copy;
  };

  const messageFixtures = webhookFixtureNames().filter((name) => name.startsWith('message.') || name.startsWith('status.'));
  it.each(messageFixtures)('%s with each field replaced by a number, an object or a list', (fixture) => {
    const payload = parseWebhookBody(readWebhookFixture(fixture)) as { entry: { changes: { value: Json }[] }[] };
    const value = payload.entry[0]!.changes[0]!.value;
    let checked = 0;
    for (const path of leaves(value)) {
      for (const odd of [42, { odd: true }, ['odd']]) {
        const mutated = { ...payload, entry: [{ ...payload.entry[0], changes: [{ field: 'messages', value: replaced(value, path, odd) }] }] };
        for (const event of parseWebhook(mutated)) {
          if (event.kind === 'message') expect({ path, errors: validateInbound(event.message) ? null : validateInbound.errors }).toEqual({ path, errors: null });
          if (event.kind === 'status') expect({ path, errors: validateStatus(event.status) ? null : validateStatus.errors }).toEqual({ path, errors: null });
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
