/**
 * The one storage interface of the proxy. Two implementations (SQLite embedded, PostgreSQL to scale out)
 * pass one shared test suite. Only `store/` knows SQL; everything else sees these types.
 */
import type { InboundMessageRecord, MessageStatusRecord } from '@kaiku/core';
import type { BlockedActionRecord } from '@kaiku/hubspot';
import type { AutomationStore } from './automations.js';
import type { DeliveryLogStore } from './delivery-log.js';
import type { UsageStore } from './usage.js';
import type { ConversationStore } from './conversation-types.js';
import type { AdminStore } from './admin-types.js';
import type { ConsoleUserStore } from './console-types.js';
import type { ClaimOptions, ClaimedDelivery, DeliveryFailure, SubscriptionHealth } from './delivery-types.js';
import type { PruneCursor, QuarantinedReceipt, RetentionPolicy } from './receipt-types.js';
import type { HealthChange, HealthPolicy, SubscriptionState } from './delivery-health.js';

export type { HealthChange, HealthPolicy, SubscriptionState } from './delivery-health.js';
export type { ClaimOptions, ClaimedDelivery, DeliveryFailure, SubscriptionHealth } from './delivery-types.js';
export type { PruneCursor, QuarantinedReceipt, RetentionPolicy } from './receipt-types.js';

/** An organisation using Kaiku. */
export interface Workspace {
  id: string;
  name: string;
  settings: WorkspaceSettings;
  createdAt: Date;
}

/** Per-workspace switches; defaults are the safe choice. */
export interface WorkspaceSettings {
  /** Marketing templates need an opt-in record (default true). */
  requireMarketingOptIn: boolean;
  /** Send a confirmation reply when a customer opts out or in by keyword (default false). */
  confirmConsentChanges: boolean;
  /** HubSpot custom events (Enterprise) on inbound messages (default false). */
  hubspotCustomEvents: boolean;
  /** Quick-reply payloads or texts that opt a customer out, besides Meta's "Stop promotions" (default none). */
  optOutButtons: string[];
  /**
   * The sandbox demo workspace of `pnpm start` (default false): outside production its subscriptions may reach
   * this machine (a webhook receiver on localhost). Set only by the demo, never through the API.
   */
  sandboxDemo: boolean;
  /** Tell the customer (blue ticks) when the console marks their messages read (default false). */
  sendReadReceipts?: boolean;
}

/** A WhatsApp business phone number connected to a workspace. Secrets are decrypted by the store's caller. */
export interface Connection {
  id: string;
  workspaceId: string;
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string | null;
  graphBaseUrl: string;
  graphVersion: string;
  /** Encrypted at rest: the store holds ciphertext; `secrets.ts` encrypts and decrypts. */
  accessTokenEnc: string;
  appSecretEnc: string;
  verifyToken: string;
  createdAt: Date;
}

/** An API key; only its hash is stored, the key itself is shown once. */
export interface ApiKey {
  id: string;
  workspaceId: string;
  name: string;
  /** The first characters of the key, to recognise it in lists. */
  prefix: string;
  hash: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** When a request last used it (to the minute), or null. */
  lastUsedAt: Date | null;
}

/** A raw Meta webhook POST, stored before the 200 goes back. */
export interface WebhookReceipt {
  id: number;
  connectionId: string;
  receivedAt: Date;
  body: Buffer;
}

/** An outbound message we sent, with its status timeline. */
export interface OutboundMessage {
  id: string; // wamid
  workspaceId: string;
  connectionId: string;
  waId: string;
  type: string;
  templateName: string | null;
  templateCategory: string | null;
  sentAs: 'free_form' | 'fallback_template' | 'template';
  status: string;
  idempotencyKey: string | null;
  /** What the send answered, replayed for a repeated idempotency key. */
  response: Record<string, unknown>;
  /** What was sent (text, media, buttons, template and variables), for the conversation timeline. */
  content?: Record<string, unknown> | null;
  createdAt: Date;
}

/** One step in an outbound message's timeline. */
export interface StatusEvent {
  status: string;
  timestamp: Date;
  errorCode: number | null;
  errorMessage: string | null;
}

