/**
 * The send latency that /metrics shows: each send toward Meta is observed once, in seconds, and never longer than
 * the send took.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { OutboundMessage } from '@kaiku/core';
import { sendThrottled } from '../src/actions/throughput.js';
import { openActionFixture, sent } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

const message: OutboundMessage = { type: 'text', to: '358401234567', text: 'Hello' };

let fx: ActionFixture;
afterEach(async () => fx.cleanup());

/** The latency histogram's sum (seconds) and count. */
async function sendLatency(): Promise<{ sum: number; count: number }> {
  const { values } = await fx.deps.metrics.sendSeconds.get();
  const of = (name: string) => values.find((v) => v.metricName === name)?.value ?? Number.NaN;
  return { sum: of('kaiku_send_seconds_sum'), count: of('kaiku_send_seconds_count') };
}

describe('the send latency', () => {
  it('is observed once per send, in seconds, within the time the send took', async () => {
    fx = await openActionFixture();
    fx.routes['POST /106540352242922/messages'] = sent('wamid.l1');
    const before = process.hrtime.bigint();
    await sendThrottled(fx.deps, fx.connection, message);
    const took = Number(process.hrtime.bigint() - before) / 1e9;
    const { sum, count } = await sendLatency();
    expect(count).toBe(1);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThanOrEqual(took);
  });
});
