/**
 * The delivery queue in SQLite: one process owns the file, so a claim is one synchronous transaction. Each
 * (subscription, customer) queue has a head row holding its oldest pending delivery and when it is due; a claim
 * reads the due heads from an index, so its cost does not grow with the deliveries waiting behind them.
 */
import type { Database } from 'better-sqlite3';
import type { ClaimedDelivery, Delivery, DeliveryFailure } from '../types.js';
import { SUBSCRIPTION_JOIN_COLUMNS, joinedSubscription, toDelivery } from '../shared.js';
import type { Row } from '../shared.js';
import { DEFAULT_HEALTH_POLICY, afterFailure, afterSuccess, toHealthRow } from '../delivery-health.js';
import type { HealthChange, HealthPolicy, HealthRow } from '../delivery-health.js';
import { withoutFsync } from './messages.js';
import { sqliteHealth } from './health.js';
import { SQLITE_WAKE_SQL } from './wake.js';

/** The queue operations of the SQLite store. */
export interface SqliteDeliveries {
  claim(limit: number, leaseMs: number, skip: string[]): ClaimedDelivery[];
  renew(deliveries: Array<{ id: string; orderKey: string }>, until: number): void;
  complete(ids: string[]): HealthChange[];
  fail(failures: DeliveryFailure[], policy: HealthPolicy): HealthChange[];
  listDead(workspaceId: string, limit: number): Delivery[];
  pendingCount(): number;
}

/** When a failing subscription has nothing to probe, it is looked at again after this long. */
const IDLE_PROBE_MS = 60_000;

/** Subscriptions with a due queue, longest waiting first, through `subscription_health_due` (tests assert the plan). */
export const SQLITE_DUE_SUBSCRIPTIONS_SQL = `select subscription_id from subscription_health
  where due_at <= @now and subscription_id not in (select value from json_each(@skip)) order by due_at limit @limit`;

/** A subscription's due heads, through `delivery_heads_due`. */
export const SQLITE_DUE_HEADS_SQL = `select d.*, ${SUBSCRIPTION_JOIN_COLUMNS} from delivery_heads h
  join deliveries d on d.id = h.delivery_id join subscriptions s on s.id = h.subscription_id
  where h.subscription_id = @subscription and h.due_at <= @now order by h.due_at limit @limit`;

