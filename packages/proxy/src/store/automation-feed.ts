/**
 * What the automation runner reads, for both stores. The applier writes nothing for it: the runner follows each
 * workspace's event log (`events`, the log `GET /v1/events` reads) from a stored cursor, one cursor per workspace
 * with rules, held by one process at a time under a lease. A message whose rules failed is parked (with the
 * customer's later messages behind it) in `automation_parked`, the rare path; only a customer's oldest parked
 * message is due (`due_at`), so a claim reads due rows through an index and never walks a long queue.
 * PostgreSQL reads the log in (transaction id, id) order and only up to the oldest transaction still running, so a
 * cursor never passes an event that commits later.
 */
import type { InboundMessageRecord } from '@kaiku/core';
import { toDate } from './shared.js';
import type { Row } from './shared.js';

/** Runs one statement of the feed (see `SqlRunner` in store/automations.ts). */
export interface FeedSql {
  kind: 'sqlite' | 'postgres';
  all(sql: string, params: unknown[]): Promise<Row[]>;
  /** A writing statement's returned rows (SQLite commits it without an fsync, like the delivery queue). */
  write(sql: string, params: unknown[]): Promise<Row[]>;
  run(sql: string, params: unknown[]): Promise<number>;
}

/** A workspace's cursor this process holds: the log position after which its messages wait. */
export interface FeedLease {
  workspaceId: string;
  /** Opaque: `id` (SQLite) or `tx.id` (PostgreSQL). */
  position: string;
}

/** An inbound message read from the log. */
export interface FeedMessage {
  position: string;
  messageId: string;
  waId: string;
  /** When the applier stored it. */
  createdAt: Date;
}

/** A parked message (its rules failed, or it waits behind the customer's parked message). */
export interface ParkedMessage {
  seq: number;
  workspaceId: string;
  messageId: string;
  waId: string;
  attempts: number;
  createdAt: Date;
}

/** Messages waiting for the runner: log entries after the cursors (a cursor distance, no scan) and parked ones. */
export interface FeedBacklog {
  waiting: number;
  /** When the oldest of them was stored; null when none waits. */
  oldestAt: Date | null;
}

/** The feed part of the automation store. */
export interface AutomationFeed {
  /** Starts a workspace's cursor at the newest committed event (its rules run on messages from now on); no-op when it has one. */
  openFeed(workspaceId: string): Promise<void>;
  /** Drops the cursor and parked messages of a workspace that has no rule left. */
  closeFeedIfUnused(workspaceId: string): Promise<void>;
  /** Takes the cursors no live process holds and renews this owner's own, until `now + leaseMs`. */
  leaseFeeds(owner: string, leaseMs: number, now: Date): Promise<FeedLease[]>;
  /** Gives this owner's cursors up (a clean stop): another process takes them at once. */
  releaseFeeds(owner: string): Promise<void>;
  /** Up to `limit` log entries after `after`: the inbound messages among them, and the position of the last one read. */
  readFeed(workspaceId: string, after: string, limit: number): Promise<{ messages: FeedMessage[]; end: string }>;
  /** Moves the cursor on (and renews the lease); false when `owner` no longer holds it. */
  advanceFeed(workspaceId: string, owner: string, position: string, leaseMs: number, now: Date): Promise<boolean>;
  /** The stored messages (gone: retention, a deleted workspace) by id. */
  inboundRecords(workspaceId: string, messageIds: string[]): Promise<Map<string, InboundMessageRecord>>;
  /** Parks a message: due at `dueAt`, or behind the customer's parked messages when it has any (a replay parks nothing twice). */
  park(message: { workspaceId: string; messageId: string; waId: string; createdAt: Date; attempts: number }, dueAt: Date): Promise<void>;
  /** The customers of a workspace that have parked messages. */
  parkedCustomers(workspaceId: string): Promise<Set<string>>;
  /** Up to `limit` due parked messages of a workspace (each its customer's oldest), held for `leaseMs`. */
  claimParked(workspaceId: string, limit: number, leaseMs: number, now: Date): Promise<ParkedMessage[]>;
  /** A parked message is done: it goes, and the customer's next one is due at once; false when none is left. */
  finishParked(message: ParkedMessage, now: Date): Promise<boolean>;
  /** A parked message failed again: tried at `until`. */
  holdParked(seq: number, until: Date): Promise<void>;
  backlog(): Promise<FeedBacklog>;
}

