import { KaikuError } from '../errors.js';
import { GraphHttp } from './client-http.js';
import type { BinaryResponse, GraphHttpOptions, GraphRequest, StreamedResponse } from './client-http.js';
import { assertSendable } from './outbound-validate.js';
import { toWireRequest } from './outbound.js';
import type { OutboundMessage } from './outbound.js';
import type { MetaTemplate, WireMediaInfo, WirePage, WireSendResponse } from './wire-send.js';

/** Options of the Cloud API client: base URL, version and token are configuration, never constants. */
export type CloudApiClientOptions = GraphHttpOptions;

/** What Meta answered to a send: the message id, the resolved wa_id, the `to` echoed, and template status. */
export interface SendResult {
  messageId: string;
  waId: string;
  input: string;
  messageStatus?: 'accepted' | 'held_for_quality_assessment' | 'paused';
}

/** A file to upload: bytes, MIME type and file name. */
export interface MediaUpload {
  data: Uint8Array | Blob;
  mimeType: string;
  filename: string;
}

/** A business phone number as Meta describes it. */
export interface PhoneNumberInfo {
  id: string;
  display_phone_number: string;
  verified_name: string;
  quality_rating?: string;
  [field: string]: unknown;
}

/**
 * One permission of the token's user (https://developers.facebook.com/docs/graph-api/reference/user/permissions/):
 * `{"data": [{"permission": "whatsapp_business_messaging", "status": "granted"}]}`.
 */
export interface TokenPermission {
  permission: string;
  /** `granted`, `declined` or `expired`. */
  status: string;
}

/** Fields requested when listing templates. */
const TEMPLATE_FIELDS = 'id,name,language,status,category,sub_category,parameter_format,components,quality_score,rejected_reason';
/** Upper bound of pages followed in one listing (protects against a paging loop). */
const MAX_PAGES = 100;

/** Hosts Meta serves media downloads from; the sandbox's own origin is also trusted. */
const MEDIA_HOST_SUFFIXES = ['.fbsbx.com', '.whatsapp.net', '.facebook.com', '.fbcdn.net'];

/** WhatsApp Cloud API client: sends, media, templates, phone numbers and webhook subscriptions. */
export class CloudApiClient {
  private readonly http: GraphHttp;

  constructor(private readonly options: CloudApiClientOptions) {
    this.http = new GraphHttp(options);
  }

  /** Checks Meta's limits, then sends the message; throws MetaApiError or KaikuError('validation_failed'). */
  async sendMessage(phoneNumberId: string, msg: OutboundMessage): Promise<SendResult> {
    assertSendable(msg);
    const answer = await this.http.json<WireSendResponse>({ method: 'POST', path: `${phoneNumberId}/messages`, json: toWireRequest(msg) });
    const message = answer.messages?.[0];
    if (!message?.id) throw new KaikuError('meta_error', 'WhatsApp accepted the request but returned no message id. Check the message status later.');
    const contact = answer.contacts?.[0];
    const result: SendResult = { messageId: message.id, waId: contact?.wa_id ?? contact?.user_id ?? '', input: contact?.input ?? msg.to };
    if (message.message_status !== undefined) result.messageStatus = message.message_status;
    return result;
  }

  /** Marks an inbound message (and all earlier ones in the chat) as read; optionally shows the typing indicator. */
  async markAsRead(phoneNumberId: string, messageId: string, options: { typing?: boolean } = {}): Promise<void> {
    const json: Record<string, unknown> = { messaging_product: 'whatsapp', status: 'read', message_id: messageId };
    if (options.typing) json.typing_indicator = { type: 'text' };
    await this.http.json({ method: 'POST', path: `${phoneNumberId}/messages`, json });
  }

  /** Uploads a file as multipart form data and returns its media id. */
  async uploadMedia(phoneNumberId: string, upload: MediaUpload): Promise<{ id: string }> {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', upload.mimeType);
    const blob = upload.data instanceof Blob ? upload.data : new Blob([upload.data], { type: upload.mimeType });
    form.set('file', blob, upload.filename);
    return this.http.json<{ id: string }>({ method: 'POST', path: `${phoneNumberId}/media`, form });
  }

  /** Looks up a media id: a download URL valid for 5 minutes, MIME type, sha256 and size. */
  async getMedia(mediaId: string, phoneNumberId?: string): Promise<WireMediaInfo> {
    return this.http.json<WireMediaInfo>({ method: 'GET', path: mediaId, query: { phone_number_id: phoneNumberId } });
  }

  /** Downloads media from a URL returned by `getMedia`; refuses hosts that are neither Meta's nor the configured one. */
  async downloadMedia(url: string): Promise<BinaryResponse> {
    const target = this.trustedMediaUrl(url);
    return this.http.binary(target);
  }

