/**
 * `POST /{phone-number-id}/messages`: request-shape problems answer synchronously with Meta's error; policy
 * outcomes (window closed 131047, not on WhatsApp 131026, marketing stopped 131050, bad reaction target or
 * media id) answer 200 + wamid and then fail through a status webhook, as Meta does (reference §2.2, §7).
 */
import type { Sandbox } from '../context.js';
import { GraphError, invalidParameter } from '../graph-error.js';
import { isUserId, wamid } from '../ids.js';
import type { PhoneNumber } from '../options.js';
import type { Customer, StoredMessage, StoredTemplate } from '../state.js';
import { customerOf, phoneStateOf } from '../state.js';
import { checkTemplateSend } from '../templates/check-send.js';
import { dispatchTemplateSend } from '../templates/quality.js';
import type { WebhookErrorItem } from '../webhooks/payloads.js';
import { webhookError } from '../webhooks/payloads.js';
import type { Json } from './fields.js';
import { optionalString, requireObject, requireString } from './fields.js';
import type { RateLimits } from './rate-limits.js';
import type { Outcome } from './statuses.js';
import { scheduleStatuses } from './statuses.js';
import { messageType, validateContent } from './validate.js';
import { interactiveChoices, interactiveList } from './validate-interactive.js';
import { toWaId } from './recipient.js';

const WINDOW_MS = 24 * 60 * 60 * 1000;

function findTemplate(sandbox: Sandbox, request: Json): StoredTemplate {
  const name = requireString(request, 'name', "template['name']", 512);
  const language = requireString(requireObject(request, 'language', "template['language']"), 'code', "template['language']['code']", 16);
  const template = sandbox.state.templates.find((t) => t.waba_id === sandbox.options.wabaId && t.name === name && t.language === language);
  if (template?.status === 'PAUSED') {
    throw new GraphError(132015, 'Template is paused', { status: 400, details: `Template ${name} (${language}) is paused because of low quality; wait until it is unpaused or edit it.` });
  }
  if (template?.status === 'DISABLED') {
    throw new GraphError(132016, 'Template is disabled', { status: 400, details: `Template ${name} (${language}) was paused too many times and is permanently disabled; create a new template.` });
  }
  if (!template || template.status !== 'APPROVED') {
    const why = template ? `is ${template.status}, only APPROVED templates can be sent` : `does not exist in ${language}`;
    throw new GraphError(132001, 'Template name does not exist in the translation', { status: 404, details: `template name (${name}) ${why}` });
  }
  return template;
}

function windowOpen(customer: Customer, now: number): boolean {
  return customer.last_inbound_at !== null && now - customer.last_inbound_at < WINDOW_MS;
}