/** Builds the queue over one database. */
export function sqliteDeliveries(db: Database, clock: () => number = Date.now): SqliteDeliveries {
  const health = sqliteHealth(db);
  const s = {
    dueSubscriptions: db.prepare(SQLITE_DUE_SUBSCRIPTIONS_SQL),
    dueHeads: db.prepare(SQLITE_DUE_HEADS_SQL),
    // After a claim a subscription goes behind the others that wait (round robin), or sleeps until its next queue is due.
    reschedule: db.prepare(`update subscription_health set due_at = max(@now, (select min(due_at) from delivery_heads
      where subscription_id = @subscription and due_at is not null)) where subscription_id = @subscription`),
    wake: db.prepare(SQLITE_WAKE_SQL),
    // A slow probe keeps its lease renewed: while one is in flight, the subscription gets no second.
    probes: db.prepare(`select subscription_id from subscription_health sh where state = 'failing' and probe_at <= @now
      and not exists (select 1 from delivery_heads h where h.subscription_id = sh.subscription_id and h.leased_until > @now)
      order by probe_at limit @limit`),
    probeHead: db.prepare(`select d.*, ${SUBSCRIPTION_JOIN_COLUMNS} from delivery_heads h
      join deliveries d on d.id = h.delivery_id join subscriptions s on s.id = h.subscription_id
      where h.subscription_id = ? and (h.leased_until is null or h.leased_until <= ?) order by h.delivery_id limit 1`),
    probeLater: db.prepare('update subscription_health set probe_at = ? where subscription_id = ?'),
    lease: db.prepare('update delivery_heads set due_at = ?, leased_until = ? where order_key = ?'),
    renew: db.prepare('update delivery_heads set due_at = ?, leased_until = ? where order_key = ? and delivery_id = ? and leased_until is not null'),
    finish: db.prepare("update deliveries set state = ?, attempts = attempts + 1, last_error = ? where id = ? and state = 'pending' returning *"),
    retry: db.prepare("update deliveries set attempts = attempts + 1, next_attempt_at = ?, last_error = ? where id = ? and state = 'pending' returning *"),
    head: db.prepare('select delivery_id from delivery_heads where order_key = ?'),
    next: db.prepare("select id from deliveries where order_key = ? and state = 'pending' order by id limit 1"),
    moveHead: db.prepare('update delivery_heads set delivery_id = ?, due_at = ?, leased_until = null where order_key = ?'),
    dropHead: db.prepare('delete from delivery_heads where order_key = ?'),
    schedule: db.prepare('update delivery_heads set due_at = ?, leased_until = null where order_key = ? and delivery_id = ?'),
    listDead: db.prepare("select * from deliveries where workspace_id = ? and state = 'dead' order by id desc limit ?"),
    pending: db.prepare("select count(*) as n from deliveries where state = 'pending'"),
  };

  function claim(limit: number, leaseMs: number, skip: string[]): ClaimedDelivery[] {
    const now = clock();
    const rows: Row[] = [];
    for (const probe of s.probes.all({ now, limit }) as Row[]) {
      const head = s.probeHead.get(probe.subscription_id, now) as Row | undefined;
      s.probeLater.run(now + (head === undefined ? IDLE_PROBE_MS : leaseMs), probe.subscription_id);
      if (head !== undefined) rows.push(head);
    }
    // Each due subscription gets an equal share of the claim, so one with a deep backlog does not crowd out the
    // rest; what the others leave goes, in a second round, to those that have more.
    const subscriptions = s.dueSubscriptions.all({ now, skip: JSON.stringify(skip), limit }) as Row[];
    const claimed: ClaimedDelivery[] = [];
    const seen = new Set<string>();
    const take = (found: Row[]) => {
      for (const row of found) {
        const delivery = toDelivery(row);
        if (seen.has(delivery.orderKey)) continue;
        seen.add(delivery.orderKey);
        s.lease.run(now + leaseMs, now + leaseMs, delivery.orderKey);
        claimed.push({ ...delivery, subscription: joinedSubscription(row) });
      }
    };
    take(rows);
    const share = Math.max(1, Math.ceil((limit - claimed.length) / Math.max(1, subscriptions.length)));
    const visited: Row[] = [];
    const more: Row[] = [];
    for (const sub of subscriptions) {
      if (claimed.length >= limit) break;
      visited.push(sub);
      const found = s.dueHeads.all({ subscription: sub.subscription_id, now, limit: Math.min(share, limit - claimed.length) }) as Row[];
      take(found);
      if (found.length === share) more.push(sub);
    }
    for (const sub of more) {
      if (claimed.length >= limit) break;
      take(s.dueHeads.all({ subscription: sub.subscription_id, now, limit: limit - claimed.length }) as Row[]);
    }
    for (const sub of visited) s.reschedule.run({ now, subscription: sub.subscription_id });
    return claimed;
  }

  /** The queue's next delivery becomes its head, due now when the subscription is active, held otherwise. */
  function advance(row: Row, active: boolean, now: number): void {
    const orderKey = String(row.order_key);
    const head = s.head.get(orderKey) as Row | undefined;
    if (head === undefined || Number(head.delivery_id) !== Number(row.id)) return;
    const next = s.next.get(orderKey) as Row | undefined;
    if (next === undefined) {
      s.dropHead.run(orderKey);
      return;
    }
    s.moveHead.run(next.id, active ? now : null, orderKey);
    if (active) s.wake.run(row.subscription_id, row.workspace_id, now);
  }

  const complete = db.transaction((ids: string[]): HealthChange[] => {
    const now = clock();
    const done = ids.map((id) => s.finish.get('done', null, Number(id)) as Row | undefined).filter((row) => row !== undefined);
    const changes: HealthChange[] = [];
    const states = new Map<string, boolean>();
    for (const row of done) {
      const subscriptionId = String(row.subscription_id);
      if (states.has(subscriptionId)) continue;
      const before = toHealthRow(health.read(subscriptionId));
      const after = afterSuccess(before);
      health.recordSuccess(subscriptionId, String(row.workspace_id), after, now);
      if (before.state === 'failing') {
        health.release(subscriptionId, now);
        changes.push({ subscriptionId, workspaceId: String(row.workspace_id), from: 'failing', to: 'active', reason: null });
      }
      states.set(subscriptionId, after.state === 'active');
    }
    for (const row of done) advance(row, states.get(String(row.subscription_id)) === true, now);
    return changes;
  });

  function failOne(id: string, error: string, nextAttemptAt: Date | null, policy: HealthPolicy): HealthChange | null {
    const now = clock();
    const row = (nextAttemptAt === null ? s.finish.get('dead', error, Number(id)) : s.retry.get(nextAttemptAt.getTime(), error, Number(id))) as Row | undefined;
    if (row === undefined) return null;
    const subscriptionId = String(row.subscription_id);
    const workspaceId = String(row.workspace_id);
    const before: HealthRow = toHealthRow(health.read(subscriptionId));
    const after = afterFailure(before, now, error, policy);
    health.recordFailure(subscriptionId, workspaceId, after, error, now);
    if (before.state === 'active' && after.state !== 'active') health.hold(subscriptionId, now);
    const orderKey = String(row.order_key);
    if (nextAttemptAt === null) advance(row, after.state === 'active', now);
    else if (after.state !== 'active') s.schedule.run(null, orderKey, Number(row.id));
    else {
      s.schedule.run(nextAttemptAt.getTime(), orderKey, Number(row.id));
      s.wake.run(subscriptionId, workspaceId, nextAttemptAt.getTime());
    }
    if (before.state === after.state) return null;
    return { subscriptionId, workspaceId, from: before.state, to: after.state, reason: after.state === 'paused' ? after.pausedReason : error };
  }
  const fail = db.transaction((failures: DeliveryFailure[], policy: HealthPolicy): HealthChange[] =>
    failures.map((f) => failOne(f.id, f.error, f.nextAttemptAt, policy)).filter((change) => change !== null));

  // Queue bookkeeping commits without an fsync (synchronous=NORMAL): losing it in a power cut can only repeat a
  // delivery (same event id), never lose one; the WAL is synced by the next FULL commit of a webhook anyway.
  const relaxed = <A extends unknown[], R>(work: (...args: A) => R) => (...args: A): R => withoutFsync(db, () => work(...args));
  const renew = db.transaction((deliveries: Array<{ id: string; orderKey: string }>, until: number) => {
    for (const d of deliveries) s.renew.run(until, until, d.orderKey, Number(d.id));
  });
  return {
    claim: relaxed(db.transaction(claim)),
    renew: relaxed((deliveries: Array<{ id: string; orderKey: string }>, until: number) => renew(deliveries, until)),
    complete: relaxed((ids: string[]) => complete(ids)),
    fail: relaxed((failures: DeliveryFailure[], policy: HealthPolicy = DEFAULT_HEALTH_POLICY) => fail(failures, policy)),
    listDead: (workspaceId, limit) => (s.listDead.all(workspaceId, limit) as Row[]).map(toDelivery),
    pendingCount: () => Number((s.pending.get() as Row).n),
  };
}
