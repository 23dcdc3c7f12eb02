/**
 * The flat records every connector maps field by field (docs/contracts.md §1). They mirror
 * `shared/schemas/inbound-message.schema.json` and `message-status.schema.json`; a test keeps them in step.
 */

/** The inbound message types a record can carry; anything else Meta sends becomes `unsupported`. */
export const inboundTypes = [
  'text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'button',
  'button_reply', 'list_reply', 'flow_reply', 'reaction', 'order', 'system', 'unsupported',
] as const;
/** One of `inboundTypes`. */
export type InboundType = (typeof inboundTypes)[number];

/** A customer's message as one flat record: every key always present, `null` when it does not apply. */
export interface InboundMessageRecord {
  id: string;
  phone_number_id: string;
  display_phone_number: string | null;
  from: string;
  profile_name: string | null;
  /** The customer's business-scoped user ID (BSUID) when Meta sends one. */
  user_id: string | null;
  /** The customer's WhatsApp username, when they have one and Meta sends it. */
  username: string | null;
  received_at: string;
  type: InboundType;
  text: string | null;
  media_id: string | null;
  media_mime_type: string | null;
  media_sha256: string | null;
  media_caption: string | null;
  media_filename: string | null;
  media_url: string | null;
  reply_id: string | null;
  reply_title: string | null;
  reply_description: string | null;
  location_latitude: number | null;
  location_longitude: number | null;
  location_name: string | null;
  location_address: string | null;
  contacts_summary: string | null;
  contacts_count: number | null;
  reaction_emoji: string | null;
  reaction_message_id: string | null;
  reply_to_message_id: string | null;
  forwarded: boolean;
  referral_source_url: string | null;
  referral_source_id: string | null;
  referral_source_type: string | null;
  referral_headline: string | null;
  referral_body: string | null;
  referral_ctwa_clid: string | null;
  window_expires_at: string;
  raw: Record<string, unknown> | null;
}

/** The delivery states Meta reports for an outbound message. */
export const messageStatuses = ['sent', 'delivered', 'read', 'played', 'failed'] as const;
/** One of `messageStatuses`. */
export type MessageStatusValue = (typeof messageStatuses)[number];

/** One delivery update of an outbound message as a flat record. */
export interface MessageStatusRecord {
  id: string;
  phone_number_id: string;
  recipient_id: string;
  status: MessageStatusValue;
  timestamp: string;
  error_code: number | null;
  error_title: string | null;
  error_message: string | null;
  pricing_category: string | null;
  pricing_type: string | null;
  billable: boolean | null;
}
