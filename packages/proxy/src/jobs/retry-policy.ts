/**
 * When a failed delivery is tried again: exponential backoff with jitter, capped, for at least 24 hours from
 * the event's creation; a failure after that dead-letters it.
 */

/** Tunables of the policy (tests shorten them). */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures after this long since the event was created are final. */
  retryForMs: number;
}

/** 10 s, 20 s, 40 s … capped at one hour, for 24 hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 10_000, maxDelayMs: 3_600_000, retryForMs: 24 * 3_600_000 };

/**
 * The time of the next attempt after the `failures`-th failure, or null when the delivery is dead. The delay
 * is drawn from [half, all] of the exponential step ("equal jitter") so that retries of many events spread
 * out, and never shorter than what the receiver asked for with Retry-After.
 */
export function nextAttemptAt(input: {
  failures: number; createdAt: Date; now: Date; retryAfterMs?: number; policy?: RetryPolicy; random?: () => number;
}): Date | null {
  const policy = input.policy ?? DEFAULT_RETRY_POLICY;
  const now = input.now.getTime();
  if (now - input.createdAt.getTime() >= policy.retryForMs) return null;
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, input.failures - 1));
  const jittered = step / 2 + (input.random ?? Math.random)() * (step / 2);
  const delay = Math.min(policy.maxDelayMs, Math.max(jittered, input.retryAfterMs ?? 0));
  return new Date(now + Math.round(delay));
}
