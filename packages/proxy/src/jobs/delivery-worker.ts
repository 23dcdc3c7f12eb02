/**
 * The delivery worker: claims due deliveries (leased, per-customer order kept by the store), attempts them
 * concurrently, and records the outcome: done (completions batched into one transaction per turn), retry
 * later with backoff, dead after 24 h, or the subscription removed on 410.
 */
import type { Delivery, Store, Subscription } from '../store/types.js';
import { deliverEvent } from '../actions/deliver-event.js';
import type { DeliveryOutcome } from '../actions/deliver-event.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { DEFAULT_RETRY_POLICY, nextAttemptAt } from './retry-policy.js';
import type { RetryPolicy } from './retry-policy.js';
import { sinkRegistry } from './sinks.js';
import type { SinkRegistry } from './sinks.js';
import { Wakeable } from './wakeable.js';
import { createHttpPost } from './http-post.js';
import type { HttpPost } from './http-post.js';
import type { PostFor } from './target-access.js';
import type { Secrets } from '../secrets.js';

/** What the worker needs; everything but the store has a default. */
export interface DeliveryWorkerDeps {
  store: Store;
  /** The HTTP client (default: keep-alive node:http agents). */
  post?: HttpPost;
  /** The default client connects only to public addresses (a target's name is resolved at each connect). */
  publicTargetsOnly?: boolean;
  /** The client for a workspace, when workspaces differ (the sandbox demo may reach this machine). */
  postFor?: PostFor;
  /** Opens the subscriptions' sealed signing secrets. */
  secrets: Secrets;
  sinks?: SinkRegistry;
  logger?: Logger;
  metrics?: Metrics;
  now?: () => Date;
  random?: () => number;
  retry?: RetryPolicy;
  /** Attempts in flight at once (default 64). */
  concurrency?: number;
  /** Per attempt (default 10 s). */
  timeoutMs?: number;
  /** How long a claim is ours (default 3 × the timeout); a crashed process's claims return after it. */
  leaseMs?: number;
  pollMs?: number;
}

type Claimed = Delivery & { subscription: Subscription };

/** Delivers until stopped. */
export class DeliveryWorker extends Wakeable {
  private inFlight = 0;
  private readonly completions: string[] = [];
  private flushing: Promise<void> | null = null;
  private idleWaiters: Array<() => void> = [];
  private readonly post: HttpPost;

  constructor(private readonly deps: DeliveryWorkerDeps) {
    super(deps.pollMs ?? 250);
    this.post = deps.post ?? createHttpPost(deps.concurrency ?? 64, { publicOnly: deps.publicTargetsOnly === true });
  }

  private get concurrency(): number {
    return this.deps.concurrency ?? 64;
  }

  private get timeoutMs(): number {
    return this.deps.timeoutMs ?? 10_000;
  }

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  protected override async tick(): Promise<boolean> {
    const free = this.concurrency - this.inFlight;
    // Claim in batches (one query, one commit for many) rather than one slot at a time.
    if (free <= 0 || (this.inFlight > 0 && free < Math.ceil(this.concurrency / 4))) return false;
    const claimed = await this.deps.store.claimDueDeliveries(free, this.deps.leaseMs ?? this.timeoutMs * 3);
    for (const delivery of claimed) void this.attempt(delivery);
    return claimed.length > 0;
  }

  protected override onError(error: unknown): void {
    this.deps.logger?.error({ err: error }, 'claiming deliveries failed; retrying');
  }

  private async attempt(delivery: Claimed): Promise<void> {
    this.inFlight += 1;
    try {
      const outcome = await deliverEvent({
        post: this.post, secrets: this.deps.secrets, sinks: this.deps.sinks ?? sinkRegistry, timeoutMs: this.timeoutMs, now: () => this.now(),
        ...(this.deps.postFor === undefined ? {} : { postFor: this.deps.postFor }),
      }, delivery);
      await this.record(delivery, outcome);
    } catch (error) {
      this.deps.logger?.error({ err: error, deliveryId: delivery.id }, 'recording a delivery outcome failed; it will be retried when its lease ends');
    } finally {
      this.inFlight -= 1;
      this.wake();
      if (this.inFlight === 0) this.notifyIdle();
    }
  }

  private async record(delivery: Claimed, outcome: DeliveryOutcome): Promise<void> {
    const log = { deliveryId: delivery.id, eventId: delivery.eventId, subscriptionId: delivery.subscriptionId };
    if (outcome.kind === 'done') {
      this.deps.metrics?.deliveries.inc({ result: 'done' });
      return this.complete(delivery.id);
    }
    if (outcome.kind === 'gone') {
      this.deps.metrics?.deliveries.inc({ result: 'gone' });
      this.deps.logger?.info({ ...log, reason: outcome.reason }, 'subscription removed');
      await this.deps.store.deleteSubscription(delivery.workspaceId, delivery.subscriptionId);
      return;
    }
    const next = nextAttemptAt({
      failures: delivery.attempts + 1, createdAt: delivery.createdAt, now: this.now(), policy: this.deps.retry ?? DEFAULT_RETRY_POLICY,
      ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }), ...(this.deps.random ? { random: this.deps.random } : {}),
    });
    this.deps.metrics?.deliveries.inc({ result: next === null ? 'dead' : 'retry' });
    if (next !== null) this.deps.metrics?.retries.inc();
    this.deps.logger?.warn({ ...log, error: outcome.error, nextAttemptAt: next?.toISOString() ?? null }, next === null ? 'delivery dead-lettered' : 'delivery failed; will retry');
    await this.deps.store.failDelivery(delivery.id, outcome.error, next);
  }

  /** Completions of one turn go to the store in one transaction. */
  private complete(id: string): Promise<void> {
    this.completions.push(id);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const ids = this.completions.splice(0);
      this.flushing = null;
      await this.deps.store.completeDeliveries(ids);
    });
    return this.flushing;
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Stops claiming and waits for the attempts in flight (tests, shutdown). */
  override async stop(): Promise<void> {
    await super.stop();
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}
