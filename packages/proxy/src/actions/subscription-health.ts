/**
 * Use cases: see how a subscription's deliveries are going (`GET /v1/subscriptions/{id}`), pause it, resume it
 * (its kept events are then delivered in order), and put dead-lettered deliveries back in their queues.
 */
import type { SubscriptionHealth, SubscriptionState } from '../store/types.js';
import { notFound } from '../http/errors.js';
import type { ActionDeps } from './context.js';
import { presentSubscription } from './subscriptions.js';
import type { SubscriptionView } from './subscriptions.js';

/** A subscription with its health, as the API shows it. */
export interface SubscriptionDetailView extends SubscriptionView {
  health: {
    state: SubscriptionState;
    last_success_at: string | null;
    last_error: string | null;
    last_error_at: string | null;
    consecutive_failures: number;
    failing_since: string | null;
    next_probe_at: string | null;
    paused_reason: string | null;
    paused_at: string | null;
    pending: number;
    dead: number;
  };
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The API's view of a subscription's health. */
export function presentHealth(h: SubscriptionHealth): SubscriptionDetailView['health'] {
  return {
    state: h.state, last_success_at: iso(h.lastSuccessAt), last_error: h.lastError, last_error_at: iso(h.lastErrorAt),
    consecutive_failures: h.consecutiveFailures, failing_since: iso(h.failingSince), next_probe_at: iso(h.nextProbeAt),
    paused_reason: h.pausedReason, paused_at: iso(h.pausedAt), pending: h.pending, dead: h.dead,
  };
}

/** GET /v1/subscriptions/{id}: the subscription and how its deliveries are going; 404 when unknown. */
export async function getSubscriptionDetail(deps: ActionDeps, workspaceId: string, id: string): Promise<SubscriptionDetailView> {
  const subscription = await deps.store.getSubscription(workspaceId, id);
  const health = subscription === null || subscription.targetUrl === null ? null : await deps.store.getSubscriptionHealth(workspaceId, id);
  if (subscription === null || health === null) throw notFound(`The subscription "${id}"`, { field: 'id' });
  return { ...presentSubscription(subscription), health: presentHealth(health) };
}

/** POST /v1/subscriptions/{id}/pause and /resume: holds every delivery (kept), or releases them in order. */
export async function setSubscriptionPaused(deps: ActionDeps, workspaceId: string, id: string, paused: boolean): Promise<SubscriptionDetailView> {
  const subscription = await deps.store.getSubscription(workspaceId, id);
  if (subscription === null || subscription.targetUrl === null) throw notFound(`The subscription "${id}"`, { field: 'id' });
  const change = await deps.store.setSubscriptionPaused(workspaceId, id, paused, 'paused through the API');
  if (change !== null && change.from !== change.to) {
    deps.metrics.subscriptionChanges.inc({ state: change.to });
    deps.logger.info({ subscriptionId: id, workspaceId, from: change.from }, paused ? 'subscription paused through the API' : 'subscription resumed; its kept deliveries are released in order');
  }
  return getSubscriptionDetail(deps, workspaceId, id);
}

/** POST /v1/deliveries/dead/{id}/replay: the dead delivery goes back in its queue; 404 when there is no such dead delivery. */
export async function replayDeadDelivery(deps: ActionDeps, workspaceId: string, id: string): Promise<{ replayed: number }> {
  const replayed = /^\d+$/.test(id) ? await deps.store.replayDeadDeliveries(workspaceId, { deliveryId: id }) : 0;
  if (replayed === 0) throw notFound(`The dead delivery "${id}"`, { field: 'id' });
  deps.logger.info({ deliveryId: id, workspaceId }, 'dead delivery replayed');
  return { replayed };
}

/** POST /v1/subscriptions/{id}/replay-dead: every dead delivery of the subscription goes back in its queue. */
export async function replaySubscriptionDead(deps: ActionDeps, workspaceId: string, id: string): Promise<{ replayed: number }> {
  const subscription = await deps.store.getSubscription(workspaceId, id);
  if (subscription === null || subscription.targetUrl === null) throw notFound(`The subscription "${id}"`, { field: 'id' });
  const replayed = await deps.store.replayDeadDeliveries(workspaceId, { subscriptionId: id });
  deps.logger.info({ subscriptionId: id, workspaceId, replayed }, 'dead deliveries replayed');
  return { replayed };
}
