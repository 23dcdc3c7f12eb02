/**
 * Poison webhooks end to end, on both stores: the two payloads do not stop the applier, a normal
 * message of another workspace behind them is delivered within 2 s, a receipt that cannot be applied is
 * quarantined, listed per workspace, counted in /metrics, makes /healthz say degraded, and can be retried.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signWebhook } from '@kaiku/core';
import { createApiKey } from '@kaiku/proxy';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';
import { inboundWebhook } from '../packages/proxy/test/intake-fixtures.js';
import { booleanSenderWebhook, deeplyNestedWebhook } from '../packages/proxy/test/poison-fixtures.js';

const PHONE_B = '500000000000005';

function subscriber(): Promise<{ server: Server; url: string; received: Array<Record<string, unknown>> }> {
  const received: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => void (raw += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(raw) as Record<string, unknown>);
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received })));
}

describe.each(['sqlite', 'postgres'] as const)('poison webhooks end to end (%s)', (store) => {
  let kaiku: Kaiku;
  let hooks: Awaited<ReturnType<typeof subscriber>>;
  let secretA: string;
  let keyB: string;
  let connectionA: string;

  beforeAll(async () => {
    hooks = await subscriber();
    kaiku = await startKaiku({ store, background: { pollMs: 25 } });
    const [connection] = await kaiku.store.listConnections(kaiku.workspaceId);
    if (connection === undefined) throw new Error('the harness workspace has no connection');
    connectionA = connection.id;
    secretA = kaiku.secrets.decrypt(connection.appSecretEnc);
    const b = await kaiku.store.createWorkspace({ name: 'B' });
    keyB = (await createApiKey(kaiku.store, b.id, 'test')).key;
    await kaiku.store.upsertConnection({
      workspaceId: b.id, wabaId: '600000000000006', phoneNumberId: PHONE_B, displayPhoneNumber: '15550009999', verifiedName: 'B',
      graphBaseUrl: kaiku.sandboxUrl, graphVersion: 'v24.0', accessTokenEnc: kaiku.secrets.encrypt('token-b'),
      appSecretEnc: kaiku.secrets.encrypt('secret-b'), verifyToken: 'verify-b',
    });
    const subscribed = await fetch(`${kaiku.proxyUrl}/v1/subscriptions`, {
      method: 'POST', headers: { authorization: `Bearer ${keyB}`, 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'inbound_message', target_url: hooks.url }),
    });
    expect(subscribed.status).toBe(201);
  });
  afterAll(async () => {
    await kaiku.stop();
    hooks.server.close();
  });

  const post = (body: Buffer, secret: string) => fetch(`${kaiku.proxyUrl}/webhooks/whatsapp`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(body, secret) }, body,
  });
  const asB = (path: string, init: RequestInit = {}) => fetch(`${kaiku.proxyUrl}${path}`, { ...init, headers: { authorization: `Bearer ${keyB}` } });

  it('delivers another workspace\'s message within 2 s after the two poison payloads', async () => {
    const deep = await post(deeplyNestedWebhook(), secretA);
    expect(deep.status).toBe(400);
    expect(await deep.text()).toMatch(/nests deeper than 64 levels/);
    expect((await post(deeplyNestedWebhook(50), secretA)).status).toBe(200);
    expect((await post(booleanSenderWebhook(), secretA)).status).toBe(200);
    const normal = Buffer.from(JSON.stringify(inboundWebhook({ id: 'wamid.after-poison', phoneNumberId: PHONE_B, wabaId: '600000000000006' })));
    expect((await post(normal, 'secret-b')).status).toBe(200);
    await eventually(async () => hooks.received.some((r) => r.id === 'wamid.after-poison'), 2_000, 'the delivery behind the poison');
    const inbound = (await (await kaiku.api('/v1/messages/inbound?limit=10')).json()) as { data: Array<{ id: string; type: string }> };
    expect(inbound.data.map((m) => [m.id, m.type])).toEqual([['wamid.deep', 'unsupported']]);
    expect(await kaiku.store.claimUnappliedReceipts(10)).toEqual([]);
  });

  it('quarantines a receipt it cannot apply, shows it to its own workspace only, and retries it by hand', async () => {
    const [id] = await kaiku.store.saveWebhookReceipts([{ connectionId: connectionA, body: Buffer.from('{"object":"instagram","entry":[]}') }]);
    const listed = await eventually(async () => {
      const list = (await (await kaiku.api('/v1/webhooks/quarantine')).json()) as { data: Array<Record<string, unknown>> };
      return list.data.length > 0 ? list.data : undefined;
    }, 5_000, 'the receipt in quarantine');
    expect(listed).toEqual([expect.objectContaining({
      id: String(id), attempts: 1, error: expect.stringMatching(/instagram/), body_bytes: 33, body_preview: '{"object":"instagram","entry":[]}',
    })]);
    expect(((await (await asB('/v1/webhooks/quarantine')).json()) as { data: unknown[] }).data).toEqual([]);
    expect((await asB(`/v1/webhooks/quarantine/${id}/retry`, { method: 'POST' })).status).toBe(404);

    const health = (await (await fetch(`${kaiku.proxyUrl}/healthz`)).json()) as { status: string; reasons: string[] };
    expect(health).toMatchObject({ status: 'degraded', reasons: [expect.stringMatching(/1 webhook receipt\(s\) failed to apply/)] });
    const metrics = await (await fetch(`${kaiku.proxyUrl}/metrics`)).text();
    expect(metrics).toMatch(/kaiku_webhook_receipts\{measure="quarantined"\} 1/);
    expect(metrics).toMatch(/kaiku_webhook_receipt_failures_total\{outcome="quarantined"\} 1/);

    // A quarantined receipt holds back no delivery behind it.
    const next = Buffer.from(JSON.stringify(inboundWebhook({ id: 'wamid.after-quarantine', phoneNumberId: PHONE_B, wabaId: '600000000000006' })));
    expect((await post(next, 'secret-b')).status).toBe(200);
    await eventually(async () => hooks.received.some((r) => r.id === 'wamid.after-quarantine'), 2_000, 'the delivery behind the quarantined receipt');

    const retried = await kaiku.api(`/v1/webhooks/quarantine/${id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(202);
    // Nothing was fixed, so it comes back to quarantine after one more try.
    await eventually(async () => (await kaiku.store.receiptBacklog(new Date(0))).quarantined === 1 && (await kaiku.store.listQuarantinedReceipts({ limit: 1 }))[0]?.attempts === 1, 5_000, 'the receipt back in quarantine');
    const after = await (await fetch(`${kaiku.proxyUrl}/metrics`)).text();
    expect(after).toMatch(/kaiku_webhook_receipt_failures_total\{outcome="quarantined"\} 2/);
  });
});
