import { loadSample, readWebhookFixture } from '@kaiku/shared';
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

describe('flat samples are what parseWebhook produces from the raw fixtures', () => {
  it.each(pairs)('%s ← webhooks/%s', (sample, webhook) => {
    const [event] = parseWebhook(parseWebhookBody(readWebhookFixture(webhook)));
    const record = event?.kind === 'message' ? event.message : event?.kind === 'status' ? event.status : undefined;
    expect(record).toBeDefined();
    expect(loadSample(sample)).toEqual(record);
  });

  it('there is a sample for every inbound type', () => {
    expect(pairs.length).toBe(inboundTypes.length + 4);
  });
});
