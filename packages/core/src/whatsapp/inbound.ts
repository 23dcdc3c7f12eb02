/**
 * Inbound normalisation: one of Meta's inbound message objects → the flat `InboundMessageRecord`.
 * Every type Meta documents is mapped; anything else becomes `type: "unsupported"` with `raw` attached.
 */
import type { InboundMessageRecord, InboundType } from '../records.js';
import { windowExpiresAt } from '../window.js';
import type { WireContact, WireMessage } from './wire-webhook.js';
import { contactsSummary, flowToken, orderSummary, str, toNumber } from './inbound-summary.js';
import { boundedRaw } from './wire-limits.js';

/** Where the message arrived: the business number from `value.metadata` plus the sender's contact entry. */
export interface InboundContext {
  phoneNumberId: string;
  displayPhoneNumber: string | null;
  contacts: WireContact[];
}

type Fields = Partial<InboundMessageRecord> & { type: InboundType };
type Mapper = (message: WireMessage) => Fields | null;

type MediaType = 'image' | 'video' | 'audio' | 'document' | 'sticker';

function mediaFields(type: MediaType): Mapper {
  return (message) => {
    const media = message[type];
    if (media === undefined) return null;
    return {
      type,
      text: str(media.caption),
      media_id: str(media.id),
      media_mime_type: str(media.mime_type),
      media_sha256: str(media.sha256),
      media_caption: str(media.caption),
      media_filename: str(media.filename),
      media_url: str(media.url),
    };
  };
}

function interactiveFields(message: WireMessage): Fields | null {
  const { button_reply: button, list_reply: list, nfm_reply: flow } = message.interactive ?? {};
  if (button !== undefined) {
    return { type: 'button_reply', text: str(button.title), reply_id: str(button.id), reply_title: str(button.title) };
  }
  if (list !== undefined) {
    return {
      type: 'list_reply', text: str(list.title), reply_id: str(list.id),
      reply_title: str(list.title), reply_description: str(list.description),
    };
  }
  if (flow === undefined) return null;
  // The answers are the point of a Flow reply: `text` carries Meta's response_json string as is.
  return { type: 'flow_reply', text: str(flow.response_json), reply_id: flowToken(flow.response_json), reply_title: str(flow.body) };
}

const mappers = new Map<string, Mapper>(Object.entries({
  text: (m) => (m.text === undefined ? null : { type: 'text', text: str(m.text.body) }),
  image: mediaFields('image'), video: mediaFields('video'), audio: mediaFields('audio'),
  document: mediaFields('document'), sticker: mediaFields('sticker'),
  location: ({ location: l }) => (l === undefined ? null : {
    type: 'location', text: str(l.name), location_latitude: toNumber(l.latitude),
    location_longitude: toNumber(l.longitude), location_name: str(l.name), location_address: str(l.address),
  }),
  contacts: ({ contacts: cards }) => (!Array.isArray(cards) ? null : {
    type: 'contacts', text: contactsSummary(cards), contacts_summary: contactsSummary(cards), contacts_count: cards.length,
  }),
  button: ({ button: b }) => (b === undefined ? null : {
    type: 'button', text: str(b.text), reply_id: str(b.payload), reply_title: str(b.text),
  }),
  interactive: interactiveFields,
  reaction: ({ reaction: r }) => (r === undefined ? null : {
    type: 'reaction', text: str(r.emoji), reaction_emoji: str(r.emoji), reaction_message_id: str(r.message_id),
  }),
  order: ({ order: o }) => (o === undefined ? null : { type: 'order', text: str(o.text) ?? orderSummary(Array.isArray(o.product_items) ? o.product_items : []) }),
  system: ({ system: s }) => (s === undefined ? null : { type: 'system', text: str(s.body) }),
} satisfies Record<string, Mapper>));

function emptyRecord(message: WireMessage, context: InboundContext, receivedAt: Date): InboundMessageRecord {
  const userId = str(message.from_user_id);
  // The customer is their WhatsApp number; a username user whose number Meta keeps back is their BSUID.
  const from = str(message.from) ?? userId ?? '';
  const profile = context.contacts.find((c) => (str(message.from) !== null && c.wa_id === message.from) || (userId !== null && c.user_id === userId))
    ?? context.contacts[0];
  const ref = message.referral;
  return {
    id: str(message.id) ?? '', phone_number_id: context.phoneNumberId, display_phone_number: context.displayPhoneNumber,
    from, profile_name: message.type === 'system' ? null : str(profile?.profile?.name),
    user_id: userId ?? str(profile?.user_id), username: str(profile?.profile?.username),
    received_at: toIsoSeconds(receivedAt), type: 'unsupported', text: null,
    media_id: null, media_mime_type: null, media_sha256: null, media_caption: null, media_filename: null, media_url: null,
    reply_id: null, reply_title: null, reply_description: null,
    location_latitude: null, location_longitude: null, location_name: null, location_address: null,
    contacts_summary: null, contacts_count: null, reaction_emoji: null, reaction_message_id: null,
    reply_to_message_id: str(message.context?.id),
    forwarded: message.context?.forwarded === true || message.context?.frequently_forwarded === true,
    referral_source_url: str(ref?.source_url), referral_source_id: str(ref?.source_id),
    referral_source_type: str(ref?.source_type), referral_headline: str(ref?.headline),
    referral_body: str(ref?.body), referral_ctwa_clid: str(ref?.ctwa_clid),
    window_expires_at: toIsoSeconds(windowExpiresAt(receivedAt)), raw: null,
  };
}

/** ISO 8601 UTC to the second, as Meta's timestamps are: "2026-01-01T09:30:12Z". */
export function toIsoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Seconds-since-epoch string (Meta's `timestamp`) → Date, or null when it is not a number. */
export function parseUnixSeconds(value: unknown): Date | null {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  // Dates end at ±8.64e15 ms; past them a Date is invalid and cannot be written as ISO 8601. NaN and ±Infinity fail the test too.
  return Math.abs(seconds) <= 8.64e12 ? new Date(seconds * 1000) : null;
}

/** The flat record of one inbound message, or null when the message lacks its id, sender (number or BSUID) or time. */
export function toInboundRecord(message: WireMessage, context: InboundContext): InboundMessageRecord | null {
  const receivedAt = parseUnixSeconds(message.timestamp);
  // A sender of the wrong type (`"from": true`) is no sender: such a message is not a customer's message.
  const sender = typeof message.from === 'string' || typeof message.from_user_id === 'string';
  if (message.from !== undefined && typeof message.from !== 'string') return null;
  if (typeof message.id !== 'string' || !sender || receivedAt === null) return null;
  const record = emptyRecord(message, context, receivedAt);
  const mapper = mappers.get(message.type ?? '');
  const fields = mapper?.(message) ?? null;
  if (fields === null) return { ...record, raw: boundedRaw({ ...message }) };
  return { ...record, ...fields };
}
