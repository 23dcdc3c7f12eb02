/** Handlers of /v1/media: a customer's file through the proxy, and uploads for replies (the file is the body). */
import type { Request } from 'express';
import { fetchMedia, MAX_UPLOAD_BYTES, uploadMedia } from '../actions/media.js';
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

/** GET /v1/media/{id} */
export const getMediaFile: Handler = async (req, res, ctx) => {
  const media = await fetchMedia(ctx.deps, workspaceId(ctx), param(req, 'id'));
  res.set({ 'content-type': media.mimeType, 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff', 'content-disposition': 'inline' });
  res.end(Buffer.from(media.data));
};

/** POST /v1/media */
export const postMedia: Handler = async (req, res, ctx) => {
  const data = await readBody(req, MAX_UPLOAD_BYTES);
  const filename = (query(req, 'filename') ?? 'upload').replace(/[^\w.\- ]/g, '_').slice(0, 200) || 'upload';
  const phoneNumberId = query(req, 'phone_number_id');
  res.json(await uploadMedia(ctx.deps, workspaceId(ctx), { data, mimeType: req.get('content-type') ?? '', filename, ...(phoneNumberId ? { phoneNumberId } : {}) }));
};
