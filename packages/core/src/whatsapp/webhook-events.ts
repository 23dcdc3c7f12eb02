/** The typed events `parseWebhook` turns Meta's webhook envelopes into (docs/contracts.md §2). */
import type { InboundMessageRecord, MessageStatusRecord } from '../records.js';

/** A customer's message, as the flat trigger record. */
export interface MessageEvent {
  kind: 'message';
  wabaId: string;
  message: InboundMessageRecord;
}

/** A delivery update of one of our outbound messages. */
export interface StatusEvent {
  kind: 'status';
  wabaId: string;
  status: MessageStatusRecord;
}

/** A template was approved, rejected, paused, disabled… (`message_template_status_update`). */
export interface TemplateStatusEvent {
  kind: 'template_status';
  wabaId: string;
  templateId: string;
  name: string;
  language: string;
  event: string;
  reason: string | null;
}

/** A customer stopped or resumed marketing messages in WhatsApp itself (`user_preferences`). */
export interface UserPreferenceEvent {
  kind: 'user_preference';
  wabaId: string;
  /** The customer: their number, or their business-scoped user ID when WhatsApp keeps the number back. */
  waId: string;
  /** Their business-scoped user ID when WhatsApp sends it (2026), else null. */
  userId: string | null;
  value: 'stop' | 'resume';
  /** ISO 8601 UTC. */
  timestamp: string;
}

/** Anything else, kept as Meta sent it so that nothing is lost. */
export interface UnknownEvent {
  kind: 'unknown';
  wabaId: string;
  field: string;
  value: unknown;
}

/** One event out of a webhook delivery. */
export type WebhookEvent = MessageEvent | StatusEvent | TemplateStatusEvent | UserPreferenceEvent | UnknownEvent;

/** The WABAs and business phone numbers a webhook delivery concerns (for routing to a workspace). */
export interface WebhookTargets {
  wabaIds: string[];
  phoneNumberIds: string[];
}
