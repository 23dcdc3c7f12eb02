/** The proxy's storage: `createStore` picks PostgreSQL when a database URL is configured, SQLite otherwise. */
import type { Store } from './types.js';
import { SqliteStore } from './sqlite/store.js';
import { PostgresStore } from './postgres/store.js';

export type * from './types.js';
export { SqliteStore } from './sqlite/store.js';
export { PostgresStore } from './postgres/store.js';

/** What `createStore` needs from the configuration. */
export interface StoreConfig {
  databaseUrl: string | null;
  dataDir: string;
  /** PostgreSQL only: keep the tables in this schema (tests isolate themselves this way). */
  schema?: string;
  /**
   * The time the queue decides by (when a delivery is due, its lease, a receipt's enqueue time): the sandbox's
   * clock in demo mode, the system clock otherwise. Record timestamps (created_at) stay on the system clock.
   */
  now?: () => number;
}

/** Opens and migrates the configured store. */
export async function createStore(config: StoreConfig): Promise<Store> {
  const store: Store = config.databaseUrl === null
    ? new SqliteStore({ dataDir: config.dataDir, ...(config.now ? { now: config.now } : {}) })
    : new PostgresStore({ connectionString: config.databaseUrl, ...(config.schema === undefined ? {} : { schema: config.schema }), ...(config.now ? { now: config.now } : {}) });
  await store.migrate();
  return store;
}
