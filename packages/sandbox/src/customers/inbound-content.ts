/** The payload objects of inbound messages: media filled in like Meta's, and the text a person reads. */
import type { Sandbox } from '../context.js';
import { invalidParameter } from '../graph-error.js';
import { mediaInfo, storeMedia } from '../media/store.js';
import type { Json } from '../messages/fields.js';
import { isObject } from '../messages/fields.js';

const MEDIA_DEFAULTS: Record<string, { mime: string; bytes: Buffer }> = {
  image: { mime: 'image/jpeg', bytes: Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64') },
  video: { mime: 'video/mp4', bytes: Buffer.from('AAAAGGZ0eXBtcDQyAAAAAG1wNDJpc29t', 'base64') },
  audio: { mime: 'audio/ogg', bytes: Buffer.from('T2dnUwACAAAAAAAAAAA=', 'base64') },
  document: { mime: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n%sandbox\n') },
  sticker: { mime: 'image/webp', bytes: Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64') },
};

/** For media types: an uploaded id is looked up, otherwise a small sample file is stored for the customer. */
export function withMedia(sandbox: Sandbox, phoneNumberId: string, type: string, content: unknown): unknown {
  const defaults = MEDIA_DEFAULTS[type];
  if (!defaults || !isObject(content)) return normalizeLocation(type, content);
  const known = typeof content.id === 'string' ? sandbox.state.media[content.id] : undefined;
  if (typeof content.id === 'string' && !known) throw invalidParameter(`Media id ${content.id} is unknown; upload it first or leave id out.`);
  const filename = typeof content.filename === 'string' ? content.filename : null;
  const media = known ?? storeMedia(sandbox, phoneNumberId, defaults.bytes, typeof content.mime_type === 'string' ? content.mime_type : defaults.mime, filename);
  const info = mediaInfo(sandbox, media, undefined);
  const out: Json = { ...content, mime_type: media.mime_type, sha256: media.sha256, id: media.id, url: info.url };
  if (type === 'audio' && out.voice === undefined) out.voice = false;
  if (type === 'sticker' && out.animated === undefined) out.animated = false;
  return out;
}

function normalizeLocation(type: string, content: unknown): unknown {
  if (type !== 'location' || !isObject(content)) return content;
  return { ...content, latitude: Number(content.latitude), longitude: Number(content.longitude) };
}

/** What the customer wrote or chose, as plain text. */
export function inboundText(type: string, content: unknown): string {
  const c = isObject(content) ? content : {};
  const pick = (...values: unknown[]) => String(values.find((v) => typeof v === 'string' && v !== '') ?? '');
  if (type === 'text') return pick(c.body);
  if (type === 'button') return pick(c.text);
  if (type === 'reaction') return pick(c.emoji);
  if (type === 'location') return pick(c.name, c.address, `${String(c.latitude)}, ${String(c.longitude)}`);
  if (type === 'interactive') {
    const reply = isObject(c.button_reply) ? c.button_reply : isObject(c.list_reply) ? c.list_reply : isObject(c.nfm_reply) ? c.nfm_reply : {};
    return pick(reply.title, reply.body);
  }
  if (type in MEDIA_DEFAULTS) return pick(c.caption, c.filename, `[${type}]`);
  if (type === 'contacts' && Array.isArray(content)) {
    const names = content.map((card: unknown) => (isObject(card) && isObject(card.name) ? String(card.name.formatted_name ?? '') : '')).filter(Boolean);
    return `[contact] ${names.join(', ')}`;
  }
  return `[${type}]`;
}
