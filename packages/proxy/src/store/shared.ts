/**
 * What both store implementations share: ids, defaults, the status order, event ids, subscription matching
 * and the mapping from rows (dates as epoch milliseconds, JSON as text) to domain objects.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { InboundMessageRecord, MessageStatusRecord } from '@kaiku/core';
import type {
  ApiKey, ConsentEvent, Connection, Contact, Delivery, EventType, HubspotAccountRecord, HubspotBlockedAction, OutboundMessage, QuarantinedReceipt, StatusEvent, Subscription, SubscriptionFilter,
  Workspace, WorkspaceSettings,
} from './types.js';

/** A row as the drivers return it. */
export type Row = Record<string, unknown>;

/** A new random id with a readable prefix (`ws_…`, `conn_…`). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** The safe defaults of a new workspace. */
/** Tables keyed by workspace_id without a cascading foreign key: `deleteWorkspace` empties them first. */
export const WORKSPACE_DATA_TABLES = [
  'delivery_heads', 'subscription_health', 'deliveries', 'subscriptions', 'message_statuses', 'idempotency_keys', 'outbound_messages',
  'inbound_messages', 'consent_events', 'contacts', 'events', 'automation_runs', 'automations', 'automation_contacts', 'delivery_attempts',
] as const;

/** The default settings of a new workspace. */
export const DEFAULT_SETTINGS: WorkspaceSettings = {
  requireMarketingOptIn: true,
  confirmConsentChanges: false,
  hubspotCustomEvents: false,
  optOutButtons: [],
  sandboxDemo: false,
};

const STATUS_RANK: Record<string, number> = {
  accepted: 0, held_for_quality_assessment: 0, sent: 1, delivered: 2, read: 3, played: 4, failed: 5,
};

/** The position of a status in an outbound message's timeline; a status never moves to a lower rank. */
export function statusRank(status: string): number {
  return STATUS_RANK[status] ?? 0;
}

/** SQL for the rank of the `status` column, so that the never-regress check is one atomic UPDATE. */
export const STATUS_RANK_SQL = `case status ${Object.entries(STATUS_RANK).map(([s, r]) => `when '${s}' then ${r}`).join(' ')} else 0 end`;

/** The stable event id of one event for one subscription: retries and replays reuse it. */
export function eventIdFor(subscriptionId: string, eventType: EventType, eventKey: string): string {
  return `evt_${createHash('sha256').update(`${subscriptionId}\n${eventType}\n${eventKey}`).digest('hex').slice(0, 32)}`;
}

/** One event of an applied receipt, ready to fan out to the subscriptions that match it. */
export interface FanOutEvent {
  eventType: EventType;
  /** Unique per event: the message id, or message id + status. */
  eventKey: string;
  /** The customer, for per-customer ordering. */
  waId: string;
  recordType: string;
  payload: InboundMessageRecord | MessageStatusRecord;
}

/** The fan-out form of a new inbound message. */
export function messageEvent(record: InboundMessageRecord): FanOutEvent {
  return { eventType: 'inbound_message', eventKey: record.id, waId: record.from, recordType: record.type, payload: record };
}

/** The fan-out form of a new status. */
export function statusEvent(record: MessageStatusRecord): FanOutEvent {
  return {
    eventType: 'message_status', eventKey: `${record.id}:${record.status}`, waId: record.recipient_id,
    recordType: record.status, payload: record,
  };
}

const unset = (value: string | null | undefined): boolean => value === undefined || value === null || value === '';

/**
 * Whether a subscription wants an event: same event type and, when it filters, the same record type and the
 * same business number.
 */
export function subscriptionMatches(subscription: Subscription, event: FanOutEvent): boolean {
  if (subscription.event !== event.eventType) return false;
  const { type, phone_number_id: phoneNumberId } = subscription.filter ?? {};
  if (!unset(type) && type !== event.recordType) return false;
  return unset(phoneNumberId) || phoneNumberId === event.payload.phone_number_id;
}

