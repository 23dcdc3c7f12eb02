/**
 * Bytes per message: `count` signed-size (~1.4 KB) inbound webhooks are stored, applied and delivered (one
 * subscription), then the store's size per message is measured, table by table (indexes included).
 */
import { consentKeyword } from '../../packages/core/src/index.js';
import { createSecrets, generateEncryptionKey } from '../../packages/proxy/src/secrets.js';
import { ConnectionDirectory } from '../../packages/proxy/src/actions/receive-webhook.js';
import { WebhookApplier } from '../../packages/proxy/src/jobs/webhook-applier.js';
import { PostgresStore, SqliteStore } from '../../packages/proxy/src/store/index.js';
import type { Store } from '../../packages/proxy/src/store/index.js';
import { inboundWebhook } from '../../packages/proxy/test/intake-fixtures.js';
import { openTestStore } from '../../packages/proxy/test/store-fixtures.js';

/** Size per message of one store, in total and by table. */
export interface StorageFigures {
  kind: 'sqlite' | 'postgres';
  webhookBytes: number;
  perMessage: number;
  byTable: Record<string, number>;
}

/** A 1.4 KB inbound webhook, as Meta sends one with a text, the contact and the metadata. */
function webhook(n: number): Buffer {
  const body = inboundWebhook({ id: `wamid.HBgLMzU4NDAxMjM0NTY3FQIAEhggQTdGNUYyRDk0MTAwQkU3QjY1OEQ2RjY1${String(n).padStart(8, '0')}`, from: `3584012${String(n % 1000).padStart(5, '0')}`, text: 'Hei! Onko tilaukseni KA-1234 jo matkalla? Kiitos paljon avusta, hyvää päivänjatkoa. '.repeat(10) });
  return Buffer.from(JSON.stringify(body));
}

async function sizes(store: Store): Promise<Record<string, number>> {
  if (store instanceof SqliteStore) {
    // Bytes in use (pages minus their free space): what the rows and index entries take.
    const rows = store.database.prepare('select name, sum(pgsize - unused) as bytes from dbstat group by name').all() as Array<{ name: string; bytes: number }>;
    return Object.fromEntries(rows.map((r) => [r.name, r.bytes]));
  }
  if (store instanceof PostgresStore) {
    const { rows } = await store.db.query<{ name: string; bytes: string }>(`select c.relname as name, pg_relation_size(c.oid) as bytes from pg_class c
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind in ('r', 'i', 't')`);
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.bytes)]));
  }
  return {};
}

/** Stores, applies and delivers `count` webhooks on a fresh store of `kind` and measures it. */
export async function benchStorage(kind: 'sqlite' | 'postgres', count: number): Promise<StorageFigures> {
  const t = await openTestStore(kind);
  const { store } = t;
  try {
    const secrets = createSecrets(generateEncryptionKey());
    const ws = (await store.createWorkspace({ name: 'storage' })).id;
    const connection = await store.upsertConnection({
      workspaceId: ws, wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '15550001234', verifiedName: null,
      graphBaseUrl: 'http://127.0.0.1:9', graphVersion: 'v24.0', accessTokenEnc: secrets.encrypt('t'), appSecretEnc: secrets.encrypt('s'), verifyToken: 'v',
    });
    await store.createSubscription({ workspaceId: ws, event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/', sink: null, secret: null, filter: null });
    const before = await sizes(store);
    for (let n = 0; n < count; n += 500) {
      await store.saveWebhookReceipts(Array.from({ length: Math.min(500, count - n) }, (_, i) => ({ connectionId: connection.id, body: webhook(n + i) })));
    }
    await new WebhookApplier({ store, directory: new ConnectionDirectory(store, (s) => secrets.decrypt(s)), keyword: consentKeyword, batchSize: 500 }).drain();
    for (;;) {
      const claimed = await store.claimDueDeliveries(500, 60_000);
      if (claimed.length === 0) break;
      await store.completeDeliveries(claimed.map((d) => d.id));
    }
    if (store instanceof PostgresStore) await store.db.query('vacuum full');
    const after = await sizes(store);
    const byTable: Record<string, number> = {};
    for (const [name, bytes] of Object.entries(after)) {
      const per = (bytes - (before[name] ?? 0)) / count;
      if (per > 1) byTable[name] = per;
    }
    return { kind, webhookBytes: webhook(0).length, perMessage: Object.values(byTable).reduce((a, b) => a + b, 0), byTable };
  } finally {
    await t.cleanup();
  }
}
