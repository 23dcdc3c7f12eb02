/**
 * The delivery queue in PostgreSQL, shared by several processes. Each (subscription, customer) queue has a head
 * row holding its oldest pending delivery and when it is due; a claim leases due heads chosen from an index with
 * FOR UPDATE SKIP LOCKED, so each delivery is in flight in one process at a time and the claim's cost does not
 * grow with the backlog. Order per customer is the order in which deliveries were enqueued (their id).
 */
import type { Pool, PoolClient } from 'pg';
import type { ClaimedDelivery, Delivery, DeliveryFailure } from '../types.js';
import { SUBSCRIPTION_JOIN_COLUMNS, joinedSubscription, toDelivery } from '../shared.js';
import type { Row } from '../shared.js';
import { afterFailure } from '../delivery-health.js';
import type { HealthChange, HealthPolicy } from '../delivery-health.js';
import { query, transaction } from './db.js';
import { holdQueues, readHealthForUpdate, recordFailure, releaseQueues } from './health.js';

/** When this process last wrote a subscription's `last_success_at` (it is written at most once a second). */
const lastSuccessWritten = new Map<string, number>();

/** A transaction whose commit does not wait for the WAL flush (queue bookkeeping: a lost commit only repeats a delivery). */
function relaxedTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return transaction(pool, work, { relaxed: true });
}

/** When a failing subscription has nothing to probe, it is looked at again after this long. */
const IDLE_PROBE_MS = 60_000;

/**
 * The claim in one statement: due subscriptions (longest waiting first, through `subscription_health_due`); of each
 * its due heads (through `delivery_heads_due`, locked so that two processes take different ones), interleaved round
 * robin (every subscription's first head, then every second head…); the heads leased; and each subscription put
 * behind the others that wait, or asleep until its next queue is due (tests assert the plan). A queue whose head
 * came from a receipt after the first one still being applied waits for it (another process may be about to enqueue
 * an earlier event of the same customer); a receipt whose applier died (its claim ran out) is not waited for.
 * The new `due_at` is worked out from what the statement saw; a writer that changed the row meanwhile (a replay, a
 * recovery, an earlier wake) committed a queue this statement could not see, so its `due_at` is kept. Only active
 * subscriptions are claimed here: a failing one's queues go one at a time through its probe, a paused one's wait, even
 * a head that a writer which read "active" just before the change left due.
 */
export const POSTGRES_CLAIM_SQL = `with first_unapplied as (
    select coalesce(min(id), 9223372036854775807) from webhook_receipts where applied_at is null and quarantined_at is null and (claimed_until is null or claimed_until > $1)),
  subs as (
    select subscription_id, due_at from subscription_health where due_at <= $1 and state = 'active' and subscription_id <> all($4::text[])
    order by due_at limit $2),
  picked as (select x.order_key, x.subscription_id from (
      select h.order_key, subs.subscription_id, subs.due_at as sub_due,
        row_number() over (partition by subs.subscription_id order by h.due_at) as turn
      from subs cross join lateral (select order_key, due_at from delivery_heads h where h.subscription_id = subs.subscription_id
        and h.due_at <= $1 and h.receipt_id < (table first_unapplied) order by h.due_at limit $2 for update skip locked) h) x
    order by x.turn, x.sub_due limit $2),
  leased as (update delivery_heads h set due_at = $1 + $3, leased_until = $1 + $3 from picked where h.order_key = picked.order_key
    and h.due_at <= $1 returning h.delivery_id),
  resched as (update subscription_health sh set due_at = case when n.next is null then null else greatest($1, n.next) end
    from (select subs.subscription_id, subs.due_at as seen, least(
        (select min(h.due_at) from delivery_heads h where h.subscription_id = subs.subscription_id and h.due_at is not null
          and h.order_key not in (select order_key from picked)),
        case when exists (select 1 from picked p where p.subscription_id = subs.subscription_id) then $1 + $3 end) as next
      from subs) n
    where sh.subscription_id = n.subscription_id and sh.due_at = n.seen)
  select d.*, ${SUBSCRIPTION_JOIN_COLUMNS} from leased join deliveries d on d.id = leased.delivery_id join subscriptions s on s.id = d.subscription_id`;

