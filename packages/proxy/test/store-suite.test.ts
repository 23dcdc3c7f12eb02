/** One storage suite, run against SQLite and PostgreSQL alike. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Store } from '../src/store/index.js';
import { connectionInput, inboundRecord, openTestStore, statusRecord } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

const noEvents = { messages: [], statuses: [], consentChanges: [] };

describe.each(['sqlite', 'postgres'] as const)('store (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let ws: string;

  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
    ws = (await store.createWorkspace({ name: 'Acme' })).id;
  });
  afterEach(async () => {
    await t.cleanup();
  });

  async function receive(...bodies: string[]): Promise<number[]> {
    const conn = (await store.listConnections(ws))[0] ?? (await store.upsertConnection(connectionInput(ws)));
    return store.saveWebhookReceipts(bodies.map((b) => ({ connectionId: conn.id, body: Buffer.from(b) })));
  }

  it('keeps workspaces with safe default settings and merges updates', async () => {
    const created = await store.getWorkspace(ws);
    expect(created?.settings).toEqual({ requireMarketingOptIn: true, confirmConsentChanges: false, hubspotCustomEvents: false, sandboxDemo: false });
    const updated = await store.updateWorkspaceSettings(ws, { confirmConsentChanges: true });
    expect(updated.settings).toEqual({ requireMarketingOptIn: true, confirmConsentChanges: true, hubspotCustomEvents: false, sandboxDemo: false });
    expect((await store.listWorkspaces()).map((w) => w.name)).toEqual(['Acme']);
    expect(await store.getWorkspace('ws_missing')).toBeNull();
  });

  it('replaces a subscription secret only if it is still the one read (two rotations at once: one wins), and lists the unsealed ones', async () => {
    const base = { workspaceId: ws, event: 'inbound_message' as const, sink: null, filter: null };
    const sealed = await store.createSubscription({ ...base, targetUrl: 'https://hooks.example.com/a', secret: 'v1.sealed-a' });
    const plain = await store.createSubscription({ ...base, targetUrl: 'https://hooks.example.com/b', secret: 'legacy-plaintext' });
    const none = await store.createSubscription({ ...base, targetUrl: 'https://hooks.example.com/c', secret: null });
    await store.createSubscription({ ...base, targetUrl: null, sink: 'hubspot', secret: null });
    expect((await store.listUnsealedSubscriptions('v1.')).map((s) => s.id).sort()).toEqual([plain.id, none.id].sort());
    const both = await Promise.all([
      store.replaceSubscriptionSecret(ws, sealed.id, 'v1.sealed-a', 'v1.sealed-b'), store.replaceSubscriptionSecret(ws, sealed.id, 'v1.sealed-a', 'v1.sealed-c'),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(['v1.sealed-b', 'v1.sealed-c']).toContain((await store.getSubscription(ws, sealed.id))?.secret);
    expect(await store.replaceSubscriptionSecret(ws, none.id, null, 'v1.sealed-d')).toBe(true);
    expect(await store.replaceSubscriptionSecret('ws_other', plain.id, 'legacy-plaintext', 'v1.x')).toBe(false);
    expect((await store.listUnsealedSubscriptions('v1.')).map((s) => s.id)).toEqual([plain.id]);
  });

  it('upserts connections by phone number id and finds them by phone number and WABA', async () => {
    const first = await store.upsertConnection(connectionInput(ws));
    const again = await store.upsertConnection(connectionInput(ws, { accessTokenEnc: 'enc-new', verifyToken: 'v2' }));
    expect(again.id).toBe(first.id);
    expect(again.accessTokenEnc).toBe('enc-new');
    expect((await store.findConnectionByPhoneNumberId('106540352242922'))?.verifyToken).toBe('v2');
    expect(await store.findConnectionByPhoneNumberId('999')).toBeNull();
    expect((await store.findConnectionsByWabaId('102290129340398')).map((c) => c.id)).toEqual([first.id]);
    const other = (await store.createWorkspace({ name: 'Other' })).id;
    await store.upsertConnection(connectionInput(other, { phoneNumberId: '200' }));
    expect((await store.listConnections(ws)).map((c) => c.phoneNumberId)).toEqual(['106540352242922']);
    expect(await store.listConnections()).toHaveLength(2);
  });

  it('stores API keys by hash only', async () => {
    const key = await store.createApiKey({ workspaceId: ws, name: 'Zapier', prefix: 'kaiku_abc123', hash: 'h1' });
    expect((await store.findApiKeyByHash('h1'))?.id).toBe(key.id);
    expect(await store.findApiKeyByHash('h2')).toBeNull();
    expect((await store.listApiKeys(ws)).map((k) => [k.name, k.prefix, k.revokedAt])).toEqual([['Zapier', 'kaiku_abc123', null]]);
  });

  it('revokes a key of its own workspace only, disconnects a number, and deletes a workspace with all it kept', async () => {
    const key = await store.createApiKey({ workspaceId: ws, name: 'Zapier', prefix: 'kaiku_abc', hash: 'h-revoke' });
    const other = (await store.createWorkspace({ name: 'Other' })).id;
    expect(await store.revokeApiKey(other, key.id)).toBe(false);
    expect(await store.revokeApiKey(ws, key.id)).toBe(true);
    expect((await store.findApiKeyByHash('h-revoke'))?.revokedAt).toBeInstanceOf(Date);
    expect(await store.revokeApiKey(ws, 'key_missing')).toBe(false);

    const [receipt] = await receive('one');
    await store.applyWebhookReceipts([{ receiptId: receipt ?? 0, parts: [{ workspaceId: ws, events: { ...noEvents, messages: [inboundRecord()] } }] }]);
    await store.upsertConnection(connectionInput(other, { phoneNumberId: '300' }));
    expect(await store.deleteConnection('106540352242922')).toBe(true);
    expect(await store.deleteConnection('106540352242922')).toBe(false);
    expect(await store.listInboundMessages(ws, { limit: 10 })).toHaveLength(1);

    expect(await store.deleteWorkspace(ws)).toBe(true);
    expect(await store.getWorkspace(ws)).toBeNull();
    expect(await store.listInboundMessages(ws, { limit: 10 })).toEqual([]);
    expect(await store.getContact(ws, '358401234567')).toBeNull();
    expect(await store.listApiKeys(ws)).toEqual([]);
    expect(await store.deleteWorkspace(ws)).toBe(false);
    expect((await store.listConnections()).map((c) => c.phoneNumberId)).toEqual(['300']);
  });

  it('saves raw receipts byte for byte and hands each unapplied one out once, oldest first', async () => {
    const ids = await receive('{"a":1}', '{"b":"\\u00e4"}', '{"c":3}');
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const claimed = await store.claimUnappliedReceipts(2);
    expect(claimed.map((r) => r.id)).toEqual(ids.slice(0, 2));
    expect(claimed[1]?.body.toString()).toBe('{"b":"\\u00e4"}');
    expect((await store.claimUnappliedReceipts(10)).map((r) => r.id)).toEqual([ids[2]]);
    await store.releaseReceipts([ids[1] ?? 0]);
    expect((await store.claimUnappliedReceipts(10)).map((r) => r.id)).toEqual([ids[1]]);
    await store.applyWebhookReceipts([{ receiptId: ids[0] ?? 0, parts: [] }]);
    // A restarted process (a new store on the same data) replays what was claimed but never applied.
    const restarted = await t.reopen();
    if (kind === 'sqlite') expect((await restarted.claimUnappliedReceipts(10)).map((r) => r.id)).toEqual(ids.slice(1));
  });

  it('dedupes inbound messages by id, opens the window and lists newest first', async () => {
    const [r1, r2] = await receive('one', 'two');
    const hello = inboundRecord({ received_at: '2026-11-25T10:00:00.000Z' });
    const photo = inboundRecord({ type: 'image', text: null, received_at: '2026-11-25T10:05:00.000Z' });
    const first = await store.applyWebhookReceipts([{ receiptId: r1 ?? 0, parts: [{ workspaceId: ws, events: { ...noEvents, messages: [hello] } }] }]);
    const second = await store.applyWebhookReceipts([{ receiptId: r2 ?? 0, parts: [{ workspaceId: ws, events: { ...noEvents, messages: [hello, photo] } }] }]);
    expect(first[0]?.newMessages.map((m) => m.id)).toEqual([hello.id]);
    expect(second[0]?.newMessages.map((m) => m.id)).toEqual([photo.id]);
    expect((await store.listInboundMessages(ws, { limit: 10 })).map((m) => m.id)).toEqual([photo.id, hello.id]);
    expect((await store.listInboundMessages(ws, { limit: 10, type: 'text' }))[0]).toEqual(hello);
    expect(await store.listInboundMessages(ws, { limit: 10, since: new Date('2026-11-25T10:01:00Z') })).toHaveLength(1);
    const contact = await store.getContact(ws, '358401234567');
    expect(contact?.lastInboundAt?.toISOString()).toBe('2026-11-25T10:05:00.000Z');
    expect(contact?.profileName).toBe('Aino Virtanen');
    // Applying an applied receipt again changes nothing.
    expect(await store.applyWebhookReceipts([{ receiptId: r1 ?? 0, parts: [{ workspaceId: ws, events: { ...noEvents, messages: [photo] } }] }])).toEqual([]);
    const other = (await store.createWorkspace({ name: 'Other' })).id;
    expect(await store.listInboundMessages(other, { limit: 10 })).toEqual([]);
  });

  it('moves an outbound status forward only and keeps the whole timeline', async () => {
    await store.recordOutboundMessage({
      id: 'wamid.out1', workspaceId: ws, connectionId: 'conn_1', waId: '358401234567', type: 'template', templateName: 'order_ready',
      templateCategory: 'UTILITY', sentAs: 'template', status: 'accepted', idempotencyKey: null, response: { id: 'wamid.out1' },
    });
    const [r1, r2] = await receive('s1', 's2');
    const read = statusRecord({ status: 'read', timestamp: '2026-11-25T10:00:09.000Z' });
    const delivered = statusRecord({ status: 'delivered', timestamp: '2026-11-25T10:00:07.000Z' });
    await store.applyWebhookReceipts([{ receiptId: r1 ?? 0, parts: [{ workspaceId: ws, events: { ...noEvents, statuses: [read] } }] }]);
    const applied = await store.applyWebhookReceipts([{ receiptId: r2 ?? 0, parts: [{ workspaceId: ws, events: { ...noEvents, statuses: [delivered, read] } }] }]);
    expect(applied[0]?.newStatuses.map((s) => s.status)).toEqual(['delivered']);
    const found = await store.getOutboundMessage(ws, 'wamid.out1');
    expect(found?.message.status).toBe('read');
    expect(found?.statuses.map((s) => s.status)).toEqual(['delivered', 'read']);
    expect(await store.getOutboundMessage('ws_other', 'wamid.out1')).toBeNull();
  });

  it('appends consent history, keeps the latest as current and records a webhook change once', async () => {
    await store.recordConsent(ws, '358401234567', { status: 'opted_in', source: 'web form', proof: 'form #12', recordedAt: new Date('2026-11-01T00:00:00Z') });
    const [r1, r2] = await receive('stop', 'stop again');
    const stop = { waId: '358401234567', dedupeKey: 'msg:wamid.stop', event: { status: 'opted_out' as const, source: 'keyword', proof: 'STOP', recordedAt: new Date('2026-11-20T00:00:00Z') } };
    const first = await store.applyWebhookReceipts([{ receiptId: r1 ?? 0, parts: [{ workspaceId: ws, events: { ...noEvents, consentChanges: [stop] } }] }]);
    const again = await store.applyWebhookReceipts([{ receiptId: r2 ?? 0, parts: [{ workspaceId: ws, events: { ...noEvents, consentChanges: [stop] } }] }]);
    expect(first[0]?.newConsentChanges).toHaveLength(1);
    expect(again[0]?.newConsentChanges).toHaveLength(0);
    // An older change arriving late joins the history but does not overwrite the current state.
    const contact = await store.recordConsent(ws, '358401234567', { status: 'opted_in', source: 'import', proof: null, recordedAt: new Date('2026-11-10T00:00:00Z') });
    expect(contact.consent).toBe('opted_out');
    expect((await store.consentHistory(ws, '358401234567')).map((e) => [e.status, e.source])).toEqual([
      ['opted_in', 'web form'], ['opted_in', 'import'], ['opted_out', 'keyword'],
    ]);
  });

  it('reserves idempotency keys with a unique constraint and replays the finished send', async () => {
    expect(await store.reserveIdempotencyKey(ws, 'k1', 'hash-a')).toEqual({ state: 'reserved' });
    expect(await store.reserveIdempotencyKey(ws, 'k1', 'hash-a')).toEqual({ state: 'pending' });
    expect(await store.reserveIdempotencyKey(ws, 'k1', 'hash-b')).toEqual({ state: 'mismatch' });
    const results = await Promise.all([1, 2, 3, 4].map(() => store.reserveIdempotencyKey(ws, 'k2', 'h')));
    expect(results.filter((r) => r.state === 'reserved')).toHaveLength(1);
    await store.recordOutboundMessage({
      id: 'wamid.k1', workspaceId: ws, connectionId: 'conn_1', waId: '358401234567', type: 'text', templateName: null,
      templateCategory: null, sentAs: 'free_form', status: 'accepted', idempotencyKey: 'k1', response: { id: 'wamid.k1', sent_as: 'free_form' },
    });
    const done = await store.reserveIdempotencyKey(ws, 'k1', 'hash-a');
    expect(done.state === 'done' && done.message.response).toEqual({ id: 'wamid.k1', sent_as: 'free_form' });
    expect((await store.findOutboundByIdempotencyKey(ws, 'k1'))?.id).toBe('wamid.k1');
    await store.releaseIdempotencyKey(ws, 'k2');
    expect(await store.reserveIdempotencyKey(ws, 'k2', 'h')).toEqual({ state: 'reserved' });
  });

  it('keeps one HubSpot account per workspace and one workspace per portal', async () => {
    const other = (await store.createWorkspace({ name: 'Other' })).id;
    const expiresAt = new Date('2026-11-25T12:00:00.000Z');
    const account = await store.upsertHubspotAccount({ workspaceId: ws, portalId: 4242, accessTokenEnc: 'a1', refreshTokenEnc: 'r1', expiresAt });
    expect([account.portalId, account.accessTokenEnc, account.expiresAt?.toISOString()]).toEqual([4242, 'a1', expiresAt.toISOString()]);
    await store.updateHubspotTokens(ws, { accessTokenEnc: 'a2', refreshTokenEnc: 'r2', expiresAt: null });
    expect((await store.findHubspotAccountByPortalId(4242))?.accessTokenEnc).toBe('a2');
    // Connecting the same portal from another workspace moves it there.
    await store.upsertHubspotAccount({ workspaceId: other, portalId: 4242, accessTokenEnc: 'b1', refreshTokenEnc: null, expiresAt: null });
    expect(await store.getHubspotAccount(ws)).toBeNull();
    expect((await store.findHubspotAccountByPortalId(4242))?.workspaceId).toBe(other);
    expect(await store.deleteHubspotAccount(other)).toBe(true);
    expect(await store.deleteHubspotAccount(other)).toBe(false);
  });

  it('keeps blocked HubSpot actions until deleted, hands each due one to one claimer at a time', async () => {
    const past = new Date(Date.now() - 1000);
    const action = (callbackId: string, dueAt: Date) => ({
      callbackId, workspaceId: ws, kind: 'send_template' as const, request: `{"callbackId":"${callbackId}","inputFields":{"text":"Hei ✓"}}`, blockedAt: past, dueAt,
    });
    await store.saveHubspotBlockedAction(action('cb-due', past));
    await store.saveHubspotBlockedAction(action('cb-later', new Date(Date.now() + 60_000)));

    const claimed = await store.claimDueHubspotBlockedActions(10, 60_000);
    expect(claimed).toEqual([{ ...action('cb-due', past), kind: 'send_template' }]);
    // Leased: nobody else takes it until it is saved again (rescheduled) or the lease ends.
    expect(await store.claimDueHubspotBlockedActions(10, 60_000)).toEqual([]);
    await store.saveHubspotBlockedAction({ ...action('cb-due', past), dueAt: new Date(Date.now() - 1) });
    expect((await store.claimDueHubspotBlockedActions(10, 1)).map((a) => a.callbackId)).toEqual(['cb-due']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await store.claimDueHubspotBlockedActions(10, 60_000)).map((a) => a.callbackId)).toEqual(['cb-due']);

    await store.deleteHubspotBlockedAction('cb-due');
    expect(await store.claimDueHubspotBlockedActions(10, 60_000)).toEqual([]);
  });

  it('counts each API key\'s requests in one budget and names the wait once it is spent', async () => {
    for (let i = 0; i < 3; i += 1) expect(await store.takeRequestToken('key_a', 3)).toBe(0);
    const wait = await store.takeRequestToken('key_a', 3);
    // 3 per minute: the next one is about 20 s away (less, by the time the loop took).
    expect(wait).toBeGreaterThan(15_000);
    expect(wait).toBeLessThanOrEqual(20_000);
    expect(await store.takeRequestToken('key_b', 3)).toBe(0);
    if (kind === 'postgres') {
      // Every process draws from the same bucket.
      const other = await t.reopen();
      expect(await other.takeRequestToken('key_a', 3)).toBeGreaterThan(15_000);
      expect(await other.takeRequestToken('key_b', 3)).toBe(0);
    }
  });
});
