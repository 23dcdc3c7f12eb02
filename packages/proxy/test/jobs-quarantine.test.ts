/**
 * Poison receipts over real stores: a receipt that fails to apply is retried alone and quarantined after three
 * failures, never holding back another receipt (of another workspace, or of the same customer); the two
 * poison payloads are read as unsupported or unknown instead of breaking the applier.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { consentKeyword } from '@kaiku/core';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { ConnectionDirectory } from '../src/actions/receive-webhook.js';
import { WebhookApplier } from '../src/jobs/webhook-applier.js';
import type { Connection, ReceiptToApply, Store } from '../src/store/index.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';
import { inboundWebhook } from './intake-fixtures.js';
import { booleanSenderWebhook, deeplyNestedWebhook } from './poison-fixtures.js';

const secrets = createSecrets(generateEncryptionKey());

/** A store whose apply throws for any batch holding a message with this text: a fault the validation misses. */
function failingFor(store: Store, text: string): Store {
  const poisoned = (receipts: ReceiptToApply[]) =>
    receipts.some((r) => r.parts.some((p) => p.events.messages.some((m) => m.text === text)));
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'applyWebhookReceipts') {
        return async (receipts: ReceiptToApply[]) => {
          if (poisoned(receipts)) throw new RangeError('Maximum call stack size exceeded');
          return target.applyWebhookReceipts(receipts);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe.each(['sqlite', 'postgres'] as const)('poison receipts (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let wsA: string;
  let wsB: string;
  let connA: Connection;
  let connB: Connection;

  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
    wsA = (await store.createWorkspace({ name: 'A' })).id;
    wsB = (await store.createWorkspace({ name: 'B' })).id;
    connA = await store.upsertConnection(connectionInput(wsA, { appSecretEnc: secrets.encrypt('secret-a') }));
    connB = await store.upsertConnection(connectionInput(wsB, { phoneNumberId: '200', wabaId: '300', appSecretEnc: secrets.encrypt('secret-b') }));
  });
  afterEach(async () => {
    await t.cleanup();
  });

  function applier(on: Store = store): WebhookApplier {
    return new WebhookApplier({ store: on, directory: new ConnectionDirectory(on, (s) => secrets.decrypt(s)), keyword: consentKeyword, retryDelayMs: 0 });
  }

  async function receive(connection: Connection, ...bodies: Buffer[]): Promise<number[]> {
    return store.saveWebhookReceipts(bodies.map((body) => ({ connectionId: connection.id, body })));
  }

  const json = (payload: Record<string, unknown>) => Buffer.from(JSON.stringify(payload));
  const forB = (id: string) => json(inboundWebhook({ id, phoneNumberId: '200', wabaId: '300', from: '46701234567' }));

  it('quarantines the issue\'s 200,000 nested arrays unparsed, reads "from": true as no message, and applies what follows', async () => {
    await store.createSubscription({ workspaceId: wsB, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/', sink: null, secret: null, filter: null });
    const [deepId] = await receive(connA, deeplyNestedWebhook(), booleanSenderWebhook(), deeplyNestedWebhook(50, 'wamid.fifty'));
    await receive(connB, forB('wamid.b1'));
    expect(await applier().runOnce()).toBe(4);
    const [fifty, ...others] = await store.listInboundMessages(wsA, { limit: 10 });
    expect(others).toEqual([]);
    expect(fifty).toMatchObject({ id: 'wamid.fifty', type: 'unsupported', raw: { type: 'mystery', omitted: expect.stringMatching(/nested deeper than 32/) } });
    expect((await store.listInboundMessages(wsB, { limit: 10 })).map((m) => m.id)).toEqual(['wamid.b1']);
    expect(await store.pendingDeliveryCount()).toBe(1);
    expect(await store.listQuarantinedReceipts({ limit: 10 })).toEqual([
      expect.objectContaining({ id: deepId, workspaceId: wsA, attempts: 1, error: expect.stringMatching(/nests deeper than 64 levels/) }),
    ]);
    expect(await store.claimUnappliedReceipts(10)).toEqual([]);
  });

  it('applies every other receipt at once, the same customer\'s next one too, and quarantines the bad one after three failures', async () => {
    const faulty = failingFor(store, 'POISON');
    const [, poisonId] = await receive(connA, json(inboundWebhook({ id: 'wamid.a1', text: 'first' })),
      json(inboundWebhook({ id: 'wamid.bad', text: 'POISON' })), json(inboundWebhook({ id: 'wamid.a2', text: 'after' })));
    await receive(connB, forB('wamid.b1'));
    const work = applier(faulty);
    expect(await work.runOnce()).toBe(4);
    expect((await store.listInboundMessages(wsA, { limit: 10 })).map((m) => m.id).sort()).toEqual(['wamid.a1', 'wamid.a2']);
    expect((await store.listInboundMessages(wsB, { limit: 10 })).map((m) => m.id)).toEqual(['wamid.b1']);
    expect(await store.listQuarantinedReceipts({ limit: 10 })).toEqual([]);
    expect(await work.runOnce()).toBe(1);
    expect(await work.runOnce()).toBe(1);
    // Quarantined: never claimed again, so the applier is idle (no endless retry, no log spam).
    expect(await work.runOnce()).toBe(0);
    const [quarantined, ...more] = await store.listQuarantinedReceipts({ limit: 10 });
    expect(more).toEqual([]);
    expect(quarantined).toMatchObject({ id: poisonId, workspaceId: wsA, attempts: 3, error: 'RangeError: Maximum call stack size exceeded' });
    expect(quarantined?.body.toString()).toContain('POISON');
    expect(await store.receiptBacklog(new Date(0))).toEqual({ quarantined: 1, oldestUnappliedAt: null });
  });

  it('lists quarantine per workspace and retries a receipt by hand once the fault is gone', async () => {
    const [poisonId] = await receive(connA, json(inboundWebhook({ id: 'wamid.bad', text: 'POISON' })));
    const work = applier(failingFor(store, 'POISON'));
    for (let round = 0; round < 3; round += 1) await work.runOnce();
    expect(await store.listQuarantinedReceipts({ workspaceId: wsB, limit: 10 })).toEqual([]);
    expect((await store.listQuarantinedReceipts({ workspaceId: wsA, limit: 10 })).map((r) => r.id)).toEqual([poisonId]);
    expect(await store.retryQuarantinedReceipt(poisonId ?? 0, wsB)).toBe(false);
    expect(await store.retryQuarantinedReceipt(poisonId ?? 0, wsA)).toBe(true);
    expect(await store.retryQuarantinedReceipt(poisonId ?? 0, wsA)).toBe(false);
    await applier().drain();
    expect((await store.listInboundMessages(wsA, { limit: 10 })).map((m) => m.id)).toEqual(['wamid.bad']);
    expect(await store.listQuarantinedReceipts({ limit: 10 })).toEqual([]);
  });

  it('quarantines a body that is no WhatsApp webhook at once, keeping it whole', async () => {
    const [id] = await receive(connA, Buffer.from('{"object":"page","entry":[]}'));
    await receive(connB, forB('wamid.b1'));
    await applier().drain();
    expect(await store.listQuarantinedReceipts({ limit: 10 })).toEqual([
      expect.objectContaining({ id, attempts: 1, error: expect.stringMatching(/not a WhatsApp Business Account/), body: Buffer.from('{"object":"page","entry":[]}') }),
    ]);
    expect((await store.listInboundMessages(wsB, { limit: 10 })).map((m) => m.id)).toEqual(['wamid.b1']);
  });
});

describe.each(['sqlite', 'postgres'] as const)('receipt claims (%s)', (kind) => {
  let t: TestStore;
  afterEach(async () => {
    await t.cleanup();
  });

  it('keeps a renewed claim and gives a lapsed one to the next claimer', async () => {
    t = await openTestStore(kind);
    // PostgreSQL: a second store is a second process; SQLite: one process owns the file, so the same store.
    const other = kind === 'postgres' ? await t.reopen() : t.store;
    const ws = (await t.store.createWorkspace({ name: 'A' })).id;
    const connection = await t.store.upsertConnection(connectionInput(ws));
    const [id] = await t.store.saveWebhookReceipts([{ connectionId: connection.id, body: Buffer.from('{}') }]);
    expect((await t.store.claimUnappliedReceipts(10, 300)).map((r) => r.id)).toEqual([id]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await t.store.renewReceiptClaims([id ?? 0], 300);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await other.claimUnappliedReceipts(10, 300)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await other.claimUnappliedReceipts(10, 300)).map((r) => r.id)).toEqual([id]);
  });
});
