/**
 * What an unauthenticated POST may cost: nothing is parsed without a well-formed signature, a body naming
 * hundreds of numbers is refused before any HMAC, and a signature is checked with one HMAC per distinct app
 * secret, however many tenants the body names (counted through /metrics, not timed).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { ConnectionDirectory } from '../src/actions/receive-webhook.js';
import { createWebhookIntake } from '../src/http/webhook-intake.js';
import { ReceiptWriter } from '../src/jobs/receipt-writer.js';
import { createMetrics } from '../src/metrics.js';
import type { Metrics } from '../src/metrics.js';
import type { Store } from '../src/store/index.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';
import { postWebhook } from './intake-fixtures.js';

const secrets = createSecrets(generateEncryptionKey());
const BAD_SIGNATURE = `sha256=${'0'.repeat(64)}`;

/** A body naming `phones` business numbers, one change each, padded to about `bytes`. */
function naming(phones: string[], bytes = 0): Buffer {
  const changes = phones.map((id) => ({ field: 'messages', value: { metadata: { phone_number_id: id }, messages: [] } }));
  const padding = 'x'.repeat(bytes);
  return Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes, padding }] }));
}

describe.each(['sqlite', 'postgres'] as const)('unauthenticated cost of the intake (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let server: Server;
  let url: string;
  let metrics: Metrics;
  const shared = Array.from({ length: 100 }, (_, i) => `1${String(i).padStart(14, '0')}`);
  const distinct = Array.from({ length: 100 }, (_, i) => `2${String(i).padStart(14, '0')}`);

  beforeAll(async () => {
    t = await openTestStore(kind);
    store = t.store;
    // 100 numbers of one Meta app (a tech provider's tenants) and 100 numbers of 100 apps.
    for (const [index, phone] of shared.entries()) {
      const ws = await store.createWorkspace({ name: `shared ${index}` });
      await store.upsertConnection(connectionInput(ws.id, { phoneNumberId: phone, appSecretEnc: secrets.encrypt('one-app-secret') }));
    }
    for (const [index, phone] of distinct.entries()) {
      const ws = await store.createWorkspace({ name: `own app ${index}` });
      await store.upsertConnection(connectionInput(ws.id, { phoneNumberId: phone, appSecretEnc: secrets.encrypt(`app-secret-${index}`) }));
    }
    metrics = createMetrics({ processMetrics: false });
    const directory = new ConnectionDirectory(store, (sealed) => secrets.decrypt(sealed), { minRefreshMs: 0 });
    server = createServer(createWebhookIntake({ directory, receipts: new ReceiptWriter(store), metrics }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.cleanup();
  });

  async function hmacs(): Promise<number> {
    return (await metrics.signatureChecks.get()).values[0]?.value ?? 0;
  }

  async function costOf(body: Buffer, signature: string | undefined): Promise<{ status: number; text: string; hmacs: number }> {
    const before = await hmacs();
    const response = await postWebhook(url, body, null, signature);
    return { status: response.status, text: await response.text(), hmacs: (await hmacs()) - before };
  }

  it('refuses an unsigned 3.9 MB body naming 100 numbers before parsing it: no HMAC at all', async () => {
    const body = naming(distinct, 3_900_000);
    expect(body.length).toBeGreaterThan(3_900_000);
    expect(await costOf(body, undefined)).toMatchObject({ status: 401, hmacs: 0 });
    expect(await costOf(body, 'sha256=not-hex')).toMatchObject({ status: 401, hmacs: 0 });
  });

  it('refuses a body naming 200 numbers in 200 changes with a clear 400, before any HMAC', async () => {
    const result = await costOf(naming([...shared, ...distinct]), BAD_SIGNATURE);
    expect(result).toMatchObject({ status: 400, hmacs: 0 });
    expect(result.text).toMatch(/200 changes; Kaiku accepts at most 100/);
  });

  it('checks a wrong signature over 100 numbers of one app with one HMAC, the reload after it included', async () => {
    expect(await costOf(naming(shared, 1_000_000), BAD_SIGNATURE)).toMatchObject({ status: 401, hmacs: 1 });
  });

  it('refuses a body naming numbers of more than 8 apps without computing their HMACs', async () => {
    const result = await costOf(naming(distinct.slice(0, 20)), BAD_SIGNATURE);
    expect(result).toMatchObject({ status: 400, hmacs: 0 });
    expect(result.text).toMatch(/more than 8 Meta apps/);
  });

  it('computes one HMAC per distinct secret: 3 apps named, 3 HMACs', async () => {
    expect(await costOf(naming([...shared.slice(0, 5), ...distinct.slice(0, 2)]), BAD_SIGNATURE)).toMatchObject({ status: 401, hmacs: 3 });
  });
});