const COMMITTED = 'tx < pg_snapshot_xmin(pg_current_snapshot())';

/**
 * Due parked messages of a workspace (params: lease end, workspace, now, limit): only a customer's oldest parked
 * message has a `due_at`, so the claim reads due rows through `automation_parked_due` however long a queue is.
 */
export const PARKED_CLAIM_SQL = `update automation_parked set due_at = ? where seq in (select seq from automation_parked
  where workspace_id = ? and due_at is not null and due_at <= ? order by due_at limit ?) returning *`;

function pgPosition(position: string): [string, string] {
  const [tx, id] = position.split('.');
  return [tx ?? '0', id ?? '0'];
}

function isInboundMessage(row: Row): boolean {
  if (row.type !== 'message') return false;
  const data = JSON.parse(String(row.data)) as { direction?: string; id?: string };
  return data.direction === 'inbound' && typeof data.id === 'string';
}

function toParked(row: Row): ParkedMessage {
  return {
    seq: Number(row.seq), workspaceId: String(row.workspace_id), messageId: String(row.message_id), waId: String(row.wa_id),
    attempts: Number(row.attempts), createdAt: toDate(row.created_at),
  };
}

/** The SQL that differs between the stores. */
function dialect(kind: FeedSql['kind']) {
  if (kind === 'sqlite') {
    return {
      open: `insert into automation_cursors (workspace_id, after_id) select ?, coalesce((select max(id) from events where workspace_id = ?), 0)
        on conflict do nothing`,
      lease: `update automation_cursors set owner = ?, leased_until = ? where owner = ? or leased_until is null or leased_until <= ?
        returning workspace_id, cast(after_id as text) as position`,
      read: 'select id as position, type, wa_id, data, created_at from events where workspace_id = ? and id > ? order by id limit ?',
      readParams: (after: string): unknown[] => [Number(after)],
      advance: 'update automation_cursors set after_id = ?, leased_until = ? where workspace_id = ? and owner = ?',
      advanceParams: (position: string): unknown[] => [Number(position)],
      backlog: `select (select max(e.id) from events e where e.workspace_id = c.workspace_id) - c.after_id as waiting,
        (select e.created_at from events e where e.workspace_id = c.workspace_id and e.id > c.after_id order by e.id limit 1) as oldest
        from automation_cursors c`,
    };
  }
  return {
    open: `insert into automation_cursors (workspace_id, after_tx, after_id) select ?::text, coalesce(l.tx, '0'::xid8), coalesce(l.id, 0)
      from (select 1) one left join lateral (select tx, id from events where workspace_id = ? and ${COMMITTED} order by tx desc, id desc limit 1) l on true
      on conflict do nothing`,
    lease: `update automation_cursors set owner = ?, leased_until = ? where owner = ? or leased_until is null or leased_until <= ?
      returning workspace_id, after_tx::text || '.' || after_id::text as position`,
    read: `select tx::text || '.' || id::text as position, type, wa_id, data, created_at from events
      where workspace_id = ? and (tx, id) > (?::xid8, ?::bigint) and ${COMMITTED} order by tx, id limit ?`,
    readParams: (after: string): unknown[] => pgPosition(after),
    advance: 'update automation_cursors set after_tx = ?::xid8, after_id = ?, leased_until = ? where workspace_id = ? and owner = ?',
    advanceParams: (position: string): unknown[] => pgPosition(position),
    // Ids are taken before commit, so the distance of ids is an estimate; it is 0 only when nothing committed is after
    // the cursor (also what the runner cannot read yet, behind a transaction still running).
    backlog: `select case when l.tx is null or (l.tx, l.id) <= (c.after_tx, c.after_id) then 0 else greatest(1, l.id - c.after_id) end as waiting,
      (select e.created_at from events e where e.workspace_id = c.workspace_id and (e.tx, e.id) > (c.after_tx, c.after_id)
        order by e.tx, e.id limit 1) as oldest
      from automation_cursors c left join lateral (select e.tx, e.id from events e where e.workspace_id = c.workspace_id
        order by e.tx desc, e.id desc limit 1) l on true`,
  };
}

