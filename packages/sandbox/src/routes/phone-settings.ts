/**
 * A business number's settings beside messaging: the blocklist (`/{phone}/block_users`), the business profile
 * (`/{phone}/whatsapp_business_profile`) and Cloud API registration (`/{phone}/register`, `/deregister`).
 */
import type { Sandbox } from '../context.js';
import { GraphError, invalidParameter } from '../graph-error.js';
import type { Json } from '../messages/fields.js';
import { isObject } from '../messages/fields.js';
import { toWaId } from '../messages/recipient.js';
import type { PhoneNumber } from '../options.js';
import { phoneStateOf } from '../state.js';
import { selectFields } from './select-fields.js';

const WINDOW_MS = 24 * 3_600_000;
const MAX_PER_REQUEST = 1000;
const VERTICALS = ['UNDEFINED', 'OTHER', 'AUTO', 'BEAUTY', 'APPAREL', 'EDU', 'ENTERTAIN', 'EVENT_PLAN', 'FINANCE', 'GROCERY', 'GOVT', 'HOTEL',
  'HEALTH', 'NONPROFIT', 'PROF_SERVICES', 'RETAIL', 'TRAVEL', 'RESTAURANT', 'ALCOHOL', 'ONLINE_GAMBLING', 'PHYSICAL_GAMBLING', 'OTC_DRUGS', 'NOT_A_BIZ'];

function usersOf(body: Json): string[] {
  if (body.messaging_product !== 'whatsapp') throw invalidParameter("messaging_product must be 'whatsapp'.");
  const list = body.block_users;
  if (!Array.isArray(list) || list.length === 0) throw invalidParameter("block_users must be a non-empty array of {\"user\": \"<phone number>\"}.");
  if (list.length > MAX_PER_REQUEST) throw invalidParameter(`block_users takes at most ${MAX_PER_REQUEST} users per request.`);
  return list.map((item: unknown, index) => {
    const user = isObject(item) ? item.user : undefined;
    if (typeof user !== 'string' || user === '') throw invalidParameter(`block_users[${index}].user must be a phone number.`);
    return user;
  });
}

/** `POST /{phone}/block_users`: only customers who wrote in the last 24 hours can be blocked (139100 otherwise). */
export function blockUsers(sandbox: Sandbox, phone: PhoneNumber, body: Json): Json {
  const state = phoneStateOf(sandbox.state, phone.id);
  const now = sandbox.options.clock.now();
  const added: Json[] = [];
  const failed: Json[] = [];
  for (const input of usersOf(body)) {
    const waId = toWaId(input, phone.display_phone_number);
    const last = sandbox.state.customers[waId]?.last_inbound_at ?? null;
    if (last === null || now - last > WINDOW_MS) {
      failed.push({ input, errors: [{ message: 'Failed to block user', code: 139100, error_data: { details: 'Only users who messaged the business in the last 24 hours can be blocked.' } }] });
      continue;
    }
    if (!state.blocked.includes(waId)) state.blocked.push(waId);
    added.push({ input, wa_id: waId });
  }
  sandbox.changed();
  if (failed.length > 0) {
    throw new GraphError(139100, 'Failed to block/unblock users', {
      status: 400, details: 'Failed to block some users; see block_users.failed_users.', beside: { block_users: { added_users: added, failed_users: failed } },
    });
  }
  return { messaging_product: 'whatsapp', block_users: { added_users: added } };
}

/** `DELETE /{phone}/block_users` (unblocking has no 24-hour rule). */
export function unblockUsers(sandbox: Sandbox, phone: PhoneNumber, body: Json): Json {
  const state = phoneStateOf(sandbox.state, phone.id);
  const removed = usersOf(body).map((input) => {
    const waId = toWaId(input, phone.display_phone_number);
    state.blocked = state.blocked.filter((blocked) => blocked !== waId);
    return { input, wa_id: waId };
  });
  sandbox.changed();
  return { messaging_product: 'whatsapp', block_users: { removed_users: removed } };
}

/** `GET /{phone}/block_users`: the blocklist, one page. */
export function listBlockedUsers(sandbox: Sandbox, phone: PhoneNumber): Json {
  const blocked = phoneStateOf(sandbox.state, phone.id).blocked;
  return { data: [{ block_users: blocked.map((waId) => ({ wa_id: waId })) }], paging: { cursors: {} } };
}

/** `GET /{phone}/whatsapp_business_profile?fields=…`. */
export function getBusinessProfile(sandbox: Sandbox, phone: PhoneNumber, fields: unknown): Json {
  const profile = { ...phoneStateOf(sandbox.state, phone.id).profile, messaging_product: 'whatsapp' };
  const selected = selectFields(profile, fields);
  delete selected.id;
  return { data: [selected] };
}

/** `POST /{phone}/whatsapp_business_profile` with Meta's limits on each field. */
export function updateBusinessProfile(sandbox: Sandbox, phone: PhoneNumber, body: Json): Json {
  if (body.messaging_product !== 'whatsapp') throw invalidParameter("messaging_product must be 'whatsapp'.");
  const profile = phoneStateOf(sandbox.state, phone.id).profile;
  const limits: Record<string, number> = { about: 139, address: 256, description: 512, email: 128 };
  for (const [field, max] of Object.entries(limits)) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length > max) throw invalidParameter(`${field} must be text of at most ${max} characters.`);
    if (field === 'email' && value !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw invalidParameter('email must be an email address.');
    profile[field] = value;
  }
  if (body.vertical !== undefined) {
    if (typeof body.vertical !== 'string' || !VERTICALS.includes(body.vertical)) throw invalidParameter(`vertical must be one of ${VERTICALS.join(', ')}.`);
    profile.vertical = body.vertical;
  }
  if (body.websites !== undefined) {
    const sites = body.websites;
    if (!Array.isArray(sites) || sites.length > 2 || !sites.every((s) => typeof s === 'string' && /^https?:\/\//.test(s) && s.length <= 256)) {
      throw invalidParameter('websites must be at most two http(s) URLs of at most 256 characters.');
    }
    profile.websites = sites;
  }
  if (typeof body.profile_picture_handle === 'string') profile.profile_picture_url = `${sandbox.baseUrl()}/whatsapp_business/profile/${phone.id}.jpg`;
  sandbox.changed();
  return { success: true };
}

/** `POST /{phone}/register` `{messaging_product, pin}`: a six-digit two-step verification PIN. */
export function register(sandbox: Sandbox, phone: PhoneNumber, body: Json): Json {
  if (body.messaging_product !== 'whatsapp') throw invalidParameter("messaging_product must be 'whatsapp'.");
  if (typeof body.pin !== 'string' || !/^\d{6}$/.test(body.pin)) throw invalidParameter('pin must be the six-digit two-step verification PIN.');
  phoneStateOf(sandbox.state, phone.id).registered = true;
  sandbox.changed();
  return { success: true };
}

/** `POST /{phone}/deregister`: sends answer 133010 until the number is registered again. */
export function deregister(sandbox: Sandbox, phone: PhoneNumber): Json {
  phoneStateOf(sandbox.state, phone.id).registered = false;
  sandbox.changed();
  return { success: true };
}
