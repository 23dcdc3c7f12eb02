/** The delivery queue in SQLite: one process owns the file, so a claim is one synchronous transaction. */
import type { Database } from 'better-sqlite3';
import type { Delivery, Subscription } from '../types.js';
import { SUBSCRIPTION_JOIN_COLUMNS, joinedSubscription, toDelivery } from '../shared.js';
import type { Row } from '../shared.js';
import { withoutFsync } from './messages.js';

/** The queue operations of the SQLite store. */
export interface SqliteDeliveries {
  claim(limit: number, leaseMs: number): Array<Delivery & { subscription: Subscription }>;
  complete(ids: string[]): void;
  fail(id: string, error: string, nextAttemptAt: Date | null): void;
  listDead(workspaceId: string, limit: number): Delivery[];
  pendingCount(): number;
}

/** Builds the queue over one database. */
export function sqliteDeliveries(db: Database, clock: () => number): SqliteDeliveries {
  // Due, not leased, and no earlier pending delivery for the same subscription and customer: per-customer order.
  const due = db.prepare(`select d.*, ${SUBSCRIPTION_JOIN_COLUMNS} from deliveries d join subscriptions s on s.id = d.subscription_id
    where d.state = 'pending' and d.next_attempt_at <= @now and (d.lease_until is null or d.lease_until <= @now)
    and not exists (select 1 from deliveries e where e.state = 'pending' and e.order_key = d.order_key
      and (e.receipt_id, e.id) < (d.receipt_id, d.id))
    order by d.receipt_id, d.id limit @limit`);
  const lease = db.prepare('update deliveries set lease_until = ? where id = ?');
  const done = db.prepare("update deliveries set state = 'done', attempts = attempts + 1, lease_until = null, last_error = null where id = ?");
  const retry = db.prepare('update deliveries set attempts = attempts + 1, next_attempt_at = ?, lease_until = null, last_error = ? where id = ?');
  const dead = db.prepare("update deliveries set state = 'dead', attempts = attempts + 1, lease_until = null, last_error = ? where id = ?");
  const listDead = db.prepare("select * from deliveries where workspace_id = ? and state = 'dead' order by id desc limit ?");
  const pending = db.prepare("select count(*) as n from deliveries where state = 'pending'");

  // Queue bookkeeping commits without an fsync (synchronous=NORMAL): losing it in a power cut can only repeat a
  // delivery (same event id), never lose one; the WAL is synced by the next FULL commit of a webhook anyway.
  const relaxed = <A extends unknown[], R>(work: (...args: A) => R) => (...args: A): R => withoutFsync(db, () => work(...args));
  const claim = db.transaction((limit: number, leaseMs: number) => {
    const now = clock();
    const rows = due.all({ now, limit }) as Row[];
    for (const row of rows) lease.run(now + leaseMs, row.id);
    return rows.map((row) => ({ ...toDelivery(row), subscription: joinedSubscription(row) }));
  });
  const complete = db.transaction((ids: string[]) => {
    for (const id of ids) done.run(Number(id));
  });

  return {
    claim: relaxed((limit: number, leaseMs: number) => claim(limit, leaseMs)),
    complete: relaxed((ids: string[]) => complete(ids)),
    fail: relaxed((id: string, error: string, nextAttemptAt: Date | null) => {
      if (nextAttemptAt === null) dead.run(error, Number(id));
      else retry.run(nextAttemptAt.getTime(), error, Number(id));
    }),
    listDead: (workspaceId, limit) => (listDead.all(workspaceId, limit) as Row[]).map(toDelivery),
    pendingCount: () => Number((pending.get() as Row).n),
  };
}