/** The feed over a runner. */
export function automationFeed(db: FeedSql): AutomationFeed {
  const sql = dialect(db.kind);
  return {
    async openFeed(workspaceId) {
      await db.run(sql.open, [workspaceId, workspaceId]);
    },
    async closeFeedIfUnused(workspaceId) {
      const unused = 'not exists (select 1 from automations where workspace_id = ?)';
      await db.run(`delete from automation_cursors where workspace_id = ? and ${unused}`, [workspaceId, workspaceId]);
      await db.run(`delete from automation_parked where workspace_id = ? and ${unused}`, [workspaceId, workspaceId]);
    },
    async leaseFeeds(owner, leaseMs, now) {
      const rows = await db.write(sql.lease, [owner, now.getTime() + leaseMs, owner, now.getTime()]);
      return rows.map((row) => ({ workspaceId: String(row.workspace_id), position: String(row.position) }));
    },
    async releaseFeeds(owner) {
      await db.run('update automation_cursors set owner = null, leased_until = null where owner = ?', [owner]);
    },
    async readFeed(workspaceId, after, limit) {
      const rows = await db.all(sql.read, [workspaceId, ...sql.readParams(after), limit]);
      const messages = rows.filter(isInboundMessage).map((row) => ({
        position: String(row.position), messageId: String((JSON.parse(String(row.data)) as { id: string }).id), waId: String(row.wa_id), createdAt: toDate(row.created_at),
      }));
      return { messages, end: rows.length === 0 ? after : String(rows[rows.length - 1]?.position) };
    },
    async advanceFeed(workspaceId, owner, position, leaseMs, now) {
      return (await db.run(sql.advance, [...sql.advanceParams(position), now.getTime() + leaseMs, workspaceId, owner])) === 1;
    },
    async inboundRecords(workspaceId, messageIds) {
      const found = new Map<string, InboundMessageRecord>();
      if (messageIds.length === 0) return found;
      const rows = db.kind === 'postgres'
        ? await db.all('select id, record from inbound_messages where workspace_id = ? and id = any(?::text[])', [workspaceId, messageIds])
        : await db.all(`select id, record from inbound_messages where workspace_id = ? and id in (select value from json_each(?))`, [workspaceId, JSON.stringify(messageIds)]);
      for (const row of rows) found.set(String(row.id), JSON.parse(String(row.record)) as InboundMessageRecord);
      return found;
    },
    async park(m, dueAt) {
      await db.run(`insert into automation_parked (workspace_id, message_id, wa_id, attempts, due_at, created_at)
        select cast(? as text), cast(? as text), cast(? as text), cast(? as integer),
          case when exists (select 1 from automation_parked where workspace_id = ? and wa_id = ?) then null else cast(? as bigint) end, cast(? as bigint)
        on conflict do nothing`, [m.workspaceId, m.messageId, m.waId, m.attempts, m.workspaceId, m.waId, dueAt.getTime(), m.createdAt.getTime()]);
    },
    async parkedCustomers(workspaceId) {
      const rows = await db.all('select distinct wa_id from automation_parked where workspace_id = ?', [workspaceId]);
      return new Set(rows.map((row) => String(row.wa_id)));
    },
    async claimParked(workspaceId, limit, leaseMs, now) {
      const rows = await db.write(PARKED_CLAIM_SQL, [now.getTime() + leaseMs, workspaceId, now.getTime(), limit]);
      return rows.map(toParked).sort((a, b) => a.seq - b.seq);
    },
    async finishParked(m, now) {
      await db.run('delete from automation_parked where seq = ?', [m.seq]);
      const next = await db.run(`update automation_parked set due_at = ? where seq = (select min(seq) from automation_parked
        where workspace_id = ? and wa_id = ?)`, [now.getTime(), m.workspaceId, m.waId]);
      return next === 1;
    },
    async holdParked(seq, until) {
      await db.run('update automation_parked set due_at = ?, attempts = attempts + 1 where seq = ?', [until.getTime(), seq]);
    },
    async backlog() {
      const cursors = await db.all(sql.backlog, []);
      const [parked] = await db.all('select count(*) as n, min(created_at) as oldest from automation_parked', []);
      const oldest = [...cursors.map((row) => row.oldest), parked?.oldest].filter((at) => at !== null && at !== undefined).map((at) => Number(at));
      return {
        waiting: cursors.reduce((sum, row) => sum + Math.max(0, Number(row.waiting ?? 0)), 0) + Number(parked?.n ?? 0),
        oldestAt: oldest.length === 0 ? null : toDate(Math.min(...oldest)),
      };
    },
  };
}
