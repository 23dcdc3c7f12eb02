/** The throughput buckets in PostgreSQL: one row per bucket, refilled on the database clock. */
import type { Pool } from 'pg';
import { query } from './db.js';

/**
 * One send token from the phone number's bucket (`perSecond` tokens, refilled continuously), in one atomic
 * statement on the database clock so that every process draws from the same bucket.
 */
export async function takeSendToken(pool: Pool, phoneNumberId: string, perSecond: number): Promise<boolean> {
  const rows = await query(pool, `with clock as (select (extract(epoch from clock_timestamp()) * 1000)::bigint as now)
    insert into send_tokens (phone_number_id, tokens, updated_at) select $1, $2::double precision - 1, now from clock
    on conflict (phone_number_id) do update
      set tokens = least($2::double precision, send_tokens.tokens + (excluded.updated_at - send_tokens.updated_at) / 1000.0 * $2) - 1,
          updated_at = excluded.updated_at
      where least($2::double precision, send_tokens.tokens + (excluded.updated_at - send_tokens.updated_at) / 1000.0 * $2) >= 1
    returning tokens`, [phoneNumberId, perSecond]);
  return rows.length === 1;
}

/**
 * One request from an API key's budget (`perMinute` tokens, refilled continuously), in one statement on the
 * database clock so that every process draws from the same bucket. Answers 0, or the ms until a token is there.
 */
export async function takeRequestToken(pool: Pool, keyId: string, perMinute: number): Promise<number> {
  const [row] = await query(pool, `with clock as (select (extract(epoch from clock_timestamp()) * 1000)::bigint as now),
    taken as (
      insert into request_tokens (key_id, tokens, updated_at) select $1, $2::double precision - 1, now from clock
      on conflict (key_id) do update
        set tokens = least($2::double precision, request_tokens.tokens + (excluded.updated_at - request_tokens.updated_at) * $2 / 60000.0) - 1,
            updated_at = excluded.updated_at
        where least($2::double precision, request_tokens.tokens + (excluded.updated_at - request_tokens.updated_at) * $2 / 60000.0) >= 1
      returning tokens)
    select exists (select 1 from taken) as taken,
      (select least($2::double precision, tokens + ((select now from clock) - updated_at) * $2 / 60000.0) from request_tokens where key_id = $1) as available`,
  [keyId, perMinute]);
  if (row?.taken === true) return 0;
  const available = Number(row?.available ?? 0);
  return Math.max(1, Math.ceil(((1 - available) * 60_000) / perMinute));
}
