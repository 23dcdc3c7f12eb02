/** Signed but absurd webhooks: whatever Meta's JSON holds, parsing yields records that can be stored. */
import { parseWebhook, parseWebhookBody, webhookSize } from '../src/whatsapp/webhook.js';
import { exceedsLimits, jsonDepth } from '../src/whatsapp/wire-limits.js';

const PHONE = '106540352242922';

function envelope(messages: unknown[], contacts: unknown[] = []): Buffer {
  return Buffer.from(JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'waba', changes: [{ field: 'messages', value: { metadata: { phone_number_id: PHONE }, contacts, messages } }] }],
  }));
}

function deeplyNested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

describe('parseWebhook with poison', () => {
  it('refuses a body holding 200,000 nested arrays before parsing it', () => {
    const body = Buffer.from(envelope([{ from: '358401234567', id: 'wamid.deep', timestamp: '1764064800', type: 'mystery' }])
      .toString().replace('"type":"mystery"', `"type":"mystery","mystery":${deeplyNested(200_000)}`));
    expect(() => parseWebhookBody(body)).toThrow(/nests deeper than 64 levels/);
    expect(jsonDepth(body)).toBe(65);
  });

  it('takes a body nested exactly 64 levels deep and refuses one at 65 as invalid_webhook', () => {
    // The envelope is 1 object level; the array nests inside it.
    const nestedIn = (levels: number) => `{"object":"whatsapp_business_account","entry":${deeplyNested(levels)}}`;
    expect(jsonDepth(nestedIn(63))).toBe(64);
    expect(parseWebhookBody(nestedIn(63))).toMatchObject({ object: 'whatsapp_business_account' });
    expect(() => parseWebhookBody(nestedIn(64))).toThrow(expect.objectContaining({ code: 'invalid_webhook', message: expect.stringMatching(/nests deeper than 64 levels/) }));
  });

  it('keeps a short note instead of an unknown type nested 50 levels deep', () => {
    const body = Buffer.from(envelope([{ from: '358401234567', id: 'wamid.deep', timestamp: '1764064800', type: 'mystery' }])
      .toString().replace('"type":"mystery"', `"type":"mystery","mystery":${deeplyNested(50)}`));
    const [event] = parseWebhook(parseWebhookBody(body));
    expect(event).toMatchObject({ kind: 'message', message: { id: 'wamid.deep', type: 'unsupported', raw: { type: 'mystery', omitted: expect.stringMatching(/nested deeper than 32/) } } });
    expect(() => JSON.stringify(event)).not.toThrow();
  });

  it('keeps a small unknown message whole', () => {
    const [event] = parseWebhook(parseWebhookBody(envelope([{ from: '358401234567', id: 'wamid.x', timestamp: '1764064800', type: 'mystery', mystery: { a: [1, 2] } }])));
    expect(event).toMatchObject({ kind: 'message', message: { type: 'unsupported', raw: { type: 'mystery', mystery: { a: [1, 2] } } } });
  });

  it('does not take "from": true for a sender, even with a from_user_id beside it', () => {
    const events = parseWebhook(parseWebhookBody(envelope([
      { from: true, from_user_id: 'FI.1234567890', id: 'wamid.bool', timestamp: '1764064800', type: 'text', text: { body: 'hi' } },
    ])));
    expect(events).toEqual([expect.objectContaining({ kind: 'unknown', field: 'messages' })]);
  });

  it('reads a message past contacts of the wrong shape', () => {
    const [event] = parseWebhook(parseWebhookBody(envelope(
      [{ from: '358401234567', id: 'wamid.ok', timestamp: '1764064800', type: 'text', text: { body: 'hi' } }],
      [null, 7, { wa_id: '358401234567', profile: { name: 'Aino' } }],
    )));
    expect(event).toMatchObject({ kind: 'message', message: { from: '358401234567', profile_name: 'Aino', text: 'hi' } });
  });

  it('counts entries and changes', () => {
    expect(webhookSize(parseWebhookBody(envelope([])))).toEqual({ entries: 1, changes: 1 });
  });
});

describe('jsonDepth', () => {
  it.each([
    ['{}', 1], ['{"a":[{"b":"[[[["}]}', 3], ['{"a":"\\"[["}', 1], ['[]', 1], ['"x"', 0],
  ])('%s nests %i deep', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
    expect(jsonDepth(Buffer.from(text))).toBe(depth);
  });
});

describe('exceedsLimits', () => {
  it.each([
    ['deep', JSON.parse(deeplyNested(40)) as unknown, /deeper than 32/],
    ['wide', Array.from({ length: 3_000 }, () => 1), /more than 2000 values/],
    ['long text', { t: 'x'.repeat(70_000) }, /characters of text/],
  ])('%s', (_label, value, reason) => {
    expect(exceedsLimits(value)).toMatch(reason);
  });

  it('passes an ordinary message', () => {
    expect(exceedsLimits({ type: 'x', x: { a: [1, 'two', { three: null }] } })).toBeNull();
  });
});
