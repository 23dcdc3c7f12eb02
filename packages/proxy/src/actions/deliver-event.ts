/**
 * One delivery attempt of one event to one subscription (docs/contracts.md §4): a POST of the flat record to
 * the subscriber's URL, signed per Standard Webhooks, redirects not followed, bounded by a timeout, or a call
 * of an in-process sink.
 */
import type { Secrets } from '../secrets.js';
import type { Delivery, Subscription } from '../store/types.js';
import { legacyKaikuSignature, openSigningSecretsCached, webhookSignature } from './webhook-secrets.js';
import type { SinkRegistry } from '../jobs/sinks.js';
import { sinkRetryAfter } from '../jobs/sinks.js';
import type { HttpPost, PostAnswer } from '../jobs/http-post.js';

/** What the attempt means for the delivery. */
export type DeliveryOutcome = (
  | { kind: 'done' }
  /** The subscriber said the subscription is gone (410, or 404 from Power Automate): remove it. */
  | { kind: 'gone'; reason: string }
  | { kind: 'retry'; error: string; retryAfterMs?: number }
) & {
  /** The subscriber's HTTP status, when it answered (the delivery log shows it). */
  status?: number;
};

/** What an attempt needs. */
export interface DeliverDeps {
  post: HttpPost;
  /** The client for a workspace when it differs from `post` (the demo workspace may reach this machine). */
  postFor?: (workspaceId: string) => Promise<HttpPost>;
  /** Opens the subscriptions' sealed signing secrets. */
  secrets: Secrets;
  sinks: SinkRegistry;
  timeoutMs: number;
  now: () => Date;
}

/** How the ids of test events (`POST /v1/subscriptions/{id}/test`) begin; their deliveries carry `Kaiku-Test: true`. */
export const TEST_EVENT_PREFIX = 'evt_test_';

/** True for the event id of a test event. */
export function isTestEvent(eventId: string): boolean {
  return eventId.startsWith(TEST_EVENT_PREFIX);
}

/** Hosts of Power Automate / Logic Apps callback URLs, whose webhook contract treats 404 as "trigger removed". */
const POWER_AUTOMATE_HOSTS = ['.logic.azure.com', '.logic.azure.us', '.logic.azure.cn', '.flow.microsoft.com', '.api.powerplatform.com'];

/** True for a subscription made by Power Automate (by its `source` or its callback host). */
export function isPowerAutomate(subscription: Subscription): boolean {
  if (subscription.source === 'power_automate') return true;
  if (subscription.targetUrl === null) return false;
  try {
    const host = new URL(subscription.targetUrl).hostname.toLowerCase();
    return POWER_AUTOMATE_HOSTS.some((suffix) => host.endsWith(suffix));
  } catch {
    return false;
  }
}

/**
 * The headers of a delivery: Standard Webhooks' `webhook-id` (the stable event id, the same on every retry),
 * `webhook-timestamp` and `webhook-signature`; `Kaiku-Event-Type`; and, for one more release, the deprecated
 * `Kaiku-Event-Id`, `Kaiku-Timestamp` and `Kaiku-Signature`.
 */
export function deliveryHeaders(
  secrets: Secrets, delivery: Pick<Delivery, 'eventId' | 'eventType'>, subscription: Pick<Subscription, 'secret'>, at: Date, body: string,
): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const headers: Record<string, string> = {
    'content-type': 'application/json', 'user-agent': 'Kaiku-Webhooks/1', 'webhook-id': delivery.eventId, 'webhook-timestamp': timestamp,
    'kaiku-event-type': delivery.eventType, 'kaiku-event-id': delivery.eventId, 'kaiku-timestamp': timestamp,
  };
  if (isTestEvent(delivery.eventId)) headers['kaiku-test'] = 'true';
  if (subscription.secret === null) return headers;
  const keys = openSigningSecretsCached(secrets, subscription.secret);
  headers['webhook-signature'] = webhookSignature(keys, delivery.eventId, new Date(Number(timestamp) * 1000), body);
  headers['kaiku-signature'] = legacyKaikuSignature(keys.current, timestamp, body);
  return headers;
}

function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

async function deliverHttp(deps: DeliverDeps, delivery: Delivery, subscription: Subscription, targetUrl: string): Promise<DeliveryOutcome> {
  const body = JSON.stringify(delivery.payload);
  let headers: Record<string, string>;
  try {
    headers = deliveryHeaders(deps.secrets, delivery, subscription, deps.now(), body);
  } catch (error) {
    return { kind: 'retry', error: `the subscription's signing secret cannot be read, so nothing was sent: ${(error as Error).message}` };
  }
  let response: PostAnswer;
  try {
    const post = deps.postFor === undefined ? deps.post : await deps.postFor(delivery.workspaceId);
    response = await post(targetUrl, headers, body, deps.timeoutMs);
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return { kind: 'retry', error: timedOut ? `no answer within ${deps.timeoutMs} ms` : `could not connect: ${(error as Error).message}` };
  }
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'done', status };
  if (status === 410) return { kind: 'gone', reason: 'the subscriber answered 410 Gone', status };
  if (status === 404 && isPowerAutomate(subscription)) return { kind: 'gone', reason: 'Power Automate answered 404: the flow was removed', status };
  if (status >= 300 && status < 400) {
    return { kind: 'retry', error: `HTTP ${status}: the subscriber redirects, and Kaiku does not follow redirects; subscribe with the final URL`, status };
  }
  const wait = retryAfterMs(response.retryAfter, deps.now());
  return { kind: 'retry', error: `HTTP ${status} from the subscriber`, status, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
}

async function deliverToSink(deps: DeliverDeps, delivery: Delivery, name: string): Promise<DeliveryOutcome> {
  const sink = deps.sinks.get(name);
  if (sink === undefined) return { kind: 'retry', error: `the in-process sink "${name}" is not running in this process` };
  try {
    await sink.deliver({ workspaceId: delivery.workspaceId, eventId: delivery.eventId, eventType: delivery.eventType, record: delivery.payload });
    return { kind: 'done' };
  } catch (error) {
    const wait = sinkRetryAfter(error);
    return { kind: 'retry', error: `${name}: ${(error as Error).message}`, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  }
}

/** Makes one attempt. */
export function deliverEvent(deps: DeliverDeps, delivery: Delivery & { subscription: Subscription }): Promise<DeliveryOutcome> {
  const { subscription } = delivery;
  if (subscription.sink !== null) return deliverToSink(deps, delivery, subscription.sink);
  if (subscription.targetUrl === null) return Promise.resolve({ kind: 'gone', reason: 'the subscription has neither a URL nor a sink' });
  return deliverHttp(deps, delivery, subscription, subscription.targetUrl);
}