function policyFailure(sandbox: Sandbox, type: string, body: Json, customer: Customer, template: StoredTemplate | null, now: number): WebhookErrorItem | undefined {
  if (!customer.on_whatsapp) return webhookError(131026, 'Message undeliverable', 'Message Undeliverable.');
  if (template?.category === 'MARKETING' && customer.marketing_blocked) {
    return webhookError(131050, 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.', 'The user has stopped marketing messages from this business.');
  }
  if (!template && !windowOpen(customer, now)) {
    return webhookError(131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');
  }
  if (type === 'reaction') return reactionFailure(sandbox, body, customer);
  const media = body[type] as Json | undefined;
  if (media && typeof media.id === 'string' && !sandbox.state.media[media.id]) {
    return webhookError(131053, 'Media upload error', `Media id ${media.id} was not found: upload the file first or send a link.`);
  }
  return undefined;
}

function reactionFailure(sandbox: Sandbox, body: Json, customer: Customer): WebhookErrorItem | undefined {
  const target = String((body.reaction as Json).message_id);
  const known = sandbox.state.messages.find((m) => m.id === target && m.wa_id === customer.wa_id && m.type !== 'reaction');
  if (known) return undefined;
  return webhookError(131009, 'Parameter value is not valid', `Reaction target ${target} is not a message in this chat, or is itself a reaction.`);
}

type Rendered = { text: string; quickReplies: NonNullable<StoredMessage['quick_replies']> };

/** The reply buttons of an interactive message (already validated), for the customer to tap on the phone. */
function replyButtonsOf(body: Json): Rendered['quickReplies'] {
  const interactive = body.interactive as Json | undefined;
  const action = interactive?.action as Json | undefined;
  const buttons = Array.isArray(action?.buttons) ? (action.buttons as Json[]) : [];
  return buttons.map((button, index) => {
    const reply = (button.reply ?? {}) as Json;
    return { index, text: String(reply.title ?? ''), payload: String(reply.id ?? '') };
  });
}

function storeOutbound(sandbox: Sandbox, phoneId: string, waId: string, type: string, rendered: Rendered, template: StoredTemplate | null, now: number): StoredMessage {
  const message: StoredMessage = {
    id: wamid(waId),
    direction: 'outbound',
    phone_number_id: phoneId,
    wa_id: waId,
    type,
    text: rendered.text,
    status: 'accepted',
    statuses: [],
    timestamp: now,
    ...(template ? { template: { name: template.name, language: template.language, category: template.category } } : {}),
    ...(rendered.quickReplies.length > 0 ? { quick_replies: rendered.quickReplies } : {}),
  };
  sandbox.state.messages.push(message);
  sandbox.changed();
  return message;
}

/** Who a send goes to: `to` (a number) wins; else `recipient`, a business-scoped user ID of a known customer. */
function addresseeOf(sandbox: Sandbox, phone: PhoneNumber, body: Json): { input: string; waId: string; toUserId: boolean } {
  if (body.to !== undefined || typeof body.recipient !== 'string') {
    const to = requireString(body, 'to', 'to', 64);
    return { input: to, waId: toWaId(to, phone.display_phone_number), toUserId: false };
  }
  const userId = requireString(body, 'recipient', 'recipient', 140);
  if (!isUserId(userId)) {
    throw invalidParameter(`Param recipient '${userId}' is not a business-scoped user ID: a country code, a dot, letters and digits, e.g. US.13491208655302741918.`);
  }
  const customer = Object.values(sandbox.state.customers).find((c) => c.user_id === userId);
  if (!customer) throw invalidParameter(`Param recipient '${userId}' is not the user ID of a WhatsApp user who has written to this business.`);
  return { input: userId, waId: customer.wa_id, toUserId: true };
}

/** One-tap, zero-tap and copy-code authentication templates need a phone number (131062 for a user ID). */
function needsPhoneNumber(template: StoredTemplate | null): boolean {
  return template?.category === 'AUTHENTICATION';
}

/** Validates, applies the limits, stores the message and schedules its statuses; returns Meta's 200 body. */
export function sendMessage(sandbox: Sandbox, limits: RateLimits, phone: PhoneNumber, body: Json): Json {
  const type = messageType(body);
  const addressee = addresseeOf(sandbox, phone, body);
  const { waId } = addressee;
  const settings = phoneStateOf(sandbox.state, phone.id);
  if (!settings.registered) {
    throw new GraphError(133010, 'Account not registered', { status: 400, details: 'This phone number is not registered with the Cloud API; register it with POST /{phone-number-id}/register.' });
  }
  if (settings.blocked.includes(waId)) {
    throw new GraphError(130403, 'Business has blocked this user', { status: 400, details: `${waId} is on this number's blocklist; unblock them with DELETE /{phone-number-id}/block_users first.` });
  }
  if (sandbox.options.phoneNumbers.some((p) => p.display_phone_number === waId)) {
    throw new GraphError(131021, 'Recipient cannot be sender', { status: 400, details: 'Sender and recipient phone number is the same.' });
  }
  const template = type === 'template' ? findTemplate(sandbox, requireObject(body, 'template', 'template')) : null;
  if (addressee.toUserId && needsPhoneNumber(template)) {
    throw new GraphError(131062, 'Business-scoped User ID recipients are not supported for this message', { status: 400, details: 'Authentication templates with one-tap, zero-tap or copy-code buttons must be sent to a phone number.' });
  }
  optionalString(body, 'biz_opaque_callback_data', 'biz_opaque_callback_data', 512);
  const rendered: Rendered = template ? checkTemplateSend(template, body.template as Json) : { text: validateContent(type, body), quickReplies: replyButtonsOf(body) };
  limits.takePair(phone.id, waId);
  const now = sandbox.options.clock.now();
  const customer = customerOf(sandbox.state, waId);
  const message = storeOutbound(sandbox, phone.id, waId, type, rendered, template, now);
  if (type === 'interactive' && interactiveChoices(body).length > 0) message.choices = interactiveChoices(body);
  const list = type === 'interactive' ? interactiveList(body) : null;
  if (list !== null) message.list = list;
  const outcome: Outcome = {
    message,
    phone,
    category: template ? template.category.toLowerCase() : null,
    windowOpen: windowOpen(customer, now),
    readReceipts: customer.read_receipts !== false,
    voice: type === 'audio' && (body.audio as Json).voice === true,
    failure: policyFailure(sandbox, type, body, customer, template, now),
    ...(typeof body.biz_opaque_callback_data === 'string' ? { callbackData: body.biz_opaque_callback_data } : {}),
    ...(typeof customer.user_id === 'string' ? { userId: { id: customer.user_id, numberKeptBack: addressee.toUserId && customer.number_shared !== true } } : {}),
  };
  if (!template) scheduleStatuses(sandbox, outcome);
  const sentMessage: Json = template ? { id: message.id, message_status: dispatchTemplateSend(sandbox, template, outcome) } : { id: message.id };
  const contact = addressee.toUserId ? { input: addressee.input, user_id: addressee.input } : { input: addressee.input, wa_id: waId };
  return { messaging_product: 'whatsapp', contacts: [contact], messages: [sentMessage] };
}

/** Mark as read (optionally with a typing indicator): marks that inbound message and all earlier ones read. */
export function markAsRead(sandbox: Sandbox, phone: PhoneNumber, body: Json): Json {
  const id = requireString(body, 'message_id', 'message_id', 512);
  const target = sandbox.state.messages.find((m) => m.id === id && m.direction === 'inbound' && m.phone_number_id === phone.id);
  if (!target) throw invalidParameter(`Param message_id '${id}' is not a message this phone number received.`);
  if (body.typing_indicator !== undefined && (body.typing_indicator as Json | null)?.type !== 'text') {
    throw invalidParameter("Param typing_indicator['type'] must be 'text'.");
  }
  const now = sandbox.options.clock.now();
  for (const message of sandbox.state.messages) {
    if (message.direction !== 'inbound' || message.wa_id !== target.wa_id || message.timestamp > target.timestamp || message.status === 'read') continue;
    message.status = 'read';
    message.statuses.push({ status: 'read', timestamp: now });
  }
  sandbox.changed();
  return { success: true };
}
