/** The retry schedule: exponential with jitter, capped, honouring Retry-After, dead only after 24 hours. */
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RETRY_POLICY, nextAttemptAt } from '../src/jobs/retry-policy.js';

const createdAt = new Date('2026-11-25T00:00:00.000Z');
const at = (ms: number) => new Date(createdAt.getTime() + ms);
const delay = (failures: number, random: number, now = createdAt, retryAfterMs?: number) =>
  (nextAttemptAt({ failures, createdAt, now, random: () => random, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })?.getTime() ?? Number.NaN) - now.getTime();

describe('retry policy', () => {
  it('doubles the step and draws the delay from its upper half', () => {
    expect([1, 2, 3, 4].map((n) => delay(n, 0))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect([1, 2, 3, 4].map((n) => delay(n, 1))).toEqual([10_000, 20_000, 40_000, 80_000]);
  });

  it('caps the delay at one hour and honours a longer Retry-After up to the cap', () => {
    expect(delay(30, 1)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
    expect(delay(1, 0, createdAt, 120_000)).toBe(120_000);
    expect(delay(1, 0, createdAt, 86_400_000)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
  });

  it('keeps retrying for 24 hours after the event, then dead-letters', () => {
    expect(nextAttemptAt({ failures: 20, createdAt, now: at(24 * 3_600_000 - 1) })).not.toBeNull();
    expect(nextAttemptAt({ failures: 20, createdAt, now: at(24 * 3_600_000) })).toBeNull();
  });
});
