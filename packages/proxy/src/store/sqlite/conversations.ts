/** Conversations, timelines, the read mark and the event log in SQLite (one process owns the file: ids are gap-free). */
import type { Database, Statement } from 'better-sqlite3';
import type { InboundMessageRecord } from '@kaiku/core';
import type { ConversationCursor, ConversationRow, InboundCursor, NewEvent, StoredEvent, TimelineCursor, TimelineItem } from '../conversation-types.js';
import { newestFirst, toConversationRow, toInboundItem, toOutboundItem, toStoredEvent } from '../conversation-rows.js';
import { likePattern } from '../events.js';
import type { Row } from '../shared.js';

const CONVERSATION = `select * from (select c.*,
    max(coalesce(c.last_inbound_at, 0), coalesce(c.last_outbound_at, 0), coalesce(c.consent_updated_at, 0)) as activity,
    (select count(*) from inbound_messages i where i.workspace_id = c.workspace_id and i.wa_id = c.wa_id
      and i.received_at > coalesce(c.read_at, -1)) as unread
  from contacts c where c.workspace_id = @workspaceId) c`;

/** Writes events; for the applier's and the sends' own transactions. */
export function sqliteEventWriter(db: Database): (workspaceId: string, events: NewEvent[]) => void {
  let insert: Statement | null = null;
  return (workspaceId, events) => {
    // Prepared on first use: the table exists only once the store has migrated.
    insert ??= db.prepare('insert into events (workspace_id, type, wa_id, data, created_at) values (?, ?, ?, ?, ?)');
    const now = Date.now();
    for (const event of events) insert.run(workspaceId, event.type, event.waId, JSON.stringify(event.data), now);
  };
}

/** The conversation queries over one database. */
export function sqliteConversations(db: Database) {
  const s = {
    list: db.prepare(`${CONVERSATION} where (@search is null or c.wa_id like @search escape '\\' or c.profile_name like @search escape '\\')
      and (@at is null or c.activity < @at or (c.activity = @at and c.wa_id > @waId)) order by c.activity desc, c.wa_id limit @limit`),
    one: db.prepare(`${CONVERSATION} where c.wa_id = @waId`),
    inbound: db.prepare(`select *, rowid as seq from inbound_messages where workspace_id = @workspaceId and wa_id = @waId
      and (@at is null or received_at < @at or (received_at = @at and rowid < @seq)) order by received_at desc, rowid desc limit @limit`),
    outbound: db.prepare(`select o.*, f.timestamp as failed_at, f.error_code as failed_code, f.error_message as failed_message
      from outbound_messages o left join message_statuses f on f.workspace_id = o.workspace_id and f.message_id = o.id and f.status = 'failed'
      where o.workspace_id = @workspaceId and o.wa_id = @waId and (@at is null or o.created_at < @at or (o.created_at = @at and o.id < @id))
      order by o.created_at desc, o.id desc limit @limit`),
    inboundById: db.prepare('select record from inbound_messages where workspace_id = ? and id = ?'),
    inboundPage: db.prepare(`select rowid as seq, received_at, record from inbound_messages where workspace_id = @workspaceId
      and received_at >= @since and (@type is null or type = @type)
      and (@at is null or received_at < @at or (received_at = @at and rowid < @seq)) order by received_at desc, rowid desc limit @limit`),
    newestInbound: db.prepare(`select id, received_at, json_extract(record, '$.phone_number_id') as phone_number_id from inbound_messages
      where workspace_id = ? and wa_id = ? order by received_at desc, rowid desc limit 1`),
    markRead: db.prepare('update contacts set read_at = @at where workspace_id = @workspaceId and wa_id = @waId and coalesce(read_at, -1) < @at'),
    events: db.prepare('select * from events where workspace_id = ? and id > ? order by id limit ?'),
    latest: db.prepare('select coalesce(max(id), 0) as id from events where workspace_id = ?'),
    kept: db.prepare('select 1 from events where workspace_id = ? and id = ?'),
  };
  const writeEvents = sqliteEventWriter(db);

  return {
    list(workspaceId: string, q: { cursor?: ConversationCursor; limit: number; search?: string }): ConversationRow[] {
      const search = q.search ? likePattern(q.search) : null;
      return (s.list.all({ workspaceId, search, at: q.cursor?.at ?? null, waId: q.cursor?.waId ?? null, limit: q.limit }) as Row[]).map(toConversationRow);
    },
    one(workspaceId: string, waId: string): ConversationRow | null {
      const row = s.one.get({ workspaceId, waId }) as Row | undefined;
      return row === undefined ? null : toConversationRow(row);
    },
    timeline(workspaceId: string, waId: string, q: { before?: TimelineCursor; limit: number }): TimelineItem[] {
      const params = { workspaceId, waId, at: q.before?.at ?? null, id: q.before?.id ?? null, seq: q.before?.seq ?? null, limit: q.limit };
      const items = [...(s.inbound.all(params) as Row[]).map(toInboundItem), ...(s.outbound.all(params) as Row[]).map(toOutboundItem)];
      return newestFirst(items, q.limit);
    },
    inboundById(workspaceId: string, id: string): InboundMessageRecord | null {
      const row = s.inboundById.get(workspaceId, id) as Row | undefined;
      return row === undefined ? null : (JSON.parse(String(row.record)) as InboundMessageRecord);
    },
    inboundPage(workspaceId: string, q: { since?: Date; limit: number; type?: string; before?: InboundCursor }) {
      const rows = s.inboundPage.all({
        workspaceId, since: q.since?.getTime() ?? 0, type: q.type ?? null, at: q.before?.at ?? null, seq: q.before?.seq ?? null, limit: q.limit,
      }) as Row[];
      return rows.map((row) => ({ record: JSON.parse(String(row.record)) as InboundMessageRecord, cursor: { at: Number(row.received_at), seq: Number(row.seq) } }));
    },
    markRead(workspaceId: string, waId: string): { lastInboundId: string | null; phoneNumberId: string | null } {
      return db.transaction(() => {
        const newest = s.newestInbound.get(workspaceId, waId) as Row | undefined;
        if (newest === undefined) return { lastInboundId: null, phoneNumberId: null };
        if (s.markRead.run({ at: Number(newest.received_at), workspaceId, waId }).changes === 1) writeEvents(workspaceId, [{ type: 'read', waId, data: { up_to: String(newest.id) } }]);
        return { lastInboundId: String(newest.id), phoneNumberId: newest.phone_number_id === null ? null : String(newest.phone_number_id) };
      })();
    },
    append(workspaceId: string, events: NewEvent[]): void {
      db.transaction(() => writeEvents(workspaceId, events))();
    },
    events(workspaceId: string, after: string | null, limit: number): StoredEvent[] {
      return (s.events.all(workspaceId, after === null ? 0 : Number(after), limit) as Row[]).map((row) => toStoredEvent(row, String(row.id)));
    },
    latest(workspaceId: string): string {
      return String((s.latest.get(workspaceId) as Row).id);
    },
    kept(workspaceId: string, cursor: string): boolean {
      return Number(cursor) === 0 || s.kept.get(workspaceId, Number(cursor)) !== undefined;
    },
  };
}

/** The conversation queries' type. */
export type SqliteConversations = ReturnType<typeof sqliteConversations>;
