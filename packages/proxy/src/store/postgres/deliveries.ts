/**
 * The delivery queue in PostgreSQL, shared by several processes: a claim leases rows chosen with
 * FOR UPDATE SKIP LOCKED, so each delivery is in flight in one process at a time.
 */
import type { Pool } from 'pg';
import type { Delivery, Subscription } from '../types.js';
import { SUBSCRIPTION_JOIN_COLUMNS, joinedSubscription, toDelivery } from '../shared.js';
import { query } from './db.js';

// Due, not leased, no earlier pending delivery for the same subscription and customer, and no earlier
// receipt still unapplied (another process may be about to enqueue an earlier event for this customer).
const CLAIM = `with due as (
    select d.id from deliveries d
    where d.state = 'pending' and d.next_attempt_at <= $1 and (d.lease_until is null or d.lease_until <= $1)
      and not exists (select 1 from deliveries e where e.state = 'pending' and e.order_key = d.order_key
        and (e.receipt_id, e.id) < (d.receipt_id, d.id))
      and not exists (select 1 from webhook_receipts r where r.applied_at is null and r.id < d.receipt_id)
    order by d.receipt_id, d.id limit $2
    for update of d skip locked)
  update deliveries d set lease_until = $1 + $3 from due, subscriptions s
  where d.id = due.id and s.id = d.subscription_id
  returning d.*, ${SUBSCRIPTION_JOIN_COLUMNS}`;

/** Claims due deliveries for `leaseMs`, oldest first. */
export async function claimDeliveries(pool: Pool, limit: number, leaseMs: number, now: number): Promise<Array<Delivery & { subscription: Subscription }>> {
  const rows = await query(pool, CLAIM, [now, limit, leaseMs]);
  rows.sort((a, b) => Number(a.receipt_id) - Number(b.receipt_id) || Number(a.id) - Number(b.id));
  return rows.map((row) => ({ ...toDelivery(row), subscription: joinedSubscription(row) }));
}

/** Marks deliveries done in one statement. */
export async function completeDeliveries(pool: Pool, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await query(pool, `update deliveries set state = 'done', attempts = attempts + 1, lease_until = null, last_error = null
    where id = any($1::bigint[])`, [ids]);
}

/** Schedules a retry at `nextAttemptAt`, or dead-letters the delivery when it is null. */
export async function failDelivery(pool: Pool, id: string, error: string, nextAttemptAt: Date | null): Promise<void> {
  if (nextAttemptAt === null) {
    await query(pool, "update deliveries set state = 'dead', attempts = attempts + 1, lease_until = null, last_error = $1 where id = $2", [error, id]);
    return;
  }
  await query(pool, 'update deliveries set attempts = attempts + 1, next_attempt_at = $1, lease_until = null, last_error = $2 where id = $3',
    [nextAttemptAt.getTime(), error, id]);
}

/** The newest dead-lettered deliveries of a workspace. */
export async function listDeadDeliveries(pool: Pool, workspaceId: string, limit: number): Promise<Delivery[]> {
  const rows = await query(pool, "select * from deliveries where workspace_id = $1 and state = 'dead' order by id desc limit $2", [workspaceId, limit]);
  return rows.map(toDelivery);
}

/** How many deliveries wait (including those in flight). */
export async function pendingDeliveryCount(pool: Pool): Promise<number> {
  const rows = await query(pool, "select count(*) as n from deliveries where state = 'pending'");
  return Number(rows[0]?.n ?? 0);
}

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
