/**
 * The fuzz property, in process with a real store: generated bodies go through the intake's receive step
 * (signature, parsing, limits) and the applier; no exception may escape either, and a valid message of
 * another workspace stored behind them is applied and gets its delivery. Used by the test and the bench.
 */
import fc from 'fast-check';
import { consentKeyword, signWebhook } from '@kaiku/core';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { ConnectionDirectory, receiveWebhook } from '../src/actions/receive-webhook.js';
import { WebhookApplier } from '../src/jobs/webhook-applier.js';
import { ReceiptWriter } from '../src/jobs/receipt-writer.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import { inboundWebhook } from './intake-fixtures.js';
import { FUZZ_IDS, webhookBatch } from './fuzz-payloads.js';

/** What a fuzz run did. */
export interface FuzzFigures {
  payloads: number;
  /** Intake outcomes by HTTP status. */
  outcomes: Record<string, number>;
  quarantined: number;
  /** The distinct errors of the quarantined receipts (digits masked). */
  errors: string[];
  seconds: number;
}

/** Runs `numRuns` batches of `min`–`max` generated bodies against a fresh store of `kind`; throws on a counterexample. */
export async function runFuzz(kind: 'sqlite' | 'postgres', options: { numRuns: number; seed: number; min: number; max: number }): Promise<FuzzFigures> {
  const started = Date.now();
  const t = await openTestStore(kind);
  const { store } = t;
  const secrets = createSecrets(generateEncryptionKey());
  const wsA = (await store.createWorkspace({ name: 'A' })).id;
  const wsB = (await store.createWorkspace({ name: 'B' })).id;
  await store.upsertConnection(connectionInput(wsA, { appSecretEnc: secrets.encrypt('secret-a') }));
  await store.upsertConnection(connectionInput(wsB, { phoneNumberId: FUZZ_IDS.phoneB, wabaId: FUZZ_IDS.wabaB, appSecretEnc: secrets.encrypt('secret-b') }));
  // Only B subscribes, and only B's sentinel can reach B (the fuzz bodies are signed with A's secret).
  await store.createSubscription({ workspaceId: wsB, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/', sink: null, secret: null, filter: null });
  const directory = new ConnectionDirectory(store, (sealed) => secrets.decrypt(sealed));
  const deps = { directory, receipts: new ReceiptWriter(store) };
  const applier = new WebhookApplier({ store, directory, keyword: consentKeyword, retryDelayMs: 0, batchSize: 50 });
  const figures: FuzzFigures = { payloads: 0, outcomes: {}, quarantined: 0, errors: [], seconds: 0 };
  let sentinel = 0;
  try {
    await fc.assert(fc.asyncProperty(webhookBatch(options.min, options.max), async (bodies) => {
      const outcomes = await Promise.all(bodies.map((body) => receiveWebhook(deps, body, signWebhook(body, 'secret-a'))));
      for (const outcome of outcomes) {
        const key = outcome.ok ? '200' : String(outcome.status);
        figures.outcomes[key] = (figures.outcomes[key] ?? 0) + 1;
      }
      figures.payloads += bodies.length;
      sentinel += 1;
      const id = `wamid.sentinel.${sentinel}`;
      const valid = Buffer.from(JSON.stringify(inboundWebhook({ id, phoneNumberId: FUZZ_IDS.phoneB, wabaId: FUZZ_IDS.wabaB, from: '46700000000', text: 'still here' })));
      const pendingBefore = await store.pendingDeliveryCount();
      const received = await receiveWebhook(deps, valid, signWebhook(valid, 'secret-b'));
      if (!received.ok) throw new Error(`The valid message was refused: ${received.message}`);
      // Each failing receipt is tried at most three times: the applier comes to rest.
      for (let round = 0; round < 20 && (await applier.runOnce()) > 0; round += 1) { /* apply */ }
      const [latest] = await store.listInboundMessages(wsB, { limit: 1 });
      if (latest?.id !== id) throw new Error(`The valid message behind the fuzz bodies was not applied (latest: ${latest?.id ?? 'none'}).`);
      if ((await store.pendingDeliveryCount()) !== pendingBefore + 1) throw new Error('The valid message got no delivery.');
    }), { seed: options.seed, numRuns: options.numRuns, endOnFailure: true });
    figures.quarantined = (await store.receiptBacklog(new Date(0))).quarantined;
    figures.errors = [...new Set((await store.listQuarantinedReceipts({ limit: 500 })).map((r) => r.error.replace(/\d+/g, 'N').slice(0, 160)))];
  } finally {
    await t.cleanup();
  }
  figures.seconds = (Date.now() - started) / 1000;
  return figures;
}
