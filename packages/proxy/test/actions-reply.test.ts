/**
 * Replying to a customer: free-form inside the 24-hour window (kept for the timeline as the input gave it);
 * outside it, the fallback template or 409 window_closed with the time it closed; Meta's 131047 answered the same
 * way; a customer who opted out and has not written since is never messaged.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { InboundMessageRecord } from '@kaiku/core';
import { reply, replyOnce } from '../src/actions/reply.js';
import type { ParsedWebhookEvents } from '../src/store/types.js';
import { inboundRecord } from './store-fixtures.js';
import { metaError, openActionFixture, refusal, sent } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';
import { template, templatePage } from './template-fixtures.js';

const CUSTOMER = '358401234567';
const SEND = 'POST /106540352242922/messages';
const WROTE = '2026-11-25T10:00:00.000Z';
const fallback = { template: 'order_update', variables: { '1': 'Aino' } };

let fx: ActionFixture;
let now: Date;

beforeEach(async () => {
  fx = await openActionFixture();
  now = new Date('2026-11-25T12:00:00.000Z');
  fx.deps.now = () => now;
  fx.routes['GET /102290129340398/message_templates'] = templatePage([template()]);
  fx.routes[SEND] = sent('wamid.re1', CUSTOMER);
});
afterEach(async () => fx.cleanup());

async function receive(messages: InboundMessageRecord[]): Promise<void> {
  const events: ParsedWebhookEvents = { messages, statuses: [], consentChanges: [] };
  const [receiptId] = await fx.store.saveWebhookReceipts([{ connectionId: fx.connection.id, body: Buffer.from('{}') }]);
  await fx.store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [{ workspaceId: fx.workspaceId, events }] }]);
}

const recordOptOut = (at: string) => fx.store.recordConsent(fx.workspaceId, CUSTOMER, { status: 'opted_out', source: 'STOP', proof: null, recordedAt: new Date(at) });
const posts = () => fx.calls.filter((c) => c.method === 'POST');
async function outbound() {
  const [item] = await fx.store.listTimeline(fx.workspaceId, CUSTOMER, { limit: 1 });
  return item?.direction === 'outbound' ? item.message : null;
}

describe('reply inside the window', () => {
  beforeEach(async () => receive([inboundRecord({ id: 'wamid.in1', from: CUSTOMER, received_at: WROTE })]));

  it('sends free-form and keeps what the input gave for the timeline', async () => {
    const answer = await reply(fx.deps, fx.workspaceId, { to: '+358 40 123 4567', text: 'Your order shipped', reply_to: 'wamid.in1' }, null);
    expect(answer).toEqual({ id: 'wamid.re1', wa_id: CUSTOMER, status: 'accepted', sent_as: 'free_form' });
    expect(posts()[0]?.json).toMatchObject({ to: CUSTOMER, type: 'text', text: { body: 'Your order shipped' }, context: { message_id: 'wamid.in1' } });
    expect(await outbound()).toMatchObject({
      id: 'wamid.re1', connectionId: fx.connection.id, type: 'text', templateName: null, templateCategory: null, sentAs: 'free_form', status: 'accepted',
      content: { text: 'Your order shipped', reply_to: 'wamid.in1' },
    });
    expect(Object.keys((await outbound())?.content ?? {}).sort()).toEqual(['reply_to', 'text']);
  });

  it('keeps buttons as given, and Meta\'s status of the message', async () => {
    fx.routes[SEND] = sent('wamid.re2', CUSTOMER, 'held_for_quality_assessment');
    const buttons = { body: 'Book?', choices: [{ id: 'yes', title: 'Yes' }] };
    const answer = await reply(fx.deps, fx.workspaceId, { to: CUSTOMER, buttons }, null);
    expect(answer.status).toBe('held_for_quality_assessment');
    expect(await outbound()).toMatchObject({ type: 'buttons', status: 'held_for_quality_assessment', content: { buttons } });
  });

  it('is still open a moment before 24 hours have passed', async () => {
    now = new Date(Date.parse(WROTE) + 24 * 3_600_000 - 1);
    expect((await reply(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi' }, null)).sent_as).toBe('free_form');
  });

  it('sends the fallback template when Meta says the customer must be re-engaged', async () => {
    let attempt = 0;
    fx.routes[SEND] = () => (++attempt === 1 ? metaError(400, 131047, 'Re-engagement message') : sent('wamid.fb', CUSTOMER));
    const answer = await reply(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi', fallback_template: fallback }, null);
    expect(answer).toEqual({ id: 'wamid.fb', wa_id: CUSTOMER, status: 'accepted', sent_as: 'fallback_template' });
  });

  it('answers window_closed, closed now, when Meta says re-engage and there is no fallback', async () => {
    fx.routes[SEND] = metaError(400, 131047, 'Re-engagement message');
    const error = await refusal(reply(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi' }, null));
    expect(error).toMatchObject({ code: 'window_closed', details: { field: 'to', closed_at: now.toISOString() } });
  });

  it('passes other send failures on without a fallback', async () => {
    fx.routes[SEND] = metaError(400, 131026, 'undeliverable');
    const error = await refusal(reply(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi', fallback_template: fallback }, null));
    expect(error.code).not.toBe('window_closed');
    expect(posts()).toHaveLength(1);
  });

  it('never messages a customer who opted out after writing, but answers one who wrote again', async () => {
    await fx.store.recordConsent(fx.workspaceId, CUSTOMER, { status: 'opted_out', source: 'STOP', proof: null, recordedAt: new Date('2026-11-25T11:00:00.000Z') });
    const error = await refusal(reply(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi' }, null));
    expect(error).toMatchObject({ code: 'opted_out', details: { field: 'to', opted_out_at: '2026-11-25T11:00:00.000Z' } });
    expect(error.message).toMatch(/^This customer opted out of messages from you at 2026-11-25T11:00:00\.000Z and has not written since/);
    expect(await fx.count('sends', { result: 'refused' })).toBe(1);
    expect(posts()).toEqual([]);
    await receive([inboundRecord({ id: 'wamid.in2', from: CUSTOMER, received_at: '2026-11-25T11:30:00.000Z' })]);
    expect((await reply(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Of course' }, null)).sent_as).toBe('free_form');
  });

  it('counts an opt-out recorded at the very moment of the last message as the newer of the two', async () => {
    await recordOptOut(WROTE);
    expect((await refusal(reply(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi' }, null))).code).toBe('opted_out');
  });

  it('answers an opted-in customer', async () => {
    await fx.store.recordConsent(fx.workspaceId, CUSTOMER, { status: 'opted_in', source: 'form', proof: null, recordedAt: new Date('2026-11-25T11:00:00.000Z') });
    expect((await reply(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi' }, null)).sent_as).toBe('free_form');
  });
});

describe('reply outside the window', () => {
  it('sends the fallback template and keeps it for the timeline', async () => {
    await receive([inboundRecord({ id: 'wamid.in1', from: CUSTOMER, received_at: WROTE })]);
    now = new Date(Date.parse(WROTE) + 24 * 3_600_000);
    const answer = await reply(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi', fallback_template: fallback }, null);
    expect(answer).toEqual({ id: 'wamid.re1', wa_id: CUSTOMER, status: 'accepted', sent_as: 'fallback_template' });
    expect(posts()[0]?.json).toMatchObject({ type: 'template', template: { name: 'order_update' } });
    expect(await outbound()).toMatchObject({
      type: 'template', templateName: 'order_update', templateCategory: 'UTILITY', sentAs: 'fallback_template', status: 'accepted',
      content: { template: { name: 'order_update', language: 'en', variables: { '1': 'Aino' }, preview: 'Hi Aino, your order shipped.' } },
    });
  });

  it('answers window_closed with the time it closed, and counts the refusal', async () => {
    await receive([inboundRecord({ id: 'wamid.in1', from: CUSTOMER, received_at: WROTE })]);
    now = new Date('2026-11-27T00:00:00.000Z');
    const error = await refusal(reply(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi' }, null));
    expect(error).toMatchObject({ code: 'window_closed', details: { field: 'to', closed_at: '2026-11-26T10:00:00.000Z' } });
    expect(error.message).toBe('Free-form replies are only allowed within 24 hours of the customer\'s last message, and it closed at 2026-11-26T10:00:00.000Z. Send an approved template instead, or give a fallback_template.');
    expect(await fx.count('sends', { result: 'refused' })).toBe(1);
    expect(posts()).toEqual([]);
  });

  it('says when the customer never wrote', async () => {
    const error = await refusal(reply(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi' }, null));
    expect(error).toMatchObject({ code: 'window_closed', details: { field: 'to', closed_at: null } });
    expect(error.message).toContain('and this customer has not written to this business number yet.');
  });
});

describe('reply, once per idempotency key', () => {
  it('replays for the same key (header first), however the number was written', async () => {
    await receive([inboundRecord({ id: 'wamid.in1', from: CUSTOMER, received_at: WROTE })]);
    const first = await replyOnce(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi', idempotency_key: 'body' }, 'hdr');
    const again = await replyOnce(fx.deps, fx.workspaceId, { to: '+358 40 123 4567', text: 'Hi', idempotency_key: 'other', phone_number_id: '106540352242922' }, 'hdr');
    expect(again).toEqual({ answer: first.answer, replayed: true });
    expect((await replyOnce(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi' }, 'body')).replayed).toBe(false);
    expect((await replyOnce(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi', idempotency_key: 'body2' }, null)).replayed).toBe(false);
    expect((await replyOnce(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi', idempotency_key: 'body2' }, null)).replayed).toBe(true);
  });

  it('refuses a "to" that is no number, naming it', async () => {
    expect((await refusal(reply(fx.deps, fx.workspaceId, { to: 'x', text: 'Hi' }, null))).field).toBe('to');
  });
});
