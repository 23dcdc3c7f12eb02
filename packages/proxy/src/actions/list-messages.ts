/** Use case: one customer's conversation, inbound and outbound in one timeline, newest first, paged backwards. */
import { timelineCursor } from '../store/conversation-rows.js';
import type { ActionDeps } from './context.js';
import { decodeCursor, encodeCursor, pageLimit } from './cursors.js';
import { messageView } from './message-view.js';
import type { MessageView } from './message-view.js';
import { recipient } from './send-template.js';

/** GET /v1/conversations/{customer}/messages. */
export async function listMessages(deps: ActionDeps, workspaceId: string, customer: string, query: { before?: string; limit?: string }): Promise<{ data: MessageView[]; next_cursor: string | null }> {
  const { waId } = recipient('customer', customer);
  const limit = pageLimit(query.limit, 50, 200);
  const before = decodeCursor('before', query.before, { at: 0, id: '', seq: 0 });
  const items = await deps.store.listTimeline(workspaceId, waId, { limit, ...(before ? { before } : {}) });
  // Only a full page has an item at `limit - 1`: it may have more before it; a shorter one is the last.
  const last = items[limit - 1];
  const next = last === undefined ? null : encodeCursor({ ...timelineCursor(last) });
  return { data: items.map(messageView), next_cursor: next };
}