  /** Starts a download of media from a URL returned by `getMedia`, its body streamed; the same hosts only. */
  async streamMedia(url: string, signal?: AbortSignal): Promise<StreamedResponse> {
    return this.http.stream(this.trustedMediaUrl(url), signal);
  }

  /** Deletes uploaded media. */
  async deleteMedia(mediaId: string, phoneNumberId?: string): Promise<void> {
    await this.http.json({ method: 'DELETE', path: mediaId, query: { phone_number_id: phoneNumberId } });
  }

  /** Lists the WABA's templates, following every page; optionally only one status (e.g. APPROVED). */
  async listTemplates(wabaId: string, filter: { status?: string; name?: string; limit?: number } = {}): Promise<MetaTemplate[]> {
    const query = { fields: TEMPLATE_FIELDS, status: filter.status, name: filter.name, limit: filter.limit ?? 100 };
    return this.allPages<MetaTemplate>({ method: 'GET', path: `${wabaId}/message_templates`, query });
  }

  /** Reads one template by id. */
  async getTemplate(templateId: string): Promise<MetaTemplate> {
    return this.http.json<MetaTemplate>({ method: 'GET', path: templateId, query: { fields: TEMPLATE_FIELDS } });
  }

  /** Creates a template; Meta answers `{id, status, category}`. */
  async createTemplate(wabaId: string, body: Record<string, unknown>): Promise<{ id: string; status: string; category: string }> {
    return this.http.json({ method: 'POST', path: `${wabaId}/message_templates`, json: body });
  }

  /** Deletes a template: every language of `name`, or only the one with `hsmId`. */
  async deleteTemplate(wabaId: string, target: { name: string; hsmId?: string }): Promise<void> {
    await this.http.json({ method: 'DELETE', path: `${wabaId}/message_templates`, query: { name: target.name, hsm_id: target.hsmId } });
  }

  /** Reads one business phone number (`fields`: Meta's comma-separated field list; Meta's default set without it). */
  async getPhoneNumber(phoneNumberId: string, fields?: string): Promise<PhoneNumberInfo> {
    return this.http.json<PhoneNumberInfo>({ method: 'GET', path: phoneNumberId, ...(fields ? { query: { fields } } : {}) });
  }

  /** The permissions granted to this client's token (`GET /me/permissions`; the token travels in the header, never the URL). */
  async grantedPermissions(): Promise<string[]> {
    const answer = await this.http.json<WirePage<TokenPermission>>({ method: 'GET', path: 'me/permissions' });
    return answer.data?.filter((p) => p.status === 'granted').map((p) => p.permission) ?? [];
  }

  /** Lists the WABA's business phone numbers. */
  async listPhoneNumbers(wabaId: string): Promise<PhoneNumberInfo[]> {
    return this.allPages<PhoneNumberInfo>({ method: 'GET', path: `${wabaId}/phone_numbers` });
  }

  /** Subscribes this app to the WABA's webhooks, optionally overriding the callback URL for this WABA. */
  async subscribeApp(wabaId: string, options: { overrideCallbackUri?: string; verifyToken?: string } = {}): Promise<void> {
    const json: Record<string, string> = {};
    if (options.overrideCallbackUri !== undefined) json.override_callback_uri = options.overrideCallbackUri;
    if (options.verifyToken !== undefined) json.verify_token = options.verifyToken;
    await this.http.json({ method: 'POST', path: `${wabaId}/subscribed_apps`, json: Object.keys(json).length > 0 ? json : undefined });
  }

  /** Lists the apps subscribed to the WABA's webhooks. */
  async listSubscribedApps(wabaId: string): Promise<Array<Record<string, unknown>>> {
    return this.allPages<Record<string, unknown>>({ method: 'GET', path: `${wabaId}/subscribed_apps` });
  }

  /** Unsubscribes this app from the WABA's webhooks. */
  async unsubscribeApp(wabaId: string): Promise<void> {
    await this.http.json({ method: 'DELETE', path: `${wabaId}/subscribed_apps` });
  }

  /** Follows `paging.cursors.after` while Meta says there is a next page (never the `next` URL's host). */
  private async allPages<T>(request: GraphRequest): Promise<T[]> {
    const items: T[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await this.http.json<WirePage<T>>({ ...request, query: { ...request.query, after } });
      items.push(...(answer.data ?? []));
      after = answer.paging?.next ? answer.paging.cursors?.after : undefined;
      if (!after) return items;
    }
    return items;
  }

  private trustedMediaUrl(url: string): URL {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new KaikuError('validation_failed', `The media URL "${url}" is not a valid URL. Use the url returned by the media lookup.`);
    }
    const own = new URL(this.options.baseUrl).host;
    const trusted = target.host === own || MEDIA_HOST_SUFFIXES.some((suffix) => target.hostname.endsWith(suffix));
    if (!trusted) {
      throw new KaikuError('validation_failed', `The media URL's host ${target.hostname} is not WhatsApp's; the access token is only sent to WhatsApp.`);
    }
    return target;
  }
}
