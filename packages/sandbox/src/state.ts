/** The sandbox's whole memory: plain JSON, optionally kept in a state file across restarts. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ResolvedOptions } from './options.js';
import { seedTemplates } from './templates/seed.js';

/** A simulated customer's phone. */
export interface Customer {
  wa_id: string;
  profile_name: string;
  on_whatsapp: boolean;
  marketing_blocked: boolean;
  /** Customers with read receipts off never produce `read` statuses. */
  read_receipts?: boolean;
  /** Epoch ms of the customer's last message (opens the 24-hour window). */
  last_inbound_at: number | null;
  /** The customer's WhatsApp username, shown in their contact entry. */
  username?: string | null;
  /**
   * Their business-scoped user ID (2026). When set, their messages carry it instead of the number, as Meta's
   * do for a username user whose number the business has not been given; with `number_shared`, beside it.
   */
  user_id?: string | null;
  number_shared?: boolean;
}

/** One status a message went through, with Meta's error code when it failed. */
export interface StatusEntry {
  status: string;
  timestamp: number;
  error_code?: number;
}

/** A message as the customer's phone sees it, both directions. */
export interface StoredMessage {
  id: string;
  direction: 'outbound' | 'inbound';
  phone_number_id: string;
  wa_id: string;
  type: string;
  /** What the customer reads (outbound) or wrote (inbound), as plain text. */
  text: string;
  status: string;
  statuses: StatusEntry[];
  template?: { name: string; language: string; category: string };
  /** Quick-reply buttons the customer can tap on this message: label → payload. */
  quick_replies?: Array<{ index: number; text: string; payload: string }>;
  /** Reply buttons and list rows of an interactive message: what the customer can tap, with the id it answers. */
  choices?: Array<{ id: string; title: string }>;
  /** A list message's menu: the label of the button that opens it, and its sections of rows. */
  list?: { button: string; sections: Array<{ title: string; rows: Array<{ id: string; title: string; description: string }> }> };
  timestamp: number;
}

/** A button of a template, as Meta's GET returns it. */
export interface TemplateButton {
  type: string;
  text?: string;
  url?: string;
  phone_number?: string;
  example?: string[] | string;
  otp_type?: string;
}

/** A template component, as Meta's GET returns it. */
export interface TemplateComponent {
  type: string;
  format?: string;
  text?: string;
  example?: Record<string, unknown>;
  buttons?: TemplateButton[];
  add_security_recommendation?: boolean;
  code_expiration_minutes?: number;
}

/** A message template of a WABA. */
export interface StoredTemplate {
  id: string;
  waba_id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format: 'POSITIONAL' | 'NAMED';
  components: TemplateComponent[];
  rejected_reason?: string;
  /** Template pacing (reference §4.7): sends are held for quality assessment while true. */
  paced?: boolean;
  /** Meta's quality score once it was set from the control surface (`date` in Unix seconds); derived otherwise. */
  quality?: { score: QualityScore; date: number };
}

/** Meta's template quality scores (reference §4.5). */
export type QualityScore = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

/** An uploaded file; its bytes are kept base64-encoded so the state stays plain JSON. */
export interface StoredMedia {
  id: string;
  phone_number_id: string;
  mime_type: string;
  sha256: string;
  file_size: number;
  filename: string | null;
  data_base64: string;
  created_at: number;
}

/** Meta's per-WABA app subscription, with the optional override callback. */
export interface Subscription {
  override_callback_uri: string | null;
  verify_token: string | null;
}

/** Everything the sandbox remembers. */
export interface SandboxState {
  customers: Record<string, Customer>;
  messages: StoredMessage[];
  templates: StoredTemplate[];
  media: Record<string, StoredMedia>;
  subscriptions: Record<string, Subscription>;
  callback: { url: string | null; verify_token: string };
  /** Per business number: its blocklist, business profile and Cloud API registration (absent in older state files). */
  phones?: Record<string, PhoneState>;
  /** How far the clock was moved (kept, so that a restart does not send Meta-side time back). */
  clock_offset_ms?: number;
  /** System user tokens issued through `/_sandbox/tokens`, with their permissions (absent in older state files). */
  tokens?: Record<string, { permissions: string[] }>;
}

/** What a business number keeps besides its messages. */
export interface PhoneState {
  /** wa_ids the business blocked. */
  blocked: string[];
  profile: Record<string, unknown>;
  registered: boolean;
}

/** The state of one business number, created on first use. */
export function phoneStateOf(state: SandboxState, phoneNumberId: string): PhoneState {
  state.phones ??= {};
  state.phones[phoneNumberId] ??= {
    blocked: [],
    profile: { about: 'Hello from the Kaiku sandbox', address: '', description: '', email: '', websites: [], vertical: 'OTHER', profile_picture_url: '' },
    registered: true,
  };
  return state.phones[phoneNumberId];
}

/** A fresh state: seed templates, the app subscribed to the WABA, the callback from the options. */
export function initialState(options: ResolvedOptions): SandboxState {
  return {
    customers: {},
    messages: [],
    templates: seedTemplates(options.wabaId),
    media: {},
    subscriptions: { [options.wabaId]: { override_callback_uri: null, verify_token: null } },
    callback: { url: options.callbackUrl, verify_token: options.verifyToken },
  };
}

/** Reads the state file when there is one, else starts fresh. */
export function loadState(options: ResolvedOptions): SandboxState {
  if (!options.stateFile || !existsSync(options.stateFile)) return initialState(options);
  const saved = JSON.parse(readFileSync(options.stateFile, 'utf8')) as SandboxState;
  if (options.callbackUrl) saved.callback = { url: options.callbackUrl, verify_token: options.verifyToken };
  return saved;
}

/** Writes the state file atomically (write, then rename), owner-only: it holds the customers' messages. */
export function saveState(file: string, state: SandboxState): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
  renameSync(temporary, file);
}

/** The customer record for a wa_id, created on first sight (on WhatsApp, nothing blocked, window closed). */
export function customerOf(state: SandboxState, waId: string): Customer {
  const existing = state.customers[waId];
  if (existing) return existing;
  const created: Customer = { wa_id: waId, profile_name: `Customer ${waId.slice(-4)}`, on_whatsapp: true, marketing_blocked: false, last_inbound_at: null };
  state.customers[waId] = created;
  return created;
}
