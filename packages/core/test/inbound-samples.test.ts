import { loadSample, readWebhookFixture, sampleNames } from '@kaiku/shared';
import { inboundTypes } from '../src/records.js';
import { parseWebhook, parseWebhookBody } from '../src/whatsapp/webhook.js';

// The flat samples in shared/samples are not written by hand: each is exactly what parseWebhook makes of
// Meta's raw payload beside it. A change to the normalisation shows up here as a sample to regenerate.
const pairs: [sample: string, webhook: string][] = [
  ['inbound-message', 'message.text'],
  // A customer who uses a username and whose number WhatsApp keeps back: known by their BSUID.
  ['inbound-message.text_username', 'message.text.username'],
  ...inboundTypes.map((type): [string, string] => [`inbound-message.${type}`, webhookFor(type)]),
  ['message-status', 'status.delivered'],
  ['message-status.failed', 'status.failed'],
];

function webhookFor(type: string): string {
  const interactive: Record<string, string> = { button_reply: 'button_reply', list_reply: 'list_reply', flow_reply: 'nfm_reply' };
  if (type === 'audio') return 'message.audio.voice';
  return interactive[type] === undefined ? `message.${type}` : `message.interactive.${interactive[type]}`;
}

/** The value at a path of parsed JSON, read without the code under test. */
function at(value: unknown, ...path: Array<string | number>): unknown {
  return path.reduce<unknown>((inner, key) => (typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>)[key] : undefined), value);
}

/** The raw message or status of a fixture, straight from Meta's JSON, with the phone number id of its metadata. */
function rawOf(webhook: string): Record<string, unknown> {
  const value = at(JSON.parse(readWebhookFixture(webhook).toString('utf8')), 'entry', 0, 'changes', 0, 'value');
  const item = at(value, 'messages', 0) ?? at(value, 'statuses', 0);
  return { ...(item as object), phone_number_id: at(value, 'metadata', 'phone_number_id') };
}

/** The field of the flat record that carries each type's content, and where Meta puts it. */
const CONTENT: Record<string, [string, Array<string | number>]> = {
  text: ['text', ['text', 'body']],
  image: ['media_id', ['image', 'id']],
  video: ['media_id', ['video', 'id']],
  audio: ['media_id', ['audio', 'id']],
  document: ['media_filename', ['document', 'filename']],
  sticker: ['media_mime_type', ['sticker', 'mime_type']],
  location: ['location_latitude', ['location', 'latitude']],
  contacts: ['contacts_count', ['contacts', 'length']],
  button: ['text', ['button', 'text']],
  button_reply: ['reply_id', ['interactive', 'button_reply', 'id']],
  list_reply: ['reply_title', ['interactive', 'list_reply', 'title']],
  flow_reply: ['text', ['interactive', 'nfm_reply', 'response_json']],
  reaction: ['reaction_emoji', ['reaction', 'emoji']],
  order: ['text', ['order', 'text']],
  system: ['text', ['system', 'body']],
  unsupported: ['type', ['type']],
};

describe('flat samples are what parseWebhook produces from the raw fixtures', () => {
  // The samples are published to the connectors, so they must be exactly what the code makes…
  it.each(pairs)('%s ← webhooks/%s', (sample, webhook) => {
    const [event] = parseWebhook(parseWebhookBody(readWebhookFixture(webhook)));
    const record = event?.kind === 'message' ? event.message : event?.kind === 'status' ? event.status : undefined;
    expect(record).toBeDefined();
    expect(loadSample(sample)).toEqual(record);
  });

  // …and what the code makes is checked against Meta's payload, not against the sample it wrote.
  it.each(inboundTypes.map((type) => [type, webhookFor(type)]))('a %s message keeps its id, sender, time and content', (type, webhook) => {
    const raw = rawOf(webhook);
    const [event] = parseWebhook(parseWebhookBody(readWebhookFixture(webhook)));
    const record = (event?.kind === 'message' ? event.message : {}) as Record<string, unknown>;
    const [field, path] = CONTENT[type]!;
    const content = at(raw, ...path);
    expect(content).toBeDefined();
    const expected = type === 'unsupported' ? 'unsupported' : content;
    expect({ type: record.type, id: record.id, from: record.from, phone_number_id: record.phone_number_id, received_at: record.received_at, [field]: record[field] })
      .toEqual({ type, id: raw.id, from: raw.from, phone_number_id: raw.phone_number_id, received_at: new Date(Number(raw.timestamp) * 1000).toISOString().replace('.000Z', 'Z'), [field]: expected });
  });

  it('a status keeps its message id, recipient and state', () => {
    for (const webhook of ['status.delivered', 'status.failed']) {
      const raw = rawOf(webhook);
      const [event] = parseWebhook(parseWebhookBody(readWebhookFixture(webhook)));
      const record = (event?.kind === 'status' ? event.status : {}) as Record<string, unknown>;
      expect({ id: record.id, recipient_id: record.recipient_id, status: record.status }).toEqual({ id: raw.id, recipient_id: raw.recipient_id, status: raw.status });
    }
  });

  it('every inbound sample on disk is checked here, and every inbound type has one', () => {
    const onDisk = sampleNames().filter((name) => name.startsWith('inbound-message') || name.startsWith('message-status'));
    expect(onDisk).toEqual(pairs.map(([sample]) => sample).sort());
    expect(inboundTypes.filter((type) => !onDisk.includes(`inbound-message.${type}`))).toEqual([]);
  });
});
