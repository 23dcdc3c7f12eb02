/** Subscription health in PostgreSQL: the health row, holding and releasing a subscription's queues, pause, replay. */
import type { Pool, PoolClient } from 'pg';
import { toHealthRow } from '../delivery-health.js';
import type { HealthChange, HealthRow, SubscriptionState } from '../delivery-health.js';
import type { SubscriptionHealth } from '../types.js';
import { toDateOrNull } from '../shared.js';
import type { Row } from '../shared.js';
import { query, transaction } from './db.js';
import type { Queryable } from './db.js';

/** The subscription's health, its row locked until the transaction ends. */
export async function readHealthForUpdate(client: PoolClient, subscriptionId: string): Promise<HealthRow> {
  const [row] = await query(client, 'select * from subscription_health where subscription_id = $1 for update', [subscriptionId]);
  return toHealthRow(row);
}

async function upsert(db: Queryable, id: string, workspaceId: string, h: HealthRow, extra: { lastError?: string; at?: number; pausedAt?: number }): Promise<void> {
  await query(db, `insert into subscription_health (subscription_id, workspace_id, state, consecutive_failures, failing_since, probe_at,
      paused_reason, paused_at, last_error, last_error_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    on conflict (subscription_id) do update set state = excluded.state, consecutive_failures = excluded.consecutive_failures,
      failing_since = excluded.failing_since, probe_at = excluded.probe_at, paused_reason = excluded.paused_reason,
      paused_at = coalesce(excluded.paused_at, case when excluded.state = 'paused' then subscription_health.paused_at end),
      last_error = coalesce(excluded.last_error, subscription_health.last_error),
      last_error_at = coalesce(excluded.last_error_at, subscription_health.last_error_at)`,
  [id, workspaceId, h.state, h.consecutiveFailures, h.failingSince, h.probeAt, h.pausedReason, extra.pausedAt ?? null, extra.lastError ?? null, extra.at ?? null]);
}

/** Stores the health after a failure. */
export function recordFailure(client: PoolClient, id: string, workspaceId: string, after: HealthRow, error: string, now: number): Promise<void> {
  return upsert(client, id, workspaceId, after, { lastError: error, at: now, ...(after.state === 'paused' ? { pausedAt: now } : {}) });
}

/** Holds every queue of the subscription that is not in flight. */
export async function holdQueues(db: Queryable, subscriptionId: string, now: number): Promise<void> {
  await query(db, 'update delivery_heads set due_at = null, leased_until = null where subscription_id = $1 and (leased_until is null or leased_until <= $2)',
    [subscriptionId, now]);
}

/** Makes every queue of the subscription that is not in flight due now (backoff reset). */
export async function releaseQueues(db: Queryable, subscriptionId: string, now: number): Promise<void> {
  await query(db, 'update delivery_heads set due_at = $2, leased_until = null where subscription_id = $1 and (leased_until is null or leased_until <= $2)',
    [subscriptionId, now]);
  await query(db, 'update subscription_health set due_at = $2 where subscription_id = $1', [subscriptionId, now]);
}

/** A subscription's health, or null when the workspace has no such subscription. */
export async function getHealth(pool: Pool, workspaceId: string, id: string): Promise<SubscriptionHealth | null> {
  const [row] = await query(pool, `select h.*, s.id as sub_id,
      (select count(*) from deliveries d where d.subscription_id = s.id and d.state = 'pending') as pending,
      (select count(*) from deliveries d where d.subscription_id = s.id and d.state = 'dead') as dead
    from subscriptions s left join subscription_health h on h.subscription_id = s.id where s.workspace_id = $1 and s.id = $2`, [workspaceId, id]);
  if (row === undefined) return null;
  const h = toHealthRow(row.state === null ? undefined : row);
  return {
    state: h.state, lastSuccessAt: toDateOrNull(row.last_success_at), lastError: (row.last_error as string | null) ?? null,
    lastErrorAt: toDateOrNull(row.last_error_at), consecutiveFailures: h.consecutiveFailures, failingSince: toDateOrNull(h.failingSince),
    nextProbeAt: h.state === 'failing' ? toDateOrNull(h.probeAt) : null, pausedReason: h.pausedReason, pausedAt: toDateOrNull(row.paused_at),
    pending: Number(row.pending), dead: Number(row.dead),
  };
}

