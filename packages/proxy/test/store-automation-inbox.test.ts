/**
 * The automation runner's inbox on both stores: the applier fills it only for workspaces with rules (their sink
 * subscription), and with no delivery; a claim hands out each customer's oldest message only, skips the
 * workspaces it is told to and leased messages until their lease ends; a held (failed) message keeps the
 * customer's later ones waiting; and the memory of customers answers the same for the same message.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { consentKeyword } from '@kaiku/core';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { ConnectionDirectory } from '../src/actions/receive-webhook.js';
import { WebhookApplier } from '../src/jobs/webhook-applier.js';
import type { Connection, Store } from '../src/store/index.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';
import { inboundWebhook } from './intake-fixtures.js';

const secrets = createSecrets(generateEncryptionKey());
const T0 = new Date('2026-11-25T10:00:00Z');

describe.each(['sqlite', 'postgres'] as const)('automation inbox (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let ws: string;
  let connection: Connection;

  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
    ws = (await store.createWorkspace({ name: 'A' })).id;
    connection = await store.upsertConnection(connectionInput(ws, { appSecretEnc: secrets.encrypt('secret') }));
  });
  afterEach(async () => t.cleanup());

  /** Stores and applies one webhook per [message id, customer]. */
  async function receive(messages: Array<[string, string]>): Promise<void> {
    const bodies = messages.map(([id, from]) => Buffer.from(JSON.stringify(inboundWebhook({ id, from }))));
    await store.saveWebhookReceipts(bodies.map((body) => ({ connectionId: connection.id, body })));
    await new WebhookApplier({ store, directory: new ConnectionDirectory(store, (s) => secrets.decrypt(s)), keyword: consentKeyword }).drain();
  }
  const ids = (items: Array<{ messageId: string }>) => items.map((i) => i.messageId);

  it('is filled only for a workspace with rules, without a delivery', async () => {
    await receive([['wamid.none', '358400000001']]);
    expect(await store.automations.inboxCount()).toBe(0);
    await store.createSubscription({ workspaceId: ws, event: 'inbound_message', targetUrl: null, sink: 'automations', secret: null, filter: null, source: 'automations' });
    await receive([['wamid.some', '358400000001']]);
    expect(await store.automations.inboxCount()).toBe(1);
    expect(await store.pendingDeliveryCount()).toBe(0);
    const [item] = await store.automations.claimInbox(10, 60_000, T0);
    expect(item).toMatchObject({ workspaceId: ws, messageId: 'wamid.some', waId: '358400000001', attempts: 0, record: { id: 'wamid.some', from: '358400000001' } });
  });

  it('hands out one message per customer, oldest first, and the next once the first is finished', async () => {
    await store.createSubscription({ workspaceId: ws, event: 'inbound_message', targetUrl: null, sink: 'automations', secret: null, filter: null, source: 'automations' });
    await receive([['wamid.a1', '358400000001'], ['wamid.b1', '358400000002'], ['wamid.a2', '358400000001'], ['wamid.a3', '358400000001']]);
    const first = await store.automations.claimInbox(10, 60_000, T0);
    expect(ids(first)).toEqual(['wamid.a1', 'wamid.b1']);
    expect(await store.automations.claimInbox(10, 60_000, T0)).toEqual([]);
    // Told to skip the workspace (its share is in hand), a claim takes nothing of it.
    await store.automations.finishInbox(first.map((i) => i.seq));
    expect(await store.automations.claimInbox(10, 60_000, T0, [ws])).toEqual([]);
    const second = await store.automations.claimInbox(10, 60_000, T0);
    expect(ids(second)).toEqual(['wamid.a2']);
    // A failed message is held until its retry: the customer's later one waits behind it; after the hold it comes back.
    await store.automations.holdInbox(second[0]?.seq ?? 0, new Date(T0.getTime() + 10_000));
    expect(await store.automations.claimInbox(10, 60_000, new Date(T0.getTime() + 5_000))).toEqual([]);
    const retried = await store.automations.claimInbox(10, 60_000, new Date(T0.getTime() + 10_000));
    expect(retried).toMatchObject([{ messageId: 'wamid.a2', attempts: 1 }]);
    // A claim whose lease ran out (a crashed process) is handed out again.
    expect(ids(await store.automations.claimInbox(10, 60_000, new Date(T0.getTime() + 70_001)))).toEqual(['wamid.a2']);
    await store.automations.finishInbox([retried[0]?.seq ?? 0]);
    expect(ids(await store.automations.claimInbox(10, 60_000, T0))).toEqual(['wamid.a3']);
    expect(await store.automations.inboxCount()).toBe(1);
  });

  it('remembers when a customer last wrote to a number, and answers the same when asked again for one message', async () => {
    const note = (id: string, at: Date, number = '106540352242922') => store.automations.noteContact(ws, number, '358400000001', id, at);
    const t1 = new Date('2026-10-01T08:00:00Z');
    const t2 = new Date('2026-11-20T08:00:00Z');
    expect(await note('wamid.1', t1)).toBeNull();
    expect(await note('wamid.2', t2)).toEqual(t1);
    expect(await note('wamid.2', t2)).toEqual(t1);
    expect(await note('wamid.3', T0)).toEqual(t2);
    // Another number of the workspace has its own memory.
    expect(await note('wamid.4', T0, '106540352249999')).toBeNull();
  });
});
