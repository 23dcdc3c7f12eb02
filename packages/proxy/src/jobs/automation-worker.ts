/**
 * The automation worker: follows the event log of each workspace with rules from a stored cursor (the applier
 * writes nothing extra for it, so automations cost the intake nothing), runs the workspace's rules on each new
 * inbound message, and moves the cursor on past what is done. One process holds a workspace's cursor under a lease
 * (another takes over when it lapses); a crash replays from the cursor, and the run log's unique key keeps a
 * replayed message from acting twice. A customer's messages run one after another in log order; a message whose
 * rules fail is parked and retried later, with the customer's later messages parked behind it, while the other
 * customers go on. It never competes with the intake: see `Slots`.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { FeedMessage, ParkedMessage } from '../store/automation-feed.js';
import type { Logger } from '../logger.js';
import type { InboundMessageRecord } from '@kaiku/core';
import type { Store } from '../store/index.js';
import { Slots } from './automation-slots.js';
import type { SlotOptions } from './automation-slots.js';
import { DEFAULT_RETRY_POLICY, nextAttemptAt } from './retry-policy.js';
import type { RetryPolicy } from './retry-policy.js';
import { sinkRetryAfter } from './sinks.js';
import { Wakeable } from './wakeable.js';

/** What the worker needs: the store, the clock, and what runs on each message (the workspace's rules, `runAutomations`). */
export interface AutomationWorkerDeps {
  store: Store;
  now: () => Date;
  /** Throws when the message should be tried again later. */
  run: (workspaceId: string, message: InboundMessageRecord) => Promise<void>;
}

/** Tunables of the worker (tests shorten them). */
export interface AutomationWorkerOptions extends SlotOptions {
  /** How long a cursor is this process's without a renewal (default 30 s); also how long a parked message is in hand (doubled). */
  leaseMs?: number;
  /** Log entries of one workspace read ahead of its cursor (default 256). */
  readAhead?: number;
  retry?: RetryPolicy;
  logger?: Logger;
  /** This process's name in the leases (default random). */
  owner?: string;
}

/** A message is not run once the reply window it opened has closed (the log keeps 48 h). */
const TOO_OLD_MS = 24 * 3_600_000;

/** One workspace's cursor in this process. */
interface Feed {
  workspaceId: string;
  /** Where the next read starts. */
  readFrom: string;
  /** The stored cursor. */
  saved: string;
  /** Entries read and not yet saved past, in log order. */
  open: Array<{ position: string; done: boolean }>;
  /** Customers with parked messages: their new messages park behind. */
  parked: Set<string>;
  /** The last link of each customer's chain. */
  lanes: Map<string, Promise<void>>;
  /** Parked messages in hand. */
  inHand: Set<number>;
}

/** How often the runner looks for cursors no process holds (a new workspace's, or a stopped process's). */
const LEASE_LOOK_MS = 1_000;

