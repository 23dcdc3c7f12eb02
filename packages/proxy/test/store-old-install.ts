/**
 * An install as an older version left it: the first `count` migrations applied and recorded, nothing after, so a
 * test can write the rows that version wrote and then let the current code migrate.
 */
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SQLITE_MIGRATIONS } from '../src/store/sqlite/schema.js';
import { POSTGRES_MIGRATIONS } from '../src/store/postgres/schema.js';
import { TEST_DATABASE_URL, randomSchema } from './store-fixtures.js';

/** A SQLite data folder at migration `count`, with its database open for the old rows (close it before migrating). */
export function oldSqliteInstall(count: number): { dir: string; raw: BetterSqlite3.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'kaiku-upgrade-'));
  const raw = new BetterSqlite3(join(dir, 'kaiku.sqlite'));
  raw.exec('create table schema_migrations (version integer primary key, applied_at integer not null)');
  SQLITE_MIGRATIONS.slice(0, count).forEach((sql, i) => {
    raw.exec(sql);
    raw.prepare('insert into schema_migrations values (?, ?)').run(i + 1, Date.now());
  });
  return { dir, raw };
}

/** A PostgreSQL schema at migration `count`, with a client on it for the old rows (end it, then drop the schema). */
export async function oldPostgresInstall(count: number): Promise<{ schema: string; client: pg.Client }> {
  const schema = randomSchema();
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.query('create table schema_migrations (version integer primary key, applied_at bigint not null)');
  for (const [i, sql] of POSTGRES_MIGRATIONS.slice(0, count).entries()) {
    await client.query(sql);
    await client.query('insert into schema_migrations values ($1, $2)', [i + 1, Date.now()]);
  }
  return { schema, client };
}
