/**
 * Meta's webhook envelope → typed events. Handles every `entry[]`, `changes[]`, `messages[]` and
 * `statuses[]` (Meta batches them); fields Kaiku does not model are kept as `unknown` events, never dropped.
 */
import { KaikuError } from '../errors.js';
import { toInboundRecord } from './inbound.js';
import type { InboundContext } from './inbound.js';
import { parseUnixSeconds, toIsoSeconds } from './inbound.js';
import { str } from './inbound-summary.js';
import type { UserPreferenceEvent, WebhookEvent, WebhookTargets } from './webhook-events.js';
import { toStatusRecord } from './webhook-status.js';
import type {
  WireChange, WireEntry, WireEnvelope, WireMessagesValue, WireTemplateStatusValue, WireUserPreferencesValue,
} from './wire-webhook.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entriesOf(payload: unknown): WireEntry[] {
  const hint = 'Only WhatsApp Business Account webhooks ({"object": "whatsapp_business_account", "entry": [...]}) are accepted.';
  if (!isObject(payload)) throw new KaikuError('invalid_webhook', `The webhook body is not a JSON object. ${hint}`);
  const envelope = payload as WireEnvelope;
  if (envelope.object !== 'whatsapp_business_account') {
    throw new KaikuError('invalid_webhook', `The webhook is for "${String(envelope.object)}", not a WhatsApp Business Account. ${hint}`);
  }
  if (!Array.isArray(envelope.entry)) throw new KaikuError('invalid_webhook', `The webhook has no "entry" list. ${hint}`);
  return envelope.entry.filter(isObject);
}

function changesOf(entry: WireEntry): WireChange[] {
  return Array.isArray(entry.changes) ? entry.changes.filter(isObject) : [];
}

// Meta's payloads are signed, but a malformed item must cost one `unknown` event, not the whole delivery.
function attempt<T>(map: () => T | null): T | null {
  try {
    return map();
  } catch {
    return null;
  }
}

function messageEvents(wabaId: string, value: WireMessagesValue): WebhookEvent[] {
  const metadata = value.metadata;
  if (typeof metadata?.phone_number_id !== 'string') return [];
  const phoneNumberId = metadata.phone_number_id;
  const context: InboundContext = {
    phoneNumberId,
    displayPhoneNumber: str(metadata.display_phone_number),
    contacts: Array.isArray(value.contacts) ? value.contacts.filter(isObject) : [],
  };
  const events: WebhookEvent[] = [];
  for (const wire of Array.isArray(value.messages) ? value.messages : []) {
    const message = isObject(wire) ? attempt(() => toInboundRecord(wire, context)) : null;
    events.push(message === null ? unknown(wabaId, 'messages', wire) : { kind: 'message', wabaId, message });
  }
  for (const wire of Array.isArray(value.statuses) ? value.statuses : []) {
    const status = isObject(wire) ? attempt(() => toStatusRecord(wire, phoneNumberId)) : null;
    events.push(status === null ? unknown(wabaId, 'messages', wire) : { kind: 'status', wabaId, status });
  }
  return events;
}

function templateStatusEvent(wabaId: string, value: WireTemplateStatusValue): WebhookEvent | null {
  const id = value.message_template_id;
  if ((typeof id !== 'number' && typeof id !== 'string') || typeof value.event !== 'string') return null;
  return {
    kind: 'template_status', wabaId, templateId: String(id), name: value.message_template_name ?? '',
    language: value.message_template_language ?? '', event: value.event,
    reason: value.reason === 'NONE' ? null : value.reason ?? null,
  };
}

function userPreferenceEvents(wabaId: string, value: WireUserPreferencesValue): WebhookEvent[] {
  const preferences = Array.isArray(value.user_preferences) ? value.user_preferences : [];
  return preferences.map((p): WebhookEvent => {
    if (!isObject(p)) return unknown(wabaId, 'user_preferences', p);
    const at = parseUnixSeconds(p.timestamp);
    const known = p.value === 'stop' || p.value === 'resume';
    const userId = typeof p.user_id === 'string' && p.user_id !== '' ? p.user_id : null;
    const customer = typeof p.wa_id === 'string' ? p.wa_id : userId;
    if (!known || customer === null || at === null) return unknown(wabaId, 'user_preferences', p);
    const event: UserPreferenceEvent = { kind: 'user_preference', wabaId, waId: customer, userId, value: p.value as 'stop' | 'resume', timestamp: toIsoSeconds(at) };
    return event;
  });
}

function unknown(wabaId: string, field: string, value: unknown): WebhookEvent {
  return { kind: 'unknown', wabaId, field, value };
}

function changeEvents(wabaId: string, change: WireChange): WebhookEvent[] {
  const field = typeof change.field === 'string' ? change.field : '';
  const value = change.value;
  let events: (WebhookEvent | null)[] = [];
  if (isObject(value) && field === 'messages') events = messageEvents(wabaId, value);
  if (isObject(value) && field === 'message_template_status_update') events = [templateStatusEvent(wabaId, value)];
  if (isObject(value) && field === 'user_preferences') events = userPreferenceEvents(wabaId, value);
  const known = events.filter((e): e is WebhookEvent => e !== null);
  // A change that yields nothing (system errors, a field Kaiku does not model) is kept whole.
  return known.length > 0 ? known : [unknown(wabaId, field, value)];
}

/** Every event in a webhook delivery, in Meta's order; throws `invalid_webhook` when it is not a WABA webhook. */
export function parseWebhook(payload: unknown): WebhookEvent[] {
  return entriesOf(payload).flatMap((entry) => {
    const wabaId = typeof entry.id === 'string' ? entry.id : '';
    return changesOf(entry).flatMap((change) => changeEvents(wabaId, change));
  });
}

/** How many entries and changes a delivery holds (the intake refuses absurd counts before any other work). */
export function webhookSize(payload: unknown): { entries: number; changes: number } {
  const entries = entriesOf(payload);
  return { entries: entries.length, changes: entries.reduce((sum, entry) => sum + changesOf(entry).length, 0) };
}

/** The WABA ids and business phone number ids a delivery concerns, each listed once. */
export function webhookTargets(payload: unknown): WebhookTargets {
  const wabaIds = new Set<string>();
  const phoneNumberIds = new Set<string>();
  for (const entry of entriesOf(payload)) {
    if (typeof entry.id === 'string') wabaIds.add(entry.id);
    for (const change of changesOf(entry)) {
      const metadata = isObject(change.value) ? (change.value as WireMessagesValue).metadata : undefined;
      if (typeof metadata?.phone_number_id === 'string') phoneNumberIds.add(metadata.phone_number_id);
    }
  }
  return { wabaIds: [...wabaIds], phoneNumberIds: [...phoneNumberIds] };
}
