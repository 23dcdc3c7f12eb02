/**
 * The life of an accepted outbound message: `sent` → `delivered` → `read` on the configured timers, or one
 * `failed` status with Meta's error, each as a signed `messages` webhook. Pricing as §5.5 (PMP): on `sent`
 * and `delivered`; templates are `regular` by category, except utility inside an open customer service
 * window which is `free_customer_service` like every non-template message. Graph v23 and older still carry the
 * `conversation` object on every status; v24+ omit it (reference §5.5).
 */
import { createHash } from 'node:crypto';
import type { Sandbox } from '../context.js';
import { emitWebhook } from '../context.js';
import type { PhoneNumber } from '../options.js';
import type { StoredMessage } from '../state.js';
import type { StatusItem, WebhookErrorItem } from '../webhooks/payloads.js';
import { statusPayload } from '../webhooks/payloads.js';

/** Everything the status timeline needs to know about one accepted message. */
export interface Outcome {
  message: StoredMessage;
  phone: PhoneNumber;
  /** Template category in lower case (`utility`…) or `null` for a non-template message. */
  category: string | null;
  windowOpen: boolean;
  /** False when the customer turned read receipts off: no `read` status then. */
  readReceipts: boolean;
  /** A voice note (audio with `voice: true`) also gets `played` after `read`. */
  voice: boolean;
  callbackData?: string;
  /** Set when the message is accepted but then fails, as Meta reports policy failures. */
  failure?: WebhookErrorItem;
  /** The customer's business-scoped user ID, and whether their number is left out (sent to the ID, number not shared). */
  userId?: { id: string; numberKeptBack: boolean };
}

function pricing(outcome: Outcome): NonNullable<StatusItem['pricing']> {
  const { category, windowOpen } = outcome;
  if (category === null) return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
  if (category === 'utility' && windowOpen) return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category };
  return { billable: true, pricing_model: 'PMP', type: 'regular', category };
}

function emitStatus(sandbox: Sandbox, outcome: Outcome, status: string, extra: Partial<StatusItem>): void {
  const now = sandbox.options.clock.now();
  const { message } = outcome;
  const { userId } = outcome;
  const recipient = userId === undefined ? { recipient_id: message.wa_id }
    : { ...(userId.numberKeptBack ? {} : { recipient_id: message.wa_id }), recipient_user_id: userId.id };
  const item: StatusItem = { id: message.id, status, timestamp: String(Math.floor(now / 1000)), ...recipient, ...extra };
  if (outcome.callbackData !== undefined) item.biz_opaque_callback_data = outcome.callbackData;
  message.status = status;
  message.statuses.push({ status, timestamp: now, ...(extra.errors ? { error_code: extra.errors[0]?.code } : {}) });
  sandbox.changed();
  emitWebhook(sandbox, sandbox.options.wabaId, statusPayload(sandbox.options.wabaId, outcome.phone, item));
}

/** Schedules the status webhooks of an accepted message. */
export function scheduleStatuses(sandbox: Sandbox, outcome: Outcome): void {
  const delays = sandbox.options.statusDelaysMs;
  const failure = outcome.failure;
  if (failure) {
    sandbox.schedule(() => emitStatus(sandbox, outcome, 'failed', { errors: [failure] }), delays.sent);
    return;
  }
  const price = pricing(outcome);
  const legacy = legacyConversation(sandbox.options.graphVersion, outcome, price.category);
  const readAt = Math.max(delays.read, delays.delivered, delays.sent);
  sandbox.schedule(() => emitStatus(sandbox, outcome, 'sent', { pricing: price, ...legacy(true) }), delays.sent);
  sandbox.schedule(() => emitStatus(sandbox, outcome, 'delivered', { pricing: price, ...legacy(false) }), Math.max(delays.delivered, delays.sent));
  if (!outcome.readReceipts) return;
  sandbox.schedule(() => emitStatus(sandbox, outcome, 'read', { ...legacy(false) }), readAt);
  if (outcome.voice) sandbox.schedule(() => emitStatus(sandbox, outcome, 'played', {}), readAt);
}

/** For Graph v23 and older: `conversation` with a per-message id; `expiration_timestamp` only on `sent`. */
function legacyConversation(version: string, outcome: Outcome, category: string): (sent: boolean) => Partial<StatusItem> {
  const major = Number(/^v(\d+)/.exec(version)?.[1] ?? 24);
  if (major >= 24) return () => ({});
  const id = createHash('md5').update(outcome.message.id).digest('hex');
  const expires = String(Math.floor(outcome.message.timestamp / 1000) + 24 * 60 * 60);
  return (sent) => ({ conversation: { id, ...(sent ? { expiration_timestamp: expires } : {}), origin: { type: category } } });
}
