/**
 * Upgrading an install whose automation runner had an inbox: the messages still waiting in it are kept (parked,
 * each customer's oldest due first, the rest behind it, in order), a workspace with rules gets a cursor at its
 * newest event (its old messages are not run again), and the inbox table goes.
 */
import { describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { PostgresStore, SqliteStore } from '../src/store/index.js';
import type { Store } from '../src/store/index.js';
import { SQLITE_MIGRATIONS } from '../src/store/sqlite/schema.js';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres/schema.js';
import { TEST_DATABASE_URL, dropSchema } from './store-fixtures.js';
import { oldPostgresInstall, oldSqliteInstall } from './store-old-install.js';

const FEED_MIGRATION = (list: string[]) => list.findIndex((sql) => sql.includes('create table automation_cursors'));

/** Rows of the old schema: a workspace with a rule, two logged messages, and three inbox rows of two customers. */
const OLD_ROWS = [
  "insert into workspaces (id, name, settings, created_at) values ('ws_a', 'A', '{}', 0)",
  "insert into automations (id, workspace_id, phone_number_id, name, enabled, definition, created_at, updated_at) values ('aut_1', 'ws_a', '1065', 'r', 1, '{}', 0, 0)",
  "insert into events (workspace_id, type, wa_id, data, created_at) values ('ws_a', 'message', 'A', '{\"direction\":\"inbound\",\"id\":\"m0\",\"type\":\"text\"}', 0)",
  "insert into events (workspace_id, type, wa_id, data, created_at) values ('ws_a', 'message', 'A', '{\"direction\":\"inbound\",\"id\":\"m1\",\"type\":\"text\"}', 0)",
  "insert into automation_inbox (workspace_id, message_id, wa_id, attempts, created_at) values ('ws_a', 'm1', 'A', 2, 0)",
  "insert into automation_inbox (workspace_id, message_id, wa_id, attempts, created_at) values ('ws_a', 'm2', 'B', 0, 0)",
  "insert into automation_inbox (workspace_id, message_id, wa_id, attempts, created_at) values ('ws_a', 'm3', 'A', 0, 0)",
];

async function expectUpgraded(store: Store): Promise<void> {
  const at = new Date();
  expect(await store.automations.parkedCustomers('ws_a')).toEqual(new Set(['A', 'B']));
  const due = await store.automations.claimParked('ws_a', 10, 60_000, at);
  expect(due.map((m) => [m.messageId, m.attempts])).toEqual([['m1', 2], ['m2', 0]]);
  const m1 = due[0];
  if (m1 === undefined) throw new Error('m1 was not handed out');
  expect(await store.automations.finishParked(m1, at)).toBe(true);
  expect((await store.automations.claimParked('ws_a', 10, 60_000, at)).map((m) => m.messageId)).toEqual(['m3']);
  // The cursor starts after the logged messages: nothing is read again.
  const [lease] = await store.automations.leaseFeeds('one', 30_000, at);
  expect((await store.automations.readFeed('ws_a', lease?.position ?? '', 10)).messages).toEqual([]);
}

describe('upgrading from the automation inbox', () => {
  it('SQLite', async () => {
    const { dir, raw } = oldSqliteInstall(FEED_MIGRATION(SQLITE_MIGRATIONS));
    for (const sql of OLD_ROWS) raw.exec(sql);
    raw.close();
    const store = new SqliteStore({ dataDir: dir });
    try {
      await store.migrate();
      await expectUpgraded(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL', async () => {
    const { schema, client } = await oldPostgresInstall(FEED_MIGRATION(POSTGRES_MIGRATIONS));
    const store = new PostgresStore({ connectionString: TEST_DATABASE_URL, schema });
    try {
      for (const sql of OLD_ROWS) await client.query(sql);
      await store.migrate();
      await expectUpgraded(store);
    } finally {
      await store.close();
      await client.end();
      await dropSchema(schema);
    }
  });
});
