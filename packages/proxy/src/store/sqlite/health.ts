/** Subscription health in SQLite: the health row, holding and releasing a subscription's queues, pause, replay. */
import type { Database } from 'better-sqlite3';
import type { HealthChange, HealthRow, SubscriptionState } from '../delivery-health.js';
import { toHealthRow } from '../delivery-health.js';
import type { SubscriptionHealth } from '../types.js';
import { toDateOrNull } from '../shared.js';
import type { Row } from '../shared.js';
import { SQLITE_WAKE_SQL } from './wake.js';

/** The health operations of the SQLite store. */
export interface SqliteHealth {
  read(subscriptionId: string): Row | undefined;
  recordSuccess(subscriptionId: string, workspaceId: string, after: HealthRow, now: number): void;
  recordFailure(subscriptionId: string, workspaceId: string, after: HealthRow, error: string, now: number): void;
  /** Holds every queue of the subscription that is not in flight. */
  hold(subscriptionId: string, now: number): void;
  /** Makes every queue of the subscription that is not in flight due now. */
  release(subscriptionId: string, now: number): void;
  get(workspaceId: string, id: string): SubscriptionHealth | null;
  setPaused(workspaceId: string, id: string, paused: boolean, reason: string): HealthChange | null;
  replay(workspaceId: string, which: { deliveryId: string } | { subscriptionId: string }): number;
  stateCounts(): Record<SubscriptionState, number>;
}

const UPSERT = `insert into subscription_health (subscription_id, workspace_id, state, consecutive_failures, failing_since, probe_at,
    paused_reason, paused_at, last_success_at, last_error, last_error_at)
  values (@id, @workspaceId, @state, @failures, @failingSince, @probeAt, @pausedReason, @pausedAt, @lastSuccessAt, @lastError, @lastErrorAt)
  on conflict (subscription_id) do update set state = excluded.state, consecutive_failures = excluded.consecutive_failures,
    failing_since = excluded.failing_since, probe_at = excluded.probe_at, paused_reason = excluded.paused_reason,
    paused_at = coalesce(excluded.paused_at, case when excluded.state = 'paused' then subscription_health.paused_at end),
    last_success_at = coalesce(excluded.last_success_at, subscription_health.last_success_at),
    last_error = coalesce(excluded.last_error, subscription_health.last_error),
    last_error_at = coalesce(excluded.last_error_at, subscription_health.last_error_at)`;

