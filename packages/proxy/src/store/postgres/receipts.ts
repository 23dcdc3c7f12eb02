/**
 * Webhook receipts in PostgreSQL after they are stored: short claims that the working process renews (a
 * process that dies loses its receipts to another within seconds), failures and quarantine, and retention.
 */
import type { Pool } from 'pg';
import type { PruneCursor, QuarantinedReceipt, RetentionPolicy, WebhookReceipt } from '../types.js';
import { toQuarantinedReceipt } from '../shared.js';
import { query } from './db.js';

/** A claim lasts this long unless renewed while the work goes on. */
export const DEFAULT_RECEIPT_LEASE_MS = 3_000;

/** The oldest receipts no live process is working on, each claimed for `leaseMs`. */
export async function claimReceipts(pool: Pool, limit: number, leaseMs: number): Promise<WebhookReceipt[]> {
  const now = Date.now();
  const rows = await query(pool, `update webhook_receipts w set claimed_until = $1 + $3
    from (select id from webhook_receipts where applied_at is null and quarantined_at is null and (claimed_until is null or claimed_until <= $1)
          order by id limit $2 for update skip locked) due
    where w.id = due.id returning w.*`, [now, limit, leaseMs]);
  rows.sort((a, b) => Number(a.id) - Number(b.id));
  return rows.map((row) => ({
    id: Number(row.id), connectionId: String(row.connection_id), receivedAt: new Date(Number(row.received_at)), body: row.body as Buffer,
  }));
}

/**
 * Extends claims of receipts still being worked on. Rows the applying transaction already holds are skipped:
 * their lock keeps them (and waiting for it would tie up a connection per renewal).
 */
export async function renewClaims(pool: Pool, ids: number[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  await query(pool, `update webhook_receipts w set claimed_until = $2 from (select id from webhook_receipts
    where id = any($1::bigint[]) and applied_at is null for update skip locked) mine where w.id = mine.id`, [ids, Date.now() + leaseMs]);
}

/** Counts a failure; quarantines at `quarantineAfter`, else holds the receipt back for `retryInMs`. */
export async function failReceipt(pool: Pool, id: number, error: string, policy: { quarantineAfter: number; retryInMs: number }): Promise<'retry' | 'quarantined'> {
  const now = Date.now();
  const [row] = await query(pool, `update webhook_receipts set attempts = attempts + 1, last_error = $2,
      quarantined_at = case when attempts + 1 >= $3 then $4::bigint else null end, claimed_until = $4::bigint + $5::bigint
    where id = $1 and applied_at is null returning quarantined_at`, [id, error.slice(0, 2_000), policy.quarantineAfter, now, policy.retryInMs]);
  return row !== undefined && row.quarantined_at !== null ? 'quarantined' : 'retry';
}

/** Quarantined receipts, newest first. */
export async function listQuarantined(pool: Pool, workspaceId: string | undefined, limit: number): Promise<QuarantinedReceipt[]> {
  const rows = await query(pool, `select r.*, c.workspace_id from webhook_receipts r left join connections c on c.id = r.connection_id
    where r.quarantined_at is not null and ($1::text is null or c.workspace_id = $1) order by r.quarantined_at desc, r.id desc limit $2`,
  [workspaceId ?? null, limit]);
  return rows.map(toQuarantinedReceipt);
}

/** Back out of quarantine, to be applied on the next round. */
export async function retryQuarantined(pool: Pool, id: number, workspaceId: string | undefined): Promise<boolean> {
  const rows = await query(pool, `update webhook_receipts set quarantined_at = null, attempts = 0, claimed_until = null
    where id = $1 and quarantined_at is not null and ($2::text is null or connection_id in (select id from connections where workspace_id = $2))
    returning id`, [id, workspaceId ?? null]);
  return rows.length === 1;
}

/** Quarantined since `since`, and the arrival of the oldest unapplied receipt. */
export async function receiptBacklog(pool: Pool, since: Date): Promise<{ quarantined: number; oldestUnappliedAt: Date | null }> {
  const [row] = await query(pool, `select
      (select count(*) from webhook_receipts where quarantined_at is not null and quarantined_at >= $1) as quarantined,
      (select received_at from webhook_receipts where applied_at is null and quarantined_at is null order by id limit 1) as oldest`, [since.getTime()]);
  return { quarantined: Number(row?.quarantined ?? 0), oldestUnappliedAt: row?.oldest === null || row?.oldest === undefined ? null : new Date(Number(row.oldest)) };
}

const PRUNED: Array<{ table: string; where: string }> = [
  { table: 'webhook_receipts', where: '(applied_at is not null and received_at < p.before) or (quarantined_at is not null and received_at < p.dead)' },
  { table: 'inbound_messages', where: 'received_at < p.before' },
  { table: 'deliveries', where: "(state = 'done' and created_at < p.before) or (state = 'dead' and created_at < p.dead)" },
  { table: 'events', where: 'created_at < p.events' },
  // A dead delivery keeps its attempts as long as it is kept.
  { table: 'delivery_attempts', where: `at < p.dead or (at < p.before and not exists (select 1 from deliveries d
    where d.id = delivery_attempts.delivery_id and d.state = 'dead'))` },
];

/** One small batch of retention: at most `batchSize` rows of one table; a table is done when nothing is left. */
export async function pruneBatch(pool: Pool, policy: RetentionPolicy, cursor: PruneCursor): Promise<{ deleted: number; next: PruneCursor | null }> {
  const step = PRUNED[cursor.table];
  if (step === undefined) return { deleted: 0, next: null };
  const rows = await query(pool, `delete from ${step.table} where ctid = any(array(select ctid from ${step.table},
    (select $1::bigint as before, $2::bigint as dead, $4::bigint as events) p where ${step.where} limit $3)) returning 1`,
    [policy.before.getTime(), policy.deadBefore.getTime(), policy.batchSize, policy.eventsBefore.getTime()]);
  return { deleted: rows.length, next: rows.length < policy.batchSize ? { table: cursor.table + 1, after: 0 } : cursor };
}
