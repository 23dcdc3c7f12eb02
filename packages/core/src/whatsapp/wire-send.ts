/**
 * Meta's wire shapes for sending, media and templates: the only place these JSON shapes are typed.
 * Send: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 * Templates: https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates
 */

/** A media object of a send: exactly one of `id` (uploaded) or `link` (public HTTPS URL). */
export interface WireMedia {
  id?: string;
  link?: string;
  caption?: string;
  filename?: string;
  voice?: boolean;
}

/** `location` of a send; e.g. `{"latitude": 60.17, "longitude": 24.94, "name": "Kamppi"}`. */
export interface WireLocation {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

/** One contact card of a `contacts` send (`name.formatted_name` is required). */
export interface WireContact {
  name: { formatted_name: string; first_name?: string; last_name?: string; middle_name?: string; prefix?: string; suffix?: string };
  phones?: Array<{ phone: string; type?: string; wa_id?: string }>;
  emails?: Array<{ email: string; type?: string }>;
  urls?: Array<{ url: string; type?: string }>;
  addresses?: Array<{ street?: string; city?: string; state?: string; zip?: string; country?: string; country_code?: string; type?: string }>;
  org?: { company?: string; department?: string; title?: string };
  birthday?: string;
}

/** Header of an interactive message: text (≤60) or media. */
export type WireInteractiveHeader =
  | { type: 'text'; text: string }
  | { type: 'image'; image: WireMedia }
  | { type: 'video'; video: WireMedia }
  | { type: 'document'; document: WireMedia };

/** `interactive` of a send: reply buttons, a list or a call-to-action URL button. */
export interface WireInteractive {
  type: 'button' | 'list' | 'cta_url';
  header?: WireInteractiveHeader;
  body: { text: string };
  footer?: { text: string };
  action:
    | { buttons: Array<{ type: 'reply'; reply: { id: string; title: string } }> }
    | { button: string; sections: Array<{ title?: string; rows: Array<{ id: string; title: string; description?: string }> }> }
    | { name: 'cta_url'; parameters: { display_text: string; url: string } };
}

/** One send-time template parameter, e.g. `{"type": "text", "parameter_name": "first_name", "text": "Dana"}`. */
export type WireTemplateParameter = { parameter_name?: string } & (
  | { type: 'text'; text: string }
  | { type: 'currency'; currency: { fallback_value: string; code: string; amount_1000: number } }
  | { type: 'date_time'; date_time: { fallback_value: string } }
  | { type: 'image'; image: WireMedia }
  | { type: 'video'; video: WireMedia }
  | { type: 'document'; document: WireMedia }
  | { type: 'location'; location: WireLocation }
  | { type: 'payload'; payload: string }
  | { type: 'coupon_code'; coupon_code: string }
);

/** One send-time template component; button `index` is a string "0"–"9". */
export type WireTemplateComponent =
  | { type: 'header' | 'body'; parameters: WireTemplateParameter[] }
  | { type: 'button'; sub_type: 'url' | 'quick_reply' | 'copy_code'; index: string; parameters: WireTemplateParameter[] };

/** `template` of a send: `{"name": "order_update", "language": {"code": "en_US"}, "components": [...]}`. */
export interface WireTemplateSend {
  name: string;
  language: { code: string };
  components?: WireTemplateComponent[];
}

/** The typed part of a send body, keyed by `type`. */
export type WireMessageBody =
  | { type: 'text'; text: { body: string; preview_url?: boolean } }
  | { type: 'image'; image: WireMedia }
  | { type: 'video'; video: WireMedia }
  | { type: 'audio'; audio: WireMedia }
  | { type: 'document'; document: WireMedia }
  | { type: 'sticker'; sticker: WireMedia }
  | { type: 'location'; location: WireLocation }
  | { type: 'contacts'; contacts: WireContact[] }
  | { type: 'reaction'; reaction: { message_id: string; emoji: string } }
  | { type: 'interactive'; interactive: WireInteractive }
  | { type: 'template'; template: WireTemplateSend };

/** POST /{phone-number-id}/messages body. */
export type WireSendRequest = {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** The customer's number; or, instead of it, */
  to?: string;
  /** (2026) their business-scoped user ID, when WhatsApp names them only by it. */
  recipient?: string;
  context?: { message_id: string };
  biz_opaque_callback_data?: string;
} & WireMessageBody;

/**
 * Send response, e.g. `{"messaging_product":"whatsapp","contacts":[{"input":"+4477…","wa_id":"4477…"}],
 * "messages":[{"id":"wamid.HBgM…","message_status":"accepted"}]}` (`message_status` on template sends only).
 */
export interface WireSendResponse {
  messaging_product: 'whatsapp';
  contacts?: Array<{ input: string; wa_id?: string; user_id?: string }>;
  messages: Array<{ id: string; message_status?: 'accepted' | 'held_for_quality_assessment' | 'paused' }>;
}

/** GET /{media-id}: `{"url": "https://lookaside.fbsbx.com/…", "mime_type": "image/jpeg", "sha256": "…", "file_size": 48213, "id": "…"}`. */
export interface WireMediaInfo {
  messaging_product: 'whatsapp';
  url: string;
  mime_type: string;
  sha256: string;
  file_size: number | string;
  id: string;
}

/** A button of a template as Meta returns it (OTP buttons come back as `URL` after creation). */
export interface MetaTemplateButton {
  type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE' | 'OTP' | 'FLOW' | 'CATALOG' | 'MPM' | 'SPM' | 'VOICE_CALL';
  text?: string;
  url?: string;
  phone_number?: string;
  /** URL: `["https://…/track/NW58213"]`; COPY_CODE: `"SUMMER20"` (Meta returns both forms). */
  example?: string | string[];
  otp_type?: 'COPY_CODE' | 'ONE_TAP' | 'ZERO_TAP';
}

/** A named-parameter example: `{"param_name": "first_name", "example": "Dana"}`. */
export interface MetaNamedExample {
  param_name: string;
  example: string;
}

/** A component of a template as Meta returns it from GET message_templates. */
export interface MetaTemplateComponent {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
  format?: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION' | 'GIF';
  text?: string;
  add_security_recommendation?: boolean;
  code_expiration_minutes?: number;
  example?: {
    header_text?: string[];
    header_text_named_params?: MetaNamedExample[];
    header_handle?: string[];
    body_text?: string[][];
    body_text_named_params?: MetaNamedExample[];
  };
  buttons?: MetaTemplateButton[];
}

/** A template as Meta returns it (GET /{waba-id}/message_templates, GET /{template-id}). */
export interface MetaTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | string;
  parameter_format?: 'POSITIONAL' | 'NAMED' | 'positional' | 'named';
  components: MetaTemplateComponent[];
  quality_score?: { score: string; date?: number };
  rejected_reason?: string;
  sub_category?: string;
}

/** A Graph list page: `{"data": [...], "paging": {"cursors": {"before", "after"}, "next"?: "https://…"}}`. */
export interface WirePage<T> {
  data: T[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
}

/** The synchronous Graph error envelope (Cloud API reference §2.1). */
export interface WireGraphError {
  error: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    error_data?: { messaging_product?: string; details?: string };
    error_user_title?: string;
    error_user_msg?: string;
    is_transient?: boolean;
    fbtrace_id?: string;
  };
}
