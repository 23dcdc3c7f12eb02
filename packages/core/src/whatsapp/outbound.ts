import { isBusinessScopedUserId } from '../phone.js';
import type {
  WireContact,
  WireInteractive,
  WireInteractiveHeader,
  WireMedia,
  WireMessageBody,
  WireSendRequest,
  WireTemplateComponent,
} from './wire-send.js';

/** A media file to send: exactly one of a public HTTPS `url` or an uploaded media `id`. */
export interface MediaRef {
  url?: string;
  id?: string;
}

/** Kinds of media message WhatsApp sends. */
export type MediaType = 'image' | 'video' | 'audio' | 'document' | 'sticker';

/** Header of a buttons or call-to-action message: a short text or a media file. */
export type InteractiveHeader = { type: 'text'; text: string } | ({ type: 'image' | 'video' | 'document'; filename?: string } & MediaRef);

/** A contact card to share (`name.formatted_name` is required). */
export type ContactCard = WireContact;

/** Fields every outbound message has: the recipient, and optionally the message it replies to. */
export interface OutboundBase {
  to: string;
  replyTo?: string;
  /** Echoed back in every status of this message (`biz_opaque_callback_data`). */
  callbackData?: string;
}

/** The domain's outbound message, one variant per kind of message Kaiku sends. */
export type OutboundMessage = OutboundBase &
  (
    | { type: 'text'; text: string; previewUrl?: boolean }
    | { type: MediaType; media: MediaRef; caption?: string; filename?: string; voice?: boolean }
    | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
    | { type: 'contacts'; contacts: ContactCard[] }
    | { type: 'reaction'; messageId: string; emoji: string }
    | { type: 'buttons'; body: string; header?: InteractiveHeader; footer?: string; choices: Array<{ id: string; title: string }> }
    | {
        type: 'list';
        body: string;
        button: string;
        header?: string;
        footer?: string;
        sections: Array<{ title?: string; rows: Array<{ id: string; title: string; description?: string }> }>;
      }
    | { type: 'cta_url'; body: string; header?: InteractiveHeader; footer?: string; displayText: string; url: string }
    | { type: 'template'; name: string; language: string; components: WireTemplateComponent[] }
  );

/** The variant of OutboundMessage with the given `type`. */
export type OutboundOf<T extends OutboundMessage['type']> = Extract<OutboundMessage, { type: T }>;

/** The object without its undefined properties (Meta rejects some explicit nulls). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function wireMedia(media: MediaRef, extra: Omit<WireMedia, 'id' | 'link'> = {}): WireMedia {
  const source: WireMedia = media.id !== undefined ? { id: media.id } : { link: media.url ?? '' };
  return { ...source, ...compact(extra) };
}

function wireHeader(header: InteractiveHeader): WireInteractiveHeader {
  if (header.type === 'text') return { type: 'text', text: header.text };
  const media = wireMedia(header, header.type === 'document' ? { filename: header.filename } : {});
  if (header.type === 'image') return { type: 'image', image: media };
  if (header.type === 'video') return { type: 'video', video: media };
  return { type: 'document', document: media };
}

function interactiveFrame(msg: { body: string; footer?: string; header?: InteractiveHeader }): Omit<WireInteractive, 'type' | 'action'> {
  const frame: Omit<WireInteractive, 'type' | 'action'> = { body: { text: msg.body } };
  if (msg.header) frame.header = wireHeader(msg.header);
  if (msg.footer) frame.footer = { text: msg.footer };
  return frame;
}

function wireInteractive(msg: OutboundOf<'buttons'> | OutboundOf<'list'> | OutboundOf<'cta_url'>): WireInteractive {
  if (msg.type === 'buttons') {
    const buttons = msg.choices.map((choice) => ({ type: 'reply' as const, reply: { id: choice.id, title: choice.title } }));
    return { type: 'button', ...interactiveFrame(msg), action: { buttons } };
  }
  if (msg.type === 'list') {
    const { header, ...rest } = msg;
    const frame = interactiveFrame({ ...rest, header: header ? { type: 'text', text: header } : undefined });
    return { type: 'list', ...frame, action: { button: msg.button, sections: msg.sections } };
  }
  const action = { name: 'cta_url' as const, parameters: { display_text: msg.displayText, url: msg.url } };
  return { type: 'cta_url', ...interactiveFrame(msg), action };
}

function wireBody(msg: OutboundMessage): WireMessageBody {
  switch (msg.type) {
    case 'text':
      return { type: 'text', text: { body: msg.text, preview_url: msg.previewUrl ?? false } };
    case 'image':
      return { type: 'image', image: wireMedia(msg.media, { caption: msg.caption }) };
    case 'video':
      return { type: 'video', video: wireMedia(msg.media, { caption: msg.caption }) };
    case 'document':
      return { type: 'document', document: wireMedia(msg.media, { caption: msg.caption, filename: msg.filename }) };
    case 'audio':
      return { type: 'audio', audio: wireMedia(msg.media, { voice: msg.voice }) };
    case 'sticker':
      return { type: 'sticker', sticker: wireMedia(msg.media) };
    case 'location':
      return { type: 'location', location: compact({ latitude: msg.latitude, longitude: msg.longitude, name: msg.name, address: msg.address }) };
    case 'contacts':
      return { type: 'contacts', contacts: msg.contacts };
    case 'reaction':
      return { type: 'reaction', reaction: { message_id: msg.messageId, emoji: msg.emoji } };
    case 'template': {
      const template = { name: msg.name, language: { code: msg.language }, ...(msg.components.length > 0 ? { components: msg.components } : {}) };
      return { type: 'template', template };
    }
    default:
      return { type: 'interactive', interactive: wireInteractive(msg) };
  }
}

/** Translates an OutboundMessage into Meta's send body (POST /{phone-number-id}/messages). */
export function toWireRequest(msg: OutboundMessage): WireSendRequest {
  // A number goes in `to`; a business-scoped user ID in `recipient`, without `to` (which would win).
  const addressee = isBusinessScopedUserId(msg.to) ? { recipient: msg.to } : { to: msg.to };
  const envelope = { messaging_product: 'whatsapp' as const, recipient_type: 'individual' as const, ...addressee };
  const request: WireSendRequest = { ...envelope, ...wireBody(msg) };
  if (msg.replyTo !== undefined && msg.type !== 'reaction') request.context = { message_id: msg.replyTo };
  if (msg.callbackData !== undefined) request.biz_opaque_callback_data = msg.callbackData;
  return request;
}
