/**
 * One message of a conversation as the API shows it, whichever way it went: what it says (text, media with a
 * URL this proxy serves, chosen buttons or list rows, location, reaction, template) and, outbound, its status.
 */
import type { InboundMessageRecord } from '@kaiku/core';
import type { TimelineItem } from '../store/conversation-types.js';
import type { OutboundMessage } from '../store/types.js';

/** A message in `GET /v1/conversations/{customer}/messages`. */
export interface MessageView {
  id: string;
  direction: 'inbound' | 'outbound';
  type: string;
  at: string;
  text: string | null;
  media: { id: string | null; link: string | null; url: string | null; mime_type: string | null; caption: string | null; filename: string | null } | null;
  choice: { id: string | null; title: string | null; description: string | null } | null;
  buttons: Array<{ id: string; title: string }> | null;
  location: { latitude: number; longitude: number; name: string | null; address: string | null; map_url: string } | null;
  reaction: { emoji: string | null; message_id: string | null } | null;
  reply_to: string | null;
  template: { name: string; language: string | null; variables: Record<string, string>; preview: string | null } | null;
  status: string | null;
  failure: { code: number | null; message: string | null } | null;
}

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

function mapUrl(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
}

function empty(id: string, direction: MessageView['direction'], type: string, at: Date): MessageView {
  return {
    id, direction, type, at: at.toISOString(), text: null, media: null, choice: null, buttons: null, location: null, reaction: null,
    reply_to: null, template: null, status: null, failure: null,
  };
}

function inboundView(r: InboundMessageRecord, at: Date): MessageView {
  const view = empty(r.id, 'inbound', r.type, at);
  view.text = r.text;
  view.reply_to = r.reply_to_message_id;
  if (r.media_id !== null) {
    view.media = { id: r.media_id, link: null, url: `/v1/media/${encodeURIComponent(r.media_id)}`, mime_type: r.media_mime_type, caption: r.media_caption, filename: r.media_filename };
  }
  if (r.reply_id !== null || r.reply_title !== null) view.choice = { id: r.reply_id, title: r.reply_title, description: r.reply_description };
  if (r.location_latitude !== null && r.location_longitude !== null) {
    view.location = { latitude: r.location_latitude, longitude: r.location_longitude, name: r.location_name, address: r.location_address, map_url: mapUrl(r.location_latitude, r.location_longitude) };
  }
  if (r.type === 'reaction') view.reaction = { emoji: r.reaction_emoji, message_id: r.reaction_message_id };
  if (r.type === 'contacts') view.text = r.contacts_summary;
  return view;
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** An object as a record; anything else (null too: its typeof is 'object', and it stays null) as null. */
function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown> | null) : null;
}

function outboundView(m: OutboundMessage, at: Date, failure: MessageView['failure']): MessageView {
  const view = empty(m.id, 'outbound', m.type, at);
  view.status = m.status;
  view.failure = failure;
  const content = m.content ?? {};
  view.text = str(content.text);
  view.reply_to = str(content.reply_to);
  const media = record(content.media);
  if (media !== null && MEDIA_TYPES.has(String(media.type))) {
    const id = str(media.id);
    view.media = { id, link: str(media.url), url: str(media.url) ?? (id === null ? null : `/v1/media/${encodeURIComponent(id)}`), mime_type: null, caption: str(media.caption), filename: str(media.filename) };
    view.type = String(media.type);
  }
  const interactive = record(content.buttons) ?? record(content.list);
  if (interactive !== null) {
    view.text = str(interactive.body);
    const choices = Array.isArray(interactive.choices) ? interactive.choices : [];
    view.buttons = choices.map((c: unknown) => ({ id: str(record(c)?.id) ?? str(record(c)?.title) ?? '', title: str(record(c)?.title) ?? '' }));
  }
  const template = record(content.template);
  if (template !== null) {
    view.template = { name: str(template.name) ?? m.templateName ?? '', language: str(template.language), variables: (record(template.variables) ?? {}) as Record<string, string>, preview: str(template.preview) };
    view.text = view.template.preview;
  } else if (m.templateName !== null) {
    view.template = { name: m.templateName, language: null, variables: {}, preview: null };
  }
  return view;
}

/** The API form of one timeline item. */
export function messageView(item: TimelineItem): MessageView {
  return item.direction === 'inbound' ? inboundView(item.record, item.at) : outboundView(item.message, item.at, item.failure);
}
