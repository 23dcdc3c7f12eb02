/**
 * A subscription's health, decided the same way by both stores: `active` until its target fails
 * `failingAfter` times in a row, then `failing` (every queue of it held; one probe at a time, at most one every
 * `probeEveryMs`), then `paused` once it has failed for `pauseAfterMs` (or `pauseAfterFailures` times). A success
 * makes it `active` again; a paused subscription waits for a resume.
 */

/** The states of a subscription's health. */
export type SubscriptionState = 'active' | 'failing' | 'paused';

/** When a subscription counts as failing and when it is paused (config.ts sets them). */
export interface HealthPolicy {
  /** Failures in a row after which the subscription is `failing` and its queues are held behind one probe. */
  failingAfter: number;
  /** The longest wait between two probes of a failing subscription. */
  probeEveryMs: number;
  /** How long a subscription may fail without a success before it is paused. */
  pauseAfterMs: number;
  /** Failures in a row that pause it as well (0: only the time counts). */
  pauseAfterFailures: number;
}

/** 3 failures in a row → failing; probes back off from 10 s to 5 minutes; paused after 5 days. */
export const DEFAULT_HEALTH_POLICY: HealthPolicy = {
  failingAfter: 3, probeEveryMs: 5 * 60_000, pauseAfterMs: 5 * 24 * 3_600_000, pauseAfterFailures: 0,
};

/** The first probe of a failing subscription comes this soon; each failed probe doubles the wait. */
const FIRST_PROBE_MS = 10_000;

/** The stored health of one subscription (times in epoch ms). */
export interface HealthRow {
  state: SubscriptionState;
  consecutiveFailures: number;
  failingSince: number | null;
  probeAt: number | null;
  pausedReason: string | null;
}

/** A subscription that changed state, for logs and metrics. */
export interface HealthChange {
  subscriptionId: string;
  workspaceId: string;
  from: SubscriptionState;
  to: SubscriptionState;
  /** Why: the last error when it fails or is paused. */
  reason: string | null;
}

/** The health of a subscription that has never failed. */
export const HEALTHY: HealthRow = { state: 'active', consecutiveFailures: 0, failingSince: null, probeAt: null, pausedReason: null };

/** The health after one more failure at `now`. */
export function afterFailure(row: HealthRow, now: number, error: string, policy: HealthPolicy): HealthRow {
  const failures = row.consecutiveFailures + 1;
  const failingSince = row.failingSince ?? now;
  if (row.state === 'paused') return { ...row, consecutiveFailures: failures, failingSince };
  if (failures < policy.failingAfter) return { ...row, consecutiveFailures: failures, failingSince };
  const byTime = now - failingSince >= policy.pauseAfterMs;
  const byCount = policy.pauseAfterFailures > 0 && failures >= policy.pauseAfterFailures;
  if (byTime || byCount) {
    const since = new Date(failingSince).toISOString();
    return {
      state: 'paused', consecutiveFailures: failures, failingSince, probeAt: null,
      pausedReason: `the target failed ${failures} times in a row since ${since}; last error: ${error}`,
    };
  }
  const step = Math.min(policy.probeEveryMs, FIRST_PROBE_MS * 2 ** Math.max(0, failures - policy.failingAfter));
  return { state: 'failing', consecutiveFailures: failures, failingSince, probeAt: now + step, pausedReason: null };
}

/** The health after a success: active again, unless it was paused (a resume lifts a pause). */
export function afterSuccess(row: HealthRow): HealthRow {
  if (row.state === 'paused') return { ...row, consecutiveFailures: 0, failingSince: null };
  return HEALTHY;
}

/** A health row from its columns. */
export function toHealthRow(row: Record<string, unknown> | undefined): HealthRow {
  if (row === undefined) return HEALTHY;
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    state: String(row.state) as SubscriptionState, consecutiveFailures: Number(row.consecutive_failures),
    failingSince: num(row.failing_since), probeAt: num(row.probe_at), pausedReason: row.paused_reason === null ? null : String(row.paused_reason),
  };
}
