/**
 * Automations as the API and the store see them: a rule per business number, what starts it (trigger), what it
 * does (action), and the record of each run. Validated against `AutomationInput` (api-description) on the way in.
 */
import type { ReplyInput } from '../actions/reply.js';

/** Days of the week as the opening hours name them. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** A day of the week. */
export type Weekday = (typeof WEEKDAYS)[number];

/** An opening period of a day, local time `HH:MM`; `to` after `from` (`24:00` ends at midnight). */
export interface OpeningPeriod {
  from: string;
  to: string;
}

/** A date with other hours: a public holiday or closure (`hours: []` = closed all day). */
export interface HoursException {
  date: string;
  hours: OpeningPeriod[];
}

/** What starts a rule. */
export type AutomationTrigger =
  | { type: 'out_of_hours'; time_zone?: string; opening_hours: Partial<Record<Weekday, OpeningPeriod[]>>; exceptions?: HoursException[] }
  | { type: 'first_contact'; after_days?: number }
  | { type: 'keyword'; keywords: string[] }
  | { type: 'any_message' };

/** A reply: exactly one of text, media, buttons or list, as in the `reply` operation (without `to`). */
export type AutomationReply = Pick<ReplyInput, 'text' | 'media' | 'buttons' | 'list' | 'preview_url'>;

/** What a rule does. */
export type AutomationAction =
  | { type: 'reply'; reply: AutomationReply }
  | { type: 'fetch'; url: string; secret?: string; timeout_ms?: number; fallback_text?: string }
  | { type: 'email'; to: string[] }
  /** Forward to a staff member's WhatsApp number as a utility template with the customer's name and the text as variables. */
  | { type: 'whatsapp'; staff_phone: string; template: string; language?: string; name_variable?: string; text_variable?: string };

/** The body of POST/PUT /v1/automations. */
export interface AutomationInput {
  name: string;
  phone_number_id?: string;
  enabled?: boolean;
  trigger: AutomationTrigger;
  action: AutomationAction;
  /** At most one run per customer in this many hours (default 12 for out of hours and greetings, else none). */
  once_per_hours?: number | null;
}

/** A stored rule. */
export interface Automation {
  id: string;
  workspaceId: string;
  phoneNumberId: string;
  name: string;
  enabled: boolean;
  trigger: AutomationTrigger;
  action: AutomationAction;
  oncePerHours: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** How a run ended. */
export type RunOutcome =
  | 'started' | 'replied' | 'fallback' | 'no_reply' | 'forwarded' | 'failed'
  | 'skipped_opted_out' | 'skipped_window_closed' | 'skipped_once_per_period' | 'skipped_loop' | 'skipped_answered';

/** One run of one rule on one inbound message. */
export interface AutomationRun {
  id: string;
  workspaceId: string;
  automationId: string;
  messageId: string;
  waId: string;
  outcome: RunOutcome;
  detail: string | null;
  /** What was sent (the reply, or the e-mail's recipients and subject), when something was. */
  sent: Record<string, unknown> | null;
  createdAt: Date;
}
