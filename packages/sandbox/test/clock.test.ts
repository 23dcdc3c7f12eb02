/** The sandbox clock: durations, timers that an advance brings forward, and Meta-side time in webhooks. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { SandboxClock, parseDuration, startSandbox } from '../src/index.js';
import { graph, WABA } from './graph.js';
import type { Receiver } from './receiver.js';
import { startReceiver } from './receiver.js';

describe('parseDuration', () => {
  it.each([
    ['PT25H', 25 * 3_600_000], ['P1D', 86_400_000], ['P1DT2H30M', (26 * 60 + 30) * 60_000], ['PT90S', 90_000], ['PT0.5S', 500],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['25h', 'P', 'PT', 'P1W', 'PT-1H', ''])('refuses %j', (text) => expect(parseDuration(text)).toBeNull());
});

describe('SandboxClock', () => {
  it('runs timers that an advance reaches, in order, and leaves later ones waiting', () => {
    const clock = new SandboxClock(() => 1_000_000);
    const ran: string[] = [];
    clock.schedule(() => ran.push('two hours'), 7_200_000);
    clock.schedule(() => ran.push('one hour'), 3_600_000);
    clock.schedule(() => ran.push('two days'), 172_800_000);
    clock.advance(3 * 3_600_000);
    expect(ran).toEqual(['one hour', 'two hours']);
    expect(clock.now()).toBe(1_000_000 + 3 * 3_600_000);
    clock.set(1_000_000 + 172_800_000);
    expect(ran).toEqual(['one hour', 'two hours', 'two days']);
    clock.cancelAll();
  });

  it('never moves backwards by an advance', () => {
    expect(() => new SandboxClock().advance(-1)).toThrow(/forward/);
  });
});

describe('Meta-side time in the sandbox', () => {
  let sandbox: RunningSandbox;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    // A review that would take a day of real time.
    sandbox = await startSandbox({ callbackUrl: receiver.url, templateReviewMs: 86_400_000 });
  });
  afterAll(async () => {
    await sandbox.stop();
    await receiver.close();
  });

  it('approves a template when the clock passes its review time, and stamps the webhook with that time', async () => {
    const created = await graph(sandbox.url, 'POST', `/${WABA}/message_templates`, {
      name: 'clock_review', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your order has shipped.' }],
    });
    expect(created.body).toMatchObject({ status: 'PENDING' });
    const before = Date.now();
    const moved = await fetch(`${sandbox.url}/_sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'P1DT1H' }) });
    expect(moved.status).toBe(200);
    const read = await graph(sandbox.url, 'GET', `/${String(created.body.id)}?fields=status`);
    expect(read.body.status).toBe('APPROVED');
    for (let i = 0; i < 100 && receiver.received.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    const entry = receiver.received[0]?.body.entry[0];
    expect(entry?.changes[0]?.value).toMatchObject({ event: 'APPROVED', message_template_name: 'clock_review' });
    expect(Number(entry?.time) * 1000).toBeGreaterThanOrEqual(before + 25 * 3_600_000 - 1000);
  });
});

describe('the clock across a restart', () => {
  it('keeps the offset in the state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-clock-'));
    const stateFile = join(dir, 'state.json');
    try {
      const first = await startSandbox({ stateFile });
      await fetch(`${first.url}/_sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'PT48H' }) });
      await first.stop();
      const second = await startSandbox({ stateFile });
      const shown = (await (await fetch(`${second.url}/_sandbox/clock`)).json()) as { offset_ms: number };
      await second.stop();
      expect(shown.offset_ms).toBeGreaterThanOrEqual(48 * 3_600_000 - 1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
