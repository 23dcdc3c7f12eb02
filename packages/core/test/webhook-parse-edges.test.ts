/** Envelopes, changes and fields of odd shape: what parseWebhook, webhookSize and webhookTargets make of them. */
import { isKaikuError } from '../src/errors.js';
import type { WebhookEvent } from '../src/whatsapp/webhook.js';
import { parseWebhook, webhookSize, webhookTargets } from '../src/whatsapp/webhook.js';

const WABA = '102290129340398';
const PHONE = '106540352242922';
const metadata = { display_phone_number: '15550001234', phone_number_id: PHONE };
const text = { from: '358401234567', id: 'wamid.A', timestamp: '1767259812', type: 'text', text: { body: 'hi' } };
const sent = { id: 'wamid.B', status: 'sent', timestamp: '1767259812', recipient_id: '358401234567' };

function envelope(...entry: unknown[]): unknown {
  return { object: 'whatsapp_business_account', entry };
}

/** One entry of our WABA holding the given changes. */
function changes(...list: unknown[]): WebhookEvent[] {
  return parseWebhook(envelope({ id: WABA, changes: list }));
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('envelopes of odd shape', () => {
  it('tells the sender of a wrong body what Kaiku accepts', () => {
    for (const payload of [null, { object: 'page', entry: [] }, { object: 'whatsapp_business_account' }]) {
      const error = thrown(() => parseWebhook(payload));
      expect(isKaikuError(error) && error.code).toBe('invalid_webhook');
      expect((error as Error).message).toContain('Only WhatsApp Business Account webhooks ({"object": "whatsapp_business_account", "entry": [...]}) are accepted.');
    }
  });

  it('skips entries and changes that are not objects, and counts only the others', () => {
    const payload = envelope(null, 'entry', 7, [], { id: WABA, changes: [null, 'change', 3, [], { field: 'messages', value: { metadata, messages: [text] } }] });
    expect(parseWebhook(payload)).toEqual([expect.objectContaining({ kind: 'message', wabaId: WABA })]);
    expect(webhookSize(payload)).toEqual({ entries: 1, changes: 1 });
  });

  it('an entry without a changes list holds no change and yields no event', () => {
    const payload = envelope({ id: WABA }, { id: WABA, changes: 'none' });
    expect(parseWebhook(payload)).toEqual([]);
    expect(webhookSize(payload)).toEqual({ entries: 2, changes: 0 });
  });

  it('an entry whose id is missing or not a string belongs to no WABA', () => {
    const change = { field: 'messages', value: { metadata, messages: [text] } };
    const payload = envelope({ changes: [change] }, { id: 102290129340398, changes: [change] });
    expect(parseWebhook(payload).map((e) => [e.kind, e.wabaId])).toEqual([['message', ''], ['message', '']]);
    expect(webhookTargets(payload)).toEqual({ wabaIds: [], phoneNumberIds: [PHONE] });
  });
});

describe('changes of odd shape are kept whole as unknown', () => {
  it('a change without a field, or with a field that is not a string, is unknown with an empty field', () => {
    const value = { metadata, messages: [text] };
    expect(changes({ value }, { field: 7, value })).toEqual([
      { kind: 'unknown', wabaId: WABA, field: '', value },
      { kind: 'unknown', wabaId: WABA, field: '', value },
    ]);
  });

  it('a messages change whose value is not an object', () => {
    expect(changes({ field: 'messages', value: null }, { field: 'messages', value: 'text' })).toEqual([
      { kind: 'unknown', wabaId: WABA, field: 'messages', value: null },
      { kind: 'unknown', wabaId: WABA, field: 'messages', value: 'text' },
    ]);
  });

  it('a field Kaiku does not model stays unknown even when its value looks like messages', () => {
    const value = { messaging_product: 'whatsapp', metadata, message_echoes: [text], messages: [text] };
    expect(changes({ field: 'smb_message_echoes', value })).toEqual([{ kind: 'unknown', wabaId: WABA, field: 'smb_message_echoes', value }]);
  });

  it('a messages value without metadata or without a phone number id', () => {
    const bare = { messages: [text], statuses: [sent] };
    const noNumber = { metadata: { display_phone_number: '15550001234', phone_number_id: 106540352242922 }, messages: [text] };
    expect(changes({ field: 'messages', value: bare }, { field: 'messages', value: noNumber })).toEqual([
      { kind: 'unknown', wabaId: WABA, field: 'messages', value: bare },
      { kind: 'unknown', wabaId: WABA, field: 'messages', value: noNumber },
    ]);
  });

  it('a status that cannot be read is one unknown event of the messages field beside the good one', () => {
    const broken = { ...sent, status: 'teleported' };
    expect(changes({ field: 'messages', value: { metadata, statuses: [broken, sent, 'status'] } })).toEqual([
      { kind: 'unknown', wabaId: WABA, field: 'messages', value: broken },
      expect.objectContaining({ kind: 'status', wabaId: WABA, status: expect.objectContaining({ id: 'wamid.B', phone_number_id: PHONE }) }),
      { kind: 'unknown', wabaId: WABA, field: 'messages', value: 'status' },
    ]);
  });
});

describe('template status updates', () => {
  const update = { event: 'APPROVED', message_template_id: 1548372961875311, message_template_name: 'order_confirmation', message_template_language: 'fi' };
  const parse = (value: Record<string, unknown>): WebhookEvent[] => changes({ field: 'message_template_status_update', value });

  it('takes a template id sent as a string as well as a number', () => {
    expect(parse({ ...update, message_template_id: '1548372961875311' })).toEqual([{
      kind: 'template_status', wabaId: WABA, templateId: '1548372961875311', name: 'order_confirmation', language: 'fi', event: 'APPROVED', reason: null,
    }]);
    expect(parse(update)).toEqual([expect.objectContaining({ templateId: '1548372961875311' })]);
  });

  it('names a template Meta sent without name or language by empty strings', () => {
    expect(parse({ event: 'PAUSED', message_template_id: 42 })).toEqual([{
      kind: 'template_status', wabaId: WABA, templateId: '42', name: '', language: '', event: 'PAUSED', reason: null,
    }]);
  });

  it.each([
    ['no template id', { ...update, message_template_id: undefined }],
    ['a template id that is neither number nor string', { ...update, message_template_id: true }],
    ['no event', { ...update, event: undefined }],
    ['an event that is not a string', { ...update, event: 7 }],
  ])('an update with %s is kept whole as unknown', (_label, value) => {
    expect(parse(value)).toEqual([{ kind: 'unknown', wabaId: WABA, field: 'message_template_status_update', value }]);
  });

  it.each([
    ['missing', undefined, null],
    ['null', null, null],
    ['NONE', 'NONE', null],
    ['a word', 'INCORRECT_CATEGORY', 'INCORRECT_CATEGORY'],
  ])('a reason that is %s', (_label, reason, expected) => {
    const [event] = parse({ ...update, event: 'REJECTED', reason });
    expect(event).toMatchObject({ kind: 'template_status', event: 'REJECTED' });
    expect(event?.kind === 'template_status' && event.reason).toBe(expected);
  });
});

describe('user preferences', () => {
  const stop = { wa_id: '358401234567', value: 'stop', timestamp: 1767261812, category: 'marketing_messages' };
  const parse = (...preferences: unknown[]): WebhookEvent[] => changes({ field: 'user_preferences', value: { metadata, user_preferences: preferences } });
  const preference = (waId: string, userId: string | null, value: 'stop' | 'resume'): WebhookEvent => ({
    kind: 'user_preference', wabaId: WABA, waId, userId, value, timestamp: '2026-01-01T10:03:32Z',
  });

  it('a customer resuming marketing messages', () => {
    expect(parse({ ...stop, value: 'resume' })).toEqual([preference('358401234567', null, 'resume')]);
  });

  it('keeps each preference that cannot be read as its own unknown event, beside the readable ones', () => {
    const unread: [string, unknown][] = [
      ['not an object', null],
      ['a value other than stop or resume', { ...stop, value: 'pause' }],
      ['no customer', { value: 'stop', timestamp: 1767261812 }],
      ['an empty user id and no number', { user_id: '', value: 'stop', timestamp: 1767261812 }],
      ['a timestamp that is not a time', { ...stop, timestamp: 'yesterday' }],
      ['a timestamp that is null', { ...stop, timestamp: null }],
      ['a timestamp past the end of dates', { ...stop, timestamp: 8.64e12 + 1 }],
    ];
    for (const [label, item] of unread) {
      expect([label, parse(item, stop)]).toEqual([label, [
        { kind: 'unknown', wabaId: WABA, field: 'user_preferences', value: item },
        preference('358401234567', null, 'stop'),
      ]]);
    }
  });

  it('a user id that is empty or not a string is no user id', () => {
    expect(parse({ ...stop, user_id: '' }, { ...stop, user_id: 7 })).toEqual([
      preference('358401234567', null, 'stop'),
      preference('358401234567', null, 'stop'),
    ]);
  });

  it('a user_preferences change without a list is kept whole', () => {
    const value = { metadata, user_preferences: 'stop' };
    expect(changes({ field: 'user_preferences', value })).toEqual([{ kind: 'unknown', wabaId: WABA, field: 'user_preferences', value }]);
  });
});
