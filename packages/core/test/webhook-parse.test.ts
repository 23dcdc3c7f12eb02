import { readWebhookFixture, webhookFixtureNames } from '@kaiku/shared';
import { isKaikuError } from '../src/errors.js';
import type { WebhookEvent } from '../src/whatsapp/webhook.js';
import { parseWebhook, parseWebhookBody, webhookTargets } from '../src/whatsapp/webhook.js';

const WABA = '102290129340398';
const PHONE = '106540352242922';
const events = (fixture: string): WebhookEvent[] => parseWebhook(parseWebhookBody(readWebhookFixture(fixture)));

describe('parseWebhook: statuses', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['status.sent', { status: 'sent', timestamp: '2026-01-01T09:30:42Z', pricing_category: 'utility', pricing_type: 'regular', billable: true, error_code: null }],
    ['status.delivered', { status: 'delivered', timestamp: '2026-01-01T09:30:44Z', pricing_category: 'utility', billable: true }],
    ['status.read', { status: 'read', pricing_category: null, pricing_type: null, billable: null, error_message: null }],
    ['status.played', { status: 'played' }],
    ['status.failed', { status: 'failed', error_code: 131047, error_title: 'Re-engagement message', error_message: expect.stringMatching(/more than 24 hours ago; send a template/) }],
    ['status.failed.media', { status: 'failed', error_code: 131053, error_title: 'Media upload error', error_message: expect.any(String) }],
  ];
  it.each(cases)('%s', (fixture, expected) => {
    const [event, ...rest] = events(fixture);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ kind: 'status', wabaId: WABA, status: { phone_number_id: PHONE, recipient_id: '358401234567', ...expected } });
  });

  it('names the recipient by user ID when a message went to one and WhatsApp keeps the number back', () => {
    const body = JSON.parse(readWebhookFixture('status.delivered').toString()) as { entry: Array<{ changes: Array<{ value: { statuses: Array<Record<string, unknown>> } }> }> };
    const status = body.entry[0]?.changes[0]?.value.statuses[0];
    if (status === undefined) throw new Error('the fixture has no status');
    delete status.recipient_id;
    status.recipient_user_id = 'GB.13491208655302741918';
    expect(parseWebhook(body)).toEqual([expect.objectContaining({ kind: 'status', status: expect.objectContaining({ recipient_id: 'GB.13491208655302741918', status: 'delivered' }) })]);
    status.recipient_id = '447700900123';
    expect(parseWebhook(body)).toEqual([expect.objectContaining({ status: expect.objectContaining({ recipient_id: '447700900123' }) })]);
  });

  it('keeps every status of a batch, in order, with its own pricing', () => {
    const batch = events('status.batch');
    expect(batch.map((e) => (e.kind === 'status' ? [e.status.status, e.status.pricing_type] : e.kind))).toEqual([
      ['sent', 'regular'], ['sent', 'free_customer_service'], ['read', null], ['delivered', 'regular'],
    ]);
    const billable = batch.map((e) => (e.kind === 'status' ? e.status.billable : undefined));
    expect(billable).toEqual([true, false, null, true]);
  });
});

