/**
 * Sending within the number's throughput: the local token bucket holds a send back (and says so after its
 * attempts), Meta's throughput and pair-rate answers are waited out once (at most 2 s), anything else fails at once.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { isKaikuError } from '@kaiku/core';
import type { OutboundMessage } from '@kaiku/core';
import { sendThrottled } from '../src/actions/throughput.js';
import { metaError, openActionFixture, sent } from './action-deps-fixture.js';
import type { ActionFixture, GraphAnswer } from './action-deps-fixture.js';

const message: OutboundMessage = { type: 'text', to: '358401234567', text: 'Hello' };
const SEND = 'POST /106540352242922/messages';
/** Meta's answer with a Retry-After beyond the client's own retry budget, so the client passes it on at once. */
const throttled = (code: number): GraphAnswer => ({ ...metaError(400, code, 'slow down'), headers: { 'retry-after': '9' } });

let fx: ActionFixture;
afterEach(async () => fx.cleanup());

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => {
    throw new Error('expected the send to fail');
  }, (error: unknown) => error);
}

describe('sendThrottled', () => {
  it('sends and counts the send as sent', async () => {
    fx = await openActionFixture();
    fx.routes[SEND] = sent('wamid.a1');
    const result = await sendThrottled(fx.deps, fx.connection, message);
    expect(result).toMatchObject({ messageId: 'wamid.a1', waId: '358401234567' });
    expect(await fx.count('sends', { result: 'sent' })).toBe(1);
    expect(fx.slept).toEqual([]);
  });

  it('holds the send back while the local bucket is empty, then refuses with a retryable throughput error', async () => {
    fx = await openActionFixture({ storeNow: () => 1_800_000_000_000, config: { sendsPerSecond: 1 } });
    fx.routes[SEND] = sent();
    await sendThrottled(fx.deps, fx.connection, message);
    const error = await failure(sendThrottled(fx.deps, fx.connection, message));
    expect(isKaikuError(error) && error.code).toBe('throughput_limited');
    expect(isKaikuError(error) && error.retryable).toBe(true);
    expect(isKaikuError(error) && error.retryAfterMs).toBe(1000);
    expect((error as Error).message).toContain('more than 1 messages per second');
    expect(fx.slept).toEqual(Array.from({ length: 40 }, () => 25));
    expect(await fx.count('throttled', { reason: 'local_cap' })).toBe(40);
    expect(fx.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it.each([[130429, 'throughput_limited'], [131056, 'pair_rate_limited']])('waits once on Meta\'s %s (at most 2 s) and sends again', async (code, reason) => {
    fx = await openActionFixture();
    let attempts = 0;
    fx.routes[SEND] = () => (++attempts === 1 ? throttled(code) : sent('wamid.again'));
    const result = await sendThrottled(fx.deps, fx.connection, message);
    expect(result.messageId).toBe('wamid.again');
    expect(attempts).toBe(2);
    expect(fx.slept).toEqual([2000]);
    expect(await fx.count('throttled', { reason })).toBe(1);
    expect(await fx.count('sends', { result: 'sent' })).toBe(1);
  });

  it('waits 1 s when Meta does not say how long', async () => {
    fx = await openActionFixture();
    let attempts = 0;
    // The client itself tries three times (with short backoffs) before it passes the error on.
    fx.routes[SEND] = () => (++attempts <= 3 ? metaError(400, 130429, 'slow down') : sent('wamid.later'));
    const result = await sendThrottled(fx.deps, fx.connection, message);
    expect(result.messageId).toBe('wamid.later');
    expect(fx.slept).toEqual([1000]);
  });

  it('gives up after the second throttle answer and counts the send as failed', async () => {
    fx = await openActionFixture();
    let attempts = 0;
    fx.routes[SEND] = () => {
      attempts += 1;
      return throttled(130429);
    };
    const error = await failure(sendThrottled(fx.deps, fx.connection, message));
    expect(isKaikuError(error) && error.code).toBe('throughput_limited');
    expect(attempts).toBe(2);
    expect(fx.slept).toEqual([2000]);
    expect(await fx.count('sends', { result: 'failed' })).toBe(1);
    expect(await fx.count('sends', { result: 'sent' })).toBe(0);
  });

  it('fails at once on any other error', async () => {
    fx = await openActionFixture();
    fx.routes[SEND] = metaError(400, 131026, 'Message undeliverable');
    const error = await failure(sendThrottled(fx.deps, fx.connection, message));
    expect(isKaikuError(error) && error.code).not.toBe('throughput_limited');
    expect(fx.calls).toHaveLength(1);
    expect(fx.slept).toEqual([]);
    expect(await fx.count('throttled', {})).toBe(0);
    expect(await fx.count('sends', { result: 'failed' })).toBe(1);
  });
});
