/** Media upload (multipart), download by URL with the token, and delete. */
import busboy from 'busboy';
import type { Request, Response } from 'express';
import type { Sandbox } from '../context.js';
import { phoneNumberOf } from '../context.js';
import { GraphError, invalidParameter, unknownObject } from '../graph-error.js';
import { invalidToken, tokenOf } from '../routes/auth.js';
import { kindOf, MAX_UPLOAD_BYTES, supportedTypes } from './limits.js';
import { mediaForUrl, storeMedia } from './store.js';

interface Upload {
  fields: Record<string, string>;
  file: { data: Buffer; mimeType: string; filename: string | null; truncated: boolean } | null;
}

function readMultipart(req: Request): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: 1 } });
    } catch {
      reject(invalidParameter('The upload must be multipart/form-data with a file field.'));
      return;
    }
    const upload: Upload = { fields: {}, file: null };
    parser.on('field', (name, value) => (upload.fields[name] = value));
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      let truncated = false;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (truncated = true));
      stream.on('close', () => {
        upload.file = { data: Buffer.concat(chunks), mimeType: info.mimeType, filename: info.filename ?? null, truncated };
      });
    });
    parser.on('close', () => resolve(upload));
    parser.on('error', () => reject(invalidParameter('The multipart body could not be read.')));
    req.pipe(parser);
  });
}

function mediaError(details: string): GraphError {
  return new GraphError(131053, 'Media upload error', { status: 400, details });
}

/** `POST /{phone-number-id}/media`. */
export async function uploadMedia(sandbox: Sandbox, req: Request, res: Response): Promise<void> {
  const phone = phoneNumberOf(sandbox, String(req.params.id), 'post');
  const upload = await readMultipart(req);
  const product = upload.fields.messaging_product ?? req.query.messaging_product;
  if (product !== 'whatsapp') throw invalidParameter("The parameter messaging_product is required and must be 'whatsapp'.");
  if (!upload.file) throw invalidParameter('The parameter file is required.');
  const mimeType = upload.fields.type ?? upload.file.mimeType;
  const kind = kindOf(mimeType);
  if (!kind) throw mediaError(`Param file must be a file with one of the following types: ${supportedTypes()}. Received file of type '${mimeType}'.`);
  const size = upload.file.data.length;
  if (upload.file.truncated || size > kind.maxBytes) {
    throw mediaError(`The ${kind.kind} file is ${size} bytes; the limit for ${kind.kind} is ${kind.maxBytes} bytes.`);
  }
  if (size === 0) throw mediaError('The uploaded file is empty.');
  const media = storeMedia(sandbox, phone.id, upload.file.data, mimeType, upload.file.filename);
  res.json({ id: media.id });
}

/** `DELETE /{media-id}`. */
export function deleteMedia(sandbox: Sandbox, req: Request, res: Response): void {
  const id = String(req.params.id);
  const media = sandbox.state.media[id];
  if (!media) throw unknownObject(id, 'delete');
  const phoneNumberId = req.query.phone_number_id;
  if (typeof phoneNumberId === 'string' && phoneNumberId !== media.phone_number_id) {
    throw invalidParameter(`Media ${id} was not uploaded by phone number ${phoneNumberId}.`);
  }
  delete sandbox.state.media[id];
  sandbox.changed();
  res.json({ success: true });
}

/** The download URL: the token is required (as with Meta), an expired or unknown URL answers 404. */
export function downloadMedia(sandbox: Sandbox, req: Request, res: Response): void {
  if (tokenOf(req) !== sandbox.options.accessToken) throw invalidToken();
  const media = mediaForUrl(sandbox, req.query);
  if (!media) {
    res.status(404).type('text/plain').send('Not Found: the media URL expired or the media was deleted; look the media id up again.');
    return;
  }
  res.type(media.mime_type).send(Buffer.from(media.data_base64, 'base64'));
}
