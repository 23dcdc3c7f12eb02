/** The same API on PostgreSQL (127.0.0.1:5432): the harness isolates the run in its own schema and drops it. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

async function schemas(): Promise<string[]> {
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
  await client.connect();
  try {
    const result = await client.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 'kaiku_e2e_%'");
    return result.rows.map((row) => row.nspname);
  } finally {
    await client.end();
  }
}

describe('the API on PostgreSQL', () => {
  let kaiku: Kaiku;
  beforeAll(async () => {
    kaiku = await startKaiku({ store: 'postgres' });
  });
  afterAll(async () => {
    await kaiku?.stop();
  });

  it('sends, idempotently, and receives the customer\'s answer', async () => {
    expect(await (await fetch(`${kaiku.proxyUrl}/healthz`)).json()).toEqual({ status: 'ok', store: 'postgres' });
    const body = JSON.stringify({ to: '+358406660001', template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-77', 2: '7.00 EUR' } });
    const first = await kaiku.api('/v1/messages/template', { method: 'POST', body, headers: { 'Idempotency-Key': 'pg-1' } });
    const second = await kaiku.api('/v1/messages/template', { method: 'POST', body, headers: { 'Idempotency-Key': 'pg-1' } });
    expect(first.status).toBe(200);
    expect(((await second.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect(await kaiku.customer.messages('358406660001')).toHaveLength(1);

    const { id } = await kaiku.customer.send('358406660001', { type: 'text', text: { body: 'Got it' } });
    const inbound = await eventually(async () => {
      const data = ((await (await kaiku.api('/v1/messages/inbound')).json()) as { data: Array<{ id: string; text: string }> }).data;
      return data.find((m) => m.id === id);
    }, 10_000, 'the inbound message on PostgreSQL');
    expect(inbound.text).toBe('Got it');
    const replied = await kaiku.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: '358406660001', text: 'Great!' }) });
    expect(await replied.json()).toMatchObject({ sent_as: 'free_form' });
  });

  it('drops its schema when stopped', async () => {
    expect(kaiku.schema).toMatch(/^kaiku_e2e_[0-9a-f]+$/);
    expect(await schemas()).toContain(kaiku.schema);
    await kaiku.stop();
    expect(await schemas()).not.toContain(kaiku.schema);
  });
});
