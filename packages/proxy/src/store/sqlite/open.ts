/** Opening the embedded database (owner-only files, WAL, FULL sync) and bringing its schema up to date. */
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { ensurePrivateDir, ensurePrivateFile } from '../../data-files.js';
import { SQLITE_MIGRATIONS } from './schema.js';

/** Runs the migrations not yet applied, each in its own transaction. */
export function runMigrations(db: Database): void {
  db.exec('create table if not exists schema_migrations (version integer primary key, applied_at integer not null)');
  const applied = new Set((db.prepare('select version from schema_migrations').all() as Array<{ version: number }>).map((r) => Number(r.version)));
  SQLITE_MIGRATIONS.forEach((sql, index) => {
    if (applied.has(index + 1)) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('insert into schema_migrations (version, applied_at) values (?, ?)').run(index + 1, Date.now());
    })();
  });
}

/** Opens `kaiku.sqlite` in the data folder (or `:memory:`). */
export function openDatabase(dataDir: string): Database {
  const file = dataDir === ':memory:' ? ':memory:' : join(dataDir, 'kaiku.sqlite');
  if (dataDir !== ':memory:') {
    ensurePrivateDir(dataDir);
    ensurePrivateFile(file);
  }
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

