/**
 * The automation runner's slots: how many messages it has in hand (in all, and per workspace, so that a tenant
 * whose reply-fetch URL hangs holds only its own share), and who goes first. While the intake is busy
 * (`IntakeFirst`), no message starts (or only `trickle` per poll interval, when set) until it has waited
 * `maxDeferMs`: a burst of webhooks shares the CPU with nothing of the runner's, and replies still go out, late by
 * at most that bound, under a load that never ends.
 */
import { performance } from 'node:perf_hooks';
import type { IntakeFirst } from './intake-first.js';

/** Tunables of the slots. */
export interface SlotOptions {
  /** Messages in hand at once (default 64). */
  concurrency?: number;
  /** Of those, at most this many of one workspace (default 16). */
  perWorkspace?: number;
  pollMs?: number;
  /** Messages started per poll interval while the intake goes first (default 0: none before `maxDeferMs`). */
  trickle?: number;
  /** The longest a message waits for the intake before it starts regardless (default 10 s). */
  maxDeferMs?: number;
  /** Who goes first; without one the runner always runs at full speed. */
  intake?: Pick<IntakeFirst, 'busy'>;
}

/** Default of `maxDeferMs`, documented with `/metrics`. */
export const MAX_DEFER_MS = 10_000;

/** A message waiting for a slot. */
interface Waiter {
  workspaceId: string;
  storedAt: Date;
  resolve: () => void;
}

/** Slots handed out in arrival order (a waiting message is granted its slot directly, not woken to ask again). */
export class Slots {
  private inHand = 0;
  private readonly perWorkspace = new Map<string, number>();
  private waiters: Waiter[] = [];
  private windowStart = 0;
  private startedInWindow = 0;
  private draining = false;

  /** `now`: the clock messages are stored by (their age); the trickle's intervals are measured on the monotonic clock. */
  constructor(private readonly options: SlotOptions, private readonly now: () => number = Date.now) {}

  /** Messages in hand. */
  get size(): number {
    return this.inHand;
  }

  /** Waits for a slot for a message of `workspaceId` stored at `storedAt`. */
  take(workspaceId: string, storedAt: Date): Promise<void> {
    const granted = new Promise<void>((resolve) => this.waiters.push({ workspaceId, storedAt, resolve }));
    this.recheck();
    return granted;
  }

  /** Stops deferring to the intake: the process is shutting down and waits only for the messages in hand. */
  drain(): void {
    this.draining = true;
    this.recheck();
  }

  /** Gives a slot back. */
  give(workspaceId: string): void {
    this.inHand -= 1;
    const left = (this.perWorkspace.get(workspaceId) ?? 1) - 1;
    if (left > 0) this.perWorkspace.set(workspaceId, left);
    else this.perWorkspace.delete(workspaceId);
    this.recheck();
  }

  /** Grants the waiting messages that may start now (a poll interval passed, or a slot came back). */
  recheck(): void {
    if (this.waiters.length === 0) return;
    const busy = !this.draining && this.options.intake?.busy() === true;
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (!this.mayStart(waiter.workspaceId, waiter.storedAt, busy)) {
        still.push(waiter);
        continue;
      }
      this.grant(waiter.workspaceId);
      waiter.resolve();
    }
    this.waiters = still;
  }

  private grant(workspaceId: string): void {
    this.inHand += 1;
    this.startedInWindow += 1;
    this.perWorkspace.set(workspaceId, (this.perWorkspace.get(workspaceId) ?? 0) + 1);
  }

  private mayStart(workspaceId: string, storedAt: Date, busy: boolean): boolean {
    if (this.inHand >= (this.options.concurrency ?? 64)) return false;
    if ((this.perWorkspace.get(workspaceId) ?? 0) >= (this.options.perWorkspace ?? 16)) return false;
    if (this.now() - storedAt.getTime() >= (this.options.maxDeferMs ?? MAX_DEFER_MS)) return true;
    if (!busy) return true;
    // The intake goes first: nothing, or a few per poll interval.
    const now = performance.now();
    if (now - this.windowStart >= (this.options.pollMs ?? 250)) {
      this.windowStart = now;
      this.startedInWindow = 0;
    }
    return this.startedInWindow < (this.options.trickle ?? 0);
  }
}
