/**
 * Use cases: subscribe a URL to an event (Zapier REST hooks, Power Automate webhook triggers), list the
 * subscriptions, unsubscribe, and see the deliveries that failed for good.
 */
import type { Delivery, EventType, Subscription } from '../store/types.js';
import { ApiError, notFound } from '../http/errors.js';
import { checkTargetUrl } from './check-target-url.js';
import type { ActionDeps } from './context.js';

/** The body of POST /v1/subscriptions. */
export interface SubscriptionInput {
  event: EventType;
  target_url: string;
  secret?: string;
  filter?: { type?: string };
}

/** A subscription as the API shows it (never with its secret). */
export interface SubscriptionView {
  id: string;
  event: EventType;
  target_url: string | null;
  filter: { type?: string } | null;
  has_secret: boolean;
  created_at: string;
}

/** The API's view of a subscription. */
export function presentSubscription(subscription: Subscription): SubscriptionView {
  return {
    id: subscription.id,
    event: subscription.event,
    target_url: subscription.targetUrl,
    filter: subscription.filter,
    has_secret: subscription.secret !== null,
    created_at: subscription.createdAt.toISOString(),
  };
}

/** Who subscribed: Power Automate's trigger paths, or any other caller of the API. */
export type SubscriptionSource = 'power_automate' | 'api';

/** POST /v1/subscriptions (and the Power Automate trigger paths, which also drop the subscription on 404). */
export async function createSubscription(deps: ActionDeps, workspaceId: string, input: SubscriptionInput, source: SubscriptionSource): Promise<SubscriptionView> {
  const targetUrl = await checkTargetUrl(input.target_url, deps.config);
  const limit = deps.config.delivery.maxSubscriptionsPerWorkspace;
  if (await deps.store.countSubscriptions(workspaceId) >= limit) {
    throw new ApiError('subscription_limit_reached',
      `This workspace already has ${limit} subscriptions, the most it may have. Delete subscriptions it no longer needs (DELETE /v1/subscriptions/{id}), or ask the operator to raise KAIKU_MAX_SUBSCRIPTIONS.`,
      { limit });
  }
  const subscription = await deps.store.createSubscription({
    workspaceId, event: input.event, targetUrl, sink: null, secret: input.secret ?? null, filter: input.filter ?? null, source,
  });
  return presentSubscription(subscription);
}

/** GET /v1/subscriptions (HTTP targets only; in-process sinks are not the caller's). */
export async function listSubscriptions(deps: ActionDeps, workspaceId: string): Promise<SubscriptionView[]> {
  const subscriptions = await deps.store.listSubscriptions(workspaceId);
  return subscriptions.filter((subscription) => subscription.targetUrl !== null).map(presentSubscription);
}

/** DELETE /v1/subscriptions/{id}: 404 when it is already gone. */
export async function deleteSubscription(deps: ActionDeps, workspaceId: string, id: string): Promise<void> {
  const subscription = await deps.store.getSubscription(workspaceId, id);
  if (subscription === null || subscription.targetUrl === null) throw notFound(`The subscription "${id}"`, { field: 'id' });
  await deps.store.deleteSubscription(workspaceId, id);
}

/** A dead delivery as the API shows it. */
export interface DeadDeliveryView {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: EventType;
  attempts: number;
  last_error: string | null;
  created_at: string;
  payload: Delivery['payload'];
}

/** GET /v1/deliveries/dead: deliveries that were retried for 24 hours and then given up. */
export async function listDeadDeliveries(deps: ActionDeps, workspaceId: string, limit: number): Promise<DeadDeliveryView[]> {
  const deliveries = await deps.store.listDeadDeliveries(workspaceId, limit);
  return deliveries.map((delivery) => ({
    id: delivery.id, subscription_id: delivery.subscriptionId, event_id: delivery.eventId, event_type: delivery.eventType,
    attempts: delivery.attempts, last_error: delivery.lastError, created_at: delivery.createdAt.toISOString(), payload: delivery.payload,
  }));
}