/** Builds the health operations over one database. */
export function sqliteHealth(db: Database): SqliteHealth {
  const s = {
    read: db.prepare('select * from subscription_health where subscription_id = ?'),
    upsert: db.prepare(UPSERT),
    hold: db.prepare('update delivery_heads set due_at = null, leased_until = null where subscription_id = ? and (leased_until is null or leased_until <= ?)'),
    release: db.prepare('update delivery_heads set due_at = ?, leased_until = null where subscription_id = ? and (leased_until is null or leased_until <= ?)'),
    due: db.prepare('update subscription_health set due_at = ? where subscription_id = ?'),
    subscription: db.prepare('select id, workspace_id from subscriptions where workspace_id = ? and id = ?'),
    pending: db.prepare("select count(*) as n from deliveries where subscription_id = ? and state = 'pending'"),
    dead: db.prepare("select count(*) as n from deliveries where subscription_id = ? and state = 'dead'"),
    reviveOne: db.prepare(`update deliveries set state = 'pending', attempts = 0, next_attempt_at = @now, created_at = @now
      where id = @id and workspace_id = @workspaceId and state = 'dead' returning order_key, subscription_id`),
    reviveAll: db.prepare(`update deliveries set state = 'pending', attempts = 0, next_attempt_at = @now, created_at = @now
      where subscription_id = @id and workspace_id = @workspaceId and state = 'dead' returning order_key, subscription_id`),
    addHead: db.prepare(`insert into delivery_heads (order_key, subscription_id, workspace_id, delivery_id, due_at)
      select order_key, subscription_id, workspace_id, id, @due from deliveries where order_key = @orderKey and state = 'pending'
      order by id limit 1 on conflict (order_key) do nothing`),
    wake: db.prepare(SQLITE_WAKE_SQL),
    // A replay brings a failing subscription's next probe forward to now, unless one is in flight (see the PostgreSQL store).
    probeNow: db.prepare(`update subscription_health set probe_at = @now where subscription_id = @id and state = 'failing'
      and (probe_at is null or probe_at > @now) and not exists (select 1 from delivery_heads h
        where h.subscription_id = subscription_health.subscription_id and h.leased_until > @now)`),
    counts: db.prepare("select state, count(*) as n from subscription_health where state <> 'active' group by state"),
    total: db.prepare('select count(*) as n from subscriptions'),
  };
  const read = (id: string) => s.read.get(id) as Row | undefined;
  const upsert = (id: string, workspaceId: string, h: HealthRow, extra: { lastSuccessAt?: number; lastError?: string; lastErrorAt?: number; pausedAt?: number }) =>
    s.upsert.run({
      id, workspaceId, state: h.state, failures: h.consecutiveFailures, failingSince: h.failingSince, probeAt: h.probeAt,
      pausedReason: h.pausedReason, pausedAt: extra.pausedAt ?? null, lastSuccessAt: extra.lastSuccessAt ?? null,
      lastError: extra.lastError ?? null, lastErrorAt: extra.lastErrorAt ?? null,
    });
  const hold = (id: string, now: number) => s.hold.run(id, now);
  const release = (id: string, now: number) => {
    s.release.run(now, id, now);
    s.due.run(now, id);
  };

  return {
    read,
    recordSuccess: (id, workspaceId, after, now) => upsert(id, workspaceId, after, { lastSuccessAt: now }),
    recordFailure: (id, workspaceId, after, error, now) =>
      upsert(id, workspaceId, after, { lastError: error, lastErrorAt: now, ...(after.state === 'paused' ? { pausedAt: now } : {}) }),
    hold,
    release,
    get(workspaceId, id) {
      const sub = s.subscription.get(workspaceId, id) as Row | undefined;
      if (sub === undefined) return null;
      const row = read(id) ?? {};
      const h = toHealthRow(read(id));
      return {
        state: h.state, lastSuccessAt: toDateOrNull(row.last_success_at), lastError: (row.last_error as string | undefined) ?? null,
        lastErrorAt: toDateOrNull(row.last_error_at), consecutiveFailures: h.consecutiveFailures, failingSince: toDateOrNull(h.failingSince),
        nextProbeAt: h.state === 'failing' ? toDateOrNull(h.probeAt) : null, pausedReason: h.pausedReason, pausedAt: toDateOrNull(row.paused_at),
        pending: Number((s.pending.get(id) as Row).n), dead: Number((s.dead.get(id) as Row).n),
      };
    },
    setPaused: db.transaction((workspaceId: string, id: string, paused: boolean, reason: string): HealthChange | null => {
      if (s.subscription.get(workspaceId, id) === undefined) return null;
      const before = toHealthRow(read(id));
      const now = Date.now();
      if (paused) {
        upsert(id, workspaceId, { ...before, state: 'paused', probeAt: null, pausedReason: reason }, { pausedAt: now });
        hold(id, now);
      } else {
        upsert(id, workspaceId, { state: 'active', consecutiveFailures: 0, failingSince: null, probeAt: null, pausedReason: null }, {});
        release(id, now);
      }
      return { subscriptionId: id, workspaceId, from: before.state, to: paused ? 'paused' : 'active', reason: paused ? reason : null };
    }),
    replay: db.transaction((workspaceId: string, which: { deliveryId: string } | { subscriptionId: string }): number => {
      const now = Date.now();
      const revived = ('deliveryId' in which
        ? s.reviveOne.all({ now, id: Number(which.deliveryId), workspaceId })
        : s.reviveAll.all({ now, id: which.subscriptionId, workspaceId })) as Row[];
      const queues = new Map(revived.map((r) => [String(r.order_key), String(r.subscription_id)]));
      for (const [orderKey, subscriptionId] of queues) {
        const active = toHealthRow(read(subscriptionId)).state === 'active';
        s.addHead.run({ orderKey, due: active ? now : null });
        if (active) s.wake.run(subscriptionId, workspaceId, now);
      }
      for (const subscriptionId of new Set(queues.values())) s.probeNow.run({ id: subscriptionId, now });
      return revived.length;
    }),
    stateCounts() {
      const counts: Record<SubscriptionState, number> = { active: 0, failing: 0, paused: 0 };
      for (const row of s.counts.all() as Row[]) counts[String(row.state) as SubscriptionState] = Number(row.n);
      counts.active = Number((s.total.get() as Row).n) - counts.failing - counts.paused;
      return counts;
    },
  };
}
