/**
 * A customer's conversation through the actions: the timeline paged backwards, marking it read (with Meta's
 * read receipt only when the workspace wants it and the number is still its own), and consent recorded with its
 * history; a customer that is not a phone number is refused naming the field.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { InboundMessageRecord } from '@kaiku/core';
import { listMessages } from '../src/actions/list-messages.js';
import { markRead } from '../src/actions/mark-read.js';
import { getConsent, recordConsent } from '../src/actions/record-consent.js';
import type { ParsedWebhookEvents } from '../src/store/types.js';
import { connectionInput, inboundRecord } from './store-fixtures.js';
import { openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

const CUSTOMER = '358401234567';
const NOW = new Date('2026-11-26T09:00:00.000Z');

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture({ now: NOW });
});
afterEach(async () => fx.cleanup());

async function receive(messages: InboundMessageRecord[]): Promise<void> {
  const events: ParsedWebhookEvents = { messages, statuses: [], consentChanges: [] };
  const [receiptId] = await fx.store.saveWebhookReceipts([{ connectionId: fx.connection.id, body: Buffer.from('{}') }]);
  await fx.store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [{ workspaceId: fx.workspaceId, events }] }]);
}

const minute = (n: number) => new Date(Date.parse('2026-11-25T10:00:00.000Z') + n * 60_000).toISOString();

describe('listMessages', () => {
  it('pages the timeline newest first, with a cursor while a page is full', async () => {
    await receive([0, 1, 2].map((n) => inboundRecord({ id: `wamid.m${n}`, from: CUSTOMER, received_at: minute(n), text: `m${n}` })));
    const first = await listMessages(fx.deps, fx.workspaceId, '+358 40 123 4567', { limit: '2' });
    expect(first.data.map((m) => [m.id, m.text, m.direction])).toEqual([['wamid.m2', 'm2', 'inbound'], ['wamid.m1', 'm1', 'inbound']]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await listMessages(fx.deps, fx.workspaceId, CUSTOMER, { limit: '2', before: first.next_cursor ?? '' });
    expect(second.data.map((m) => m.id)).toEqual(['wamid.m0']);
    expect(second.next_cursor).toBeNull();
  });

  it('answers 50 messages a page by default', async () => {
    await receive(Array.from({ length: 51 }, (_, n) => inboundRecord({ id: `wamid.d${n}`, from: CUSTOMER, received_at: minute(n) })));
    const page = await listMessages(fx.deps, fx.workspaceId, CUSTOMER, {});
    expect(page.data).toHaveLength(50);
    expect(page.data[0]?.id).toBe('wamid.d50');
    const rest = await listMessages(fx.deps, fx.workspaceId, CUSTOMER, { before: page.next_cursor ?? '' });
    expect(rest.data.map((m) => m.id)).toEqual(['wamid.d0']);
  });

  it('refuses a customer that is no phone number, naming the field', async () => {
    expect((await refusal(listMessages(fx.deps, fx.workspaceId, 'not-a-number', {}))).field).toBe('customer');
  });

  it('refuses a cursor it did not give out, naming the field', async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const before of ['not-a-cursor', cursor({}), cursor({ at: '1', id: '', seq: 0 }), cursor({ at: 1, id: 2, seq: 0 }), cursor({ at: 1, id: '' })]) {
      const error = await refusal(listMessages(fx.deps, fx.workspaceId, CUSTOMER, { before }));
      expect(error).toMatchObject({ code: 'validation_failed', field: 'before' });
      expect(error.message).toMatch(/^The field "before" is not a cursor this API gave out\./);
    }
  });
});

describe('markRead', () => {
  beforeEach(async () => {
    await receive([inboundRecord({ id: 'wamid.r1', from: CUSTOMER, received_at: minute(0) }), inboundRecord({ id: 'wamid.r2', from: CUSTOMER, received_at: minute(1) })]);
    fx.routes['POST /106540352242922/messages'] = { body: { success: true } };
  });

  it('marks the conversation read without telling the customer when read receipts are off', async () => {
    expect(await markRead(fx.deps, fx.workspaceId, CUSTOMER)).toEqual({ wa_id: CUSTOMER, read_up_to: 'wamid.r2', receipt_sent: false });
    expect((await fx.store.getConversation(fx.workspaceId, CUSTOMER))?.unreadCount).toBe(0);
    expect(fx.calls).toEqual([]);
  });

  it('sends Meta\'s read receipt for the newest message when the workspace enables them', async () => {
    await fx.store.updateWorkspaceSettings(fx.workspaceId, { sendReadReceipts: true });
    expect(await markRead(fx.deps, fx.workspaceId, `+${CUSTOMER}`)).toEqual({ wa_id: CUSTOMER, read_up_to: 'wamid.r2', receipt_sent: true });
    expect(fx.calls.map((c) => [c.method, c.path, c.json])).toEqual([
      ['POST', '/106540352242922/messages', { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.r2' }],
    ]);
  });

  it('sends no receipt through a number that now belongs to another workspace, or that was disconnected', async () => {
    await fx.store.updateWorkspaceSettings(fx.workspaceId, { sendReadReceipts: true });
    const other = await fx.store.createWorkspace({ name: 'Other' });
    await fx.store.upsertConnection(connectionInput(other.id, { graphBaseUrl: fx.connection.graphBaseUrl, accessTokenEnc: fx.connection.accessTokenEnc }));
    expect((await markRead(fx.deps, fx.workspaceId, CUSTOMER)).receipt_sent).toBe(false);
    await fx.store.deleteConnection(fx.connection.phoneNumberId);
    expect((await markRead(fx.deps, fx.workspaceId, CUSTOMER)).receipt_sent).toBe(false);
    expect(fx.calls).toEqual([]);
  });

  it('refuses a customer that is no phone number, naming the field', async () => {
    expect(await refusal(markRead(fx.deps, fx.workspaceId, 'somebody'))).toMatchObject({ code: 'invalid_phone', field: 'customer' });
  });

  it('answers 404 for a customer with no conversation', async () => {
    const error = await refusal(markRead(fx.deps, fx.workspaceId, '358409999999'));
    expect(error).toMatchObject({ code: 'not_found', field: 'customer' });
    expect(error.message).toContain('"358409999999"');
  });
});

describe('consent', () => {
  it('records an opt-out with its source, at the proxy\'s time, and keeps the history newest first', async () => {
    const later = new Date(NOW.getTime() + 60_000);
    await recordConsent(fx.deps, fx.workspaceId, '+358 40 123 4567', { status: 'opted_in', source: 'web form', proof: 'form #12' });
    const view = await recordConsent({ ...fx.deps, now: () => later }, fx.workspaceId, CUSTOMER, { status: 'opted_out', source: 'phone call' });
    expect(view).toEqual({
      wa_id: CUSTOMER, status: 'opted_out', updated_at: later.toISOString(),
      history: [
        { status: 'opted_out', source: 'phone call', proof: null, recorded_at: later.toISOString() },
        { status: 'opted_in', source: 'web form', proof: 'form #12', recorded_at: NOW.toISOString() },
      ],
    });
    expect(await getConsent(fx.deps, fx.workspaceId, CUSTOMER)).toEqual(view);
    expect(fx.logs.map((l) => [l.msg, l.consent, l.source])).toEqual([['customer opted in', 'opted_in', 'web form'], ['customer opted out', 'opted_out', 'phone call']]);
  });

  it('answers unknown, with no history, for a customer never asked', async () => {
    expect(await getConsent(fx.deps, fx.workspaceId, '358409999999')).toEqual({ wa_id: '358409999999', status: 'unknown', updated_at: null, history: [] });
  });

  it('refuses a phone that is no number, naming the field', async () => {
    expect((await refusal(getConsent(fx.deps, fx.workspaceId, '12'))).field).toBe('phone');
    expect((await refusal(recordConsent(fx.deps, fx.workspaceId, 'abc', { status: 'opted_in', source: 'x' }))).field).toBe('phone');
  });
});
