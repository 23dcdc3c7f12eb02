/**
 * The automation worker: takes new inbound messages from the runner's inbox (the applier fills it in the same
 * transaction that stores the message, so a restart loses none), runs the workspace's rules on each, and
 * removes it. It never competes with the intake: while webhooks arrive and the event loop is busy it takes a
 * few messages per poll interval only, and catches up at full speed once the loop has room (`IntakeFirst`).
 * A customer's messages run one after another in arrival order (the inbox hands out one per customer at a
 * time); one customer's slow reply-fetch URL holds only that customer.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InboxItem } from '../store/automation-inbox.js';
import type { Logger } from '../logger.js';
import { runAutomations } from './automation-runner.js';
import type { RunnerDeps } from './automation-runner.js';
import { Batcher } from './batches.js';
import type { IntakeFirst } from './intake-first.js';
import { DEFAULT_RETRY_POLICY, nextAttemptAt } from './retry-policy.js';
import type { RetryPolicy } from './retry-policy.js';
import { sinkRetryAfter } from './sinks.js';
import { Wakeable } from './wakeable.js';

/** Tunables of the worker (tests shorten them). */
export interface AutomationWorkerOptions {
  /** Messages in the runner's hands at once (default 64). */
  concurrency?: number;
  /** Of those, at most this many of one workspace (default 16): a tenant whose reply-fetch URL hangs holds only its own. */
  perWorkspace?: number;
  /** How long a claim is this process's (default 60 s; longer than any action's timeouts). */
  leaseMs?: number;
  pollMs?: number;
  /** Messages taken per poll interval while the intake goes first (default 8). */
  trickle?: number;
  retry?: RetryPolicy;
  /** Who goes first; without one the worker always runs at full speed. */
  intake?: IntakeFirst;
  logger?: Logger;
}

/** Runs automations from the inbox until stopped. */
export class AutomationWorker extends Wakeable {
  private inFlight = 0;
  private readonly perWorkspace = new Map<string, number>();
  /** The workspaces the last claim skipped, when it found nothing: the same claim is not tried again until something changes. */
  private fruitless: { skipped: Set<string>; at: number } | null = null;
  private announced = false;
  private idleWaiters: Array<() => void> = [];
  private readonly finished = new Batcher<number>((seqs) => this.deps.store.automations.finishInbox(seqs));

  constructor(private readonly deps: RunnerDeps, private readonly options: AutomationWorkerOptions = {}) {
    super(options.pollMs ?? 250);
  }

  protected override async tick(): Promise<boolean> {
    const free = (this.options.concurrency ?? 64) - this.inFlight;
    if (free <= 0) return false;
    const yielding = this.options.intake?.busy() === true;
    // Stepping back: a few messages per interval, so that automations still move under a long burst.
    if (yielding) await sleep(this.options.pollMs ?? 250);
    // A claim takes at most half a workspace's share, and a workspace with half its share in hand sits claims
    // out: so none ever has more than its share in hand, and a tenant whose URL hangs holds only its own slots.
    const half = Math.max(1, Math.floor((this.options.perWorkspace ?? 16) / 2));
    const limit = Math.min(free, half, yielding ? (this.options.trickle ?? 8) : half);
    const full = [...this.perWorkspace].filter(([, n]) => n >= half).map(([workspaceId]) => workspaceId);
    // A claim that skips a workspace walks past its waiting messages: repeat a fruitless one only once new
    // messages came in or a skipped workspace has room again (or after the poll interval).
    const last = this.fruitless;
    if (!this.announced && last !== null && full.length > 0 && performance.now() - last.at < (this.options.pollMs ?? 250) && full.every((w) => last.skipped.has(w))) return false;
    this.announced = false;
    const claimed = await this.deps.store.automations.claimInbox(limit, this.options.leaseMs ?? 60_000, this.deps.now(), full);
    this.fruitless = claimed.length === 0 && full.length > 0 ? { skipped: new Set(full), at: performance.now() } : null;
    for (const item of claimed) void this.process(item);
    return claimed.length === limit;
  }

  /** New messages are in the inbox (the applier committed them): the next claim looks again. */
  announce(): void {
    this.announced = true;
    this.wake();
  }

  protected override onError(error: unknown): void {
    this.options.logger?.error({ err: error }, 'claiming messages for automations failed; retrying');
  }

  private async process(item: InboxItem): Promise<void> {
    this.inFlight += 1;
    this.perWorkspace.set(item.workspaceId, (this.perWorkspace.get(item.workspaceId) ?? 0) + 1);
    try {
      if (item.record !== null) await runAutomations(this.deps, item.workspaceId, item.record);
      await this.finished.add(item.seq);
    } catch (error) {
      await this.retryLater(item, error).catch((failure: unknown) => this.options.logger?.error({ err: failure, messageId: item.messageId }, 'recording an automation retry failed; it runs again when its claim ends'));
    } finally {
      this.inFlight -= 1;
      const left = (this.perWorkspace.get(item.workspaceId) ?? 1) - 1;
      if (left > 0) this.perWorkspace.set(item.workspaceId, left);
      else this.perWorkspace.delete(item.workspaceId);
      this.wake();
      if (this.inFlight === 0) this.notifyIdle();
    }
  }

  /** A failure before anything was sent (Meta busy, a network error, the store): tried again with the delivery policy. */
  private async retryLater(item: InboxItem, error: unknown): Promise<void> {
    const retryAfterMs = sinkRetryAfter(error);
    const next = nextAttemptAt({
      failures: item.attempts + 1, createdAt: item.createdAt, now: this.deps.now(), policy: this.options.retry ?? DEFAULT_RETRY_POLICY,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    const detail = { messageId: item.messageId, workspaceId: item.workspaceId, attempts: item.attempts + 1, err: error };
    if (next === null) {
      this.options.logger?.warn(detail, 'automations given up for this message after a day of failures');
      await this.finished.add(item.seq);
      return;
    }
    this.options.logger?.warn({ ...detail, nextAttemptAt: next.toISOString() }, 'automations failed for this message; will retry');
    await this.deps.store.automations.holdInbox(item.seq, next);
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Stops claiming and waits for the messages in hand (tests, shutdown). */
  override async stop(): Promise<void> {
    await super.stop();
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}
