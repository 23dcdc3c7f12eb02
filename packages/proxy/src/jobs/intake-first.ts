/**
 * Who goes first on the event loop: webhooks. Background work that may wait (the automation runner) asks
 * `busy()` before it takes more: true while webhooks are arriving and the loop has had little idle time lately,
 * measured with Node's event-loop utilisation over short windows. Nothing here is tuned to one machine: on a
 * loop with room to spare the background runs at full speed; on a saturated one it steps back to a trickle.
 */
import { performance } from 'node:perf_hooks';
import type { EventLoopUtilization } from 'node:perf_hooks';

/** Tunables (tests may pass their own). */
export interface IntakeFirstOptions {
  /** Utilisation at or above which the loop counts as busy (default 0.7). */
  busyAt?: number;
  /** The window utilisation is measured over (default 100 ms). */
  windowMs?: number;
  /** How long after the last stored webhook the intake counts as active (default 250 ms). */
  activeForMs?: number;
}

/** The signal the intake gives and the background reads. */
export class IntakeFirst {
  private snapshot: EventLoopUtilization = performance.eventLoopUtilization();
  private measuredAt = performance.now();
  private utilization = 0;
  private lastIntakeAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: IntakeFirstOptions = {}) {}

  /** The intake stored webhooks just now. */
  noteIntake(): void {
    this.lastIntakeAt = performance.now();
  }

  /** Whether background work should step back: webhooks are arriving and the loop is busy. */
  busy(): boolean {
    const now = performance.now();
    if (now - this.measuredAt >= (this.options.windowMs ?? 100)) {
      const current = performance.eventLoopUtilization();
      this.utilization = performance.eventLoopUtilization(current, this.snapshot).utilization;
      this.snapshot = current;
      this.measuredAt = now;
    }
    return now - this.lastIntakeAt < (this.options.activeForMs ?? 250) && this.utilization >= (this.options.busyAt ?? 0.7);
  }
}
