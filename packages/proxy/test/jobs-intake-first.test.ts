/**
 * Who goes first: background work steps back only while webhooks arrive and the event loop has been busy or
 * webhooks wait to be stored (the store being another process); the automation runner's slots then start a few
 * messages per interval, except one that has waited the bound.
 */
import { describe, expect, it } from '@jest/globals';
import { IntakeFirst } from '../src/jobs/intake-first.js';
import { Slots } from '../src/jobs/automation-slots.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


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

  it('is busy while webhooks wait to be stored, on an idle loop too, and not once they are stored', () => {
    // Utilisation never counts here (at most 1): only the webhooks in flight do. The clock is the test's.
    let now = 0;
    const gate = new IntakeFirst({ windowMs: 10, activeForMs: 10_000, busyAt: 2, busyRate: 1e9, clock: () => now });
    gate.noteArrival();
    gate.noteArrival();
    now = 30;
    expect(gate.busy()).toBe(true);
    gate.noteSettled(1);
    now = 45;
    // One of two in flight for 15 ms: 1 on average, still busy; then none for a whole window.
    expect(gate.busy()).toBe(true);
    gate.noteSettled(1);
    now = 75;
    expect(gate.busy()).toBe(false);
  });

  it('is busy while webhooks arrive at a burst\'s rate, however quickly each is answered', () => {
    let now = 0;
    const gate = new IntakeFirst({ windowMs: 20, activeForMs: 10_000, busyAt: 2, busyInFlight: 1e9, busyRate: 200, clock: () => now });
    for (let i = 0; i < 100; i += 1) {
      gate.noteArrival();
      gate.noteSettled(1);
    }
    now = 30;
    // 100 within 30 ms: far above 200 a second; then 6 in the next 30 ms (200 a second) still is, 5 (167) is not.
    expect(gate.busy()).toBe(true);
    for (let i = 0; i < 6; i += 1) gate.noteArrival();
    gate.noteSettled(6);
    now = 60;
    expect(gate.busy()).toBe(true);
    for (let i = 0; i < 5; i += 1) gate.noteArrival();
    gate.noteSettled(5);
    now = 90;
    expect(gate.busy()).toBe(false);
  });

  it('counts the intake as active for a while after the last webhook, then not at all', () => {
    let now = 0;
    const gate = new IntakeFirst({ windowMs: 10, activeForMs: 250, busyInFlight: 1e9, busyRate: 1, clock: () => now });
    gate.noteArrival();
    gate.noteSettled(1);
    now = 20;
    expect(gate.busy()).toBe(true);
    now = 250;
    expect(gate.busy()).toBe(false);
  });
});

describe('the applier behind', () => {
  it('makes background work step back until the applier has caught up, with no webhook arriving', () => {
    const gate = new IntakeFirst({ windowMs: 10 });
    gate.noteApplier(true);
    expect(gate.busy()).toBe(true);
    gate.noteApplier(false);
    expect(gate.busy()).toBe(false);
  });
});

describe('the automation runner\'s slots', () => {
  const NOW = Date.parse('2026-11-25T10:00:00Z');

  it('start a trickle while the intake is busy, and a message that waited the bound regardless', async () => {
    const slots = new Slots({ trickle: 2, pollMs: 60_000, maxDeferMs: 10_000, intake: { busy: () => true } }, () => NOW);
    await slots.take('ws_a', new Date(NOW));
    await slots.take('ws_a', new Date(NOW));
    let third = false;
    const waiting = slots.take('ws_a', new Date(NOW - 9_999)).then(() => { third = true; });
    await sleep(5);
    expect(third).toBe(false);
    await slots.take('ws_b', new Date(NOW - 10_000));
    expect(slots.size).toBe(3);
    slots.give('ws_a');
    expect(third).toBe(false);
    // With the intake quiet, the waiting one starts.
    const quiet = new Slots({ trickle: 0, perWorkspace: 1, intake: { busy: () => false } }, () => NOW);
    await quiet.take('ws_a', new Date(NOW));
    let second = false;
    void quiet.take('ws_a', new Date(NOW)).then(() => { second = true; });
    await sleep(5);
    expect(second).toBe(false);
    quiet.give('ws_a');
    await sleep(5);
    expect(second).toBe(true);
    void waiting;
  });

  it('start nothing by default while the intake is busy until a message has waited the bound, and everything once draining', async () => {
    let now = NOW;
    const slots = new Slots({ maxDeferMs: 10_000, intake: { busy: () => true } }, () => now);
    const started: string[] = [];
    const fresh = slots.take('ws_a', new Date(NOW)).then(() => started.push('fresh'));
    const older = slots.take('ws_a', new Date(NOW - 4_000)).then(() => started.push('older'));
    await sleep(5);
    expect(started).toEqual([]);
    // Six seconds on, the older one has waited 10 s: it starts; the fresh one still waits.
    now = NOW + 6_000;
    slots.recheck();
    await older;
    expect(started).toEqual(['older']);
    expect(slots.size).toBe(1);
    // Shutting down: the intake no longer goes first.
    slots.drain();
    await fresh;
    expect(started).toEqual(['older', 'fresh']);
    expect(slots.size).toBe(2);
  });
});
