/** Seeding the bench's stores: one workspace connected with a known app secret, SQLite or PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSecrets, generateEncryptionKey } from '../../packages/proxy/src/secrets.js';
import { PostgresStore, SqliteStore } from '../../packages/proxy/src/store/index.js';
import type { Store } from '../../packages/proxy/src/store/index.js';

/** The PostgreSQL server of this machine (trust auth, database `test`). */
export const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** The app secret the bench signs webhooks with. */
export const APP_SECRET = 'bench-app-secret';
/** The connected business number. */
export const PHONE_NUMBER_ID = '106540352242922';

/** A seeded store and the environment that points a proxy at it. */
export interface BenchStore {
  kind: 'sqlite' | 'postgres';
  store: Store;
  workspaceId: string;
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/**
 * `count` active automations as a business might have them: one out of hours (never open, so it fires), one
 * keyword rule that matches the bench's message ("order") and keyword rules that do not. The message's timestamp
 * is old, so the two runs that fire end at the window check (no send).
 */
async function seedRules(store: Store, workspaceId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const trigger = i === 1 ? { type: 'out_of_hours' as const, opening_hours: {} } : { type: 'keyword' as const, keywords: [i === 0 ? 'order' : `word${i}`, `sana${i}`] };
    await store.automations.create(workspaceId, {
      phoneNumberId: PHONE_NUMBER_ID, name: `rule ${i}`, enabled: true, trigger, action: { type: 'reply', reply: { text: `Answer ${i}` } }, oncePerHours: null,
    });
  }
  if (count > 0) await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: null, sink: 'automations', secret: null, filter: null, source: 'automations' });
}

/** Opens a fresh store of `kind` with one workspace and connection (and `rules` active automations). */
export async function seedStore(kind: 'sqlite' | 'postgres', rules = 0): Promise<BenchStore> {
  const key = generateEncryptionKey();
  const secrets = createSecrets(key);
  const dir = mkdtempSync(join(tmpdir(), 'kaiku-bench-'));
  const schema = `kaiku_bench_${randomBytes(5).toString('hex')}`;
  const pgStore = kind === 'postgres' ? new PostgresStore({ connectionString: DATABASE_URL, schema, maxConnections: 4 }) : null;
  const store: Store = pgStore ?? new SqliteStore({ dataDir: dir });
  await store.migrate();
  const workspaceId = (await store.createWorkspace({ name: `bench ${kind}` })).id;
  await store.upsertConnection({
    workspaceId, wabaId: '102290129340398', phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '15550001234', verifiedName: 'Bench',
    graphBaseUrl: 'http://127.0.0.1:9', graphVersion: 'v24.0', accessTokenEnc: secrets.encrypt('token'), appSecretEnc: secrets.encrypt(APP_SECRET),
    verifyToken: 'bench',
  });
  await seedRules(store, workspaceId, rules);
  // The proxy finds the bench's schema through the connection string's search_path.
  const location: Record<string, string> = kind === 'sqlite' ? { KAIKU_DATA_DIR: dir } : { DATABASE_URL: `${DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}` };
  return {
    kind, store, workspaceId, env: { ...location, KAIKU_ENCRYPTION_KEY: key },
    async dispose() {
      if (pgStore !== null) await pgStore.db.query(`drop schema if exists ${schema} cascade`);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
