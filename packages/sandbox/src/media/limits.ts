/** Meta's supported media MIME types and size limits per kind (reference §3). */

const MB = 1024 * 1024;

/** A media kind with its MIME types and maximum size in bytes. */
export interface MediaKind {
  kind: 'audio' | 'document' | 'image' | 'sticker' | 'video';
  mimeTypes: string[];
  maxBytes: number;
}

/** The upload validation list. Stickers allow 500 KB (animated); static ones are capped at 100 KB by Meta. */
export const MEDIA_KINDS: MediaKind[] = [
  { kind: 'audio', mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * MB },
  {
    kind: 'document',
    mimeTypes: [
      'text/plain',
      'application/pdf',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * MB,
  },
  { kind: 'image', mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  { kind: 'sticker', mimeTypes: ['image/webp'], maxBytes: 500 * 1024 },
  { kind: 'video', mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB },
];

/** The largest upload any kind allows (the multipart parser stops reading beyond it). */
export const MAX_UPLOAD_BYTES = 100 * MB;

/** The kind a MIME type belongs to (parameters such as `; codecs=opus` ignored), or undefined. */
export function kindOf(mimeType: string): MediaKind | undefined {
  const base = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  return MEDIA_KINDS.find((k) => k.mimeTypes.includes(base));
}

/** Every supported MIME type, for error messages. */
export function supportedTypes(): string {
  return MEDIA_KINDS.flatMap((k) => k.mimeTypes).join(', ');
}
