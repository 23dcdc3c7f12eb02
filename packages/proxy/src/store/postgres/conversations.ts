/**
 * Conversations, timelines, the read mark and the event log in PostgreSQL. Several processes append events at
 * once and a sequence value is taken before its transaction commits, so the log is read in order of
 * (transaction id, id) and only up to the oldest transaction still running: a reader never passes an event
 * that commits later.
 */
import type { Pool } from 'pg';
import type { InboundMessageRecord } from '@kaiku/core';
import type { ConversationCursor, ConversationRow, InboundCursor, NewEvent, StoredEvent, TimelineCursor, TimelineItem } from '../conversation-types.js';
import { newestFirst, toConversationRow, toInboundItem, toOutboundItem, toStoredEvent } from '../conversation-rows.js';
import { likePattern } from '../events.js';
import type { Queryable } from './db.js';
import { query, transaction } from './db.js';

const CONVERSATION = `select * from (select c.*,
    greatest(coalesce(c.last_inbound_at, 0), coalesce(c.last_outbound_at, 0), coalesce(c.consent_updated_at, 0)) as activity,
    (select count(*) from inbound_messages i where i.workspace_id = c.workspace_id and i.wa_id = c.wa_id
      and i.received_at > coalesce(c.read_at, -1)) as unread
  from contacts c where c.workspace_id = $1) c`;

const COMMITTED = 'tx < pg_snapshot_xmin(pg_current_snapshot())';

/** Appends events inside the caller's transaction. */
export async function insertEvents(db: Queryable, workspaceId: string, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await query(db, `insert into events (workspace_id, type, wa_id, data, created_at)
    select $1, typ, wa, dat, $5 from unnest($2::text[], $3::text[], $4::text[]) with ordinality as t(typ, wa, dat, n) order by n`,
  [workspaceId, events.map((e) => e.type), events.map((e) => e.waId), events.map((e) => JSON.stringify(e.data)), Date.now()]);
}

function eventCursor(after: string | null): [string, string] {
  const [tx, id] = (after ?? '0.0').includes('.') ? (after ?? '0.0').split('.') : ['0', after ?? '0'];
  return [tx ?? '0', id ?? '0'];
}

/** Customers by newest activity, optionally searched. */
export async function listConversations(pool: Pool, workspaceId: string, q: { cursor?: ConversationCursor; limit: number; search?: string }): Promise<ConversationRow[]> {
  const rows = await query(pool, `${CONVERSATION} where ($2::text is null or c.wa_id ilike $2 or c.profile_name ilike $2)
    and ($3::bigint is null or c.activity < $3 or (c.activity = $3 and c.wa_id > $4)) order by c.activity desc, c.wa_id limit $5`,
  [workspaceId, q.search ? likePattern(q.search) : null, q.cursor?.at ?? null, q.cursor?.waId ?? null, q.limit]);
  return rows.map(toConversationRow);
}

/** One customer's row. */
export async function getConversation(pool: Pool, workspaceId: string, waId: string): Promise<ConversationRow | null> {
  const [row] = await query(pool, `${CONVERSATION} where c.wa_id = $2`, [workspaceId, waId]);
  return row === undefined ? null : toConversationRow(row);
}

/** One customer's messages, both directions, newest first. */
export async function listTimeline(pool: Pool, workspaceId: string, waId: string, q: { before?: TimelineCursor; limit: number }): Promise<TimelineItem[]> {
  const params = [workspaceId, waId, q.before?.at ?? null, q.before?.id ?? null, q.limit];
  const [inbound, outbound] = await Promise.all([
    query(pool, `select * from inbound_messages where workspace_id = $1 and wa_id = $2
      and ($3::bigint is null or received_at < $3 or (received_at = $3 and seq < $4)) order by received_at desc, seq desc limit $5`,
    [workspaceId, waId, q.before?.at ?? null, q.before?.seq ?? null, q.limit]),
    query(pool, `select o.*, f.timestamp as failed_at, f.error_code as failed_code, f.error_message as failed_message
      from outbound_messages o left join message_statuses f on f.workspace_id = o.workspace_id and f.message_id = o.id and f.status = 'failed'
      where o.workspace_id = $1 and o.wa_id = $2 and ($3::bigint is null or o.created_at < $3 or (o.created_at = $3 and o.id < $4))
      order by o.created_at desc, o.id desc limit $5`, params),
  ]);
  return newestFirst([...inbound.map(toInboundItem), ...outbound.map(toOutboundItem)], q.limit);
}

