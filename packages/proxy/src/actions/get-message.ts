/** Use cases: read an outbound message with its status timeline, and the inbound messages of a workspace. */
import type { InboundMessageRecord, MessageStatusRecord } from '@kaiku/core';
import { ApiError, notFound } from '../http/errors.js';
import type { StatusEvent } from '../store/types.js';
import type { ActionDeps } from './context.js';
import { decodeCursor, encodeCursor, pageLimit } from './cursors.js';

/** An outbound message as GET /v1/messages/{id} shows it. */
export interface OutboundView {
  direction: 'outbound';
  id: string;
  wa_id: string;
  type: string;
  template: string | null;
  status: string;
  sent_as: string;
  created_at: string;
  statuses: Array<{ status: string; timestamp: string; error_code: number | null; error_message: string | null }>;
}

/** Meta's statuses carry whole seconds: same-second steps are ordered by how far they got. */
const STEP: Readonly<Record<string, number>> = { accepted: 0, held_for_quality_assessment: 0, sent: 1, delivered: 2, read: 3, played: 4, failed: 5 };

function chronological(a: StatusEvent, b: StatusEvent): number {
  return a.timestamp.getTime() - b.timestamp.getTime() || (STEP[a.status] ?? 9) - (STEP[b.status] ?? 9);
}

/** An inbound message as GET /v1/messages/{id} shows it: its flat record plus the fields every message detail has. */
export type InboundDetail = InboundMessageRecord & { direction: 'inbound'; wa_id: string; status: 'received'; created_at: string; statuses: [] };

function inboundDetail(record: InboundMessageRecord): InboundDetail {
  return { ...record, direction: 'inbound', wa_id: record.from, status: 'received', created_at: record.received_at, statuses: [] };
}

/** GET /v1/messages/{id}: an outbound message with its timeline, or an inbound one as its flat record; only the caller's workspace's. */
export async function getMessage(deps: ActionDeps, workspaceId: string, id: string): Promise<OutboundView | InboundDetail> {
  const found = await deps.store.getOutboundMessage(workspaceId, id);
  if (found === null) {
    const inbound = await deps.store.getInboundMessage(workspaceId, id);
    if (inbound !== null) return inboundDetail(inbound);
    throw notFound(`The message "${id}"`, { field: 'id' });
  }
  const { message, statuses } = found;
  return {
    direction: 'outbound',
    id: message.id,
    wa_id: message.waId,
    type: message.type,
    template: message.templateName,
    status: message.status,
    sent_as: message.sentAs,
    created_at: message.createdAt.toISOString(),
    statuses: [...statuses].sort(chronological).map((event) => ({
      status: event.status, timestamp: event.timestamp.toISOString(), error_code: event.errorCode, error_message: event.errorMessage,
    })),
  };
}

/** Query of GET /v1/messages/inbound, as strings from the URL. */
export interface InboundQuery {
  since?: string;
  limit?: string;
  type?: string;
  cursor?: string;
}

function parseSince(since: string | undefined): Date | undefined {
  if (since === undefined || since === '') return undefined;
  const date = /^\d+$/.test(since) ? new Date(Number(since) * 1000) : new Date(since);
  if (Number.isNaN(date.getTime())) {
    throw new ApiError('validation_failed', 'The field "since" must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z (or Unix seconds).', { field: 'since' });
  }
  return date;
}

/** GET /v1/messages/inbound: newest first; `next_cursor` fetches the older ones of the same query, so a burst larger than a page is never lost. */
export async function listInbound(deps: ActionDeps, workspaceId: string, query: InboundQuery): Promise<{ data: InboundMessageRecord[]; next_cursor: string | null }> {
  const since = parseSince(query.since);
  const limit = pageLimit(query.limit, 25, 100);
  const before = decodeCursor('cursor', query.cursor, { at: 0, seq: 0 });
  const page = await deps.store.pageInboundMessages(workspaceId, { limit, ...(since ? { since } : {}), ...(query.type ? { type: query.type } : {}), ...(before ? { before } : {}) });
  const last = page[page.length - 1];
  return { data: page.map((p) => p.record), next_cursor: page.length === limit && last !== undefined ? encodeCursor({ ...last.cursor }) : null };
}

/** GET /v1/messages/statuses: the latest status updates of sent messages, newest first (test data for triggers). */
export async function listStatuses(deps: ActionDeps, workspaceId: string, query: { limit?: string; phoneNumberId?: string }): Promise<MessageStatusRecord[]> {
  const limit = pageLimit(query.limit, 25, 100);
  return deps.store.listRecentStatuses(workspaceId, { limit, ...(query.phoneNumberId ? { phoneNumberId: query.phoneNumberId } : {}) });
}
