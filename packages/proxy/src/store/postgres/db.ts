/** The PostgreSQL connection pool and its two helpers: a query and a transaction. */
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { Row } from '../shared.js';

/** Anything that runs a query: the pool or a client inside a transaction. */
export type Queryable = Pool | PoolClient;

/** Where the PostgreSQL store connects. */
export interface PostgresStoreOptions {
  connectionString: string;
  /** A schema to keep all tables in (tests isolate themselves this way); created when missing. */
  schema?: string;
  /** Pool size (default 10). */
  maxConnections?: number;
  /**
   * The time the queue decides by (when a delivery is due, its lease, a receipt's enqueue time): the sandbox's
   * clock in demo mode, the system clock otherwise. Record timestamps (created_at) stay on the system clock.
   */
  now?: () => number;
}

/** A pool whose connections all use `schema` when one is given. */
export function createPool(options: PostgresStoreOptions): Pool {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`The schema name "${schema}" may only contain lowercase letters, digits and underscores.`);
  }
  return new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
}

/** Runs one statement and returns its rows. */
export async function query(db: Queryable, sql: string, params: unknown[] = []): Promise<Row[]> {
  const result = await db.query(sql, params);
  return result.rows as Row[];
}

/**
 * Runs `work` in one transaction on one pooled client; rolls back when it throws. `relaxed`: the commit does not
 * wait for the WAL flush (queue bookkeeping, where a lost commit only repeats a delivery).
 */
export async function transaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, options: { relaxed?: boolean } = {}): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(options.relaxed === true ? 'begin; set local synchronous_commit = off' : 'begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
