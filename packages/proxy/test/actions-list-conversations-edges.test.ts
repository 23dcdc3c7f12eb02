/**
 * The conversation list at its edges: a customer with no dated activity shows none (not 1970), a cursor that
 * this list did not give out is refused naming the field, and a search is cut at 100 characters.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { conversationView, listConversations } from '../src/actions/list-conversations.js';
import type { ParsedWebhookEvents, Store } from '../src/store/index.js';
import { ApiError } from '../src/http/errors.js';
import { actionDeps } from './actions-deps.js';
import { connectionInput, inboundRecord, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

let t: TestStore;
let store: Store;
beforeAll(async () => {
  t = await openTestStore('sqlite');
  store = t.store;
});
afterAll(async () => t.cleanup());

const noEvents: ParsedWebhookEvents = { messages: [], statuses: [], consentChanges: [] };

async function workspace(phoneNumberId: string): Promise<{ workspaceId: string; connectionId: string }> {
  const workspaceId = (await store.createWorkspace({ name: 'Conversations' })).id;
  const connectionId = (await store.upsertConnection(connectionInput(workspaceId, { phoneNumberId }))).id;
  return { workspaceId, connectionId };
}

async function receive(connectionId: string, workspaceId: string, events: Partial<ParsedWebhookEvents>): Promise<void> {
  const [receiptId] = await store.saveWebhookReceipts([{ connectionId, body: Buffer.from('{}') }]);
  await store.applyWebhookReceipts([{ receiptId: receiptId ?? 0, parts: [{ workspaceId, events: { ...noEvents, ...events } }] }]);
}

describe('a conversation row', () => {
  it('shows no last activity for a customer whose row has none (the store\'s epoch 0)', async () => {
    const { workspaceId } = await workspace('3001');
    const view = await conversationView(actionDeps(store), workspaceId, {
      workspaceId, waId: '358403000000', profileName: null, lastInboundAt: null, consent: 'unknown', consentUpdatedAt: null,
      readAt: null, lastActivityAt: new Date(0), unreadCount: 0,
    });
    expect(view).toMatchObject({ last_message: null, last_activity_at: null, window: { state: 'closed', closed_at: null } });
  });
});

describe('listConversations', () => {
  it('refuses a cursor it did not give out, naming the field', async () => {
    const { workspaceId } = await workspace('3002');
    const messagesCursor = Buffer.from(JSON.stringify({ at: 1, id: 'wamid.x', seq: 2 })).toString('base64url');
    const error = await listConversations(actionDeps(store), workspaceId, { cursor: messagesCursor }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'validation_failed', details: { field: 'cursor' },
      message: 'The field "cursor" is not a cursor this API gave out. Pass the next_cursor of the previous page unchanged, or leave it out to start at the newest.',
    });
  });

  it('searches with the first 100 characters of a longer search', async () => {
    const { workspaceId, connectionId } = await workspace('3003');
    const name = 'A'.repeat(100);
    await receive(connectionId, workspaceId, { messages: [
      inboundRecord({ id: 'wamid.long1', phone_number_id: '3003', from: '358403000001', profile_name: name, text: 'Hei', received_at: '2026-11-25T10:00:00.000Z' }),
    ] });
    const found = await listConversations(actionDeps(store), workspaceId, { q: `${name}B` });
    expect(found.data.map((c) => c.wa_id)).toEqual(['358403000001']);
  });
});