describe('parseWebhook: other fields', () => {
  it('template status update: approved, with the numeric template id as a string and NONE as no reason', () => {
    expect(events('template-status.approved')).toEqual([{
      kind: 'template_status', wabaId: WABA, templateId: '1548372961875311', name: 'order_confirmation',
      language: 'fi', event: 'APPROVED', reason: null,
    }]);
  });

  it('template status update: rejected keeps the reason', () => {
    expect(events('template-status.rejected')).toEqual([expect.objectContaining({ event: 'REJECTED', reason: 'INVALID_FORMAT', name: 'winter_sale' })]);
  });

  it('user_preferences: a customer stopping marketing messages', () => {
    expect(events('user-preferences')).toEqual([
      { kind: 'user_preference', wabaId: WABA, waId: '358401234567', userId: null, value: 'stop', timestamp: '2026-01-01T10:03:32Z' },
    ]);
  });

  it('user_preferences from a customer WhatsApp names by user ID, alone or beside the number', () => {
    const body = JSON.parse(readWebhookFixture('user-preferences').toString()) as { entry: Array<{ changes: Array<{ value: { user_preferences: Array<Record<string, unknown>> } }> }> };
    const preference = body.entry[0]?.changes[0]?.value.user_preferences[0];
    if (preference === undefined) throw new Error('the fixture has no preference');
    preference.user_id = 'FI.5544332211';
    expect(parseWebhook(body)).toEqual([expect.objectContaining({ kind: 'user_preference', waId: '358401234567', userId: 'FI.5544332211' })]);
    delete preference.wa_id;
    expect(parseWebhook(body)).toEqual([expect.objectContaining({ kind: 'user_preference', waId: 'FI.5544332211', userId: 'FI.5544332211' })]);
  });

  it('an unknown field is kept whole as unknown', () => {
    const payload = parseWebhookBody(readWebhookFixture('unknown-field')) as { entry: { changes: { value: unknown }[] }[] };
    expect(events('unknown-field')).toEqual([
      { kind: 'unknown', wabaId: WABA, field: 'phone_number_quality_update', value: payload.entry[0]!.changes[0]!.value },
    ]);
  });

  it('app-level errors on the messages field (no message, no status) are kept as unknown', () => {
    expect(events('messages.errors')).toEqual([expect.objectContaining({ kind: 'unknown', field: 'messages', value: expect.objectContaining({ errors: expect.any(Array) }) })]);
  });
});

describe('parseWebhook: envelopes', () => {
  const rejected: [string, unknown, RegExp][] = [
    ['null', null, /not a JSON object/],
    ['an array', [], /not a JSON object/],
    ['a Page webhook', { object: 'page', entry: [] }, /"page", not a WhatsApp Business Account/],
    ['no entry list', { object: 'whatsapp_business_account' }, /no "entry" list/],
  ];
  it.each(rejected)('rejects %s with invalid_webhook', (_label, payload, message) => {
    let thrown: unknown;
    try {
      parseWebhook(payload);
    } catch (error) {
      thrown = error;
    }
    expect(isKaikuError(thrown) && thrown.code).toBe('invalid_webhook');
    expect((thrown as Error).message).toMatch(message);
  });

  it('walks every entry and change; a message missing its id or sender becomes unknown, never lost', () => {
    const text = parseWebhookBody(readWebhookFixture('message.text')) as { entry: { changes: unknown[] }[] };
    const status = parseWebhookBody(readWebhookFixture('status.sent')) as { entry: { changes: unknown[] }[] };
    const broken = { from: '358401234567', timestamp: 'yesterday', type: 'text', text: { body: 'hi' } };
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        { id: WABA, changes: [...text.entry[0]!.changes, ...status.entry[0]!.changes] },
        { id: '999', changes: [{ field: 'messages', value: { metadata: { phone_number_id: '555' }, messages: [broken] } }] },
        'not an entry',
      ],
    };
    expect(parseWebhook(payload).map((e) => [e.kind, e.wabaId])).toEqual([['message', WABA], ['status', WABA], ['unknown', '999']]);
  });

  it('webhookTargets lists each WABA and phone number once', () => {
    const payload = parseWebhookBody(readWebhookFixture('status.batch'));
    expect(webhookTargets(payload)).toEqual({ wabaIds: [WABA], phoneNumberIds: [PHONE] });
    expect(webhookTargets(parseWebhookBody(readWebhookFixture('template-status.approved')))).toEqual({ wabaIds: [WABA], phoneNumberIds: [] });
  });

  it('every fixture parses into at least one event', () => {
    for (const name of webhookFixtureNames()) expect(events(name).length).toBeGreaterThan(0);
  });
});