/** Pauses (holding every queue) or resumes (releasing them) a subscription. */
export function setPaused(pool: Pool, workspaceId: string, id: string, paused: boolean, reason: string): Promise<HealthChange | null> {
  return transaction(pool, async (client) => {
    const [sub] = await query(client, 'select id from subscriptions where workspace_id = $1 and id = $2', [workspaceId, id]);
    if (sub === undefined) return null;
    const before = await readHealthForUpdate(client, id);
    const now = Date.now();
    if (paused) {
      await upsert(client, id, workspaceId, { ...before, state: 'paused', probeAt: null, pausedReason: reason }, { pausedAt: now });
      await holdQueues(client, id, now);
    } else {
      await upsert(client, id, workspaceId, { state: 'active', consecutiveFailures: 0, failingSince: null, probeAt: null, pausedReason: null }, {});
      await releaseQueues(client, id, now);
    }
    return { subscriptionId: id, workspaceId, from: before.state, to: paused ? 'paused' : 'active', reason: paused ? reason : null };
  });
}

/**
 * A replay is someone saying "try again now": a failing subscription's next probe is brought forward to now (a probe
 * that found nothing to try had put itself off for a minute), unless one is in flight, whose outcome decides.
 */
const PROBE_NOW = `update subscription_health sh set probe_at = $2 where sh.subscription_id in (select distinct subscription_id
    from deliveries where id = any($1::bigint[])) and sh.state = 'failing' and (sh.probe_at is null or sh.probe_at > $2)
  and not exists (select 1 from delivery_heads h where h.subscription_id = sh.subscription_id and h.leased_until > $2)`;

/**
 * Puts dead deliveries back in their queues (behind what waits there now); answers how many. A queue that has a head
 * keeps it, but the head is locked (`do update … where false` locks the row, `do nothing` would not): a delivery
 * finishing at that moment locks its head first too, so it either moves the head after this commits (and finds the
 * revived delivery) or has moved or removed it before this insert looks, and the queue is never left without a head.
 */
export function replayDead(pool: Pool, workspaceId: string, which: { deliveryId: string } | { subscriptionId: string }): Promise<number> {
  return transaction(pool, async (client) => {
    const now = Date.now();
    const where = 'deliveryId' in which ? 'id = $3::bigint' : 'subscription_id = $3';
    const revived = await query(client, `update deliveries set state = 'pending', attempts = 0, next_attempt_at = $1, created_at = $1
      where workspace_id = $2 and ${where} and state = 'dead' returning id`, [now, workspaceId, 'deliveryId' in which ? which.deliveryId : which.subscriptionId]);
    if (revived.length === 0) return 0;
    await query(client, `insert into delivery_heads (order_key, subscription_id, workspace_id, delivery_id, receipt_id, due_at)
      select distinct on (d.order_key) d.order_key, d.subscription_id, d.workspace_id, d.id, d.receipt_id,
        case when coalesce(h.state, 'active') = 'active' then $2::bigint end
      from deliveries d left join subscription_health h on h.subscription_id = d.subscription_id
      where d.id = any($1::bigint[]) order by d.order_key, d.receipt_id, d.id
      on conflict (order_key) do update set delivery_id = delivery_heads.delivery_id where false`, [revived.map((r) => r.id), now]);
    await query(client, `update subscription_health set due_at = $2 where subscription_id in (select distinct subscription_id from deliveries
      where id = any($1::bigint[])) and state = 'active'`, [revived.map((r) => r.id), now]);
    await query(client, `insert into subscription_health (subscription_id, workspace_id, due_at)
      select distinct subscription_id, workspace_id, $2::bigint from deliveries where id = any($1::bigint[]) on conflict do nothing`, [revived.map((r) => r.id), now]);
    await query(client, PROBE_NOW, [revived.map((r) => r.id), now]);
    return revived.length;
  });
}

/** Subscriptions per health state. */
export async function stateCounts(pool: Pool): Promise<Record<SubscriptionState, number>> {
  const rows = await query(pool, `select coalesce(h.state, 'active') as state, count(*) as n from subscriptions s
    left join subscription_health h on h.subscription_id = s.id group by 1`);
  const counts: Record<SubscriptionState, number> = { active: 0, failing: 0, paused: 0 };
  for (const row of rows as Row[]) counts[String(row.state) as SubscriptionState] = Number(row.n);
  return counts;
}
