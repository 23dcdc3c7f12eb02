/**
 * Use cases: subscribe a URL to an event (Zapier REST hooks, Power Automate webhook triggers), list the
 * subscriptions, unsubscribe, and see the deliveries that failed for good.
 */
import { inboundTypes, messageStatuses } from '@kaiku/core';
import type { Delivery, EventType, Subscription, SubscriptionFilter } from '../store/types.js';
import { ApiError, notFound } from '../http/errors.js';
import { checkTargetUrl } from './check-target-url.js';
import type { ActionDeps } from './context.js';

/** The body of POST /v1/subscriptions. */
export interface SubscriptionInput {
  event: EventType;
  target_url: string;
  secret?: string;
  filter?: SubscriptionFilter;
}

/** A subscription as the API shows it (never with its secret). */
export interface SubscriptionView {
  id: string;
  event: EventType;
  target_url: string | null;
  filter: SubscriptionFilter | null;
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

const filterTypes: Record<EventType, readonly string[]> = { inbound_message: inboundTypes, message_status: messageStatuses };

/**
 * A filter that could never match is refused (422) instead of stored: a type the event does not have, or a
 * number that is not the workspace's. Unknown keys are refused before this, by the body's schema.
 */
async function checkFilter(deps: ActionDeps, workspaceId: string, event: EventType, filter: SubscriptionFilter): Promise<void> {
  const allowed = filterTypes[event];
  if (filter.type !== undefined && !allowed.includes(filter.type)) {
    throw new ApiError('invalid_filter', `The field "filter.type" must be one of: ${allowed.join(', ')} (the ${event} event has no "${filter.type}").`, { field: 'filter.type' });
  }
  if (filter.phone_number_id === undefined) return;
  const numbers = (await deps.store.listConnections(workspaceId)).map((connection) => connection.phoneNumberId);
  if (!numbers.includes(filter.phone_number_id)) {
    throw new ApiError('invalid_filter', `The field "filter.phone_number_id" is not one of your business numbers; use one of: ${numbers.join(', ') || '(none connected yet)'}.`, { field: 'filter.phone_number_id' });
  }
}

/** POST /v1/subscriptions (and the Power Automate trigger paths, which also drop the subscription on 404). */
export async function createSubscription(deps: ActionDeps, workspaceId: string, input: SubscriptionInput, source: SubscriptionSource): Promise<SubscriptionView> {
  if (input.filter) await checkFilter(deps, workspaceId, input.event, input.filter);
  const targetUrl = await checkTargetUrl(input.target_url, deps.config);
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