/** A customer of a workspace: the 24-hour window and the current consent. */
export interface Contact {
  workspaceId: string;
  waId: string;
  profileName: string | null;
  lastInboundAt: Date | null;
  consent: 'opted_in' | 'opted_out' | 'unknown';
  consentUpdatedAt: Date | null;
}

/** One consent change; the history is kept, never overwritten. */
export interface ConsentEvent {
  status: 'opted_in' | 'opted_out';
  source: string;
  proof: string | null;
  recordedAt: Date;
}

/** The two kinds of events subscribers receive. */
export type EventType = 'inbound_message' | 'message_status';

/** Which events of its kind a subscription wants: a record type (or status), a business number, or both. */
export interface SubscriptionFilter {
  type?: string;
  phone_number_id?: string;
}

/** A trigger subscription: an HTTP target or an in-process sink (`sink` set, e.g. `hubspot`). */
export interface Subscription {
  id: string;
  workspaceId: string;
  event: EventType;
  targetUrl: string | null;
  sink: string | null;
  /**
   * The sealed signing secrets (`secrets.ts` ciphertext of the current `whsec_…` secret and, for 24 hours after a
   * rotation, the previous one; `actions/webhook-secrets.ts` reads it). Never plaintext; null for sinks.
   */
  secret: string | null;
  filter: SubscriptionFilter | null;
  /**
   * Who created it, when known (`power_automate`, `zapier`, `hubspot`, `api`). A `power_automate`
   * subscription is also removed on 404, as Power Automate's webhook trigger contract expects.
   */
  source?: string | null;
  createdAt: Date;
}

/** One event to deliver to one subscription. `orderKey` serialises deliveries per customer. */
export interface Delivery {
  id: string;
  subscriptionId: string;
  workspaceId: string;
  eventId: string;
  eventType: EventType;
  orderKey: string;
  payload: InboundMessageRecord | MessageStatusRecord;
  attempts: number;
  nextAttemptAt: Date;
  state: 'pending' | 'done' | 'dead';
  lastError: string | null;
  createdAt: Date;
}

/** The result of applying one webhook receipt to one workspace. */
export interface AppliedWebhook {
  receiptId: number;
  workspaceId: string;
  /** Inbound messages seen for the first time (duplicates are dropped by the unique message id). */
  newMessages: InboundMessageRecord[];
  /** Status changes seen for the first time (dedupe on message id + status). */
  newStatuses: MessageStatusRecord[];
  /** Consent changes recorded for the first time (dedupe on `dedupeKey`). */
  newConsentChanges: ConsentChange[];
  /** Deliveries enqueued for subscribers and sinks. */
  deliveriesEnqueued: number;
}

/** One receipt's parsed events, grouped by the workspace they belong to (empty: nothing to apply). */
export interface ReceiptToApply {
  receiptId: number;
  parts: Array<{ workspaceId: string; events: ParsedWebhookEvents }>;
}

/** The storage interface; every method is atomic on its own. */
export interface Store extends ConversationStore, ConsoleUserStore, AdminStore {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;

  // workspaces, connections, keys
  createWorkspace(input: { name: string; settings?: Partial<WorkspaceSettings> }): Promise<Workspace>;
  getWorkspace(id: string): Promise<Workspace | null>;
  listWorkspaces(): Promise<Workspace[]>;
  updateWorkspaceSettings(id: string, settings: Partial<WorkspaceSettings>): Promise<Workspace>;
  upsertConnection(input: Omit<Connection, 'id' | 'createdAt'>): Promise<Connection>;
  listConnections(workspaceId?: string): Promise<Connection[]>;
  findConnectionByPhoneNumberId(phoneNumberId: string): Promise<Connection | null>;
  findConnectionsByWabaId(wabaId: string): Promise<Connection[]>;
  createApiKey(input: { workspaceId: string; name: string; prefix: string; hash: string }): Promise<ApiKey>;
  findApiKeyByHash(hash: string): Promise<ApiKey | null>;
  listApiKeys(workspaceId: string): Promise<ApiKey[]>;
  /** Revokes a key of this workspace; false when there is no such key. Revoked keys stay listed. */
  revokeApiKey(workspaceId: string, keyId: string): Promise<boolean>;
  /** Disconnects a number; its messages and contacts stay with the workspace. False when it was not connected. */
  deleteConnection(phoneNumberId: string): Promise<boolean>;
  /** Deletes a workspace and everything kept for it (messages, contacts, subscriptions, keys, connections). */
  deleteWorkspace(id: string): Promise<boolean>;

