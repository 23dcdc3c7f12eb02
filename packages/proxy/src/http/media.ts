/** Handlers of /v1/media: a customer's file through the proxy, and uploads for replies (the file is the body). */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { MAX_DOWNLOAD_BYTES, MAX_UPLOAD_BYTES, openMedia, uploadMedia } from '../actions/media.js';
import type { Handler } from './context.js';
import { param, query, workspaceId } from './context.js';
import { ApiError } from './errors.js';

async function readBody(req: Request, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      throw new ApiError('payload_too_large', `The file is larger than ${max / 1024 / 1024} MB, the most WhatsApp delivers for video and audio. Send a smaller file or a link.`, { field: 'body', limit_bytes: max });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Passes at most `max` bytes on; more ends the stream with an error (for a size WhatsApp did not announce). */
export function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      done(seen > max ? new Error(`the file is larger than ${max} bytes`) : null, seen > max ? undefined : chunk);
    },
  });
}

/** GET /v1/media/{id}: WhatsApp's answer piped through as it arrives; the download stops when the client goes. */
export const getMediaFile: Handler = async (req, res, ctx) => {
  const gone = new AbortController();
  // Only a client that leaves before the answer is complete stops the download (a finished answer closes too).
  res.once('close', () => {
    if (!res.writableFinished) gone.abort(new Error('the client went away'));
  });
  const media = await openMedia(ctx.deps, workspaceId(ctx), param(req, 'id'), gone.signal);
  res.set({ 'content-type': media.mimeType, 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff', 'content-disposition': 'inline' });
  if (media.length !== null) res.set('content-length', String(media.length));
  try {
    await pipeline(media.body, byteLimit(MAX_DOWNLOAD_BYTES), res);
  } catch (error) {
    // The headers are out: all that is left is to cut the answer short, so the client sees it incomplete.
    if (!gone.signal.aborted) ctx.deps.logger.warn({ err: error }, 'a media download through the proxy ended early');
    res.destroy();
  }
};

/** POST /v1/media */
export const postMedia: Handler = async (req, res, ctx) => {
  const data = await readBody(req, MAX_UPLOAD_BYTES);
  const filename = (query(req, 'filename') ?? 'upload').replace(/[^\w.\- ]/g, '_').slice(0, 200) || 'upload';
  const phoneNumberId = query(req, 'phone_number_id');
  res.json(await uploadMedia(ctx.deps, workspaceId(ctx), { data, mimeType: req.get('content-type') ?? '', filename, ...(phoneNumberId ? { phoneNumberId } : {}) }));
};
