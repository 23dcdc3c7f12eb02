/**
 * Use cases: subscribe a URL to an event (Zapier REST hooks, Power Automate webhook triggers), list the
 * subscriptions, unsubscribe, and see the deliveries that failed for good.
 */
import { inboundTypes, messageStatuses } from '@kaiku/core';
import type { Delivery, EventType, Subscription, SubscriptionFilter } from '../store/types.js';
import { ApiError, notFound } from '../http/errors.js';
import { checkTargetUrl, mayTargetPrivate } from './check-target-url.js';
import type { ActionDeps } from './context.js';
import { generateWebhookSecret, openSigningSecrets, rotatedSecrets, sealSigningSecrets, webhookSecretProblem } from './webhook-secrets.js';

/** The body of POST /v1/subscriptions. */
export interface SubscriptionInput {
  event: EventType;
  target_url: string;
  secret?: string;
  filter?: SubscriptionFilter;
}

/** A subscription as the API shows it (its secret only in the answer that created or rotated it). */
export interface SubscriptionView {
  id: string;
  event: EventType;
  target_url: string | null;
  filter: SubscriptionFilter | null;
  has_secret: boolean;
  created_at: string;
  /** The signing secret: in the answer of POST /v1/subscriptions only, never again. */
  secret?: string;
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

/** Who subscribed: Power Automate's trigger paths, a client that names itself (`subscription-platform.ts`), or any other caller. */
export type SubscriptionSource = 'power_automate' | 'zapier' | 'n8n' | 'api';

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

/**
 * The secret a new subscription signs with: the caller's, when it can sign; a generated one when the caller
 * gave none or an empty one (no-code tools send "" for a blank field).
 */
function chosenSecret(given: string | undefined): string {
  if (given === undefined || given.trim() === '') return generateWebhookSecret();
  const problem = webhookSecretProblem(given);
  if (problem !== undefined) throw new ApiError('validation_failed', problem, { field: 'secret' });
  return given;
}

/**
 * POST /v1/subscriptions (and the Power Automate trigger paths, which also drop the subscription on 404). The
 * answer carries the signing secret, once.
 */
export async function createSubscription(deps: ActionDeps, workspaceId: string, input: SubscriptionInput, source: SubscriptionSource): Promise<SubscriptionView> {
  if (input.filter) await checkFilter(deps, workspaceId, input.event, input.filter);
  const secret = chosenSecret(input.secret);
  const workspace = await deps.store.getWorkspace(workspaceId);
  const targetUrl = await checkTargetUrl(input.target_url, { ...deps.config, allowPrivateTargets: mayTargetPrivate(deps.config, workspace) });
  const limit = deps.config.delivery.maxSubscriptionsPerWorkspace;
  if (await deps.store.countSubscriptions(workspaceId) >= limit) {
    throw new ApiError('subscription_limit_reached',
      `This workspace already has ${limit} subscriptions, the most it may have. Delete subscriptions it no longer needs (DELETE /v1/subscriptions/{id}), or ask the operator to raise KAIKU_MAX_SUBSCRIPTIONS.`,
      { limit });
  }
  const sealed = sealSigningSecrets(deps.secrets, { current: secret, previous: null, previousUntil: null });
  const subscription = await deps.store.createSubscription({
    workspaceId, event: input.event, targetUrl, sink: null, secret: sealed, filter: input.filter ?? null, source,
  });
  return { ...presentSubscription(subscription), secret };
}

/** The answer of a rotation. */
export interface RotatedSecretView {
  id: string;
  secret: string;
  previous_secret_valid_until: string | null;
}

/**
 * POST /v1/subscriptions/{id}/rotate-secret: a new secret, returned once; the old one keeps signing (a second
 * `v1,` entry in `webhook-signature`) for 24 hours so that the subscriber can switch without losing deliveries.
 */
export async function rotateSubscriptionSecret(deps: ActionDeps, workspaceId: string, id: string): Promise<RotatedSecretView> {
  const subscription = await deps.store.getSubscription(workspaceId, id);
  if (subscription === null || subscription.targetUrl === null) throw notFound(`The subscription "${id}"`, { field: 'id' });
  const old = subscription.secret === null ? null : openSigningSecrets(deps.secrets, subscription.secret);
  const keys = rotatedSecrets(old, deps.now());
  const replaced = await deps.store.replaceSubscriptionSecret(workspaceId, id, subscription.secret, sealSigningSecrets(deps.secrets, keys));
  if (!replaced) throw new ApiError('conflict', 'The secret of this subscription was rotated by another request at the same moment. Send the rotation again.', { field: 'id' });
  return { id, secret: keys.current, previous_secret_valid_until: keys.previousUntil === null ? null : new Date(keys.previousUntil).toISOString() };
}

/**
 * Seals subscription secrets that older versions stored in plaintext, and gives subscriptions made without a
 * secret one (their owners read it with a rotation). Runs at start; returns how many it changed.
 */
export async function sealStoredSecrets(deps: Pick<ActionDeps, 'store' | 'secrets'>): Promise<number> {
  const unsealed = await deps.store.listUnsealedSubscriptions(SEALED_PREFIX);
  let changed = 0;
  for (const subscription of unsealed) {
    const current = subscription.secret === null || subscription.secret === '' ? generateWebhookSecret() : subscription.secret;
    const sealed = sealSigningSecrets(deps.secrets, { current, previous: null, previousUntil: null });
    if (await deps.store.replaceSubscriptionSecret(subscription.workspaceId, subscription.id, subscription.secret, sealed)) changed += 1;
  }
  return changed;
}

/** How every sealed value starts (`secrets.ts`' format version). */
const SEALED_PREFIX = 'v1.';

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
