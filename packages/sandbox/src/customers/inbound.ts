/**
 * A simulated customer writes to the business: Meta's inbound message body minus `id`, `from` and
 * `timestamp` becomes a full inbound message, opens the customer's 24-hour window and goes out as a
 * signed `messages` webhook.
 */
import type { Sandbox } from '../context.js';
import { emitWebhook, phoneNumberOf } from '../context.js';
import { invalidParameter } from '../graph-error.js';
import { wamid } from '../ids.js';
import type { Json } from '../messages/fields.js';
import { isObject } from '../messages/fields.js';
import { toWaId } from '../messages/recipient.js';
import { customerOf, phoneStateOf } from '../state.js';
import { inboundPayload } from '../webhooks/payloads.js';
import { inboundText, withMedia } from './inbound-content.js';

const INBOUND_TYPES = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'button', 'interactive', 'reaction', 'order', 'system', 'unsupported'];

function contextOf(sandbox: Sandbox, body: Json, display: string): Json | undefined {
  if (!isObject(body.context)) return undefined;
  const { id, forwarded, frequently_forwarded: frequently } = body.context;
  if (forwarded === true || frequently === true) return forwarded === true ? { forwarded: true } : { frequently_forwarded: true };
  if (typeof id !== 'string') throw invalidParameter('context.id must be the wamid of the message the customer replies to.');
  if (!sandbox.state.messages.some((m) => m.id === id)) throw invalidParameter(`context.id ${id} is not a message of this sandbox.`);
  return { from: display, id };
}

function buttonPress(sandbox: Sandbox, body: Json, contextId: unknown): Json {
  const button = isObject(body.button) ? body.button : {};
  const text = typeof button.text === 'string' ? button.text : undefined;
  if (!text) throw invalidParameter('A button press needs button.text, the label the customer tapped.');
  if (typeof contextId !== 'string') throw invalidParameter('A button press needs context.id, the template message whose button was tapped.');
  const source = sandbox.state.messages.find((m) => m.id === contextId);
  const choice = source?.quick_replies?.find((q) => q.text === text);
  if (!choice) throw invalidParameter(`Message ${contextId} has no quick-reply button labelled '${text}'.`);
  return { payload: typeof button.payload === 'string' ? button.payload : choice.payload, text };
}

/** Builds, stores and delivers one inbound message; returns its wamid. */
export function receiveFromCustomer(sandbox: Sandbox, rawWaId: string, body: Json): { id: string } {
  const waId = toWaId(rawWaId, sandbox.options.phoneNumbers[0]?.display_phone_number);
  const type = body.type;
  if (typeof type !== 'string' || !INBOUND_TYPES.includes(type)) throw invalidParameter(`type must be one of ${INBOUND_TYPES.join(', ')}.`);
  if (type === 'contacts' && (!Array.isArray(body.contacts) || body.contacts.length === 0)) throw invalidParameter("A contacts message needs a 'contacts' array of cards, as in Meta's inbound webhook.");
  if (type !== 'unsupported' && type !== 'contacts' && !isObject(body[type])) throw invalidParameter(`The message needs a '${type}' object, as in Meta's inbound webhook.`);
  const phoneId = typeof body.to_phone_number_id === 'string' ? body.to_phone_number_id : (sandbox.options.phoneNumbers[0]?.id ?? '');
  const phone = phoneNumberOf(sandbox, phoneId, 'post');
  if (phoneStateOf(sandbox.state, phone.id).blocked.includes(waId)) {
    throw invalidParameter(`The business blocked ${waId}, so their messages do not reach it; unblock them with DELETE /{phone-number-id}/block_users.`);
  }
  const now = sandbox.options.clock.now();
  const message: Json = { from: waId, id: wamid(waId), timestamp: String(Math.floor(now / 1000)), type };
  const context = contextOf(sandbox, body, phone.display_phone_number);
  if (context) message.context = context;
  message[type] = type === 'button' ? buttonPress(sandbox, body, context?.id) : withMedia(sandbox, phone.id, type, body[type]);
  if (isObject(body.referral)) message.referral = body.referral;
  if (type === 'unsupported') message.errors = [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }];
  const customer = customerOf(sandbox.state, waId);
  if (typeof body.profile_name === 'string' && body.profile_name !== '') customer.profile_name = body.profile_name;
  customer.last_inbound_at = now;
  customer.on_whatsapp = true;
  sandbox.state.messages.push({
    id: String(message.id),
    direction: 'inbound',
    phone_number_id: phone.id,
    wa_id: waId,
    type,
    text: inboundText(type, message[type]),
    status: 'delivered',
    statuses: [{ status: 'delivered', timestamp: now }],
    timestamp: now,
  });
  sandbox.changed();
  const sender = {
    waId, profileName: customer.profile_name, username: customer.username ?? null, userId: customer.user_id ?? null, numberShared: customer.number_shared === true,
  };
  emitWebhook(sandbox, sandbox.options.wabaId, inboundPayload(sandbox.options.wabaId, phone, sender, message));
  return { id: String(message.id) };
}
