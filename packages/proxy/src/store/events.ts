/** The events a change writes to a workspace's log (`GET /v1/events`), the same for both stores. */
import type { AppliedWebhook, OutboundMessage } from './types.js';
import type { NewEvent } from './conversation-types.js';

/** The events of one applied webhook part: new messages, status changes, consent changes. */
export function eventsOfApplied(result: AppliedWebhook): NewEvent[] {
  return [
    ...result.newMessages.map((m): NewEvent => ({ type: 'message', waId: m.from, data: { direction: 'inbound', id: m.id, type: m.type } })),
    ...result.newStatuses.map((s): NewEvent => ({
      type: 'status', waId: s.recipient_id, data: { id: s.id, status: s.status, error_code: s.error_code, error_message: s.error_message },
    })),
    ...result.newConsentChanges.map((c): NewEvent => ({ type: 'consent', waId: c.waId, data: { status: c.event.status, source: c.event.source } })),
  ];
}

/** The event of a message the business sent. */
export function outboundEvent(m: Omit<OutboundMessage, 'createdAt'>): NewEvent {
  return { type: 'message', waId: m.waId, data: { direction: 'outbound', id: m.id, type: m.type, status: m.status } };
}

/** SQL-free escaping of a search term for LIKE (`\` is the escape character). */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
