/** Edges of the messaging actions that the main tests leave open: idempotency keys bound to the message and kept across restarts, the template cache after other failures, consent views, inbound paging input and quick replies without text. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { InboundMessageRecord } from '@kaiku/core';
import { listInbound } from '../src/actions/get-message.js';
import { requestHash } from '../src/actions/idempotency.js';
import { getConsent } from '../src/actions/record-consent.js';
import { replyOnce } from '../src/actions/reply.js';
import { requestOptIn, requestOptInOnce } from '../src/actions/request-opt-in.js';
import { sendTemplate, sendTemplateOnce } from '../src/actions/send-template.js';
import type { ParsedWebhookEvents } from '../src/store/types.js';
import { inboundRecord } from './store-fixtures.js';
import { metaError, openActionFixture, refusal, sent } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';
import { optInTemplate, template, templatePage } from './template-fixtures.js';

const CUSTOMER = '358401234567';
const NUMBER = '106540352242922';
const LIST = 'GET /102290129340398/message_templates';
const SEND = `POST /${NUMBER}/messages`;
const notice = template({ id: 't-notice', name: 'notice', components: [{ type: 'BODY', text: 'We are closed today.' }] });
const bare = optInTemplate({ id: 't-bare-reply', name: 'ask_bare', components: [{ type: 'BODY', text: 'Offers?' }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY' }] }] });

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture({ now: new Date('2026-11-25T12:00:00.000Z') });
  fx.routes[LIST] = templatePage([template(), notice, optInTemplate(), bare]);
  fx.routes[SEND] = sent('wamid.e1', CUSTOMER);
});
afterEach(async () => fx.cleanup());

const posts = () => fx.calls.filter((c) => c.method === 'POST');

async function receive(messages: InboundMessageRecord[]): Promise<void> {
  const events: ParsedWebhookEvents = { messages, statuses: [], consentChanges: [] };
  const [receiptId] = await fx.store.saveWebhookReceipts([{ connectionId: fx.connection.id, body: Buffer.from('{}') }]);
  await fx.store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [{ workspaceId: fx.workspaceId, events }] }]);
}

/** A send recorded under `key` by an earlier process (before a restart), for the operation and input given. */
async function recordedEarlier(key: string, operation: string, input: Record<string, unknown>, answer: Record<string, unknown>): Promise<void> {
  await fx.store.reserveIdempotencyKey(fx.workspaceId, key, requestHash(operation, input));
  await fx.store.recordOutboundMessage({
    id: String(answer.id), workspaceId: fx.workspaceId, connectionId: fx.connection.id, waId: CUSTOMER, type: 'template', templateName: 'notice',
    templateCategory: 'UTILITY', sentAs: 'template', status: 'accepted', idempotencyKey: key, response: answer,
  });
}

