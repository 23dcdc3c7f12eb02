/**
 * Webhook receipts in SQLite after they are stored: claims (in memory: one process owns the file), failures
 * and quarantine, and retention in small batches.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { PruneCursor, QuarantinedReceipt, RetentionPolicy, WebhookReceipt } from '../types.js';
import type { Row } from '../shared.js';
import { toQuarantinedReceipt } from '../shared.js';

/** A claim lasts this long unless renewed; a restart forgets every claim anyway. */
export const DEFAULT_RECEIPT_LEASE_MS = 3_000;

/** The receipts' queue and quarantine over one database. */
export class SqliteReceipts {
  /** Receipts handed to this process's applier (id → claimed until); also holds the retry delay of failed ones. */
  private readonly claimed = new Map<number, number>();
  private readonly s: Record<string, Statement>;

  constructor(private readonly db: Database) {
    this.s = {
      unapplied: db.prepare('select * from webhook_receipts where applied_at is null and quarantined_at is null order by id limit ?'),
      attempts: db.prepare('update webhook_receipts set attempts = attempts + 1, last_error = ? where id = ? and applied_at is null returning attempts'),
      quarantine: db.prepare('update webhook_receipts set quarantined_at = ? where id = ?'),
      list: db.prepare(`select r.*, c.workspace_id from webhook_receipts r left join connections c on c.id = r.connection_id
        where r.quarantined_at is not null and (? is null or c.workspace_id = ?) order by r.quarantined_at desc, r.id desc limit ?`),
      retry: db.prepare(`update webhook_receipts set quarantined_at = null, attempts = 0 where id = ? and quarantined_at is not null
        and (? is null or connection_id in (select id from connections where workspace_id = ?))`),
      quarantinedSince: db.prepare('select count(*) as n from webhook_receipts where quarantined_at is not null and quarantined_at >= ?'),
      oldest: db.prepare('select received_at from webhook_receipts where applied_at is null and quarantined_at is null order by id limit 1'),
    };
  }

  /** The oldest receipts nobody here is working on, each claimed for `leaseMs`. */
  claim(limit: number, leaseMs: number): WebhookReceipt[] {
    const now = Date.now();
    for (const [id, until] of this.claimed) if (until <= now) this.claimed.delete(id);
    const rows = this.s.unapplied!.all(limit + this.claimed.size) as Row[];
    const fresh = rows.filter((row) => !this.claimed.has(Number(row.id))).slice(0, limit);
    for (const row of fresh) this.claimed.set(Number(row.id), now + leaseMs);
    return fresh.map((row) => ({
      id: Number(row.id), connectionId: String(row.connection_id), receivedAt: new Date(Number(row.received_at)), body: row.body as Buffer,
    }));
  }

  /** Extends claims still held. */
  renew(ids: number[], leaseMs: number): void {
    const until = Date.now() + leaseMs;
    for (const id of ids) if (this.claimed.has(id)) this.claimed.set(id, until);
  }

  /** Forgets claims (applied, or handed back). */
  release(ids: number[]): void {
    for (const id of ids) this.claimed.delete(id);
  }

  /** Counts a failure; quarantines at `quarantineAfter`, else holds the receipt back for `retryInMs`. */
  fail(id: number, error: string, policy: { quarantineAfter: number; retryInMs: number }): 'retry' | 'quarantined' {
    const row = this.s.attempts!.get(error.slice(0, 2_000), id) as Row | undefined;
    if (row !== undefined && Number(row.attempts) >= policy.quarantineAfter) {
      this.s.quarantine!.run(Date.now(), id);
      this.claimed.delete(id);
      return 'quarantined';
    }
    this.claimed.set(id, Date.now() + policy.retryInMs);
    return 'retry';
  }

  /** Quarantined receipts, newest first. */
  list(workspaceId: string | undefined, limit: number): QuarantinedReceipt[] {
    const ws = workspaceId ?? null;
    return (this.s.list!.all(ws, ws, limit) as Row[]).map(toQuarantinedReceipt);
  }

  /** Back out of quarantine, to be applied on the next round. */
  retry(id: number, workspaceId: string | undefined): boolean {
    const ws = workspaceId ?? null;
    const changed = this.s.retry!.run(id, ws, ws).changes === 1;
    if (changed) this.claimed.delete(id);
    return changed;
  }

  /** Quarantined since `since`, and the arrival of the oldest unapplied receipt. */
  backlog(since: Date): { quarantined: number; oldestUnappliedAt: Date | null } {
    const count = this.s.quarantinedSince!.get(since.getTime()) as Row;
    const oldest = this.s.oldest!.get() as Row | undefined;
    return { quarantined: Number(count.n), oldestUnappliedAt: oldest === undefined ? null : new Date(Number(oldest.received_at)) };
  }

  /** One small batch of retention, in one short transaction. */
  prune(policy: RetentionPolicy, cursor: PruneCursor): { deleted: number; next: PruneCursor | null } {
    return pruneSqlite(this.db, policy, cursor);
  }
}

/** Each pruned table: its time column, what goes, and the cut-off after which a batch of its rows is all kept. */
const PRUNED: Array<{ table: string; time: string; where: string; until: 'before' | 'events' }> = [
  { table: 'webhook_receipts', time: 'received_at', where: '(applied_at is not null and received_at < @before) or (quarantined_at is not null and received_at < @dead)', until: 'before' },
  { table: 'inbound_messages', time: 'received_at', where: 'received_at < @before', until: 'before' },
  { table: 'deliveries', time: 'created_at', where: "(state = 'done' and created_at < @before) or (state = 'dead' and created_at < @dead)", until: 'before' },
  { table: 'events', time: 'created_at', where: 'created_at < @events', until: 'events' },
  // A dead delivery keeps its attempts as long as it is kept.
  { table: 'delivery_attempts', time: 'at', where: `at < @dead or (at < @before and not exists (select 1 from deliveries d
    where d.id = delivery_attempts.delivery_id and d.state = 'dead'))`, until: 'before' },
];

/**
 * Walks each table from its oldest rows (rowid order), `batchSize` rows per call, deleting what retention
 * lets go; a table is done once a whole batch is newer than `before`. One call costs the same however large
 * the tables are, and the event loop is free between calls.
 */
function pruneSqlite(db: Database, policy: RetentionPolicy, cursor: PruneCursor): { deleted: number; next: PruneCursor | null } {
  const step = PRUNED[cursor.table];
  if (step === undefined) return { deleted: 0, next: null };
  const params = { before: policy.before.getTime(), dead: policy.deadBefore.getTime(), events: policy.eventsBefore.getTime(), after: cursor.after, n: policy.batchSize };
  return db.transaction(() => {
    const span = db.prepare(`select max(rowid) as last, min(${step.time}) as first, count(*) as rows from
      (select rowid, ${step.time} from ${step.table} where rowid > @after order by rowid limit @n)`).get(params) as Row;
    if (Number(span.rows) === 0) return { deleted: 0, next: { table: cursor.table + 1, after: 0 } };
    const deleted = db.prepare(`delete from ${step.table} where rowid > @after and rowid <= @last and (${step.where})`)
      .run({ ...params, last: span.last }).changes;
    const finished = Number(span.first) >= params[step.until];
    return { deleted, next: finished ? { table: cursor.table + 1, after: 0 } : { table: cursor.table, after: Number(span.last) } };
  })();
}
