/** Rows → conversation types, for both stores (dates as epoch milliseconds, JSON as text). */
import type { InboundMessageRecord } from '@kaiku/core';
import type { ConsoleEventType, ConversationRow, StoredEvent, TimelineCursor, TimelineItem } from './conversation-types.js';
import { toContact, toDate, toDateOrNull, toOutbound } from './shared.js';
import type { Row } from './shared.js';

/** A contacts row with `activity` and `unread` → ConversationRow. */
export function toConversationRow(row: Row): ConversationRow {
  return { ...toContact(row), readAt: toDateOrNull(row.read_at), lastActivityAt: toDate(row.activity), unreadCount: Number(row.unread) };
}

/** An inbound_messages row → timeline item. */
export function toInboundItem(row: Row): TimelineItem {
  return { direction: 'inbound', id: String(row.id), at: toDate(row.received_at), seq: Number(row.seq), record: JSON.parse(String(row.record)) as InboundMessageRecord };
}

/** An outbound_messages row, with `failed_code`/`failed_message` of its failed status joined → timeline item. */
export function toOutboundItem(row: Row): TimelineItem {
  const failed = row.failed_at !== null && row.failed_at !== undefined;
  return {
    direction: 'outbound', id: String(row.id), at: toDate(row.created_at), seq: OUTBOUND_SEQ, message: toOutbound(row),
    failure: failed ? { code: row.failed_code === null ? null : Number(row.failed_code), message: row.failed_message === null ? null : String(row.failed_message) } : null,
  };
}

/** The `seq` of outbound items: above every inbound one. */
export const OUTBOUND_SEQ = Number.MAX_SAFE_INTEGER;

/** Timeline order (see `TimelineItem`), cut to `limit`. */
export function newestFirst(items: TimelineItem[], limit: number): TimelineItem[] {
  return items.sort((a, b) => b.at.getTime() - a.at.getTime() || b.seq - a.seq || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, limit);
}

/** The cursor that continues after `item`. */
export function timelineCursor(item: TimelineItem): TimelineCursor {
  return { at: item.at.getTime(), id: item.direction === 'outbound' ? item.id : '', seq: item.seq };
}

/** An events row → StoredEvent with the given cursor. */
export function toStoredEvent(row: Row, cursor: string): StoredEvent {
  return {
    cursor, type: String(row.type) as ConsoleEventType, waId: String(row.wa_id),
    data: JSON.parse(String(row.data)) as Record<string, unknown>, createdAt: toDate(row.created_at),
  };
}
