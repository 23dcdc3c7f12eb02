/**
 * Use cases: fetch a customer's media through this proxy (Meta's media URLs need the access token and expire
 * within minutes), and upload a file to send in a reply. Meta answers only for media of its own number, so the
 * workspace's numbers are asked in turn and another workspace's media is never found.
 */
import { KaikuError, MetaApiError } from '@kaiku/core';
import type { StreamedResponse } from '@kaiku/core';
import { ApiError, notFound } from '../http/errors.js';
import type { ActionDeps } from './context.js';
import { resolveConnection } from './connections.js';

/** The largest upload the proxy takes (Meta's limit for video and audio; images are 5 MB, documents 100 MB). */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

/** MIME types WhatsApp accepts, by the message type they make. */
const UPLOAD_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'image', 'image/png': 'image', 'image/webp': 'sticker', 'video/mp4': 'video', 'video/3gpp': 'video',
  'audio/aac': 'audio', 'audio/mp4': 'audio', 'audio/mpeg': 'audio', 'audio/amr': 'audio', 'audio/ogg': 'audio',
  'application/pdf': 'document', 'text/plain': 'document', 'application/msword': 'document', 'application/vnd.ms-excel': 'document',
  'application/vnd.ms-powerpoint': 'document', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'document', 'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'document',
};

function isUnknownMedia(error: unknown): boolean {
  return error instanceof MetaApiError && (error.httpStatus === 404 || error.httpStatus === 400 || error.metaCode === 100);
}

/** The largest file passed through (Meta's limit for documents; images, audio and video are smaller). */
export const MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024;

function tooLarge(size: number): KaikuError {
  const message = `WhatsApp offers a file of ${size} bytes, more than the ${MAX_DOWNLOAD_BYTES / 1024 / 1024} MB a WhatsApp message can carry, so the proxy does not pass it on.`;
  return new KaikuError('meta_error', message, { retryable: false, details: { size_bytes: size, limit_bytes: MAX_DOWNLOAD_BYTES } });
}

/**
 * GET /v1/media/{id}: starts the download of the file, its body streamed (never read whole here); refused when
 * WhatsApp announces more than `MAX_DOWNLOAD_BYTES`. `signal` stops the download (the client went away).
 */
export async function openMedia(deps: ActionDeps, workspaceId: string, mediaId: string, signal?: AbortSignal): Promise<StreamedResponse> {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(mediaId)) throw notFound(`The media "${mediaId.slice(0, 200)}"`, { field: 'id' });
  for (const connection of await deps.store.listConnections(workspaceId)) {
    const client = deps.whatsapp.clientFor(connection);
    let info;
    try {
      info = await client.getMedia(mediaId, connection.phoneNumberId);
    } catch (error) {
      if (isUnknownMedia(error)) continue;
      throw error;
    }
    const media = await client.streamMedia(info.url, signal);
    if (media.length !== null && media.length > MAX_DOWNLOAD_BYTES) {
      media.body.destroy();
      throw tooLarge(media.length);
    }
    return media;
  }
  throw notFound(`The media "${mediaId}"`, { field: 'id' });
}

/** POST /v1/media: uploads a file to the workspace's number (or the one named) and answers its media id and message type. */
export async function uploadMedia(
  deps: ActionDeps, workspaceId: string, upload: { data: Buffer; mimeType: string; filename: string; phoneNumberId?: string },
): Promise<{ id: string; type: string; mime_type: string; filename: string; size: number }> {
  const mimeType = upload.mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  const type = UPLOAD_TYPES[mimeType];
  if (type === undefined) {
    throw new ApiError('validation_failed', `WhatsApp does not take files of type "${mimeType || 'unknown'}". Send the file as the request body with its Content-Type, one of: ${Object.keys(UPLOAD_TYPES).join(', ')}.`, { field: 'content-type' });
  }
  if (upload.data.length === 0) throw new ApiError('validation_failed', 'The file is empty: send its bytes as the request body.', { field: 'body' });
  const connection = await resolveConnection(deps.store, workspaceId, upload.phoneNumberId);
  const { id } = await deps.whatsapp.clientFor(connection).uploadMedia(connection.phoneNumberId, { data: upload.data, mimeType, filename: upload.filename });
  return { id, type, mime_type: mimeType, filename: upload.filename, size: upload.data.length };
}
