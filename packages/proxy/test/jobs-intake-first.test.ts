/** Who goes first: background work steps back only while webhooks arrive and the event loop has been busy. */
import { describe, expect, it } from '@jest/globals';
import { IntakeFirst } from '../src/jobs/intake-first.js';

/** Keeps the event loop busy for `ms` (what a burst of webhooks does). */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* busy */ }
}

describe('IntakeFirst', () => {
  it('is not busy without webhooks, even on a busy loop', () => {
    const gate = new IntakeFirst({ windowMs: 10 });
    busyFor(30);
    expect(gate.busy()).toBe(false);
  });

  it('is busy while webhooks arrive on a busy loop, and not once the loop has had idle time', async () => {
    const gate = new IntakeFirst({ windowMs: 10, activeForMs: 10_000 });
    gate.noteIntake();
    busyFor(30);
    expect(gate.busy()).toBe(true);
    // An idle window (the loop waits on a timer) brings utilisation down.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(gate.busy()).toBe(false);
  });
});