/** Runs automations from the event log until stopped. */
export class AutomationWorker extends Wakeable {
  private readonly owner: string;
  private readonly slots: Slots;
  private readonly feeds = new Map<string, Feed>();
  private leasedAt = Number.NEGATIVE_INFINITY;
  private recheckedAt = Number.NEGATIVE_INFINITY;
  private pending = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly deps: AutomationWorkerDeps, private readonly options: AutomationWorkerOptions = {}) {
    super(options.pollMs ?? 250);
    this.owner = options.owner ?? `runner_${randomBytes(8).toString('hex')}`;
    this.slots = new Slots(options, () => deps.now().getTime());
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 30_000;
  }

  protected override async tick(): Promise<boolean> {
    // Waiting messages are looked at once per poll interval (a slot given back looks at once): a burst wakes the
    // runner on every applied batch, and each look walks every waiting message.
    if (performance.now() - this.recheckedAt >= (this.options.pollMs ?? 250)) {
      this.recheckedAt = performance.now();
      this.slots.recheck();
    }
    await this.renewLeases();
    let more = false;
    for (const feed of [...this.feeds.values()]) {
      await this.takeParked(feed);
      more = (await this.read(feed)) || more;
      await this.save(feed);
    }
    return more;
  }

  /**
   * New messages are in the log (the applier committed them): the next round reads, if a cursor has room to read
   * ahead (during a burst it has none until messages are done, and a round would find nothing to do). Cursors not
   * yet taken are looked for by the poll.
   */
  announce(): void {
    const readAhead = this.options.readAhead ?? 256;
    for (const feed of this.feeds.values()) {
      if (feed.open.length < readAhead) {
        this.wake();
        return;
      }
    }
  }

  protected override onError(error: unknown): void {
    this.options.logger?.error({ err: error }, 'reading the event log for automations failed; retrying');
  }

  /**
   * Takes free cursors and renews this process's own, once a second (a workspace's first rule opens its cursor, and
   * its messages wait until a process takes it; renewal needs only a third of the lease); forgets those it lost.
   */
  private async renewLeases(): Promise<void> {
    // Renewed by the monotonic clock (a test's clock may stand still); the stored lease is in the store's time.
    if (performance.now() - this.leasedAt < Math.min(this.leaseMs / 3, LEASE_LOOK_MS)) return;
    const leases = await this.deps.store.automations.leaseFeeds(this.owner, this.leaseMs, this.deps.now());
    this.leasedAt = performance.now();
    const held = new Set(leases.map((l) => l.workspaceId));
    for (const workspaceId of this.feeds.keys()) if (!held.has(workspaceId)) this.feeds.delete(workspaceId);
    for (const lease of leases) {
      if (this.feeds.has(lease.workspaceId)) continue;
      const parked = await this.deps.store.automations.parkedCustomers(lease.workspaceId);
      this.feeds.set(lease.workspaceId, {
        workspaceId: lease.workspaceId, readFrom: lease.position, saved: lease.position, open: [], parked, lanes: new Map(), inHand: new Set(),
      });
    }
  }

  /** Reads the next entries of the log into the customers' chains; true when it read a full window. */
  private async read(feed: Feed): Promise<boolean> {
    const room = (this.options.readAhead ?? 256) - feed.open.length;
    if (room <= 0) return false;
    const { messages, end } = await this.deps.store.automations.readFeed(feed.workspaceId, feed.readFrom, room);
    if (this.feeds.get(feed.workspaceId) !== feed) return false;
    for (const message of messages) {
      const entry = { position: message.position, done: false };
      feed.open.push(entry);
      this.chain(feed, message.waId, async () => {
        await this.runFromLog(feed, message);
        entry.done = true;
      });
    }
    if (end !== feed.readFrom) feed.open.push({ position: end, done: true });
    feed.readFrom = end;
    return messages.length > 0 && feed.open.length >= (this.options.readAhead ?? 256);
  }

  /** Moves the stored cursor past the entries done (in log order); a lost lease drops the workspace. */
  private async save(feed: Feed): Promise<void> {
    let position: string | null = null;
    while (feed.open[0]?.done === true) position = feed.open.shift()?.position ?? null;
    if (position === null || position === feed.saved) return;
    if (await this.deps.store.automations.advanceFeed(feed.workspaceId, this.owner, position, this.leaseMs, this.deps.now())) feed.saved = position;
    else this.feeds.delete(feed.workspaceId);
  }

  /** Runs `work` after the customer's previous message (each in a slot). */
  private chain(feed: Feed, waId: string, work: () => Promise<void>): void {
    const previous = feed.lanes.get(waId) ?? Promise.resolve();
    this.pending += 1;
    const next = previous.then(work).catch((error: unknown) => {
      // The store failed to record an outcome: this workspace starts over from its saved cursor (a replay acts no
      // more than once, by the run log's unique key).
      this.options.logger?.error({ err: error, workspaceId: feed.workspaceId }, 'automations: recording a message\'s outcome failed; reading again from the saved cursor');
      if (this.feeds.get(feed.workspaceId) === feed) this.feeds.delete(feed.workspaceId);
      this.leasedAt = Number.NEGATIVE_INFINITY;
    }).finally(() => {
      if (feed.lanes.get(waId) === next) feed.lanes.delete(waId);
      this.pending -= 1;
      this.wake();
      if (this.pending === 0) this.notifyIdle();
    });
    feed.lanes.set(waId, next);
  }

  /** A message from the log: runs, parks behind the customer's parked ones, or (failing) parks for a retry. */
  private async runFromLog(feed: Feed, message: FeedMessage): Promise<void> {
    const now = this.deps.now();
    if (now.getTime() - message.createdAt.getTime() > TOO_OLD_MS) return;
    const parked = { workspaceId: feed.workspaceId, messageId: message.messageId, waId: message.waId, createdAt: message.createdAt, attempts: 0 };
    if (feed.parked.has(message.waId)) {
      await this.deps.store.automations.park(parked, now);
      return;
    }
    const failure = await this.attempt(feed.workspaceId, message.messageId, message.createdAt);
    if (failure === null) return;
    const next = this.retryAt(parked, failure);
    if (next === null) return;
    feed.parked.add(message.waId);
    await this.deps.store.automations.park({ ...parked, attempts: 1 }, next);
  }

  /** Claims the workspace's due parked messages into their customers' chains. */
  private async takeParked(feed: Feed): Promise<void> {
    if (feed.parked.size === 0) return;
    const claimed = await this.deps.store.automations.claimParked(feed.workspaceId, this.options.perWorkspace ?? 16, this.leaseMs * 2, this.deps.now());
    for (const message of claimed) {
      if (feed.inHand.has(message.seq)) continue;
      feed.inHand.add(message.seq);
      this.chain(feed, message.waId, () => this.runParked(feed, message).finally(() => feed.inHand.delete(message.seq)));
    }
  }

  private async runParked(feed: Feed, message: ParkedMessage): Promise<void> {
    const failure = await this.attempt(feed.workspaceId, message.messageId, message.createdAt);
    const next = failure === null ? null : this.retryAt(message, failure);
    if (next !== null) {
      await this.deps.store.automations.holdParked(message.seq, next);
      return;
    }
    if (!(await this.deps.store.automations.finishParked(message, this.deps.now()))) feed.parked.delete(message.waId);
  }

  /** Runs the rules on one message in a slot; the error when they should be tried again, else null. */
  private async attempt(workspaceId: string, messageId: string, storedAt: Date): Promise<{ error: unknown } | null> {
    await this.slots.take(workspaceId, storedAt);
    try {
      const record = (await this.deps.store.automations.inboundRecords(workspaceId, [messageId])).get(messageId);
      // Gone (retention, the workspace deleted): nothing to run.
      if (record !== undefined) await this.deps.run(workspaceId, record);
      return null;
    } catch (error) {
      return { error };
    } finally {
      this.slots.give(workspaceId);
    }
  }

  /** When a failed message is tried again (the delivery policy); null once it has failed for a day. */
  private retryAt(message: { workspaceId: string; messageId: string; createdAt: Date; attempts: number }, failure: { error: unknown }): Date | null {
    const retryAfterMs = sinkRetryAfter(failure.error);
    const next = nextAttemptAt({
      failures: message.attempts + 1, createdAt: message.createdAt, now: this.deps.now(), policy: this.options.retry ?? DEFAULT_RETRY_POLICY,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    const detail = { messageId: message.messageId, workspaceId: message.workspaceId, attempts: message.attempts + 1, err: failure.error };
    if (next === null) this.options.logger?.warn(detail, 'automations given up for this message after a day of failures');
    else this.options.logger?.warn({ ...detail, nextAttemptAt: next.toISOString() }, 'automations failed for this message; will retry');
    return next;
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Stops reading, waits for the messages in hand, saves the cursors and gives them up (tests, shutdown). */
  override async stop(): Promise<void> {
    await super.stop();
    // Messages waiting for a slot get one now: shutting down, the intake no longer goes first.
    this.slots.drain();
    if (this.pending > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    for (const feed of this.feeds.values()) await this.save(feed).catch(() => undefined);
    this.feeds.clear();
    await this.deps.store.automations.releaseFeeds(this.owner).catch((error: unknown) => this.options.logger?.warn({ err: error }, 'automations: giving up the cursors failed; another process takes them when the lease ends'));
  }
}
