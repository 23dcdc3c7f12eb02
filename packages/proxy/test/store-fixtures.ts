/** Test fixtures for the store and the jobs: fresh stores (SQLite in a temp folder, PostgreSQL in a random schema) and records. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { InboundMessageRecord, MessageStatusRecord } from '@kaiku/core';
import { PostgresStore, SqliteStore } from '../src/store/index.js';
import type { Store } from '../src/store/index.js';

/** The PostgreSQL server the tests use (trust auth, database `test`). */
export const TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, migrated store and how to throw it away. */
export interface TestStore {
  store: Store;
  /** SQLite: the data folder; PostgreSQL: the schema. */
  location: string;
  /** Opens a second store on the same data (another "process"). */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

/** A random schema name for one test run. */
export function randomSchema(): string {
  return `kaiku_test_${randomBytes(6).toString('hex')}`;
}

/** Drops a test schema. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/** Opens a fresh store of `kind`. */
export async function openTestStore(kind: 'sqlite' | 'postgres'): Promise<TestStore> {
  const opened: Store[] = [];
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kaiku-store-'));
    const open = async () => {
      const store = new SqliteStore({ dataDir: dir });
      await store.migrate();
      opened.push(store);
      return store;
    };
    const store = await open();
    return {
      store, location: dir, reopen: open,
      async cleanup() {
        for (const s of opened) await s.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = randomSchema();
  const open = async () => {
    const store = new PostgresStore({ connectionString: TEST_DATABASE_URL, schema, maxConnections: 4 });
    await store.migrate();
    opened.push(store);
    return store;
  };
  const store = await open();
  return {
    store, location: schema, reopen: open,
    async cleanup() {
      for (const s of opened) await s.close().catch(() => undefined);
      await dropSchema(schema);
    },
  };
}

/** A flat inbound text record as core's parser produces it. */
export function inboundRecord(overrides: Partial<InboundMessageRecord> = {}): InboundMessageRecord {
  const receivedAt = overrides.received_at ?? '2026-11-25T10:00:00.000Z';
  return {
    id: `wamid.${randomBytes(8).toString('hex')}`, phone_number_id: '106540352242922', display_phone_number: '15550001234',
    from: '358401234567', profile_name: 'Aino Virtanen', user_id: null, username: null, received_at: receivedAt, type: 'text', text: 'Hello', media_id: null,
    media_mime_type: null, media_sha256: null, media_caption: null, media_filename: null, media_url: null, reply_id: null,
    reply_title: null, reply_description: null, location_latitude: null, location_longitude: null, location_name: null,
    location_address: null, contacts_summary: null, contacts_count: null, reaction_emoji: null, reaction_message_id: null,
    reply_to_message_id: null, forwarded: false, referral_source_url: null, referral_source_id: null, referral_source_type: null,
    referral_headline: null, referral_body: null, referral_ctwa_clid: null,
    window_expires_at: new Date(Date.parse(receivedAt) + 86_400_000).toISOString(), raw: null,
    ...overrides,
  };
}

/** A flat status record. */
export function statusRecord(overrides: Partial<MessageStatusRecord> = {}): MessageStatusRecord {
  return {
    id: 'wamid.out1', phone_number_id: '106540352242922', recipient_id: '358401234567', status: 'sent',
    timestamp: '2026-11-25T10:00:05.000Z', error_code: null, error_title: null, error_message: null,
    pricing_category: 'utility', pricing_type: 'regular', billable: true, ...overrides,
  };
}

/** A connection's fields with readable defaults (secrets as the caller encrypted them). */
export function connectionInput(workspaceId: string, overrides: Record<string, string> = {}) {
  return {
    workspaceId, wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '15550001234',
    verifiedName: 'Kaiku Demo', graphBaseUrl: 'http://127.0.0.1:1', graphVersion: 'v24.0', accessTokenEnc: 'enc-token',
    appSecretEnc: 'enc-secret', verifyToken: 'verify-me', ...overrides,
  };
}
