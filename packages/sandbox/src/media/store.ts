/** Uploaded media: the lookup object with a short-lived download URL served by the sandbox itself. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Sandbox } from '../context.js';
import { invalidParameter } from '../graph-error.js';
import { numericId } from '../ids.js';
import type { StoredMedia } from '../state.js';

/** Media URLs expire after 5 minutes, as Meta's do. */
export const URL_LIFETIME_MS = 5 * 60 * 1000;

/** Stores a file for a phone number and returns its new media id. */
export function storeMedia(sandbox: Sandbox, phoneNumberId: string, data: Buffer, mimeType: string, filename: string | null): StoredMedia {
  const media: StoredMedia = {
    id: numericId(),
    phone_number_id: phoneNumberId,
    mime_type: mimeType,
    sha256: createHash('sha256').update(data).digest('hex'),
    file_size: data.length,
    filename,
    data_base64: data.toString('base64'),
    created_at: sandbox.options.clock.now(),
  };
  sandbox.state.media[media.id] = media;
  sandbox.changed();
  return media;
}

function urlHash(sandbox: Sandbox, id: string, expires: string): string {
  return createHmac('sha256', sandbox.options.appSecret).update(`${id}:${expires}`).digest('hex').slice(0, 32);
}

/** `GET /{media-id}`: refused when `phone_number_id` is given and is not the uploading number. */
export function mediaInfo(sandbox: Sandbox, media: StoredMedia, phoneNumberId: unknown): Record<string, unknown> {
  if (typeof phoneNumberId === 'string' && phoneNumberId !== media.phone_number_id) {
    throw invalidParameter(`Media ${media.id} was not uploaded by phone number ${phoneNumberId}.`);
  }
  const expires = String(Math.floor((sandbox.options.clock.now() + URL_LIFETIME_MS) / 1000));
  const url = new URL('/whatsapp_business/attachments/', sandbox.baseUrl());
  url.searchParams.set('mid', media.id);
  url.searchParams.set('ext', expires);
  url.searchParams.set('hash', urlHash(sandbox, media.id, expires));
  return { messaging_product: 'whatsapp', url: url.toString(), mime_type: media.mime_type, sha256: media.sha256, file_size: media.file_size, id: media.id };
}

/** The media a download URL points at, or null when the URL is forged, expired or the media deleted. */
export function mediaForUrl(sandbox: Sandbox, query: Record<string, unknown>): StoredMedia | null {
  const { mid, ext, hash } = query;
  if (typeof mid !== 'string' || typeof ext !== 'string' || typeof hash !== 'string') return null;
  const expected = Buffer.from(urlHash(sandbox, mid, ext));
  const given = Buffer.from(hash);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (Number(ext) * 1000 < sandbox.options.clock.now()) return null;
  return sandbox.state.media[mid] ?? null;
}
