/** Meta's webhook intake over real HTTP: handshake, signature, routing to the connection, size limit, durability. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { signWebhook } from '@kaiku/core';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { ConnectionDirectory } from '../src/actions/receive-webhook.js';
import { createWebhookIntake } from '../src/http/webhook-intake.js';
import { ReceiptWriter } from '../src/jobs/receipt-writer.js';
import type { Store } from '../src/store/index.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';
import { inboundWebhook, postWebhook } from './intake-fixtures.js';

const secrets = createSecrets(generateEncryptionKey());

describe.each(['sqlite', 'postgres'] as const)('webhook intake (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    t = await openTestStore(kind);
    store = t.store;
    const a = await store.createWorkspace({ name: 'A' });
    const b = await store.createWorkspace({ name: 'B' });
    await store.upsertConnection(connectionInput(a.id, { appSecretEnc: secrets.encrypt('secret-a'), verifyToken: 'token-a' }));
    await store.upsertConnection(connectionInput(b.id, {
      phoneNumberId: '200000000000002', wabaId: '300000000000003', appSecretEnc: secrets.encrypt('secret-b'), verifyToken: 'token-b',
    }));
    const directory = new ConnectionDirectory(store, (sealed) => secrets.decrypt(sealed));
    const app = express();
    app.use('/webhooks/whatsapp', createWebhookIntake({ directory, receipts: new ReceiptWriter(store), maxBodyBytes: 64 * 1024 }));
    app.use(express.json());
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.cleanup();
  });

  async function unapplied(): Promise<Array<{ connectionId: string; body: string }>> {
    const claimed = await store.claimUnappliedReceipts(1000);
    await store.applyWebhookReceipts(claimed.map((r) => ({ receiptId: r.id, parts: [] })));
    return claimed.map((r) => ({ connectionId: r.connectionId, body: r.body.toString('utf8') }));
  }

  it('answers the handshake with the challenge for any connection verify token, else 403', async () => {
    const ok = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=token-b&hub.challenge=1158201444`);
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    const bad = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444`);
    expect(bad.status).toBe(403);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('stores the exact raw bytes before answering 200', async () => {
    // Meta escapes non-ASCII; the signature is over these bytes, not over a re-serialisation.
    const raw = JSON.stringify(inboundWebhook({ text: 'Hyvää päivää' })).replace('ää', '\\u00e4\\u00e4');
    const res = await postWebhook(url, raw, 'secret-a');
    expect([res.status, await res.text()]).toEqual([200, 'OK']);
    const stored = await unapplied();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.body).toBe(raw);
    expect(stored[0]?.connectionId).toBe((await store.findConnectionByPhoneNumberId('106540352242922'))?.id);
  });

  it('refuses a wrong, missing or foreign signature with 401 and stores nothing', async () => {
    const body = inboundWebhook();
    const wrong = await postWebhook(url, body, 'not-the-secret');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string; message: string } }).error.message).toMatch(/app secret/);
    expect((await postWebhook(url, body, null)).status).toBe(401);
    expect((await postWebhook(url, body, null, 'sha256=zz')).status).toBe(401);
    // Signed with workspace A's secret but naming B's number: checked against B's secret, refused.
    expect((await postWebhook(url, inboundWebhook({ phoneNumberId: '200000000000002', wabaId: '300000000000003' }), 'secret-a')).status).toBe(401);
    expect(await unapplied()).toEqual([]);
  });

  it('refuses a number no workspace has connected with 401', async () => {
    const res = await postWebhook(url, inboundWebhook({ phoneNumberId: '999', wabaId: '888' }), 'secret-a');
    expect(res.status).toBe(401);
    expect(await unapplied()).toEqual([]);
  });

  it('answers 413 to an oversized body and 400 to broken JSON', async () => {
    const huge = JSON.stringify(inboundWebhook({ text: 'x'.repeat(70 * 1024) }));
    const res = await postWebhook(url, huge, 'secret-a');
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    const truncated = JSON.stringify(inboundWebhook()).slice(0, 80);
    const broken = await postWebhook(url, truncated, 'secret-a', signWebhook(truncated, 'secret-a'));
    expect(broken.status).toBe(400);
    expect(await unapplied()).toEqual([]);
  });

  it('acknowledges concurrent webhooks each with its own durable receipt', async () => {
    const bodies = Array.from({ length: 40 }, (_, i) => JSON.stringify(inboundWebhook({ text: `m${i}` })));
    const answers = await Promise.all(bodies.map((b) => postWebhook(url, b, 'secret-a')));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
    expect((await unapplied()).map((r) => r.body).sort()).toEqual([...bodies].sort());
  });
});

describe('receipt writer', () => {
  it('writes every receipt of one event-loop turn in one transaction and resolves each with its id', async () => {
    const t = await openTestStore('sqlite');
    const batches: number[] = [];
    const counting = Object.create(t.store) as Store;
    counting.saveWebhookReceipts = (receipts) => {
      batches.push(receipts.length);
      return t.store.saveWebhookReceipts(receipts);
    };
    const writer = new ReceiptWriter(counting);
    const ids = await Promise.all(Array.from({ length: 25 }, (_, i) => writer.save('conn_1', Buffer.from(`{"n":${i}}`))));
    expect(batches).toEqual([25]);
    expect(new Set(ids).size).toBe(25);
    const stored = await t.store.claimUnappliedReceipts(100);
    expect(stored.map((r) => r.body.toString())).toEqual(Array.from({ length: 25 }, (_, i) => `{"n":${i}}`));
    await t.cleanup();
  });
});
