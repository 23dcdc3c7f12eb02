/**
 * The automation runner's inbox and its memory of customers, for both stores. The applier adds one small row per
 * new inbound message of a workspace with rules (in its own transaction, instead of a delivery with the whole
 * record); the runner claims the oldest row of each customer (so a customer's messages run in order, also across
 * processes), and deletes it once the rules have run. `automation_contacts` keeps when a customer last wrote to
 * a number, so that greetings do not depend on the message history that retention prunes.
 */
import type { InboundMessageRecord } from '@kaiku/core';
import { toDate } from './shared.js';
import type { Row } from './shared.js';

/** Runs one statement of the inbox (see `SqlRunner` in store/automations.ts). */
export interface InboxSql {
  kind: 'sqlite' | 'postgres';
  all(sql: string, params: unknown[]): Promise<Row[]>;
  /** A writing statement's returned rows (SQLite commits it without an fsync, like the delivery queue). */
  write(sql: string, params: unknown[]): Promise<Row[]>;
  run(sql: string, params: unknown[]): Promise<number>;
}

/** A message the runner has claimed. */
export interface InboxItem {
  seq: number;
  workspaceId: string;
  messageId: string;
  waId: string;
  /** Failed attempts so far. */
  attempts: number;
  createdAt: Date;
  /** Null when the message is gone (retention, the workspace deleted): the item is simply finished. */
  record: InboundMessageRecord | null;
}

/** The inbox part of the automation store. */
export interface AutomationInbox {
  /**
   * Claims up to `limit` items, each the oldest waiting of its customer, for `leaseMs` (a crashed process's claims
   * return after it), none of the workspaces in `skip` (those that have as many in hand as they may).
   */
  claimInbox(limit: number, leaseMs: number, now: Date, skip?: string[]): Promise<InboxItem[]>;
  /** The rules have run on these items: they leave the inbox. */
  finishInbox(seqs: number[]): Promise<void>;
  /** An item failed and is tried again at `until`; the customer's later messages wait behind it. */
  holdInbox(seq: number, until: Date): Promise<void>;
  /** Messages waiting for the runner (or in its hands). */
  inboxCount(): Promise<number>;
  /**
   * Notes that the customer wrote to the number with this message and answers when they wrote before it (null:
   * never, as far as the runner has seen). Asked again for the same message, it answers the same.
   */
  noteContact(workspaceId: string, phoneNumberId: string, waId: string, messageId: string, at: Date): Promise<Date | null>;
}

/** The oldest unleased rows of customers with nothing older waiting (PostgreSQL skips rows another claim holds). */
function claimSql(kind: InboxSql['kind']): string {
  const skip = kind === 'postgres' ? 'i.workspace_id <> all(?::text[])' : 'i.workspace_id not in (select value from json_each(?))';
  return `update automation_inbox set leased_until = ? where seq in (
    select i.seq from automation_inbox i where (i.leased_until is null or i.leased_until <= ?) and ${skip}
      and not exists (select 1 from automation_inbox o where o.workspace_id = i.workspace_id and o.wa_id = i.wa_id and o.seq < i.seq)
    order by i.seq limit ?${kind === 'postgres' ? ' for update skip locked' : ''})
  returning seq, workspace_id, message_id, wa_id, attempts, created_at`;
}

async function records(db: InboxSql, rows: Row[]): Promise<Map<string, InboundMessageRecord>> {
  const found = new Map<string, InboundMessageRecord>();
  if (rows.length === 0) return found;
  const keys = rows.map((r) => [String(r.workspace_id), String(r.message_id)] as const);
  const stored = db.kind === 'postgres'
    ? await db.all('select workspace_id, id, record from inbound_messages where (workspace_id, id) in (select * from unnest(?::text[], ?::text[]))',
      [keys.map((k) => k[0]), keys.map((k) => k[1])])
    : (await Promise.all(keys.map((k) => db.all('select workspace_id, id, record from inbound_messages where workspace_id = ? and id = ?', [k[0], k[1]])))).flat();
  for (const row of stored) found.set(`${String(row.workspace_id)}\n${String(row.id)}`, JSON.parse(String(row.record)) as InboundMessageRecord);
  return found;
}

/** The inbox over a runner. */
export function automationInbox(db: InboxSql): AutomationInbox {
  return {
    async claimInbox(limit, leaseMs, now, skip = []) {
      const rows = await db.write(claimSql(db.kind), [now.getTime() + leaseMs, now.getTime(), db.kind === 'postgres' ? skip : JSON.stringify(skip), limit]);
      const byKey = await records(db, rows);
      return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map((row) => ({
        seq: Number(row.seq), workspaceId: String(row.workspace_id), messageId: String(row.message_id), waId: String(row.wa_id),
        attempts: Number(row.attempts), createdAt: toDate(row.created_at), record: byKey.get(`${String(row.workspace_id)}\n${String(row.message_id)}`) ?? null,
      }));
    },
    async finishInbox(seqs) {
      if (seqs.length === 0) return;
      await db.run(`delete from automation_inbox where seq in (${seqs.map(() => '?').join(', ')})`, seqs);
    },
    async holdInbox(seq, until) {
      await db.run('update automation_inbox set leased_until = ?, attempts = attempts + 1 where seq = ?', [until.getTime(), seq]);
    },
    async inboxCount() {
      const [row] = await db.all('select count(*) as n from automation_inbox', []);
      return Number(row?.n ?? 0);
    },
    async noteContact(workspaceId, phoneNumberId, waId, messageId, at) {
      // In the update, the right-hand columns are the row's values before it.
      const [row] = await db.write(`insert into automation_contacts (workspace_id, phone_number_id, wa_id, last_message_id, last_at, previous_at)
        values (?, ?, ?, ?, ?, null) on conflict (workspace_id, phone_number_id, wa_id) do update set
          previous_at = case when automation_contacts.last_message_id = excluded.last_message_id then automation_contacts.previous_at else automation_contacts.last_at end,
          last_at = excluded.last_at, last_message_id = excluded.last_message_id
        returning previous_at`, [workspaceId, phoneNumberId, waId, messageId, at.getTime()]);
      return row?.previous_at === null || row?.previous_at === undefined ? null : toDate(row.previous_at);
    },
  };
}