/** A delivery row to insert for one subscription and one event. */
export function deliveryFor(subscription: Subscription, event: FanOutEvent): {
  subscriptionId: string; workspaceId: string; eventId: string; eventType: EventType; orderKey: string; payload: string;
} {
  return {
    subscriptionId: subscription.id,
    workspaceId: subscription.workspaceId,
    eventId: eventIdFor(subscription.id, event.eventType, event.eventKey),
    eventType: event.eventType,
    orderKey: `${subscription.id}:${event.waId}`,
    payload: JSON.stringify(event.payload),
  };
}

/** A date column (epoch milliseconds as number or bigint string) as a Date. */
export function toDate(value: unknown): Date {
  return new Date(Number(value));
}

/** A nullable date column. */
export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

function text(value: unknown): string {
  return String(value);
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Row → Workspace. */
export function toWorkspace(row: Row): Workspace {
  const settings = { ...DEFAULT_SETTINGS, ...json<Partial<WorkspaceSettings>>(row.settings) };
  return { id: text(row.id), name: text(row.name), settings, createdAt: toDate(row.created_at) };
}

/** Row → Connection. */
export function toConnection(row: Row): Connection {
  return {
    id: text(row.id), workspaceId: text(row.workspace_id), wabaId: text(row.waba_id), phoneNumberId: text(row.phone_number_id),
    displayPhoneNumber: text(row.display_phone_number), verifiedName: textOrNull(row.verified_name),
    graphBaseUrl: text(row.graph_base_url), graphVersion: text(row.graph_version), accessTokenEnc: text(row.access_token_enc),
    appSecretEnc: text(row.app_secret_enc), verifyToken: text(row.verify_token), createdAt: toDate(row.created_at),
  };
}

/** Row → ApiKey. */
export function toApiKey(row: Row): ApiKey {
  return {
    id: text(row.id), workspaceId: text(row.workspace_id), name: text(row.name), prefix: text(row.prefix), hash: text(row.hash),
    createdAt: toDate(row.created_at), revokedAt: toDateOrNull(row.revoked_at), lastUsedAt: toDateOrNull(row.last_used_at),
  };
}

/** Row → OutboundMessage. */
export function toOutbound(row: Row): OutboundMessage {
  return {
    id: text(row.id), workspaceId: text(row.workspace_id), connectionId: text(row.connection_id), waId: text(row.wa_id),
    type: text(row.type), templateName: textOrNull(row.template_name), templateCategory: textOrNull(row.template_category),
    sentAs: text(row.sent_as) as OutboundMessage['sentAs'], status: text(row.status), idempotencyKey: textOrNull(row.idempotency_key),
    response: json<Record<string, unknown>>(row.response),
    content: row.content === null || row.content === undefined ? null : json<Record<string, unknown>>(row.content), createdAt: toDate(row.created_at),
  };
}

/** Row → StatusEvent. */
export function toStatusEvent(row: Row): StatusEvent {
  return {
    status: text(row.status), timestamp: toDate(row.timestamp),
    errorCode: row.error_code === null ? null : Number(row.error_code), errorMessage: textOrNull(row.error_message),
  };
}

/**
 * A stored status (joined to its message and number) as the flat record the status trigger delivers; what the
 * store does not keep (Meta's error title and pricing) is null.
 */
export function toStatusRecord(row: Row): MessageStatusRecord {
  return {
    id: text(row.message_id), phone_number_id: text(row.phone_number_id), recipient_id: text(row.wa_id),
    status: text(row.status) as MessageStatusRecord['status'], timestamp: toDate(row.timestamp).toISOString(),
    error_code: row.error_code === null ? null : Number(row.error_code), error_title: null, error_message: textOrNull(row.error_message),
    pricing_category: null, pricing_type: null, billable: null,
  };
}

/** The recent statuses of a workspace, newest first; `$phone` and `$limit` are bound by each store. */
export const RECENT_STATUSES_SQL = `select ms.message_id, ms.status, ms.timestamp, ms.error_code, ms.error_message, om.wa_id, c.phone_number_id
  from message_statuses ms join outbound_messages om on om.workspace_id = ms.workspace_id and om.id = ms.message_id
  join connections c on c.id = om.connection_id
  where ms.workspace_id = $1 and ($2 = '' or c.phone_number_id = $2) order by ms.timestamp desc, ms.message_id limit $3`;

/** Row → Contact. */
export function toContact(row: Row): Contact {
  return {
    workspaceId: text(row.workspace_id), waId: text(row.wa_id), profileName: textOrNull(row.profile_name),
    lastInboundAt: toDateOrNull(row.last_inbound_at), consent: text(row.consent) as Contact['consent'],
    consentUpdatedAt: toDateOrNull(row.consent_updated_at),
  };
}

/** Row → ConsentEvent. */
export function toConsentEvent(row: Row): ConsentEvent {
  return {
    status: text(row.status) as ConsentEvent['status'], source: text(row.source), proof: textOrNull(row.proof),
    recordedAt: toDate(row.recorded_at),
  };
}

/** Row → Subscription. */
export function toSubscription(row: Row): Subscription {
  return {
    id: text(row.id), workspaceId: text(row.workspace_id), event: text(row.event) as EventType, targetUrl: textOrNull(row.target_url),
    sink: textOrNull(row.sink), secret: textOrNull(row.secret),
    filter: row.filter === null ? null : json<SubscriptionFilter>(row.filter), source: textOrNull(row.source),
    createdAt: toDate(row.created_at),
  };
}

/** Row → Delivery (the row's own columns; `sub_*` columns, when joined, go to `toSubscription`). */
export function toDelivery(row: Row): Delivery {
  return {
    id: text(row.id), subscriptionId: text(row.subscription_id), workspaceId: text(row.workspace_id), eventId: text(row.event_id),
    eventType: text(row.event_type) as EventType, orderKey: text(row.order_key),
    payload: json<InboundMessageRecord | MessageStatusRecord>(row.payload), attempts: Number(row.attempts),
    nextAttemptAt: toDate(row.next_attempt_at), state: text(row.state) as Delivery['state'], lastError: textOrNull(row.last_error),
    createdAt: toDate(row.created_at),
  };
}

/** The columns of a joined subscription, selected as `sub_<column>`. */
export const SUBSCRIPTION_JOIN_COLUMNS = ['id', 'workspace_id', 'event', 'target_url', 'sink', 'secret', 'filter', 'source', 'created_at']
  .map((column) => `s.${column} as sub_${column}`).join(', ');

/** The joined subscription of a delivery row. */
export function joinedSubscription(row: Row): Subscription {
  const sub: Row = {};
  for (const [key, value] of Object.entries(row)) if (key.startsWith('sub_')) sub[key.slice(4)] = value;
  return toSubscription(sub);
}

/** Row → HubspotAccountRecord. */
export function toHubspotAccount(row: Row): HubspotAccountRecord {
  return {
    workspaceId: text(row.workspace_id), portalId: Number(row.portal_id), accessTokenEnc: text(row.access_token_enc),
    refreshTokenEnc: textOrNull(row.refresh_token_enc), expiresAt: toDateOrNull(row.expires_at), createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

const ACTION_KINDS = ['send_template', 'reply', 'request_consent'] as const;

/** A kept action's kind; rows from before the kind column knew more than two read as `send_template`. */
function actionKind(value: string): HubspotBlockedAction['kind'] {
  return ACTION_KINDS.find((kind) => kind === value) ?? 'send_template';
}

/** A blocked HubSpot action from its row. */
export function toHubspotBlockedAction(row: Row): HubspotBlockedAction {
  return {
    callbackId: text(row.callback_id), workspaceId: text(row.workspace_id), kind: actionKind(text(row.kind)),
    request: text(row.request), blockedAt: toDate(row.blocked_at), dueAt: toDate(row.due_at),
  };
}

/** Every identifier of an inbound message's customer: `from`, and their user ID when WhatsApp also sends it. */
export function customerIds(message: InboundMessageRecord): string[] {
  return message.user_id !== null && message.user_id !== message.from ? [message.from, message.user_id] : [message.from];
}

/** A quarantined receipt row (joined with its connection's workspace). */
export function toQuarantinedReceipt(row: Row): QuarantinedReceipt {
  return {
    id: Number(row.id), connectionId: String(row.connection_id), workspaceId: row.workspace_id === null || row.workspace_id === undefined ? null : String(row.workspace_id),
    receivedAt: toDate(row.received_at), quarantinedAt: toDate(row.quarantined_at), attempts: Number(row.attempts),
    error: String(row.last_error ?? ''), body: row.body as Buffer,
  };
}