  // webhook intake: durable first, applied after the ack
  /** Stores raw webhook bodies (group commit: many receipts, one transaction). */
  saveWebhookReceipts(receipts: Array<{ connectionId: string; body: Buffer }>): Promise<number[]>;
  /**
   * Receipts not yet applied nor quarantined, oldest first, each claimed for `leaseMs` (default 3 s; renewed
   * while the work goes on): after a crash, another process takes them over once the lease runs out.
   */
  claimUnappliedReceipts(limit: number, leaseMs?: number): Promise<WebhookReceipt[]>;
  /** Hands claimed receipts back at once (their apply failed), instead of when the claim runs out. */
  releaseReceipts(ids: number[]): Promise<void>;
  /**
   * Applies receipts in one transaction: inserts messages and statuses (insert-or-ignore on the
   * message id / message id + status), opens windows, records the consent changes, moves outbound
   * messages' statuses forward (never back: read > delivered > sent), enqueues deliveries for
   * every matching subscription, and marks the receipts applied. A receipt already applied is skipped.
   */
  applyWebhookReceipts(receipts: ReceiptToApply[]): Promise<AppliedWebhook[]>;
  /** Extends the claim on receipts this process is still working on. */
  renewReceiptClaims(ids: number[], leaseMs: number): Promise<void>;
  /**
   * Counts one failed apply of a receipt: it is handed back after `retryInMs`, or moved to quarantine (raw
   * body and error kept, never claimed again) once it has failed `quarantineAfter` times.
   */
  failReceipt(id: number, error: string, policy: { quarantineAfter: number; retryInMs: number }): Promise<'retry' | 'quarantined'>;
  /** Quarantined receipts, newest first; only those signed for the workspace's connections when `workspaceId` is given. */
  listQuarantinedReceipts(query: { workspaceId?: string; limit: number }): Promise<QuarantinedReceipt[]>;
  /** Takes a receipt out of quarantine to be applied again (attempts reset); false when there is no such receipt. */
  retryQuarantinedReceipt(id: number, workspaceId?: string): Promise<boolean>;
  /** How the receipts stand: quarantined since `since`, and when the oldest unapplied one arrived. */
  receiptBacklog(since: Date): Promise<{ quarantined: number; oldestUnappliedAt: Date | null }>;
  /**
   * Deletes one small batch of what retention lets go (applied receipts, inbound messages and done
   * deliveries older than `before`; quarantined receipts and dead deliveries older than `deadBefore`);
   * returns how many rows went and where to go on (null: done). Start at `{ table: 0, after: 0 }` and yield
   * to the event loop between calls.
   */
  pruneBatch(policy: RetentionPolicy, cursor: PruneCursor): Promise<{ deleted: number; next: PruneCursor | null }>;

  // messages
  listInboundMessages(workspaceId: string, query: { since?: Date; limit: number; type?: string }): Promise<InboundMessageRecord[]>;
  /** The latest status updates of the workspace's sent messages, newest first, as status records. */
  listRecentStatuses(workspaceId: string, query: { limit: number; phoneNumberId?: string }): Promise<MessageStatusRecord[]>;
  /**
   * Reserves an idempotency key before a send (unique constraint, never check-then-act): `reserved` when
   * this caller may send; otherwise the earlier send's outcome (`pending` while it is still in flight).
   */
  reserveIdempotencyKey(workspaceId: string, key: string, requestHash: string): Promise<
    { state: 'reserved' } | { state: 'pending' } | { state: 'done'; message: OutboundMessage } | { state: 'mismatch' }
  >;
  /** Frees a reservation whose send failed before Meta accepted it, so that a retry may send. */
  releaseIdempotencyKey(workspaceId: string, key: string): Promise<void>;
  recordOutboundMessage(message: Omit<OutboundMessage, 'createdAt'>): Promise<void>;
  findOutboundByIdempotencyKey(workspaceId: string, key: string): Promise<OutboundMessage | null>;
  getOutboundMessage(workspaceId: string, id: string): Promise<{ message: OutboundMessage; statuses: StatusEvent[] } | null>;

