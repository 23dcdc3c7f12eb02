/**
 * The fuzz property over real HTTP: generated bodies are POSTed, signed, to the intake while the applier and
 * the delivery worker run; the intake answers each with 200, 400 or 401 (never 500), and a valid message of
 * another workspace sent after them reaches its subscriber.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { consentKeyword } from '@kaiku/core';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { ConnectionDirectory } from '../src/actions/receive-webhook.js';
import { createWebhookIntake } from '../src/http/webhook-intake.js';
import { DeliveryWorker } from '../src/jobs/delivery-worker.js';
import { ReceiptWriter } from '../src/jobs/receipt-writer.js';
import { WebhookApplier } from '../src/jobs/webhook-applier.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import { inboundWebhook, postWebhook, waitFor } from './intake-fixtures.js';
import { startSubscriber } from './intake-process.js';
import { FUZZ_IDS, webhookBatch } from './fuzz-payloads.js';

/** Runs `numRuns` batches over HTTP against a fresh store of `kind`; returns how many bodies were posted. */
export async function runHttpFuzz(kind: 'sqlite' | 'postgres', options: { numRuns: number; seed: number; min: number; max: number }): Promise<number> {
  const t = await openTestStore(kind);
  const { store } = t;
  const secrets = createSecrets(generateEncryptionKey());
  const subscriber = await startSubscriber();
  const wsA = (await store.createWorkspace({ name: 'A' })).id;
  const wsB = (await store.createWorkspace({ name: 'B' })).id;
  await store.upsertConnection(connectionInput(wsA, { appSecretEnc: secrets.encrypt('secret-a') }));
  await store.upsertConnection(connectionInput(wsB, { phoneNumberId: FUZZ_IDS.phoneB, wabaId: FUZZ_IDS.wabaB, appSecretEnc: secrets.encrypt('secret-b') }));
  await store.createSubscription({ workspaceId: wsB, event: 'inbound_message', targetUrl: subscriber.url, sink: null, secret: null, filter: null });
  const directory = new ConnectionDirectory(store, (sealed) => secrets.decrypt(sealed));
  const delivery = new DeliveryWorker({ store, secrets, publicTargetsOnly: false, pollMs: 25 });
  const applier = new WebhookApplier({ store, directory, keyword: consentKeyword, pollMs: 25, retryDelayMs: 0, onApplied: () => delivery.wake() });
  const server = createServer(createWebhookIntake({ directory, receipts: new ReceiptWriter(store, { onStored: () => applier.wake() }) }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`;
  applier.start();
  delivery.start();
  let posted = 0;
  let sentinel = 0;
  try {
    await fc.assert(fc.asyncProperty(webhookBatch(options.min, options.max), async (bodies) => {
      const statuses = await Promise.all(bodies.map(async (body) => (await postWebhook(url, body, 'secret-a')).status));
      const unexpected = statuses.filter((s) => s !== 200 && s !== 400 && s !== 401);
      if (unexpected.length > 0) throw new Error(`The intake answered ${unexpected.join(', ')}.`);
      posted += bodies.length;
      sentinel += 1;
      const id = `wamid.http-sentinel.${sentinel}`;
      const valid = JSON.stringify(inboundWebhook({ id, phoneNumberId: FUZZ_IDS.phoneB, wabaId: FUZZ_IDS.wabaB, from: '46700000000' }));
      if ((await postWebhook(url, valid, 'secret-b')).status !== 200) throw new Error('The valid message was refused.');
      await waitFor(`delivery of ${id}`, () => subscriber.received.some((r) => r.messageId === id), 5_000);
    }), { seed: options.seed, numRuns: options.numRuns, endOnFailure: true });
  } finally {
    await applier.stop();
    await delivery.stop();
    await new Promise((resolve) => server.close(resolve));
    await subscriber.close();
    await t.cleanup();
  }
  return posted;
}
