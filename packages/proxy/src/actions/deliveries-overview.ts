/**
 * Use cases behind the console's Deliveries and Integrations pages: every subscription with its health and
 * platform in one list, and the problems in one small summary (the navigation's badge).
 */
import type { ActionDeps } from './context.js';
import { presentHealth } from './subscription-health.js';
import type { SubscriptionDetailView } from './subscription-health.js';
import { presentSubscription } from './subscriptions.js';
import { platformOf } from './subscription-platform.js';
import type { Platform } from './subscription-platform.js';

/** A subscription with its health and the platform it serves. */
export interface SubscriptionOverviewView extends SubscriptionDetailView {
  platform: Platform;
  /** False for an in-process subscription (the HubSpot sync): it has no URL, and cannot be paused or tested here. */
  http: boolean;
}

/** The most subscriptions the overview reads (a workspace may have at most `KAIKU_MAX_SUBSCRIPTIONS`). */
const MOST = 1_000;

/**
 * GET /v1/deliveries/subscriptions: every subscription of the workspace with its health and platform, HTTP ones
 * and the HubSpot sync (automations' internal subscription is not the admin's to see).
 */
export async function listSubscriptionOverview(deps: ActionDeps, workspaceId: string): Promise<SubscriptionOverviewView[]> {
  const subscriptions = (await deps.store.listSubscriptions(workspaceId))
    .filter((s) => s.targetUrl !== null || platformOf(s) === 'hubspot').slice(0, MOST);
  const views: SubscriptionOverviewView[] = [];
  for (const subscription of subscriptions) {
    const health = await deps.store.getSubscriptionHealth(workspaceId, subscription.id);
    if (health === null) continue;
    views.push({ ...presentSubscription(subscription), health: presentHealth(health), platform: platformOf(subscription), http: subscription.targetUrl !== null });
  }
  return views;
}

/** What the navigation's badge counts. */
export interface DeliverySummaryView {
  subscriptions: number;
  failing: number;
  paused: number;
  /** Dead deliveries, of every subscription. */
  dead: number;
  /** Webhooks from WhatsApp in quarantine, signed for the workspace's numbers. */
  quarantined: number;
  /** failing + paused + dead + quarantined: 0 when all is well. */
  problems: number;
}

/** GET /v1/deliveries/summary: how many subscriptions are failing or paused, and how many deliveries and webhooks wait for a person. */
export async function deliverySummary(deps: ActionDeps, workspaceId: string): Promise<DeliverySummaryView> {
  const overview = await listSubscriptionOverview(deps, workspaceId);
  const quarantined = await deps.store.deliveryLog.countQuarantined(workspaceId);
  const failing = overview.filter((s) => s.health.state === 'failing').length;
  const paused = overview.filter((s) => s.health.state === 'paused').length;
  const dead = overview.reduce((sum, s) => sum + s.health.dead, 0);
  return { subscriptions: overview.length, failing, paused, dead, quarantined, problems: failing + paused + dead + quarantined };
}