  // contacts: window and consent
  getContact(workspaceId: string, waId: string): Promise<Contact | null>;
  recordConsent(workspaceId: string, waId: string, event: ConsentEvent): Promise<Contact>;
  consentHistory(workspaceId: string, waId: string): Promise<ConsentEvent[]>;

  // subscriptions and delivery
  createSubscription(input: Omit<Subscription, 'id' | 'createdAt'>): Promise<Subscription>;
  listSubscriptions(workspaceId: string): Promise<Subscription[]>;
  getSubscription(workspaceId: string, id: string): Promise<Subscription | null>;
  deleteSubscription(workspaceId: string, id: string): Promise<boolean>;
  /** Replaces a subscription's sealed secret if it still is `expected` (compare-and-set); false otherwise. */
  replaceSubscriptionSecret(workspaceId: string, id: string, expected: string | null, sealed: string): Promise<boolean>;
  /** HTTP subscriptions whose secret is missing or does not start with `sealedPrefix` (plaintext from older versions). */
  listUnsealedSubscriptions(sealedPrefix: string): Promise<Subscription[]>;
  /**
   * Claims due deliveries: only the head of each (subscription, customer) queue, found by its due time (an
   * index range, never a walk of the backlog), plus one probe per failing subscription whose probe is due. Due
   * subscriptions share the claim equally, longest waiting first (round robin).
   * Safe across processes (PostgreSQL: FOR UPDATE SKIP LOCKED). Each is leased for `leaseMs`.
   */
  claimDueDeliveries(limit: number, leaseMs: number, options?: ClaimOptions): Promise<ClaimedDelivery[]>;
  /** Extends the leases of deliveries still being worked on (a crashed process's leases run out soon). */
  renewDeliveryLeases(deliveries: Array<{ id: string; orderKey: string }>, leaseMs: number): Promise<void>;
  completeDelivery(id: string): Promise<void>;
  /**
   * Marks many deliveries done in one transaction (the workers batch their completions) and moves each
   * queue's head on. A failing subscription that succeeds is active again and its held queues are released.
   */
  completeDeliveries(ids: string[]): Promise<HealthChange[]>;
  /**
   * Records a failed attempt: retry at `nextAttemptAt` (null: dead-letter it and move the queue on), and the
   * subscription's health by `policy`; answers the change of state, if any.
   */
  failDelivery(id: string, error: string, nextAttemptAt: Date | null, policy?: HealthPolicy): Promise<HealthChange | null>;
  /** Records many failed attempts in one transaction (the workers batch them as they batch completions). */
  failDeliveries(failures: DeliveryFailure[], policy?: HealthPolicy): Promise<HealthChange[]>;
  listDeadDeliveries(workspaceId: string, limit: number): Promise<Delivery[]>;
  pendingDeliveryCount(): Promise<number>;
  /** A subscription's health, or null when the workspace has no such subscription. */
  getSubscriptionHealth(workspaceId: string, id: string): Promise<SubscriptionHealth | null>;
  /** Pauses (holding every queue) or resumes (releasing them, in order) a subscription; null when unknown. */
  setSubscriptionPaused(workspaceId: string, id: string, paused: boolean, reason: string): Promise<HealthChange | null>;
  /** Puts dead deliveries back in their queues: one by id, or all of a subscription's. Answers how many. */
  replayDeadDeliveries(workspaceId: string, which: { deliveryId: string } | { subscriptionId: string }): Promise<number>;
  /** How many subscriptions a workspace has (the per-workspace limit). */
  countSubscriptions(workspaceId: string): Promise<number>;
  /** Subscriptions per health state, across workspaces (metrics). */
  subscriptionStateCounts(): Promise<Record<SubscriptionState, number>>;

