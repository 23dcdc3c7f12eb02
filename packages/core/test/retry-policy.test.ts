import { describe, expect, it } from '@jest/globals';
import { KaikuError } from '../src/errors.js';
import { backoffDelay, systemClock, withRetry } from '../src/whatsapp/retry.js';
import { fakeClock } from './fake-clock.js';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 5000 };
const retryable = () => new KaikuError('meta_unavailable', 'down', { retryable: true });

describe('backoffDelay', () => {
  it('is full jitter under an exponential ceiling capped at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy, () => 0.999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });
});

describe('withRetry', () => {
  it('returns the first success and passes the attempt number', async () => {
    const clock = fakeClock(1);
    const seen: number[] = [];
    const result = await withRetry(async (attempt) => {
      seen.push(attempt);
      if (attempt < 3) throw retryable();
      return 'ok';
    }, policy, clock);
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it('throws a non-retryable error at once', async () => {
    const clock = fakeClock();
    let calls = 0;
    const error = new KaikuError('window_closed', 'closed');
    await expect(withRetry(async () => {
      calls += 1;
      throw error;
    }, policy, clock)).rejects.toBe(error);
    expect(calls).toBe(1);
  });

  it('does not retry plain errors (programming mistakes)', async () => {
    let calls = 0;
    await expect(withRetry(async () => {
      calls += 1;
      throw new TypeError('bug');
    }, policy, fakeClock())).rejects.toThrow('bug');
    expect(calls).toBe(1);
  });

  it('stops when the next wait would exceed the total budget', async () => {
    const clock = fakeClock(1);
    let calls = 0;
    const slow = { ...policy, maxAttempts: 100, baseDelayMs: 1000, maxDelayMs: 2000, maxTotalMs: 4000 };
    await expect(withRetry(async () => {
      calls += 1;
      throw retryable();
    }, slow, clock)).rejects.toMatchObject({ code: 'meta_unavailable' });
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(calls).toBe(3);
  });

  it('waits at least retryAfterMs and reports each retry', async () => {
    const clock = fakeClock(0);
    const events: number[] = [];
    let calls = 0;
    await withRetry(async () => {
      calls += 1;
      if (calls === 1) throw new KaikuError('throughput_limited', 'slow', { retryable: true, retryAfterMs: 1500 });
      return true;
    }, policy, clock, (event) => events.push(event.delayMs));
    expect(clock.sleeps).toEqual([1500]);
    expect(events).toEqual([1500]);
  });
});

describe('systemClock', () => {
  it('really waits before the next attempt', async () => {
    const started = Date.now();
    await systemClock.sleep(40);
    // Timers may fire a millisecond early against Date.now, never much earlier.
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });
});