/** One inbound message. */
export async function getInboundMessage(pool: Pool, workspaceId: string, id: string): Promise<InboundMessageRecord | null> {
  const [row] = await query(pool, 'select record from inbound_messages where workspace_id = $1 and id = $2', [workspaceId, id]);
  return row === undefined ? null : (JSON.parse(String(row.record)) as InboundMessageRecord);
}

/** Inbound messages newest first with their positions. */
export async function pageInboundMessages(pool: Pool, workspaceId: string, q: { since?: Date; limit: number; type?: string; before?: InboundCursor }): Promise<Array<{ record: InboundMessageRecord; cursor: InboundCursor }>> {
  const rows = await query(pool, `select seq, received_at, record from inbound_messages where workspace_id = $1 and received_at >= $2
    and ($3::text is null or type = $3) and ($4::bigint is null or received_at < $4 or (received_at = $4 and seq < $5))
    order by received_at desc, seq desc limit $6`,
  [workspaceId, q.since?.getTime() ?? 0, q.type ?? null, q.before?.at ?? null, q.before?.seq ?? null, q.limit]);
  return rows.map((row) => ({ record: JSON.parse(String(row.record)) as InboundMessageRecord, cursor: { at: Number(row.received_at), seq: Number(row.seq) } }));
}

/** Marks the customer's messages so far read. */
export async function markConversationRead(pool: Pool, workspaceId: string, waId: string): Promise<{ lastInboundId: string | null; phoneNumberId: string | null }> {
  return transaction(pool, async (client) => {
    const [newest] = await query(client, `select id, received_at, record::json->>'phone_number_id' as phone_number_id from inbound_messages
      where workspace_id = $1 and wa_id = $2 order by received_at desc, seq desc limit 1`, [workspaceId, waId]);
    if (newest === undefined) return { lastInboundId: null, phoneNumberId: null };
    const updated = await query(client, `update contacts set read_at = greatest(coalesce(read_at, 0), $1) where workspace_id = $2 and wa_id = $3
      and coalesce(read_at, -1) < $1 returning wa_id`, [Number(newest.received_at), workspaceId, waId]);
    if (updated.length === 1) await insertEvents(client, workspaceId, [{ type: 'read', waId, data: { up_to: String(newest.id) } }]);
    return { lastInboundId: String(newest.id), phoneNumberId: newest.phone_number_id === null ? null : String(newest.phone_number_id) };
  });
}

/** Events after `after`, committed ones only, in commit-safe order. */
export async function listEvents(pool: Pool, workspaceId: string, after: string | null, limit: number): Promise<StoredEvent[]> {
  const [tx, id] = eventCursor(after);
  const rows = await query(pool, `select *, tx::text as tx_text from events where workspace_id = $1 and (tx, id) > ($2::xid8, $3::bigint)
    and ${COMMITTED} order by tx, id limit $4`, [workspaceId, tx, id, limit]);
  return rows.map((row) => toStoredEvent(row, `${String(row.tx_text)}.${String(row.id)}`));
}

/** The newest committed event's cursor. */
export async function latestEventCursor(pool: Pool, workspaceId: string): Promise<string> {
  const [row] = await query(pool, `select tx::text as tx_text, id from events where workspace_id = $1 and ${COMMITTED} order by tx desc, id desc limit 1`, [workspaceId]);
  return row === undefined ? '0.0' : `${String(row.tx_text)}.${String(row.id)}`;
}

/** Whether a stream can resume after `cursor`: it names no event, or one of the workspace that retention kept. */
export async function eventCursorKept(pool: Pool, workspaceId: string, cursor: string): Promise<boolean> {
  const [, id] = eventCursor(cursor);
  if (BigInt(id) === 0n) return true;
  return (await query(pool, 'select 1 from events where workspace_id = $1 and id = $2', [workspaceId, id])).length === 1;
}
