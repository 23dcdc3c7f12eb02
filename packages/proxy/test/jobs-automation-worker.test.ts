/**
 * The automation worker on both stores, with the work on each message given by the test: a customer's messages run
 * in log order; a message that keeps failing (a poison message) is parked with the customer's later ones behind
 * it, while other customers and another tenant go on, and they all run in order once it passes; a process that
 * dies mid-batch is replaced once its lease lapses, from its saved cursor, losing and doubling nothing; and two
 * processes at once never both run a message.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { consentKeyword } from '@kaiku/core';
import type { InboundMessageRecord } from '@kaiku/core';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { ConnectionDirectory } from '../src/actions/receive-webhook.js';
import { WebhookApplier } from '../src/jobs/webhook-applier.js';
import { AutomationWorker } from '../src/jobs/automation-worker.js';
import type { AutomationWorkerOptions } from '../src/jobs/automation-worker.js';
import type { Connection, Store } from '../src/store/index.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';
import { inboundWebhook } from './intake-fixtures.js';

const secrets = createSecrets(generateEncryptionKey());
const FAST: AutomationWorkerOptions = { pollMs: 20, leaseMs: 600, retry: { baseDelayMs: 20, maxDelayMs: 40, retryForMs: 3_600_000 } };

async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.each(['sqlite', 'postgres'] as const)('automation worker (%s)', (kind) => {
  let t: TestStore;
  let store: Store;
  let workers: AutomationWorker[];
  const tenants: Array<{ ws: string; connection: Connection }> = [];

  beforeEach(async () => {
    t = await openTestStore(kind);
    store = t.store;
    workers = [];
    tenants.length = 0;
    for (const [name, phone] of [['A', '106540352242922'], ['B', '106540352248888']] as const) {
      const ws = (await store.createWorkspace({ name })).id;
      const connection = await store.upsertConnection(connectionInput(ws, { appSecretEnc: secrets.encrypt('secret'), phoneNumberId: phone }));
      await store.automations.openFeed(ws);
      tenants.push({ ws, connection });
    }
  });
  afterEach(async () => {
    for (const w of workers) await w.stop();
    await t.cleanup();
  });

  /** Stores and applies one webhook per [tenant, message id, customer]. */
  async function receive(messages: Array<[number, string, string]>): Promise<void> {
    for (const [tenant, id, from] of messages) {
      const { connection } = tenants[tenant] ?? { connection: undefined };
      const body = Buffer.from(JSON.stringify(inboundWebhook({ id, from, phoneNumberId: connection?.phoneNumberId ?? '' })));
      await store.saveWebhookReceipts([{ connectionId: connection?.id ?? '', body }]);
    }
    await new WebhookApplier({ store, directory: new ConnectionDirectory(store, (s) => secrets.decrypt(s)), keyword: consentKeyword }).drain();
  }

  function start(on: Store, run: (message: InboundMessageRecord) => Promise<void>, options: AutomationWorkerOptions = {}): AutomationWorker {
    const worker = new AutomationWorker({ store: on, now: () => new Date(), run: (_ws, message) => run(message) }, { ...FAST, ...options });
    workers.push(worker);
    worker.start();
    return worker;
  }

  it('parks a poison message with its customer\'s later ones; others and the other tenant go on; all run in order once it passes', async () => {
    const ran: string[] = [];
    let poisoned = true;
    start(store, async (m) => {
      if (m.id === 'a1' && poisoned) throw new Error('poison');
      ran.push(m.id);
    });
    await receive([[0, 'a1', 'A'], [0, 'b1', 'B'], [0, 'a2', 'A'], [1, 'c1', 'A'], [0, 'b2', 'B'], [0, 'a3', 'A']]);
    await eventually(() => ran.length === 3, 'the other customers and tenant');
    expect(ran.sort()).toEqual(['b1', 'b2', 'c1']);
    // a1 fails again and again; a2 and a3 wait behind it, parked, and the cursor has moved past them all.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ran).toHaveLength(3);
    expect(await store.automations.parkedCustomers(tenants[0]?.ws ?? '')).toEqual(new Set(['A']));
    poisoned = false;
    await eventually(() => ran.length === 6, 'the parked messages');
    expect(ran.slice(3)).toEqual(['a1', 'a2', 'a3']);
    await eventually(async () => (await store.automations.backlog()).waiting === 0, 'an empty backlog');
  });

  it('a process that dies mid-batch is replaced from its saved cursor: nothing lost, nothing run twice', async () => {
    const done: Array<[string, string]> = [];
    const first = await t.reopen();
    let release = () => undefined as void;
    const hung = new Promise<void>((resolve) => { release = resolve; });
    start(first, async (m) => {
      if (m.id === 'm2') await hung; // dies while running m2: it never finishes while the test looks
      done.push(['first', m.id]);
    });
    await receive([[0, 'm1', 'A'], [0, 'm2', 'A'], [0, 'm3', 'A']]);
    // m1 done and its cursor saved: m2 and m3 are the entries still after it.
    await eventually(async () => done.length === 1 && (await store.automations.backlog()).waiting === 2, 'the first process to save its cursor after m1');
    // The process dies: its store is gone, so its lease is never renewed.
    await first.close();
    start(store, async (m) => {
      done.push(['second', m.id]);
    });
    await eventually(() => done.length === 3, 'the second process to take over');
    expect(done).toEqual([['first', 'm1'], ['second', 'm2'], ['second', 'm3']]);
    release();
  });

  it('two processes at once run each message once, each customer in order', async () => {
    const ran: Array<[string, string]> = [];
    const other = await t.reopen();
    start(store, async (m) => { ran.push([m.from, m.id]); });
    start(other, async (m) => { ran.push([m.from, m.id]); });
    const messages: Array<[number, string, string]> = [];
    for (let i = 0; i < 20; i += 1) messages.push([i % 2, `m${i}`, `c${i % 3}`]);
    await receive(messages);
    await eventually(() => ran.length >= 20, 'every message');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ran.map(([, id]) => id).sort()).toEqual(messages.map(([, id]) => id).sort());
    for (const [tenant, customer] of [[0, 'c0'], [0, 'c1'], [0, 'c2'], [1, 'c0'], [1, 'c1'], [1, 'c2']] as const) {
      const expected = messages.filter(([n, , from]) => n === tenant && from === customer).map(([, id]) => id);
      expect(ran.filter(([from, id]) => from === customer && expected.includes(id)).map(([, id]) => id)).toEqual(expected);
    }
  });
});
