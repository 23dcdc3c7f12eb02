/**
 * Meta-side time. The sandbox reads the time only through its `SandboxClock`, which runs with the system
 * clock plus an offset that `POST /_sandbox/clock` moves: timestamps in webhooks, the customer service
 * window, template review, webhook retries and the rate limits all follow it. `pnpm start` and the test
 * harness hand the same clock to the proxy, so that its window check and retries agree with the sandbox.
 */

/** Something waiting for a moment on the clock. */
interface Timer {
  at: number;
  run: () => void;
  handle: NodeJS.Timeout;
}

/** An adjustable clock: the base clock (system time by default) plus an offset that only moves on request. */
export class SandboxClock {
  private offsetMs = 0;
  private readonly timers = new Set<Timer>();

  constructor(private readonly base: () => number = () => Date.now()) {}

  /** Milliseconds since the epoch, Meta-side. */
  now(): number {
    return this.base() + this.offsetMs;
  }

  /** How far Meta-side time is from the base clock, in ms. */
  offset(): number {
    return this.offsetMs;
  }

  /** The same moment as a Date, for code that takes `now: () => Date`. */
  date(): Date {
    return new Date(this.now());
  }

  /** Moves the clock forward by `ms` (never backwards) and runs whatever fell due meanwhile. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The clock only moves forward: give a positive duration.');
    this.offsetMs += ms;
    this.runDue();
  }

  /** Sets the clock to `at` (ms since the epoch); timers due by then run at once. */
  set(at: number): void {
    if (!Number.isFinite(at)) throw new RangeError('The time to set must be a valid date.');
    this.offsetMs = at - this.base();
    this.runDue();
  }

  /** Runs `fn` once the clock reaches now + `ms`, whether by waiting or by an advance. */
  schedule(fn: () => void, ms: number): void {
    const timer: Timer = { at: this.now() + ms, run: fn, handle: setTimeout(() => this.fire(timer), ms) };
    this.timers.add(timer);
  }

  /** Cancels everything scheduled (the sandbox is stopping). */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer.handle);
    this.timers.clear();
  }

  private fire(timer: Timer): void {
    if (!this.timers.delete(timer)) return;
    clearTimeout(timer.handle);
    timer.run();
  }

  private runDue(): void {
    const now = this.now();
    const due = [...this.timers].filter((timer) => timer.at <= now).sort((a, b) => a.at - b.at);
    for (const timer of due) this.fire(timer);
    // Timers not yet due wait for what is left of their time on the moved clock.
    for (const timer of this.timers) {
      clearTimeout(timer.handle);
      timer.handle = setTimeout(() => this.fire(timer), Math.max(0, timer.at - now));
    }
  }
}

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** An ISO 8601 duration of days, hours, minutes and seconds (`PT25H`, `P1DT2H`, `PT90S`) in ms, or null. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return null;
  const [, days, hours, minutes, seconds] = match;
  return ((Number(days ?? 0) * 24 + Number(hours ?? 0)) * 60 + Number(minutes ?? 0)) * 60_000 + Math.round(Number(seconds ?? 0) * 1000);
}
