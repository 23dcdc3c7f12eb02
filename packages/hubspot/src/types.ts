/**
 * What the HubSpot package needs from its host (the proxy) and the shapes it exchanges with it. The
 * package never imports the proxy: the proxy builds these deps from its store and actions.
 */
import type { SendTemplateInput } from '@kaiku/core';

/** A workspace's connected HubSpot account, tokens already decrypted by the host. */
export interface HubspotAccount {
  workspaceId: string;
  /** HubSpot's portal (hub) id. */
  portalId: number;
  accessToken: string;
  /** OAuth only: refreshed before `expiresAt`; null for a private app token. */
  refreshToken: string | null;
  expiresAt: Date | null;
  /** Send a custom event (`events/v3/send`, Enterprise tiers) for each inbound message. */
  customEvents: boolean;
}

/** New OAuth tokens, handed back to the host to store encrypted. */
export interface HubspotTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

/** How to reach HubSpot's API and refresh OAuth tokens. */
export interface HubspotApiDeps {
  /** `https://api.hubapi.com` in production; a local fake in tests. */
  apiBaseUrl: string;
  /** OAuth app credentials, needed only to refresh OAuth tokens. */
  oauth?: { clientId: string; clientSecret: string };
  /** Stores refreshed tokens (encrypted) for the workspace. */
  saveTokens?: (workspaceId: string, tokens: HubspotTokens) => Promise<void>;
  /** Disconnects a workspace whose refresh token HubSpot no longer takes (the app was uninstalled there). */
  forgetAccount?: (workspaceId: string) => Promise<void>;
  /** The clock, in epoch ms (tests move it). */
  now?: () => number;
}

/** The shared `send-template` input (contract §1), as core defines it. */
export type { SendTemplateInput };

/** The shared `send-template` output. */
export interface SendTemplateOutput {
  id: string;
  wa_id: string;
  status: string;
  preview?: string;
  /** True when this answers an earlier send with the same callback id: nothing went out now, nothing is logged again. */
  replayed?: boolean;
}

/** The shared `reply` input, restricted to what the HubSpot action offers. */
export interface ReplyInput {
  to: string;
  text?: string;
  media?: { type: 'image' | 'video' | 'audio' | 'document'; url: string; caption?: string };
  fallback_template?: { template: string; language?: string; variables?: Record<string, string> };
  phone_number_id?: string;
  idempotency_key?: string;
}

/** The shared `reply` output. */
export interface ReplyOutput {
  id: string;
  wa_id: string;
  status: string;
  sent_as: string;
  /** True when this answers an earlier send with the same callback id: nothing went out now, nothing is logged again. */
  replayed?: boolean;
}

/** The shared `opt-in-request` input (`POST /v1/contacts/{phone}/opt-in-request`), as the HubSpot action fills it. */
export interface OptInRequestInput {
  template: string;
  language?: string;
  variables?: Record<string, string>;
  phone_number_id?: string;
  decline_opts_out?: boolean;
  idempotency_key?: string;
}

/** The shared `opt-in-request` output. */
export interface OptInRequestOutput {
  id: string;
  wa_id: string;
  status: string;
  preview?: string;
  agree_button: string;
  decline_button: string | null;
  /** True when this answers an earlier request with the same callback id: nothing went out now, nothing is logged again. */
  replayed?: boolean;
}

/** An approved template as the proxy lists it (`GET /v1/templates`). */
export interface TemplateChoice {
  id: string;
  name: string;
  language: string;
  label: string;
  preview?: string;
  /** The values the template needs (body variables, media header, URL button suffix). */
  inputs?: TemplateVariableChoice[];
}

/** One value a template needs, as the proxy describes it. */
export interface TemplateVariableChoice {
  /** The key to send it under: `1`, `first_name`, `header_image`, `button_0_url`. */
  key: string;
  label: string;
  description?: string;
  example?: string;
}

/** A business phone number of the workspace. */
export interface PhoneNumberChoice {
  id: string;
  display_phone_number: string;
  verified_name: string | null;
}

/** The error shape the proxy's actions throw (core's KaikuError and the proxy's own codes). */
export interface ActionError {
  code: string;
  message: string;
  /** Facts about the error (`field`, `closed_at`), as the proxy's errors carry them. */
  details?: Record<string, unknown>;
  retryable?: boolean;
  retryAfterMs?: number;
}

/** What the router needs: the proxy's action functions, the app secret and the public URL. */
export interface HubspotDeps extends HubspotApiDeps {
  /** The HubSpot app's client secret: the key of the v3 request signature. */
  clientSecret: string;
  /** The proxy's public base URL (`KAIKU_PUBLIC_URL`): HubSpot signs the URI it called. */
  publicUrl: string;
  findAccountByPortalId(portalId: number): Promise<HubspotAccount | null>;
  sendTemplate(workspaceId: string, input: SendTemplateInput): Promise<SendTemplateOutput>;
  reply(workspaceId: string, input: ReplyInput): Promise<ReplyOutput>;
  /** Asks the customer at `phone` for marketing consent with a template's quick-reply buttons. */
  requestOptIn(workspaceId: string, phone: string, input: OptInRequestInput): Promise<OptInRequestOutput>;
  listTemplates(workspaceId: string, query: { phoneNumberId?: string }): Promise<TemplateChoice[]>;
  listPhoneNumbers(workspaceId: string): Promise<PhoneNumberChoice[]>;
  /**
   * Keeps blocked actions so that a restart loses none; the host then runs them when due with
   * `runBlockedAction`. Without it they wait in memory on `schedule`.
   */
  blocked?: { save(action: BlockedActionRecord): Promise<void> };
  /** Runs a deferred task (the retry of a blocked action kept in memory); defaults to a timer. */
  schedule?: (delayMs: number, task: () => Promise<void>) => void;
  /** Reports failures that have no caller to answer (deferred completions). */
  onError?: (message: string, error: unknown) => void;
}

/** The workflow actions, by our name for them. */
export type ActionKind = 'send_template' | 'reply' | 'request_consent';

/** A workflow action that answered BLOCK, as the host keeps it: HubSpot's request as received, and when it is due. */
export interface BlockedActionRecord {
  callbackId: string;
  workspaceId: string;
  kind: ActionKind;
  /** The request body, as HubSpot sent it (JSON). */
  request: string;
  blockedAt: Date;
  dueAt: Date;
}

/** What became of one try of a kept blocked action: HubSpot knows the outcome, or it is due again at `dueAt`. */
export type BlockedActionResult = { done: true } | { done: false; dueAt: Date };

/** What the CRM sink needs: the workspace's account and its contacts' consent. */
export interface HubspotSinkDeps extends HubspotApiDeps {
  findAccountByWorkspace(workspaceId: string): Promise<HubspotAccount | null>;
  /** The consent the proxy recorded for a customer (keywords, Meta's preferences). */
  getConsent?(workspaceId: string, waId: string): Promise<'opted_in' | 'opted_out' | 'unknown'>;
}
