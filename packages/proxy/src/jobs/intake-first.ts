/**
 * Who goes first: webhooks. Background work that may wait (the automation runner) asks `busy()` before it takes
 * more. Two signals, each over short windows: the webhook POSTs in flight (started, not yet answered) on average, which
 * works when the store is another process (PostgreSQL: the loop waits on I/O while the CPU is shared with the
 * database server), and the event loop's utilisation (SQLite: the store's work is on this loop). Nothing here is
 * tuned to one machine: with room to spare the background runs at full speed; under load it steps back.
 */
import { performance } from 'node:perf_hooks';
import type { EventLoopUtilization } from 'node:perf_hooks';

/** Tunables (tests may pass their own). */
export interface IntakeFirstOptions {
  /** Utilisation at or above which the loop counts as busy (default 0.7). */
  busyAt?: number;
  /** Webhooks in flight on average at or above which the intake counts as busy (default 1: never idle in the window). */
  busyInFlight?: number;
  /** Webhook POSTs per second at or above which the intake counts as busy (default 100: a burst, far above a business's usual traffic). */
  busyRate?: number;
  /** The window they are measured over (default 100 ms). */
  windowMs?: number;
  /** How long after the last webhook the intake counts as active (default 250 ms). */
  activeForMs?: number;
  /** Milliseconds on a monotonic clock (default `performance.now`; tests pass their own). Utilisation is always the loop's own. */
  clock?: () => number;
}

/** The signal the intake gives and the background reads. */
export class IntakeFirst {
  private readonly now: () => number;
  private snapshot: EventLoopUtilization = performance.eventLoopUtilization();
  private measuredAt: number;
  private utilization = 0;
  private lastIntakeAt = Number.NEGATIVE_INFINITY;
  private applierBehind = false;
  private inFlight = 0;
  /** In-flight webhooks × milliseconds since `measuredAt`, up to `changedAt`. */
  private area = 0;
  private changedAt: number;
  private averageInFlight = 0;
  private arrivals = 0;
  private rate = 0;

  constructor(private readonly options: IntakeFirstOptions = {}) {
    this.now = options.clock ?? (() => performance.now());
    this.measuredAt = this.now();
    this.changedAt = this.measuredAt;
  }

  /** A webhook POST started. */
  noteArrival(): void {
    this.accumulate(this.now());
    this.inFlight += 1;
    this.arrivals += 1;
    this.noteIntake();
  }

  /** `count` webhook POSTs were answered: no longer in flight. */
  noteSettled(count: number): void {
    this.accumulate(this.now());
    this.inFlight = Math.max(0, this.inFlight - count);
  }

  /** Whether the applier has receipts waiting beyond the batch it took: background work that may wait steps back until it has caught up. */
  noteApplier(behind: boolean): void {
    this.applierBehind = behind;
  }

  /** The intake stored webhooks just now. */
  noteIntake(): void {
    this.lastIntakeAt = this.now();
  }

  /** Whether background work should step back: webhooks are arriving and the intake or the loop is busy. */
  busy(): boolean {
    const now = this.now();
    if (now - this.measuredAt >= (this.options.windowMs ?? 100)) {
      const current = performance.eventLoopUtilization();
      this.utilization = performance.eventLoopUtilization(current, this.snapshot).utilization;
      this.snapshot = current;
      this.accumulate(now);
      this.averageInFlight = this.area / (now - this.measuredAt);
      this.rate = (this.arrivals * 1000) / (now - this.measuredAt);
      this.area = 0;
      this.arrivals = 0;
      this.measuredAt = now;
    }
    // Receipts waiting to be applied come first too: the runner only sees messages once applied, and shares the store.
    if (this.applierBehind) return true;
    if (now - this.lastIntakeAt >= (this.options.activeForMs ?? 250)) return false;
    return this.utilization >= (this.options.busyAt ?? 0.7) || this.averageInFlight >= (this.options.busyInFlight ?? 1)
      || this.rate >= (this.options.busyRate ?? 100);
  }

  private accumulate(now: number): void {
    this.area += this.inFlight * (now - this.changedAt);
    this.changedAt = now;
  }
}
