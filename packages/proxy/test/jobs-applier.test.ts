/** The background applier over real stores: dedupe, window, consent, statuses, isolation, crash replay. */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { consentKeyword } from '@kaiku/core';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { ConnectionDirectory } from '../src/actions/receive-webhook.js';
import { WebhookApplier } from '../src/jobs/webhook-applier.js';
import type { ConsentConfirmer } from '../src/jobs/webhook-applier.js';
import type { Connection, Store } from '../src/store/index.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';
import { inboundWebhook, preferenceWebhook, statusWebhook } from './intake-fixtures.js';

const secrets = createSecrets(generateEncryptionKey());

describe.each(['sqlite', 'postgres'] as const)('webhook applier (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let wsA: string;
  let wsB: string;
  let connA: Connection;
  let confirmations: Array<{ waId: string; status: string; workspaceId: string }>;

  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
    wsA = (await store.createWorkspace({ name: 'A', settings: { confirmConsentChanges: true } })).id;
    wsB = (await store.createWorkspace({ name: 'B' })).id;
    connA = await store.upsertConnection(connectionInput(wsA, { appSecretEnc: secrets.encrypt('secret-a') }));
    await store.upsertConnection(connectionInput(wsB, { phoneNumberId: '200', wabaId: '300', appSecretEnc: secrets.encrypt('secret-b') }));
    confirmations = [];
  });
  afterEach(async () => {
    await t.cleanup();
  });

  function applier(on: Store = store): WebhookApplier {
    const confirm: ConsentConfirmer = async ({ origin, waId, status }) => {
      confirmations.push({ waId, status, workspaceId: origin.workspaceId });
    };
    return new WebhookApplier({ store: on, directory: new ConnectionDirectory(on, (s) => secrets.decrypt(s)), keyword: consentKeyword, confirm });
  }

  async function receive(connection: Connection, ...payloads: Array<Record<string, unknown>>): Promise<void> {
    await store.saveWebhookReceipts(payloads.map((p) => ({ connectionId: connection.id, body: Buffer.from(JSON.stringify(p)) })));
  }

  it('records a message once however often Meta delivers it, and opens the window', async () => {
    await store.createSubscription({ workspaceId: wsA, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/', sink: null, secret: null, filter: null });
    const payload = inboundWebhook({ id: 'wamid.dup', text: 'Is my order ready?', timestamp: 1_764_064_800 });
    await receive(connA, payload, payload);
    await applier().drain();
    await receive(connA, payload);
    await applier().drain();
    const messages = await store.listInboundMessages(wsA, { limit: 10 });
    expect(messages.map((m) => [m.id, m.text, m.from, m.profile_name])).toEqual([['wamid.dup', 'Is my order ready?', '358401234567', 'Aino Virtanen']]);
    expect((await store.getContact(wsA, '358401234567'))?.lastInboundAt?.toISOString()).toBe('2025-11-25T10:00:00.000Z');
    expect(await store.pendingDeliveryCount()).toBe(1);
    expect(await store.claimUnappliedReceipts(10)).toEqual([]);
  });

  it('moves outbound statuses forward even when Meta sends them out of order', async () => {
    await store.recordOutboundMessage({
      id: 'wamid.out', workspaceId: wsA, connectionId: connA.id, waId: '358401234567', type: 'template', templateName: 'order_ready',
      templateCategory: 'UTILITY', sentAs: 'template', status: 'accepted', idempotencyKey: null, response: {},
    });
    await receive(connA, statusWebhook({ id: 'wamid.out', status: 'read', timestamp: 1_764_064_903 }),
      statusWebhook({ id: 'wamid.out', status: 'delivered', timestamp: 1_764_064_901 }), statusWebhook({ id: 'wamid.out', status: 'read', timestamp: 1_764_064_903 }));
    await applier().drain();
    const found = await store.getOutboundMessage(wsA, 'wamid.out');
    expect(found?.message.status).toBe('read');
    expect(found?.statuses.map((s) => [s.status, s.timestamp.toISOString()])).toEqual([
      ['delivered', '2025-11-25T10:01:41.000Z'], ['read', '2025-11-25T10:01:43.000Z'],
    ]);
  });

  it('turns STOP and START into consent history and confirms each change once', async () => {
    const stop = inboundWebhook({ id: 'wamid.stop', text: 'Stop', timestamp: 1_764_064_800 });
    await receive(connA, stop, stop, inboundWebhook({ id: 'wamid.start', text: 'ALOITA', timestamp: 1_764_064_900 }));
    await applier().drain();
    const history = await store.consentHistory(wsA, '358401234567');
    expect(history.map((h) => [h.status, h.source])).toEqual([['opted_out', 'whatsapp_keyword'], ['opted_in', 'whatsapp_keyword']]);
    expect(history[0]?.proof).toContain('wamid.stop');
    expect((await store.getContact(wsA, '358401234567'))?.consent).toBe('opted_in');
    expect(confirmations).toEqual([
      { waId: '358401234567', status: 'opted_out', workspaceId: wsA }, { waId: '358401234567', status: 'opted_in', workspaceId: wsA },
    ]);
  });

  it("records Meta's marketing preference stop as an opt-out, without a confirmation", async () => {
    await receive(connA, preferenceWebhook({ waId: '358409999999', value: 'stop' }));
    await applier().drain();
    expect((await store.getContact(wsA, '358409999999'))?.consent).toBe('opted_out');
    expect((await store.consentHistory(wsA, '358409999999'))[0]?.source).toBe('whatsapp_marketing_preference');
    expect(confirmations).toEqual([]);
  });

  it('drops events for a number of another Meta app, and applies those of a shared app', async () => {
    await receive(connA, inboundWebhook({ phoneNumberId: '200', wabaId: '300', id: 'wamid.inject' }));
    await applier().drain();
    expect(await store.listInboundMessages(wsB, { limit: 10 })).toEqual([]);
    // Two WABAs on one Meta app share its secret; one POST may carry both.
    await store.upsertConnection(connectionInput(wsB, { phoneNumberId: '200', wabaId: '300', appSecretEnc: secrets.encrypt('secret-a') }));
    await receive(connA, inboundWebhook({ phoneNumberId: '200', wabaId: '300', id: 'wamid.shared' }));
    await applier().drain();
    expect((await store.listInboundMessages(wsB, { limit: 10 })).map((m) => m.id)).toEqual(['wamid.shared']);
    expect(await store.listInboundMessages(wsA, { limit: 10 })).toEqual([]);
  });

  it('skips a receipt that is not a WhatsApp webhook instead of blocking the queue', async () => {
    await store.saveWebhookReceipts([{ connectionId: connA.id, body: Buffer.from('{"object":"page","entry":[]}') }]);
    await receive(connA, inboundWebhook({ id: 'wamid.after' }));
    await applier().drain();
    expect((await store.listInboundMessages(wsA, { limit: 10 })).map((m) => m.id)).toEqual(['wamid.after']);
  });

  it('replays after a crash what was stored but never applied, once the crashed claim has lapsed', async () => {
    await receive(connA, inboundWebhook({ id: 'wamid.c1' }), inboundWebhook({ id: 'wamid.c2' }));
    await store.claimUnappliedReceipts(10); // the crashed process had taken them
    const restarted = await t.reopen();
    const lapsed = Date.now() + 31_000; // past the 30 s claim
    jest.spyOn(Date, 'now').mockReturnValue(lapsed);
    try {
      await applier(restarted).drain();
    } finally {
      jest.restoreAllMocks();
    }
    expect((await restarted.listInboundMessages(wsA, { limit: 10 })).map((m) => m.id).sort()).toEqual(['wamid.c1', 'wamid.c2']);
  });
});