  // throughput across processes
  /** Takes one send token for a phone number (token bucket at `perSecond`); false when empty. */
  takeSendToken(phoneNumberId: string, perSecond: number): Promise<boolean>;
  /** Takes one request of an API key's budget (`perMinute`, refilled continuously); 0, or the ms until one is there. */
  takeRequestToken(keyId: string, perMinute: number): Promise<number>;

  // HubSpot accounts — requested by the HubSpot integration (integrations/hubspot.ts, cli/hubspot.ts); both stores
  // implement them. One account per workspace; a portal id belongs to one workspace (unique).
  /** requested: creates or replaces the workspace's HubSpot account. */
  upsertHubspotAccount(input: Omit<HubspotAccountRecord, 'createdAt' | 'updatedAt'>): Promise<HubspotAccountRecord>;
  /** requested: the account of a HubSpot portal (HubSpot's requests carry the portal id). */
  findHubspotAccountByPortalId(portalId: number): Promise<HubspotAccountRecord | null>;
  /** requested: the workspace's account, if connected. */
  getHubspotAccount(workspaceId: string): Promise<HubspotAccountRecord | null>;
  /** requested: stores refreshed OAuth tokens (ciphertext). */
  updateHubspotTokens(workspaceId: string, tokens: { accessTokenEnc: string; refreshTokenEnc: string | null; expiresAt: Date | null }): Promise<void>;
  /** requested: disconnects the workspace from HubSpot; false when it was not connected. */
  deleteHubspotAccount(workspaceId: string): Promise<boolean>;

  // One-time links that install the HubSpot app for one workspace (codes and states are stored as hashes)
  /** Keeps a new link code for a workspace until `expiresAt`. */
  createHubspotLinkCode(input: { codeHash: string; workspaceId: string; expiresAt: Date }): Promise<void>;
  /** Binds a new OAuth state to an unexpired, unused link code (replacing an earlier one); false when there is none. */
  bindHubspotLinkState(codeHash: string, stateHash: string): Promise<boolean>;
  /** Uses up the link behind an unexpired state, once: its workspace, or null. */
  consumeHubspotLinkState(stateHash: string): Promise<string | null>;

  // HubSpot workflow actions answered BLOCK, kept until HubSpot has been told their outcome (a restart loses none)
  /** Keeps a blocked action, or moves it to `dueAt` and frees it for any process to take. */
  saveHubspotBlockedAction(action: HubspotBlockedAction): Promise<void>;
  /** Takes up to `limit` actions due now, each for `leaseMs` (no other process takes it meanwhile). */
  claimDueHubspotBlockedActions(limit: number, leaseMs: number): Promise<HubspotBlockedAction[]>;
  /** Forgets an action once HubSpot knows its outcome. */
  deleteHubspotBlockedAction(callbackId: string): Promise<void>;

  /** Parts in files of their own: automation rules and runs, every delivery attempt, usage per quarter hour. */
  readonly automations: AutomationStore;
  readonly deliveryLog: DeliveryLogStore;
  readonly usage: UsageStore;
}

/** A HubSpot workflow action that answered BLOCK, as `@kaiku/hubspot` hands it over to be kept. */
export type HubspotBlockedAction = BlockedActionRecord;

/** requested: a workspace's connected HubSpot account; tokens are ciphertext (`secrets.ts`). */
export interface HubspotAccountRecord {
  workspaceId: string;
  portalId: number;
  accessTokenEnc: string;
  /** OAuth only; null for a private app token. */
  refreshTokenEnc: string | null;
  /** When the access token expires (OAuth); null when it does not. */
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Parsed events of one receipt, as core's `parseWebhook` returns them, grouped. */
export interface ParsedWebhookEvents {
  messages: InboundMessageRecord[];
  statuses: MessageStatusRecord[];
  /** Consent changes decided by the caller (opt-out/opt-in keywords, Meta's user_preferences). */
  consentChanges: ConsentChange[];
}

/**
 * A consent change found in a webhook. `dedupeKey` (the message id of a STOP, or Meta's preference event)
 * makes a redelivered webhook record it once.
 */
export interface ConsentChange {
  waId: string;
  event: ConsentEvent;
  dedupeKey: string;
}
