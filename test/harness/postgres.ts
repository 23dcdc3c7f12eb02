/** PostgreSQL helpers of the harness: each run keeps its tables in a schema of its own and drops it after. */
import pg from 'pg';

/** Drops a test schema and everything in it. */
export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(schema)) throw new Error(`Refusing to drop the oddly named schema "${schema}".`);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
