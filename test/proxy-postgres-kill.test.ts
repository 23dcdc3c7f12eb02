/**
 * `kill -9` of one of two proxy processes on PostgreSQL while its deliveries are in flight: their short leases run
 * out and the other process delivers them, within 5 s of the kill, each event with its own event id.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSecrets, generateEncryptionKey } from '../packages/proxy/src/secrets.js';
import { PostgresStore } from '../packages/proxy/src/store/index.js';
import { TEST_DATABASE_URL, dropSchema, randomSchema } from '../packages/proxy/test/store-fixtures.js';
import { inboundWebhook, postWebhook, waitFor } from '../packages/proxy/test/intake-fixtures.js';
import { spawnProxyProcess } from '../packages/proxy/test/intake-process.js';
import type { ProxyProcess } from '../packages/proxy/test/intake-process.js';

const APP_SECRET = 'kill-test-app-secret';
const CUSTOMERS = 12;

describe('PostgreSQL: one of two processes killed mid-delivery', () => {
  const key = generateEncryptionKey();
  const schema = randomSchema();
  const held: ServerResponse[] = [];
  const answered = new Set<string>();
  let answering = false;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (!answering) {
        held.push(res);
        return;
      }
      answered.add(String(req.headers['kaiku-event-id']));
      res.writeHead(200).end();
    });
  });
  let store: PostgresStore;
  const processes: ProxyProcess[] = [];

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    store = new PostgresStore({ connectionString: TEST_DATABASE_URL, schema, maxConnections: 2 });
    await store.migrate();
    const secrets = createSecrets(key);
    const workspaceId = (await store.createWorkspace({ name: 'Kill' })).id;
    await store.upsertConnection({
      workspaceId, wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '15550001234', verifiedName: null,
      graphBaseUrl: 'http://127.0.0.1:9', graphVersion: 'v24.0', accessTokenEnc: secrets.encrypt('token'), appSecretEnc: secrets.encrypt(APP_SECRET),
      verifyToken: 'verify',
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: url, sink: null, secret: null, filter: null });
  }, 60_000);
  afterAll(async () => {
    for (const p of processes) await p.kill('SIGKILL');
    server.closeAllConnections();
    server.close();
    await store.close();
    await dropSchema(schema);
  }, 30_000);

  it('delivers what the killed process had in flight within 5 s', async () => {
    const args = [`--database-url=${TEST_DATABASE_URL}`, `--schema=${schema}`, `--encryption-key=${key}`, '--poll-ms=50'];
    const doomed = await spawnProxyProcess(args);
    processes.push(doomed);
    for (let c = 0; c < CUSTOMERS; c += 1) {
      const body = JSON.stringify(inboundWebhook({ id: `wamid.kill.${c}`, from: `3584100001${String(c).padStart(2, '0')}`, text: 'hi' }));
      expect((await postWebhook(`${doomed.url}/webhooks/whatsapp`, body, APP_SECRET)).status).toBe(200);
    }
    // Every customer's delivery is in flight in the doomed process: the subscriber holds them unanswered.
    await waitFor('all deliveries in flight', () => held.length === CUSTOMERS, 20_000);
    processes.push(await spawnProxyProcess(args));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await doomed.kill('SIGKILL');
    const killedAt = Date.now();
    answering = true;
    for (const res of held.splice(0)) res.destroy();
    await waitFor('every delivery done', async () => (await store.pendingDeliveryCount()) === 0, 15_000);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(answered.size).toBe(CUSTOMERS);
  }, 90_000);
});
