/**
 * End to end through the sandbox: a customer writes STOP on their phone, the sandbox signs and posts the
 * webhook to the intake, the applier records the opt-out and, where the workspace enables it, the customer
 * gets the confirmation reply.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '@kaiku/sandbox';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { startBackground } from '../src/jobs/background.js';
import type { Background } from '../src/jobs/background.js';
import { OPT_OUT_CONFIRMATION } from '../src/jobs/consent-confirmation.js';
import type { Store } from '../src/store/index.js';
import { openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';
import { waitFor } from './intake-fixtures.js';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

describe('keyword consent through the sandbox', () => {
  const secrets = createSecrets(generateEncryptionKey());
  let t: TestStore;
  let store: Store;
  let server: Server;
  let sandbox: Sandbox;
  let background: Background;
  let confirming: string;
  let silent: string;
  const metrics = createMetrics({ processMetrics: false });

  beforeAll(async () => {
    t = await openTestStore('sqlite');
    store = t.store;
    const config = { ...loadConfig({}), logLevel: 'silent' as const };
    background = startBackground({ config, store, secrets, logger: createLogger({ level: 'silent' }), metrics }, { pollMs: 20 });
    server = createServer(background.webhookIntake);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const intakeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`;
    sandbox = await startSandbox({
      callbackUrl: intakeUrl, statusDelaysMs: { sent: 10, delivered: 20, read: 30 },
      phoneNumbers: [
        { id: '106540352242922', display_phone_number: '15550001234', verified_name: 'Confirming' },
        { id: '106540352242923', display_phone_number: '15550001235', verified_name: 'Silent' },
      ],
    });
    confirming = (await store.createWorkspace({ name: 'Confirming', settings: { confirmConsentChanges: true } })).id;
    silent = (await store.createWorkspace({ name: 'Silent' })).id;
    for (const [workspaceId, phoneNumberId] of [[confirming, '106540352242922'], [silent, '106540352242923']] as const) {
      await store.upsertConnection({
        workspaceId, wabaId: sandbox.config.waba_id, phoneNumberId, displayPhoneNumber: '1555000123x', verifiedName: null,
        graphBaseUrl: sandbox.url, graphVersion: sandbox.config.graph_version, accessTokenEnc: secrets.encrypt(sandbox.config.access_token),
        appSecretEnc: secrets.encrypt(sandbox.config.app_secret), verifyToken: 'verify',
      });
    }
  });
  afterAll(async () => {
    await sandbox.stop();
    await background.stop();
    await new Promise((resolve) => server.close(resolve));
    await t.cleanup();
  });

  async function phone(waId: string): Promise<Array<{ direction: string; text: string | null }>> {
    const res = await fetch(`${sandbox.url}/_sandbox/customers/${waId}/messages`);
    return ((await res.json()) as { data: Array<{ direction: string; text: string | null }> }).data;
  }

  it('records the opt-out and sends the confirmation where the workspace enables it', async () => {
    await fetch(`${sandbox.url}/_sandbox/customers/358401111111/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'text', text: { body: 'stop' }, to_phone_number_id: '106540352242922' }),
    });
    await waitFor('the confirmation on the phone', async () => (await phone('358401111111')).some((m) => m.direction !== 'inbound' && m.text === OPT_OUT_CONFIRMATION));
    const contact = await store.getContact(confirming, '358401111111');
    expect(contact?.consent).toBe('opted_out');
    expect(contact?.lastInboundAt).not.toBeNull();
  });

  it('records the opt-out without a reply where the workspace does not confirm', async () => {
    await fetch(`${sandbox.url}/_sandbox/customers/358402222222/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'text', text: { body: 'LOPETA' }, to_phone_number_id: '106540352242923' }),
    });
    await waitFor('the opt-out', async () => (await store.getContact(silent, '358402222222'))?.consent === 'opted_out');
    await background.applier.drain();
    expect((await phone('358402222222')).filter((m) => m.direction !== 'inbound')).toEqual([]);
    expect(await store.getContact(confirming, '358402222222')).toBeNull();
  });

  it('records the opt-out of a customer known by their user ID under it, and confirms to the ID', async () => {
    await fetch(`${sandbox.url}/_sandbox/customers/447700900123`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'amara.okafor', user_id: 'GB.13491208655302741918' }),
    });
    await fetch(`${sandbox.url}/_sandbox/customers/447700900123/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'text', text: { body: 'STOP' }, to_phone_number_id: '106540352242922' }),
    });
    await waitFor('the confirmation on the phone', async () => (await phone('447700900123')).some((m) => m.direction !== 'inbound' && m.text === OPT_OUT_CONFIRMATION));
    expect((await store.getContact(confirming, 'GB.13491208655302741918'))?.consent).toBe('opted_out');
    expect(await store.getContact(confirming, '447700900123')).toBeNull();
    expect(await metrics.text()).not.toMatch(/kaiku_sends_total\{result="failed"\}/);
  });
});
