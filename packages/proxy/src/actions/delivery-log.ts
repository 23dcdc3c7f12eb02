/**
 * Use cases: a subscription's delivery log (every event with each attempt's status code or error, its duration,
 * and the next try) and a test event sent through the normal queue, signed like any delivery.
 */
import { randomBytes } from 'node:crypto';
import type { InboundMessageRecord, MessageStatusRecord } from '@kaiku/core';
import type { AttemptOutcome, LoggedDelivery } from '../store/delivery-log.js';
import type { EventType, Subscription, SubscriptionHealth } from '../store/types.js';
import { notFound } from '../http/errors.js';
import type { ActionDeps } from './context.js';
import { decodeCursor, encodeCursor, pageLimit } from './cursors.js';
import { TEST_EVENT_PREFIX, isTestEvent } from './deliver-event.js';

/** One attempt as the API shows it. */
export interface AttemptView {
  attempt: number;
  at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  outcome: AttemptOutcome;
}

/** One delivery of the log as the API shows it. */
export interface LoggedDeliveryView {
  id: string;
  event_id: string;
  event_type: EventType;
  /** A line saying what the event was (`text from +358…: Hei`, `delivered: wamid…`). */
  summary: string;
  test: boolean;
  state: 'pending' | 'done' | 'dead';
  attempts: number;
  last_error: string | null;
  created_at: string;
  /** When it is tried next: null once done or dead, and while the subscription is paused or waits on a probe of another event. */
  next_attempt_at: string | null;
  log: AttemptView[];
}

/** The most attempts shown per delivery (the newest). */
const ATTEMPTS_SHOWN = 20;

async function mustGetSubscription(deps: ActionDeps, workspaceId: string, id: string): Promise<Subscription> {
  const subscription = await deps.store.getSubscription(workspaceId, id);
  if (subscription === null || subscription.targetUrl === null) throw notFound(`The subscription "${id}"`, { field: 'id' });
  return subscription;
}

function summary(delivery: LoggedDelivery): string {
  if (delivery.eventType === 'message_status') {
    const status = delivery.payload as MessageStatusRecord;
    return `${status.status}: ${status.id} to +${status.recipient_id}`;
  }
  const message = delivery.payload as InboundMessageRecord;
  const text = message.text ?? message.media_caption ?? message.reply_title ?? '';
  return `${message.type} from +${message.from}${text === '' ? '' : `: ${text.length > 80 ? `${text.slice(0, 80)}…` : text}`}`;
}

function nextAttempt(delivery: LoggedDelivery, health: SubscriptionHealth): string | null {
  if (delivery.state !== 'pending' || health.state === 'paused') return null;
  if (health.state === 'failing') return health.nextProbeAt?.toISOString() ?? null;
  return delivery.nextAttemptAt.toISOString();
}

function present(delivery: LoggedDelivery, health: SubscriptionHealth): LoggedDeliveryView {
  return {
    id: delivery.id, event_id: delivery.eventId, event_type: delivery.eventType, summary: summary(delivery), test: isTestEvent(delivery.eventId),
    state: delivery.state, attempts: delivery.attempts, last_error: delivery.lastError, created_at: delivery.createdAt.toISOString(),
    next_attempt_at: nextAttempt(delivery, health),
    log: delivery.log.map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), duration_ms: a.durationMs, status_code: a.statusCode, error: a.error, outcome: a.outcome })),
  };
}

/** GET /v1/subscriptions/{id}/deliveries?cursor=&limit=: newest first; `next_cursor` gives the older ones. */
export async function listSubscriptionDeliveries(
  deps: ActionDeps, workspaceId: string, id: string, query: { cursor: string | undefined; limit: string | undefined },
): Promise<{ data: LoggedDeliveryView[]; next_cursor: string | null }> {
  await mustGetSubscription(deps, workspaceId, id);
  const limit = pageLimit(query.limit, 25, 100);
  const cursor = decodeCursor('cursor', query.cursor, { before: '' });
  const health = await deps.store.getSubscriptionHealth(workspaceId, id);
  if (health === null) throw notFound(`The subscription "${id}"`, { field: 'id' });
  const rows = await deps.store.deliveryLog.list(workspaceId, id, { ...(cursor ? { before: cursor.before } : {}), limit: limit + 1, attemptsPerDelivery: ATTEMPTS_SHOWN });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map((d) => present(d, health)), next_cursor: rows.length > limit && last !== undefined ? encodeCursor({ before: last.id }) : null };
}

function testRecord(subscription: Subscription, phoneNumberId: string, at: Date): InboundMessageRecord | MessageStatusRecord {
  const id = `wamid.KAIKU_TEST_${randomBytes(9).toString('hex')}`;
  if (subscription.event === 'message_status') {
    return {
      id, phone_number_id: phoneNumberId, recipient_id: '0000000000', status: 'delivered', timestamp: at.toISOString(),
      error_code: null, error_title: null, error_message: null, pricing_category: null, pricing_type: null, billable: null,
    };
  }
  const none = null;
  return {
    id, phone_number_id: phoneNumberId, display_phone_number: none, from: '0000000000', profile_name: 'Kaiku test event', user_id: none, username: none,
    received_at: at.toISOString(), type: 'text', text: 'This is a test event from Kaiku: no customer wrote it. If your flow ran, the subscription works.',
    media_id: none, media_mime_type: none, media_sha256: none, media_caption: none, media_filename: none, media_url: none,
    reply_id: none, reply_title: none, reply_description: none, location_latitude: none, location_longitude: none, location_name: none,
    location_address: none, contacts_summary: none, contacts_count: none, reaction_emoji: none, reaction_message_id: none,
    reply_to_message_id: none, forwarded: false, referral_source_url: none, referral_source_id: none, referral_source_type: none,
    referral_headline: none, referral_body: none, referral_ctwa_clid: none, window_expires_at: new Date(at.getTime() + 24 * 3_600_000).toISOString(),
    raw: { kaiku_test: true },
  };
}

/** What `POST /v1/subscriptions/{id}/test` answers. */
export interface TestEventView {
  delivery_id: string;
  event_id: string;
  event_type: EventType;
  test: true;
}

/**
 * POST /v1/subscriptions/{id}/test: a clearly marked test event (event id `evt_test_…`, header `Kaiku-Test: true`,
 * sender 0000000000, `raw.kaiku_test` on a message) in the subscription's queue, delivered and signed as any event.
 */
export async function sendTestEvent(deps: ActionDeps, workspaceId: string, id: string): Promise<TestEventView> {
  const subscription = await mustGetSubscription(deps, workspaceId, id);
  const connections = await deps.store.listConnections(workspaceId);
  const phoneNumberId = subscription.filter?.phone_number_id ?? connections[0]?.phoneNumberId ?? '0';
  const eventId = `${TEST_EVENT_PREFIX}${randomBytes(12).toString('hex')}`;
  const payload = JSON.stringify(testRecord(subscription, phoneNumberId, deps.now()));
  const deliveryId = await deps.store.deliveryLog.enqueueTest({ subscription, eventId, payload });
  deps.logger.info({ subscriptionId: id, workspaceId, eventId }, 'test event queued');
  return { delivery_id: deliveryId, event_id: eventId, event_type: subscription.event, test: true };
}
