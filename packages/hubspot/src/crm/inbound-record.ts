/**
 * The fields of the shared inbound-message record (contract §1) that the CRM sync reads, and how a
 * message reads on a HubSpot timeline.
 */

/** The subset of `InboundMessageRecord` the CRM sync uses; every field is present, null when not applicable. */
export interface InboundRecord {
  id: string;
  from: string;
  profile_name: string | null;
  received_at: string;
  type: string;
  text: string | null;
  media_url: string | null;
  media_caption?: string | null;
  media_filename?: string | null;
}

/** True when a delivered record has the fields the CRM sync needs. */
export function isInboundRecord(value: unknown): value is InboundRecord {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return typeof record.id === 'string' && typeof record.from === 'string' && typeof record.received_at === 'string' && typeof record.type === 'string';
}

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/** Escapes text for the HTML body of a communication. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The communication body: the text, or a link to the media with its caption. */
export function communicationBody(record: InboundRecord): string {
  if (MEDIA_TYPES.has(record.type)) {
    const name = record.media_filename ?? record.type;
    const link = record.media_url ? `<a href="${escapeHtml(record.media_url)}">${escapeHtml(name)}</a>` : `${escapeHtml(name)} (no link available)`;
    const caption = record.media_caption ?? record.text;
    return caption ? `${link}<br>${escapeHtml(caption)}` : link;
  }
  if (record.text) return escapeHtml(record.text);
  return `(${escapeHtml(record.type)} message)`;
}

/** The plain text kept in "Last WhatsApp message text" (HubSpot text properties hold up to 65,536 characters). */
export function lastMessageText(record: InboundRecord): string {
  const text = record.text ?? (MEDIA_TYPES.has(record.type) ? `[${record.type}]` : `(${record.type} message)`);
  return text.slice(0, 2000);
}
