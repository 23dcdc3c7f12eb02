/**
 * SIGKILL in the middle of a stream of signed webhooks: after a restart on the same data folder, every
 * webhook that got a 200 was stored and delivered to the subscriber; none lost, none delivered twice with
 * different event ids.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealSigningSecrets } from '../packages/proxy/src/actions/webhook-secrets.js';
import { createSecrets, generateEncryptionKey } from '../packages/proxy/src/secrets.js';
import { SqliteStore } from '../packages/proxy/src/store/index.js';
import { inboundWebhook, postWebhook, waitFor } from '../packages/proxy/test/intake-fixtures.js';
import { spawnProxyProcess, startSubscriber } from '../packages/proxy/test/intake-process.js';
import type { ProxyProcess, Subscriber } from '../packages/proxy/test/intake-process.js';

const APP_SECRET = 'crash-test-app-secret';
const SENDERS = 6;

describe('proxy crash (SQLite)', () => {
  const key = generateEncryptionKey();
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-crash-'));
  const processes: ProxyProcess[] = [];
  let subscriber: Subscriber;
  let workspaceId: string;

  beforeAll(async () => {
    subscriber = await startSubscriber();
    const store = new SqliteStore({ dataDir });
    await store.migrate();
    const secrets = createSecrets(key);
    workspaceId = (await store.createWorkspace({ name: 'Crash test' })).id;
    await store.upsertConnection({
      workspaceId, wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '15550001234', verifiedName: null,
      graphBaseUrl: 'http://127.0.0.1:9', graphVersion: 'v24.0', accessTokenEnc: secrets.encrypt('token'), appSecretEnc: secrets.encrypt(APP_SECRET),
      verifyToken: 'verify',
    });
    await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: subscriber.url, sink: null, secret: sealSigningSecrets(secrets, { current: `whsec_${randomBytes(32).toString('base64')}`, previous: null, previousUntil: null }), filter: null });
    await store.close();
  });
  afterAll(async () => {
    for (const p of processes) await p.kill('SIGKILL');
    await subscriber.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  async function start(): Promise<ProxyProcess> {
    const p = await spawnProxyProcess([`--data-dir=${dataDir}`, `--encryption-key=${key}`, '--poll-ms=50']);
    processes.push(p);
    return p;
  }

  /** Streams webhooks from several senders until `stop()` says so; returns the ids that got a 200. */
  async function stream(url: string, prefix: string, stop: (acked: number) => boolean): Promise<string[]> {
    const acked: string[] = [];
    await Promise.all(Array.from({ length: SENDERS }, async (_, sender) => {
      for (let n = 0; !stop(acked.length); n += 1) {
        const id = `wamid.${prefix}.${sender}.${n}`;
        try {
          const res = await postWebhook(`${url}/webhooks/whatsapp`, inboundWebhook({ id, from: `35840000000${sender}`, text: `${prefix} ${n}` }), APP_SECRET);
          if (res.status === 200) acked.push(id);
          else if (res.status !== 200) throw new Error(`unexpected ${res.status}`);
        } catch {
          return; // the process is gone: this request was never acknowledged
        }
      }
    }));
    return acked;
  }

  it('delivers every acknowledged webhook after SIGKILL and restart, with stable event ids', async () => {
    const first = await start();
    let killed = false;
    const ackedBefore = await stream(first.url, 'before', (acked) => {
      if (acked >= 150 && !killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
      return false;
    });
    expect(ackedBefore.length).toBeGreaterThanOrEqual(150);

    const second = await start();
    const ackedAfter = await stream(second.url, 'after', (acked) => acked >= 30);
    const acked = [...ackedBefore, ...ackedAfter];

    const deliveredIds = () => new Set(subscriber.received.map((r) => r.messageId));
    await waitFor('every acknowledged message at the subscriber', () => acked.every((id) => deliveredIds().has(id)), 45_000);

    const eventIdsByMessage = new Map<string, Set<string>>();
    for (const r of subscriber.received) eventIdsByMessage.set(r.messageId, new Set([...(eventIdsByMessage.get(r.messageId) ?? []), r.eventId]));
    const messagesByEventId = new Map<string, Set<string>>();
    for (const r of subscriber.received) messagesByEventId.set(r.eventId, new Set([...(messagesByEventId.get(r.eventId) ?? []), r.messageId]));
    expect([...eventIdsByMessage.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    expect([...messagesByEventId.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    // Per customer, in the order the intake acknowledged them.
    for (let sender = 0; sender < SENDERS; sender += 1) {
      const sent = acked.filter((id) => id.split('.')[2] === String(sender));
      const got = [...new Set(subscriber.received.filter((r) => r.from === `35840000000${sender}`).map((r) => r.messageId))].filter((id) => sent.includes(id));
      expect(got).toEqual(sent);
    }
    await second.kill('SIGTERM');
  }, 120_000);
});
