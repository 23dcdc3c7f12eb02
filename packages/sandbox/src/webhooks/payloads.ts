/** Meta's webhook payloads: the `whatsapp_business_account` envelope and its `messages` / template values. */
import type { PhoneNumber } from '../options.js';

/** A Meta status webhook item (`value.statuses[]`). */
export interface StatusItem {
  id: string;
  status: string;
  timestamp: string;
  /** The customer's number; left out for a message sent to a user ID whose number the business was not given. */
  recipient_id?: string;
  /** The customer's business-scoped user ID, when they have one. */
  recipient_user_id?: string;
  biz_opaque_callback_data?: string;
  conversation?: { id: string; expiration_timestamp?: string; origin: { type: string } };
  pricing?: { billable: boolean; pricing_model: 'PMP'; type: string; category: string };
  errors?: WebhookErrorItem[];
}

/** An item of a webhook `errors[]` array. */
export interface WebhookErrorItem {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href: string;
}

/** Builds an error item exactly as Meta does (`message` equals `title`). */
export function webhookError(code: number, title: string, details: string): WebhookErrorItem {
  return { code, title, message: title, error_data: { details }, href: '/documentation/business-messaging/whatsapp/support/error-codes' };
}

function envelope(wabaId: string, field: string, value: unknown, time: number | null): unknown {
  const entry: Record<string, unknown> = { id: wabaId };
  if (time !== null) entry.time = Math.floor(time / 1000);
  entry.changes = [{ value, field }];
  return { object: 'whatsapp_business_account', entry: [entry] };
}

function metadata(phone: PhoneNumber): { display_phone_number: string; phone_number_id: string } {
  return { display_phone_number: phone.display_phone_number, phone_number_id: phone.id };
}

/** A `messages` webhook carrying one status. */
export function statusPayload(wabaId: string, phone: PhoneNumber, status: StatusItem): unknown {
  return envelope(wabaId, 'messages', { messaging_product: 'whatsapp', metadata: metadata(phone), statuses: [status] }, null);
}

/** Who sent a message, as its contact entry names them. */
export interface InboundSender {
  waId: string;
  profileName: string;
  username?: string | null;
  /** Their BSUID: beside the number when `numberShared`, else instead of it (no `wa_id`, `from_user_id` for `from`). */
  userId?: string | null;
  numberShared?: boolean;
}

/** A `messages` webhook carrying one inbound message from a customer. */
export function inboundPayload(wabaId: string, phone: PhoneNumber, sender: InboundSender, message: Record<string, unknown>): unknown {
  const profile = { name: sender.profileName, ...(sender.username ? { username: sender.username } : {}) };
  const userId = typeof sender.userId === 'string' ? sender.userId : null;
  const hidden = userId !== null && sender.numberShared !== true;
  const contact = { profile, ...(hidden ? {} : { wa_id: sender.waId }), ...(userId === null ? {} : { user_id: userId }) };
  const { from: _from, ...rest } = message;
  const sent = userId === null ? message : { ...(hidden ? {} : { from: sender.waId }), from_user_id: userId, ...rest };
  const value = { messaging_product: 'whatsapp', metadata: metadata(phone), contacts: [contact], messages: [sent] };
  return envelope(wabaId, 'messages', value, null);
}

/** Fields of a `message_template_status_update` webhook. */
export interface TemplateStatusUpdate {
  event: string;
  templateId: string;
  name: string;
  language: string;
  category: string;
  reason: string;
  rejectionInfo?: { reason: string; recommendation: string };
  otherInfo?: { title: string; description: string };
}

/** A `message_template_status_update` webhook (template id as a number, `entry.time` as an integer). */
export function templateStatusPayload(wabaId: string, update: TemplateStatusUpdate, now: number): unknown {
  const value: Record<string, unknown> = {
    event: update.event,
    message_template_id: Number(update.templateId),
    message_template_name: update.name,
    message_template_language: update.language,
    reason: update.reason,
    message_template_category: update.category,
  };
  if (update.rejectionInfo) value.rejection_info = update.rejectionInfo;
  if (update.otherInfo) value.other_info = update.otherInfo;
  return envelope(wabaId, 'message_template_status_update', value, now);
}

/** A `message_template_quality_update` webhook (reference §5: previous and new score, the template's id, name and language). */
export function templateQualityPayload(wabaId: string, update: { previous: string; score: string; templateId: string; name: string; language: string }, now: number): unknown {
  return envelope(wabaId, 'message_template_quality_update', {
    previous_quality_score: update.previous,
    new_quality_score: update.score,
    message_template_id: Number(update.templateId),
    message_template_name: update.name,
    message_template_language: update.language,
  }, now);
}

/** A `user_preferences` webhook: the customer stopped (`stop`) or resumed (`resume`) marketing messages. */
export function userPreferencePayload(wabaId: string, phone: PhoneNumber, sender: InboundSender, value: 'stop' | 'resume', now: number): unknown {
  const detail = value === 'stop' ? 'User requested to stop marketing messages' : 'User requested to resume marketing messages';
  const userId = typeof sender.userId === 'string' ? sender.userId : null;
  const ids = { ...(userId !== null && sender.numberShared !== true ? {} : { wa_id: sender.waId }), ...(userId === null ? {} : { user_id: userId }) };
  const preference = { ...ids, detail, category: 'marketing_messages', value, timestamp: Math.floor(now / 1000) };
  const change = { messaging_product: 'whatsapp', metadata: metadata(phone), contacts: [{ ...ids, profile: { name: sender.profileName } }], user_preferences: [preference] };
  return envelope(wabaId, 'user_preferences', change, now);
}
