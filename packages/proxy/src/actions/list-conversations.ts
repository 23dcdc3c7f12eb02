/** Use case: the conversation list, one row per customer, newest activity first, with cursor paging and search. */
import { serviceWindow } from '@kaiku/core';
import type { ConversationRow } from '../store/conversation-types.js';
import type { ActionDeps } from './context.js';
import { decodeCursor, encodeCursor, pageLimit } from './cursors.js';
import { messageView } from './message-view.js';
import type { MessageView } from './message-view.js';

/** One conversation as `GET /v1/conversations` shows it. */
export interface ConversationView {
  wa_id: string;
  profile_name: string | null;
  last_message: MessageView | null;
  last_activity_at: string | null;
  unread_count: number;
  window: { state: 'open'; expires_at: string } | { state: 'closed'; closed_at: string | null };
  consent: { status: ConversationRow['consent']; updated_at: string | null };
}

/** The form of one customer's row, with their newest message looked up. */
export async function conversationView(deps: ActionDeps, workspaceId: string, row: ConversationRow): Promise<ConversationView> {
  const [last] = await deps.store.listTimeline(workspaceId, row.waId, { limit: 1 });
  const window = serviceWindow(row.lastInboundAt, deps.now());
  return {
    wa_id: row.waId,
    profile_name: row.profileName,
    last_message: last === undefined ? null : messageView(last),
    last_activity_at: row.lastActivityAt.getTime() === 0 ? null : row.lastActivityAt.toISOString(),
    unread_count: row.unreadCount,
    window: window.open && window.expiresAt !== null
      ? { state: 'open', expires_at: window.expiresAt.toISOString() }
      : { state: 'closed', closed_at: window.expiresAt?.toISOString() ?? null },
    consent: { status: row.consent, updated_at: row.consentUpdatedAt?.toISOString() ?? null },
  };
}

/** GET /v1/conversations. */
export async function listConversations(deps: ActionDeps, workspaceId: string, query: { cursor?: string; limit?: string; q?: string }): Promise<{ data: ConversationView[]; next_cursor: string | null }> {
  const limit = pageLimit(query.limit, 25, 100);
  const cursor = decodeCursor('cursor', query.cursor, { at: 0, waId: '' });
  const search = query.q?.trim().slice(0, 100);
  const rows = await deps.store.listConversations(workspaceId, { limit, ...(cursor ? { cursor } : {}), ...(search ? { search } : {}) });
  const data = await Promise.all(rows.map((row) => conversationView(deps, workspaceId, row)));
  // Only a full page has a row at `limit - 1`: it may have more after it; a shorter one is the last.
  const last = rows[limit - 1];
  const next = last === undefined ? null : encodeCursor({ at: last.lastActivityAt.getTime(), waId: last.waId });
  return { data, next_cursor: next };
}