describe('idempotency keys are bound to the message', () => {
  beforeEach(async () => receive([inboundRecord({ id: 'wamid.in1', from: CUSTOMER, received_at: '2026-11-25T10:00:00.000Z' })]));

  it('refuses a reply key reused for a different text, and sends nothing more', async () => {
    await replyOnce(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Hi', idempotency_key: 'k-reply' }, null);
    const error = await refusal(replyOnce(fx.deps, fx.workspaceId, { to: CUSTOMER, text: 'Bye', idempotency_key: 'k-reply' }, null));
    expect(error.code).toBe('idempotency_conflict');
    expect(error.message).toMatch(/^This idempotency key was already used for a different message/);
    expect(posts()).toHaveLength(1);
  });

  it('refuses a template key reused for another template', async () => {
    await sendTemplateOnce(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice', idempotency_key: 'k-tpl' }, null);
    expect((await refusal(sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'order_update', variables: { '1': 'A' }, idempotency_key: 'k-tpl' }, null))).code).toBe('idempotency_conflict');
    expect(posts()).toHaveLength(1);
  });

  it('refuses an opt-in request key reused for another template', async () => {
    await requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_offers', idempotency_key: 'k-ask' });
    expect((await refusal(requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_bare', idempotency_key: 'k-ask' }))).code).toBe('idempotency_conflict');
    expect(posts()).toHaveLength(1);
  });

  it('replays a reply recorded before a restart under the same key', async () => {
    const answer = { id: 'wamid.old', wa_id: CUSTOMER, status: 'accepted', sent_as: 'free_form' };
    await recordedEarlier('k-old', 'reply', { to: CUSTOMER, text: 'Hi', phone_number_id: NUMBER }, answer);
    expect(await replyOnce(fx.deps, fx.workspaceId, { to: '+358 40 123 4567', text: 'Hi', idempotency_key: 'k-old' }, null)).toEqual({ answer, replayed: true });
    expect(posts()).toEqual([]);
  });

  it('replays a template send recorded before a restart under the same key', async () => {
    const answer = { id: 'wamid.old', wa_id: CUSTOMER, status: 'accepted', preview: 'We are closed today.' };
    await recordedEarlier('k-old', 'send-template', { to: CUSTOMER, template: 'notice', phone_number_id: NUMBER }, answer);
    expect(await sendTemplateOnce(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice' }, 'k-old')).toEqual({ answer, replayed: true });
    expect(posts()).toEqual([]);
  });

  it('replays an opt-in request recorded before a restart under the same key', async () => {
    const answer = { id: 'wamid.old', wa_id: CUSTOMER, status: 'accepted', preview: 'May we send you offers?', agree_button: 'Yes, please', decline_button: 'No thanks' };
    await recordedEarlier('k-old', 'opt-in-request', { template: 'ask_offers', to: CUSTOMER, phone_number_id: NUMBER }, answer);
    expect(await requestOptInOnce(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_offers', idempotency_key: 'k-old' })).toEqual({ answer, replayed: true });
    expect(posts()).toEqual([]);
  });
});

describe('sendTemplate, the template cache after other failures', () => {
  it('keeps the templates cached when a send fails for a reason other than the template', async () => {
    await sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice' }, null);
    fx.routes[SEND] = metaError(400, 131026, 'undeliverable');
    await refusal(sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice' }, null));
    fx.routes[SEND] = sent('wamid.e2', CUSTOMER);
    expect((await sendTemplate(fx.deps, fx.workspaceId, { to: CUSTOMER, template: 'notice' }, null)).id).toBe('wamid.e2');
    expect(fx.calls.filter((c) => c.method === 'GET')).toHaveLength(1);
  });
});

describe('requestOptIn, a quick reply without text', () => {
  it('answers its text as empty', async () => {
    const answer = await requestOptIn(fx.deps, fx.workspaceId, CUSTOMER, { template: 'ask_bare' });
    expect(answer).toMatchObject({ agree_button: '', decline_button: null });
  });
});

describe('getConsent of a customer who wrote but never gave or withdrew consent', () => {
  it('answers unknown, never updated', async () => {
    await receive([inboundRecord({ id: 'wamid.in1', from: CUSTOMER, received_at: '2026-11-25T10:00:00.000Z' })]);
    expect(await getConsent(fx.deps, fx.workspaceId, CUSTOMER)).toEqual({ wa_id: CUSTOMER, status: 'unknown', updated_at: null, history: [] });
  });
});

describe('listInbound input', () => {
  it('reads a since of a date alone (digits at its end) as a date, not Unix seconds', async () => {
    await receive(['2026-11-24T10:00:00.000Z', '2026-11-25T10:00:00.000Z'].map((at, i) => inboundRecord({ id: `wamid.d${i}`, from: CUSTOMER, received_at: at })));
    expect((await listInbound(fx.deps, fx.workspaceId, { since: '2026-11-25' })).data.map((r) => r.id)).toEqual(['wamid.d1']);
  });

  it('refuses a cursor it did not give out, naming the field', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from('{"at":"x"}').toString('base64url')]) {
      const error = await refusal(listInbound(fx.deps, fx.workspaceId, { cursor }));
      expect(error).toMatchObject({ code: 'validation_failed', field: 'cursor' });
      expect(error.message).toMatch(/^The field "cursor" is not a cursor this API gave out/);
    }
  });
});
