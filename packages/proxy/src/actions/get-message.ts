/** Use cases: read an outbound message with its status timeline, and the inbound messages of a workspace. */
import type { InboundMessageRecord, MessageStatusRecord } from '@kaiku/core';
import { ApiError, notFound } from '../http/errors.js';
import type { StatusEvent } from '../store/types.js';
import type { ActionDeps } from './context.js';

/** An outbound message as GET /v1/messages/{id} shows it. */
export interface OutboundView {
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

/** GET /v1/messages/{id}: only messages of the caller's workspace exist. */
export async function getMessage(deps: ActionDeps, workspaceId: string, id: string): Promise<OutboundView> {
  const found = await deps.store.getOutboundMessage(workspaceId, id);
  if (found === null) throw notFound(`The message "${id}"`, { field: 'id' });
  const { message, statuses } = found;
  return {
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
}

const MAX_LIMIT = 100;

function parseSince(since: string | undefined): Date | undefined {
  if (since === undefined || since === '') return undefined;
  const date = /^\d+$/.test(since) ? new Date(Number(since) * 1000) : new Date(since);
  if (Number.isNaN(date.getTime())) {
    throw new ApiError('validation_failed', 'The field "since" must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z (or Unix seconds).', { field: 'since' });
  }
  return date;
}

function parseLimit(limit: string | undefined): number {
  if (limit === undefined || limit === '') return 25;
  const value = Number(limit);
  if (Number.isInteger(value) && value >= 1 && value <= MAX_LIMIT) return value;
  throw new ApiError('validation_failed', `The field "limit" must be a whole number from 1 to ${MAX_LIMIT}.`, { field: 'limit' });
}

/** GET /v1/messages/inbound: newest first. */
export async function listInbound(deps: ActionDeps, workspaceId: string, query: InboundQuery): Promise<InboundMessageRecord[]> {
  const since = parseSince(query.since);
  const limit = parseLimit(query.limit);
  return deps.store.listInboundMessages(workspaceId, { limit, ...(since ? { since } : {}), ...(query.type ? { type: query.type } : {}) });
}

/** GET /v1/messages/statuses: the latest status updates of sent messages, newest first (test data for triggers). */
export async function listStatuses(deps: ActionDeps, workspaceId: string, query: { limit?: string; phoneNumberId?: string }): Promise<MessageStatusRecord[]> {
  const limit = parseLimit(query.limit);
  return deps.store.listRecentStatuses(workspaceId, { limit, ...(query.phoneNumberId ? { phoneNumberId: query.phoneNumberId } : {}) });
}