/**
 * The health rows of the subscriptions in $1 (text[]) that would be made due at $2, locked in id order, as every
 * writer of several locks them (an `in (… order by …)` does not keep the order: the planner may hash it). A row
 * already due is not locked at all.
 */
const LOCK_IN_ORDER = `with locked as (select subscription_id from subscription_health where subscription_id = any($1::text[])
    and (due_at is null or due_at > $2::bigint) order by subscription_id for update)`;

/**
 * A subscription is due when its earliest queue is: `due_at` only ever moves earlier here. A plain conditional
 * update locks the row only when it changes it (a subscription already due is not locked at all).
 */
export async function wakeSubscriptions(client: PoolClient, subs: Array<{ subscriptionId: string; workspaceId: string }>, at: number): Promise<void> {
  if (subs.length === 0) return;
  const unique = [...new Map(subs.map((s) => [s.subscriptionId, s.workspaceId])).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const ids = unique.map(([s]) => s);
  await query(client, `insert into subscription_health (subscription_id, workspace_id, due_at) select s, w, $3::bigint from unnest($1::text[], $2::text[]) as t(s, w)
    on conflict (subscription_id) do nothing`, [ids, unique.map(([, w]) => w), at]);
  await wakeInOrder(client, ids, at);
}

/** Makes the subscriptions due at `at` unless they are due sooner, locking their rows in id order. */
async function wakeInOrder(client: PoolClient, ids: string[], at: number): Promise<void> {
  if (ids.length === 0) return;
  await query(client, `${LOCK_IN_ORDER} update subscription_health sh set due_at = $2::bigint from locked where sh.subscription_id = locked.subscription_id`, [ids, at]);
}

/**
 * One probe per failing subscription whose probe is due and that has none in flight (a slow probe keeps its lease
 * renewed): its oldest head is leased and its next probe put a lease ahead (also when its heads were all locked by a
 * writer at that moment), or a minute ahead when it has nothing to try. One statement: the health rows stay locked until the heads are leased, so a replay that brings the probe
 * forward waits and then sees the probe in flight, and another process skips them; rows are taken with SKIP LOCKED,
 * so this never waits for a lock.
 */
const CLAIM_PROBES = `with probe as (select subscription_id from subscription_health sh where state = 'failing' and probe_at <= $1
    and not exists (select 1 from delivery_heads h where h.subscription_id = sh.subscription_id and h.leased_until > $1)
    order by probe_at limit $2 for update skip locked),
  head as (select probe.subscription_id, h.order_key from probe cross join lateral (select order_key from delivery_heads h
    where h.subscription_id = probe.subscription_id and (h.leased_until is null or h.leased_until <= $1)
    order by h.delivery_id limit 1 for update skip locked) h),
  leased as (update delivery_heads h set due_at = $1 + $3, leased_until = $1 + $3 from head where h.order_key = head.order_key
    returning h.delivery_id),
  later as (update subscription_health sh set probe_at = case when exists (select 1 from delivery_heads h where h.subscription_id = sh.subscription_id)
      then $1 + $3 else $1 + $4 end
    from probe where sh.subscription_id = probe.subscription_id)
  select d.*, ${SUBSCRIPTION_JOIN_COLUMNS} from leased join deliveries d on d.id = leased.delivery_id join subscriptions s on s.id = d.subscription_id`;

/**
 * Queues of active subscriptions that no claim would look at. Two races leave them, both because the applier does not
 * lock a subscription's row for every webhook (that would cost every webhook):
 * - held: whether a new head is held is decided from the health row as the writer read it; a writer that read
 *   "failing" just before a recovery committed, and committed its held head just after the recovery released the
 *   queues, leaves that queue held under an active subscription, where no probe ever looks;
 * - asleep: a claim that saw a due subscription without a queue puts it to sleep (`due_at` null); an applier whose
 *   wake changed nothing (the subscription was already due) and that committed a new queue while that claim ran
 *   leaves a due queue under a sleeping subscription, until another customer of it writes.
 * This finds both (one probe of `delivery_heads_held` and one of `delivery_heads_due` per active subscription),
 * releases the held queues and wakes the subscription.
 */
const FIND_STRANDED = `select sh.subscription_id from subscription_health sh where sh.state = 'active'
    and (exists (select 1 from delivery_heads h where h.subscription_id = sh.subscription_id and h.due_at is null)
      or coalesce(sh.due_at, 9223372036854775807) > (select min(h.due_at) from delivery_heads h
        where h.subscription_id = sh.subscription_id and h.due_at is not null))`;

/** Releases their held heads, locked in order_key order as every writer locks heads (before any health row). */
const RELEASE_HELD = `with held as (select order_key from delivery_heads h where h.subscription_id = any($2::text[]) and h.due_at is null
    and exists (select 1 from subscription_health sh where sh.subscription_id = h.subscription_id and sh.state = 'active')
    order by order_key for update)
  update delivery_heads h set due_at = $1, leased_until = null from held where h.order_key = held.order_key and h.due_at is null`;

const WAKE_STRANDED = `${LOCK_IN_ORDER} update subscription_health sh set due_at = $2 from locked
  where sh.subscription_id = locked.subscription_id and sh.state = 'active'`;

/** How often a process looks for stranded queues, and when each pool last did. */
const STRANDED_EVERY_MS = 1_000;
const strandedLookedAt = new WeakMap<Pool, number>();

/**
 * Releases stranded queues (see FIND_STRANDED), at most once a second per pool. Finding takes no lock, and the heads
 * and the health rows are written in statements of their own, so the sweep never holds a health row while it waits
 * for a head that a replay or an applier holds (they lock heads first, then health).
 */
async function releaseStranded(pool: Pool, now: number): Promise<void> {
  if (now - (strandedLookedAt.get(pool) ?? 0) < STRANDED_EVERY_MS) return;
  strandedLookedAt.set(pool, now);
  const stranded = (await query(pool, FIND_STRANDED, [])).map((row) => String(row.subscription_id));
  if (stranded.length === 0) return;
  await query(pool, RELEASE_HELD, [now, stranded]);
  await query(pool, WAKE_STRANDED, [stranded, now]);
}

/** Claims one probe per failing subscription whose probe is due, then due heads, each for `leaseMs`. */
export async function claimDeliveries(pool: Pool, limit: number, leaseMs: number, skip: string[], now = Date.now()): Promise<ClaimedDelivery[]> {
  await releaseStranded(pool, now);
  const rows: Row[] = await query(pool, CLAIM_PROBES, [now, limit, leaseMs, IDLE_PROBE_MS]);
  if (rows.length < limit) {
    rows.push(...await query(pool, POSTGRES_CLAIM_SQL, [now, limit - rows.length, leaseMs, skip]));
  }
  rows.sort((a, b) => Number(a.id) - Number(b.id));
  return rows.map((row) => ({ ...toDelivery(row), subscription: joinedSubscription(row) }));
}

type QueueRef = { id: string; orderKey: string };

/** Extends the leases of deliveries still in flight. */
export async function renewLeases(pool: Pool, deliveries: QueueRef[], until: number): Promise<void> {
  if (deliveries.length === 0) return;
  await query(pool, `update delivery_heads h set due_at = $1, leased_until = $1
    from unnest($2::text[], $3::bigint[]) as t(k, id) where h.order_key = t.k and h.delivery_id = t.id and h.leased_until is not null`,
  [until, deliveries.map((d) => d.orderKey), deliveries.map((d) => d.id)]);
}

type Finished = { orderKey: string; id: string; active: boolean };

function sortedHeads(finished: Array<{ orderKey: string; id: string }>): { keys: string[]; ids: string[] } {
  const sorted = [...finished].sort((a, b) => (a.orderKey < b.orderKey ? -1 : 1));
  return { keys: sorted.map((f) => f.orderKey), ids: sorted.map((f) => f.id) };
}

/**
 * Locks the heads of finished deliveries, in order_key order, before anything else of theirs (health rows come
 * after, as in the applier and the claim): so an applier enqueueing behind them either commits before the next
 * delivery is looked up or waits, and the lock order is the same everywhere.
 */
async function lockHeads(client: PoolClient, finished: Array<{ orderKey: string; id: string }>): Promise<void> {
  if (finished.length === 0) return;
  const { keys, ids } = sortedHeads(finished);
  await query(client, `select h.order_key from delivery_heads h join unnest($1::text[], $2::bigint[]) as t(k, id)
    on h.order_key = t.k and h.delivery_id = t.id order by h.order_key for update of h`, [keys, ids]);
}

/**
 * Moves locked heads on: the next pending delivery of each queue becomes its head (due now when its subscription
 * is active, held otherwise), or the head goes; the subscriptions with a queue due now are woken (in id order).
 */
async function advance(client: PoolClient, finished: Finished[], now: number): Promise<void> {
  if (finished.length === 0) return;
  const sorted = [...finished].sort((a, b) => (a.orderKey < b.orderKey ? -1 : 1));
  const keys = sorted.map((f) => f.orderKey);
  const ids = sorted.map((f) => f.id);
  const woken = await query(client, `with t as (select * from unnest($1::text[], $2::bigint[], $3::boolean[]) as t(k, id, active)),
    nxt as (select h.order_key, t.active, e.id as next_id, e.receipt_id as next_receipt
      from delivery_heads h join t on h.order_key = t.k and h.delivery_id = t.id
      left join lateral (select e.id, e.receipt_id from deliveries e where e.order_key = h.order_key and e.state = 'pending'
        order by e.receipt_id, e.id limit 1) e on true),
    moved as (update delivery_heads h set delivery_id = nxt.next_id, receipt_id = nxt.next_receipt, due_at = case when nxt.active then $4::bigint end, leased_until = null
      from nxt where h.order_key = nxt.order_key and nxt.next_id is not null returning h.subscription_id, h.workspace_id, h.due_at),
    gone as (delete from delivery_heads h using nxt where h.order_key = nxt.order_key and nxt.next_id is null)
    select distinct subscription_id from moved where due_at is not null`,
  [keys, ids, sorted.map((f) => f.active), now]);
  await wakeInOrder(client, woken.map((row) => String(row.subscription_id)), now);
}

/**
 * Marks deliveries done and moves their queues on (one transaction: heads, then subscriptions, the order every
 * writer locks them in); then records the successes: a failing subscription that succeeded is active again and its
 * held queues are released (answered as changes). `last_success_at` is written at most once a second per
 * subscription, so that a busy subscription's row is not locked by every batch.
 */
export async function completeDeliveries(pool: Pool, ids: string[]): Promise<HealthChange[]> {
  if (ids.length === 0) return [];
  const now = Date.now();
  const done = await relaxedTransaction(pool, async (client) => {
    // The heads are locked in their own statement, so that the next one sees what an applier holding one committed.
    const rows = await query(client, `with done as (update deliveries set state = 'done', attempts = attempts + 1, last_error = null
        where id = any($1::bigint[]) and state = 'pending' returning id, order_key, subscription_id, workspace_id)
      select d.*, coalesce(sh.state, 'active') = 'active' as active from (select * from done order by order_key) d
        cross join lateral (select count(*) from (select 1 from delivery_heads h where h.order_key = d.order_key and h.delivery_id = d.id
          for update) l) locked
        left join subscription_health sh on sh.subscription_id = d.subscription_id`, [ids]);
    await advance(client, rows.map((r) => ({ orderKey: String(r.order_key), id: String(r.id), active: r.active === true })), now);
    return rows;
  });
  if (done.length === 0) return [];
  // Only failing subscriptions, and last_success_at once a second, need their row written.
  const subs = [...new Set(done.filter((r) => r.active !== true || (lastSuccessWritten.get(String(r.subscription_id)) ?? 0) < now - 1000)
    .map((r) => String(r.subscription_id)))].sort();
  if (subs.length === 0) return [];
  for (const sub of subs) lastSuccessWritten.set(sub, now);
  const recovered = await query(pool, `with old as (select subscription_id, state from subscription_health where subscription_id = any($1::text[]))
    update subscription_health sh set last_success_at = $2::bigint, consecutive_failures = 0, probe_at = null,
      failing_since = case when sh.state = 'paused' then sh.failing_since end,
      state = case when sh.state = 'failing' then 'active' else sh.state end
    from old where sh.subscription_id = old.subscription_id
      and (sh.state = 'failing' or sh.last_success_at is null or sh.last_success_at < $2::bigint - 1000 or sh.consecutive_failures <> 0)
    returning sh.subscription_id, sh.workspace_id, old.state as before`, [subs, now]);
  const changes: HealthChange[] = [];
  for (const row of recovered.filter((r) => r.before === 'failing')) {
    await releaseQueues(pool, String(row.subscription_id), now);
    changes.push({ subscriptionId: String(row.subscription_id), workspaceId: String(row.workspace_id), from: 'failing', to: 'active', reason: null });
  }
  return changes;
}

/** Schedules retries (or dead-letters those without a next attempt) in one transaction, and records the failures' effect on health. */
export function failDeliveries(pool: Pool, failures: DeliveryFailure[], policy: HealthPolicy): Promise<HealthChange[]> {
  if (failures.length === 0) return Promise.resolve([]);
  return relaxedTransaction(pool, async (client) => {
    const changes: HealthChange[] = [];
    // Heads first (order_key order), then subscriptions (id order): the order every writer locks them in.
    await lockHeads(client, failures);
    for (const f of [...failures].sort((x, y) => (x.subscriptionId < y.subscriptionId ? -1 : x.subscriptionId > y.subscriptionId ? 1 : Number(x.id) - Number(y.id)))) {
      const change = await failOne(client, f.id, f.error, f.nextAttemptAt, policy);
      if (change !== null) changes.push(change);
    }
    return changes;
  });
}

async function failOne(client: PoolClient, id: string, error: string, nextAttemptAt: Date | null, policy: HealthPolicy): Promise<HealthChange | null> {
  const now = Date.now();
  const [row] = nextAttemptAt === null
    ? await query(client, "update deliveries set state = 'dead', attempts = attempts + 1, last_error = $1 where id = $2 and state = 'pending' returning *", [error, id])
    : await query(client, "update deliveries set attempts = attempts + 1, next_attempt_at = $1, last_error = $2 where id = $3 and state = 'pending' returning *",
      [nextAttemptAt.getTime(), error, id]);
  if (row === undefined) return null;
  const subscriptionId = String(row.subscription_id);
  const workspaceId = String(row.workspace_id);
  const orderKey = String(row.order_key);
  const before = await readHealthForUpdate(client, subscriptionId);
  const after = afterFailure(before, now, error, policy);
  await recordFailure(client, subscriptionId, workspaceId, after, error, now);
  if (before.state === 'active' && after.state !== 'active') await holdQueues(client, subscriptionId, now);
  if (nextAttemptAt === null) await advance(client, [{ orderKey, id, active: after.state === 'active' }], now);
  else {
    const due = after.state === 'active' ? nextAttemptAt.getTime() : null;
    await query(client, 'update delivery_heads set due_at = $1, leased_until = null where order_key = $2 and delivery_id = $3', [due, orderKey, id]);
    if (due !== null) await wakeSubscriptions(client, [{ subscriptionId, workspaceId }], due);
  }
  if (before.state === after.state) return null;
  return { subscriptionId, workspaceId, from: before.state, to: after.state, reason: after.state === 'paused' ? after.pausedReason : error };
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
