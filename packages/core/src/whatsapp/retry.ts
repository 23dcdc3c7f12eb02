import { isKaikuError } from '../errors.js';

/** Bounds of the retry budget: attempts in all, delays and the total time spent waiting. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time budget from the first attempt; a wait that would exceed it is not started. */
  maxTotalMs?: number;
}

/** Time and randomness, injectable so that tests never wait. */
export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/** What `withRetry` reports before each wait (for logs and metrics). */
export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: unknown;
}

/**
 * Three attempts, 250 ms growing to at most 4 s, within 8 s in all: connectors must answer within seconds
 * (Zapier gives an action 30 s), so a longer wait is handed back to the caller as `retryAfterMs`.
 */
export const DEFAULT_RETRY_POLICY: Required<RetryPolicy> = {
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxTotalMs: 8_000,
};

/** The real clock: Date.now, setTimeout and Math.random. */
export const systemClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** Full-jitter exponential backoff: a random delay in [0, min(maxDelay, base · 2^(attempt−1))]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

function isRetryable(error: unknown): boolean {
  return isKaikuError(error) && error.retryable;
}

function retryAfterOf(error: unknown): number | undefined {
  return isKaikuError(error) ? error.retryAfterMs : undefined;
}

/**
 * Runs `operation` and retries it while it throws a retryable KaikuError, within the policy's attempts and
 * total time; honours the error's `retryAfterMs` as the minimum wait. Non-retryable errors are thrown at once.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  clock: RetryClock = systemClock,
  onRetry?: (event: RetryEvent) => void,
): Promise<T> {
  const started = clock.now();
  const budget = policy.maxTotalMs ?? DEFAULT_RETRY_POLICY.maxTotalMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetryable(error) || attempt >= policy.maxAttempts) throw error;
      const delayMs = Math.max(retryAfterOf(error) ?? 0, backoffDelay(attempt, policy, clock.random));
      if (clock.now() - started + delayMs > budget) throw error;
      onRetry?.({ attempt, delayMs, error });
      await clock.sleep(delayMs);
    }
  }
}
