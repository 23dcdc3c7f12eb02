/**
 * Meta's webhook JSON as it arrives on the wire. The only module (with the parsers beside it) that knows
 * these shapes; past `parseWebhook` the rest of Kaiku sees the flat records of `records.ts`.
 * Reference: https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
 * Timestamps in `messages[]`/`statuses[]` are strings of Unix seconds; `entry[].time`, template ids and
 * `user_preferences[].timestamp` are numbers. Every field is optional here because the parser checks them.
 */

/** `{"object":"whatsapp_business_account","entry":[{"id":"<WABA id>","changes":[{"field","value"}]}]}` */
export interface WireEnvelope {
  object?: string;
  entry?: WireEntry[];
}

/** One WABA's batch of changes; `id` is the WABA id, not the phone number id. */
export interface WireEntry {
  id?: string;
  time?: number;
  changes?: WireChange[];
}

/** One change; route on `field` (`messages`, `message_template_status_update`, `user_preferences`, …). */
export interface WireChange {
  field?: string;
  value?: unknown;
}

/** `value` of a `messages` change: `{messaging_product, metadata, contacts?, messages?, statuses?, errors?}` */
export interface WireMessagesValue {
  messaging_product?: string;
  metadata?: { display_phone_number?: string; phone_number_id?: string };
  contacts?: WireContact[];
  messages?: WireMessage[];
  statuses?: WireStatus[];
  errors?: WireError[];
}

/** `{"profile":{"name":"Amara Okafor"},"wa_id":"447700900123"}` */
export interface WireContact {
  profile?: { name?: string; username?: string };
  wa_id?: string;
  /** 2026: the business-scoped user ID (BSUID, `CC.` + alphanumerics), instead of `wa_id` for some username users. */
  user_id?: string;
}

/** `{"code":131047,"title":"Re-engagement message","message":"…","error_data":{"details":"…"}}` */
export interface WireError {
  code?: number;
  title?: string;
  message?: string;
  error_data?: { details?: string };
  href?: string;
}

/** Media object of image/video/audio/document/sticker: `{id, mime_type, sha256, caption?, filename?, url?}` */
export interface WireMedia {
  id?: string;
  mime_type?: string;
  sha256?: string;
  caption?: string;
  filename?: string;
  url?: string;
  voice?: boolean;
  animated?: boolean;
}

/** A shared contact card: `{name:{formatted_name}, phones:[{phone, wa_id?, type}], …}` */
export interface WireContactCard {
  name?: { formatted_name?: string; first_name?: string; last_name?: string };
  phones?: { phone?: string; wa_id?: string; type?: string }[];
  [key: string]: unknown;
}

/** Inbound `interactive`: `button_reply {id,title}` · `list_reply {id,title,description?}` · `nfm_reply`. */
export interface WireInteractive {
  type?: string;
  button_reply?: { id?: string; title?: string };
  list_reply?: { id?: string; title?: string; description?: string };
  nfm_reply?: { name?: string; body?: string; response_json?: string };
}

/** Click-to-WhatsApp ad or post referral attached to the first message. */
export interface WireReferral {
  source_url?: string;
  source_id?: string;
  source_type?: string;
  headline?: string;
  body?: string;
  media_type?: string;
  image_url?: string;
  video_url?: string;
  thumbnail_url?: string;
  ctwa_clid?: string;
}

/** One inbound message: `{"from":"447700900123","id":"wamid.…","timestamp":"1760521340","type":"text","text":{"body":"…"}}` */
export interface WireMessage {
  from?: string;
  /** 2026: the sender's BSUID; `from` is then absent when Meta does not share the number. */
  from_user_id?: string;
  id?: string;
  timestamp?: string;
  type?: string;
  text?: { body?: string };
  image?: WireMedia;
  video?: WireMedia;
  audio?: WireMedia;
  document?: WireMedia;
  sticker?: WireMedia;
  location?: { latitude?: number | string; longitude?: number | string; name?: string; address?: string; url?: string };
  contacts?: WireContactCard[];
  button?: { payload?: string; text?: string };
  interactive?: WireInteractive;
  reaction?: { message_id?: string; emoji?: string };
  order?: { catalog_id?: string; text?: string; product_items?: { product_retailer_id?: string; quantity?: number | string; item_price?: number | string; currency?: string }[] };
  system?: { body?: string; wa_id?: string; new_wa_id?: string; type?: string };
  context?: { from?: string; id?: string; forwarded?: boolean; frequently_forwarded?: boolean };
  referral?: WireReferral;
  errors?: WireError[];
  [key: string]: unknown;
}

/** One status: `{"id":"wamid.…","status":"sent","timestamp":"1760521370","recipient_id":"…","pricing":{…}}` */
export interface WireStatus {
  id?: string;
  status?: string;
  timestamp?: string;
  recipient_id?: string;
  /** 2026: the recipient's BSUID; `recipient_id` may be absent for a message sent to a BSUID. */
  recipient_user_id?: string;
  biz_opaque_callback_data?: string;
  conversation?: { id?: string; expiration_timestamp?: string; origin?: { type?: string } };
  pricing?: { billable?: boolean; pricing_model?: string; type?: string; category?: string };
  errors?: WireError[];
}

/** `value` of `message_template_status_update`: `{event, message_template_id (number), …_name, …_language, reason}` */
export interface WireTemplateStatusValue {
  event?: string;
  message_template_id?: number | string;
  message_template_name?: string;
  message_template_language?: string;
  message_template_category?: string;
  reason?: string | null;
}

/** `value` of `user_preferences`: `{user_preferences:[{wa_id, detail, category, value:"stop"|"resume", timestamp}]}` */
export interface WireUserPreferencesValue {
  messaging_product?: string;
  metadata?: { display_phone_number?: string; phone_number_id?: string };
  contacts?: WireContact[];
  user_preferences?: { wa_id?: string; user_id?: string; detail?: string; category?: string; value?: string; timestamp?: number }[];
}
