/**
 * Inbound normalisation: one of Meta's inbound message objects → the flat `InboundMessageRecord`.
 * Every type Meta documents is mapped; anything else becomes `type: "unsupported"` with `raw` attached.
 */
import type { InboundMessageRecord, InboundType } from '../records.js';
import { windowExpiresAt } from '../window.js';
import type { WireContact, WireMessage } from './wire-webhook.js';
import { contactsSummary, flowToken, orderSummary, toNumber } from './inbound-summary.js';

/** Where the message arrived: the business number from `value.metadata` plus the sender's contact entry. */
export interface InboundContext {
  phoneNumberId: string;
  displayPhoneNumber: string | null;
  contacts: WireContact[];
}

type Fields = Partial<InboundMessageRecord> & { type: InboundType };
type Mapper = (message: WireMessage) => Fields | null;

const mediaTypes = ['image', 'video', 'audio', 'document', 'sticker'] as const;

function mediaFields(message: WireMessage): Fields | null {
  const type = mediaTypes.find((t) => t === message.type);
  const media = type === undefined ? undefined : message[type];
  if (type === undefined || media === undefined) return null;
  return {
    type,
    text: media.caption ?? null,
    media_id: media.id ?? null,
    media_mime_type: media.mime_type ?? null,
    media_sha256: media.sha256 ?? null,
    media_caption: media.caption ?? null,
    media_filename: media.filename ?? null,
    media_url: media.url ?? null,
  };
}

function interactiveFields(message: WireMessage): Fields | null {
  const { button_reply: button, list_reply: list, nfm_reply: flow } = message.interactive ?? {};
  if (button !== undefined) {
    return { type: 'button_reply', text: button.title ?? null, reply_id: button.id ?? null, reply_title: button.title ?? null };
  }
  if (list !== undefined) {
    return {
      type: 'list_reply', text: list.title ?? null, reply_id: list.id ?? null,
      reply_title: list.title ?? null, reply_description: list.description ?? null,
    };
  }
  if (flow === undefined) return null;
  // The answers are the point of a Flow reply: `text` carries Meta's response_json string as is.
  return { type: 'flow_reply', text: flow.response_json ?? null, reply_id: flowToken(flow.response_json), reply_title: flow.body ?? null };
}

const mappers = new Map<string, Mapper>(Object.entries({
  text: (m) => (m.text === undefined ? null : { type: 'text', text: m.text.body ?? null }),
  image: mediaFields, video: mediaFields, audio: mediaFields, document: mediaFields, sticker: mediaFields,
  location: ({ location: l }) => (l === undefined ? null : {
    type: 'location', text: l.name ?? null, location_latitude: toNumber(l.latitude),
    location_longitude: toNumber(l.longitude), location_name: l.name ?? null, location_address: l.address ?? null,
  }),
  contacts: ({ contacts: cards }) => (cards === undefined ? null : {
    type: 'contacts', text: contactsSummary(cards), contacts_summary: contactsSummary(cards), contacts_count: cards.length,
  }),
  button: ({ button: b }) => (b === undefined ? null : {
    type: 'button', text: b.text ?? null, reply_id: b.payload ?? null, reply_title: b.text ?? null,
  }),
  interactive: interactiveFields,
  reaction: ({ reaction: r }) => (r === undefined ? null : {
    type: 'reaction', text: r.emoji ?? null, reaction_emoji: r.emoji ?? null, reaction_message_id: r.message_id ?? null,
  }),
  order: ({ order: o }) => (o === undefined ? null : { type: 'order', text: o.text ?? orderSummary(o.product_items ?? []) }),
  system: ({ system: s }) => (s === undefined ? null : { type: 'system', text: s.body ?? null }),
} satisfies Record<string, Mapper>));

function emptyRecord(message: WireMessage, context: InboundContext, receivedAt: Date): InboundMessageRecord {
  const from = message.from ?? '';
  const profile = context.contacts.find((c) => c.wa_id === from) ?? context.contacts[0];
  const ref = message.referral;
  return {
    id: message.id ?? '', phone_number_id: context.phoneNumberId, display_phone_number: context.displayPhoneNumber,
    from, profile_name: message.type === 'system' ? null : (profile?.profile?.name ?? null),
    received_at: toIsoSeconds(receivedAt), type: 'unsupported', text: null,
    media_id: null, media_mime_type: null, media_sha256: null, media_caption: null, media_filename: null, media_url: null,
    reply_id: null, reply_title: null, reply_description: null,
    location_latitude: null, location_longitude: null, location_name: null, location_address: null,
    contacts_summary: null, contacts_count: null, reaction_emoji: null, reaction_message_id: null,
    reply_to_message_id: message.context?.id ?? null,
    forwarded: message.context?.forwarded === true || message.context?.frequently_forwarded === true,
    referral_source_url: ref?.source_url ?? null, referral_source_id: ref?.source_id ?? null,
    referral_source_type: ref?.source_type ?? null, referral_headline: ref?.headline ?? null,
    referral_body: ref?.body ?? null, referral_ctwa_clid: ref?.ctwa_clid ?? null,
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
  return Number.isFinite(seconds) ? new Date(seconds * 1000) : null;
}

/** The flat record of one inbound message, or null when the message lacks its id, sender or time. */
export function toInboundRecord(message: WireMessage, context: InboundContext): InboundMessageRecord | null {
  const receivedAt = parseUnixSeconds(message.timestamp);
  if (typeof message.id !== 'string' || typeof message.from !== 'string' || receivedAt === null) return null;
  const record = emptyRecord(message, context, receivedAt);
  const mapper = mappers.get(message.type ?? '');
  const fields = mapper?.(message) ?? null;
  if (fields === null) return { ...record, raw: { ...message } };
  return { ...record, ...fields };
}
