/**
 * The delivery worker: claims due deliveries (leased briefly and renewed while in flight, per-customer order kept
 * by the store), attempts them concurrently with a cap per target host, and records the outcome: done
 * (completions batched into one transaction per turn), retry later with backoff, dead after 24 h, or the
 * subscription removed on 410. The store decides a subscription's health from the outcomes; the worker logs
 * the changes (failing, paused, recovered) and a delivery's first failure and its recovery, not every attempt.
 */
import type { ClaimedDelivery, DeliveryFailure, HealthChange, HealthPolicy, Store } from '../store/types.js';
import { DEFAULT_HEALTH_POLICY } from '../store/delivery-health.js';
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
import { HostSlots } from './host-slots.js';
import { Batcher } from './batches.js';
import type { HttpPost } from './http-post.js';
import type { PostFor } from './target-access.js';
import type { Secrets } from '../secrets.js';
import type { AttemptOutcome, DeliveryAttempt } from '../store/delivery-log.js';

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
  /** How long a claim is ours unless renewed (default 4 s, renewed every third of it); a crashed process's claims return after it. */
  leaseMs?: number;
  pollMs?: number;
  /** When a subscription is failing or paused (default: 3 failures in a row; probes up to every 5 min; paused after 5 days). */
  health?: HealthPolicy;
  /** Requests in flight at once to one target host (default 16). */
  perHost?: number;
}

type Claimed = ClaimedDelivery;

/** An attempt as the worker timed it. */
interface TimedAttempt {
  at: Date;
  durationMs: number;
  outcome: DeliveryOutcome;
}

/** Delivers until stopped. */
export class DeliveryWorker extends Wakeable {
  private inFlight = 0;
  private readonly completions = new Batcher<string>(async (ids) => {
    for (const change of await this.deps.store.completeDeliveries(ids)) this.reportChange(change);
  });
  private readonly failures = new Batcher<DeliveryFailure>(async (failures) => {
    for (const change of await this.deps.store.failDeliveries(failures, this.deps.health ?? DEFAULT_HEALTH_POLICY)) this.reportChange(change);
  });
  private readonly attempts = new Batcher<DeliveryAttempt>((attempts) => this.deps.store.deliveryLog.recordAttempts(attempts));
  /** Delivery log writes not yet finished. */
  private readonly logWrites = new Set<Promise<void>>();
  private idleWaiters: Array<() => void> = [];
  private readonly post: HttpPost;
  private hosts: HostSlots;
  /** Claimed and not yet recorded (in flight or waiting for a host slot): their leases are renewed. */
  private readonly held = new Map<string, Claimed>();
  private renewer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(private readonly deps: DeliveryWorkerDeps) {
    super(deps.pollMs ?? 250);
    this.post = deps.post ?? createHttpPost(deps.concurrency ?? 64, { publicOnly: deps.publicTargetsOnly === true });
    this.hosts = new HostSlots(deps.perHost ?? 16);
  }

  private get leaseMs(): number {
    return this.deps.leaseMs ?? 4_000;
  }

  override start(): void {
    if (this.stopping) this.hosts = new HostSlots(this.deps.perHost ?? 16);
    this.stopping = false;
    super.start();
    this.renewer ??= setInterval(() => this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.renewer.unref();
  }

  private renew(): void {
    if (this.held.size === 0) return;
    const held = [...this.held.values()].map((d) => ({ id: d.id, orderKey: d.orderKey }));
    this.deps.store.renewDeliveryLeases(held, this.leaseMs).catch((error: unknown) => this.deps.logger?.warn({ err: error }, 'renewing delivery leases failed'));
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
    const claimed = await this.deps.store.claimDueDeliveries(free, this.leaseMs, { skipSubscriptions: this.hosts.saturated() });
    for (const delivery of claimed) {
      this.held.set(delivery.id, delivery);
      if (this.hosts.admit(delivery)) void this.attempt(delivery);
    }
    return claimed.length > 0;
  }

  protected override onError(error: unknown): void {
    this.deps.logger?.error({ err: error }, 'claiming deliveries failed; retrying');
  }

  private async attempt(delivery: Claimed): Promise<void> {
    this.inFlight += 1;
    try {
      const started = this.now();
      const clock = performance.now();
      const outcome = await deliverEvent({
        post: this.post, secrets: this.deps.secrets, sinks: this.deps.sinks ?? sinkRegistry, timeoutMs: this.timeoutMs, now: () => this.now(),
        ...(this.deps.postFor === undefined ? {} : { postFor: this.deps.postFor }),
      }, delivery);
      const attempt = { at: started, durationMs: performance.now() - clock, outcome };
      await this.record(delivery, outcome, attempt);
    } catch (error) {
      this.deps.logger?.error({ err: error, deliveryId: delivery.id }, 'recording a delivery outcome failed; it will be retried when its lease ends');
    } finally {
      this.held.delete(delivery.id);
      this.inFlight -= 1;
      // Stopping, a delivery that waits for its host is left to its lease (another process, or the next start, takes it).
      const next = this.hosts.release(delivery);
      if (next !== undefined && this.stopping) this.held.delete(next.id);
      else if (next !== undefined) void this.attempt(next);
      this.wake();
      if (this.inFlight === 0) this.notifyIdle();
    }
  }

  private async record(delivery: Claimed, outcome: DeliveryOutcome, attempt: TimedAttempt): Promise<void> {
    const log = { deliveryId: delivery.id, eventId: delivery.eventId, subscriptionId: delivery.subscriptionId };
    if (outcome.kind === 'done') {
      this.deps.metrics?.deliveries.inc({ result: 'done' });
      if (delivery.attempts > 0) this.deps.logger?.info({ ...log, attempts: delivery.attempts + 1 }, 'delivery recovered');
      this.logAttempt(delivery, attempt, 'done');
      return this.complete(delivery.id);
    }
    if (outcome.kind === 'gone') {
      this.deps.metrics?.deliveries.inc({ result: 'gone' });
      this.deps.logger?.info({ ...log, reason: outcome.reason }, 'subscription removed');
      this.logAttempt(delivery, attempt, 'gone');
      await this.deps.store.deleteSubscription(delivery.workspaceId, delivery.subscriptionId);
      return;
    }
    const next = nextAttemptAt({
      failures: delivery.attempts + 1, createdAt: delivery.createdAt, now: this.now(), policy: this.deps.retry ?? DEFAULT_RETRY_POLICY,
      ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }), ...(this.deps.random ? { random: this.deps.random } : {}),
    });
    this.logAttempt(delivery, attempt, next === null ? 'dead' : 'retry');
    this.deps.metrics?.deliveries.inc({ result: next === null ? 'dead' : 'retry' });
    if (next !== null) this.deps.metrics?.retries.inc();
    const detail = { ...log, error: outcome.error, attempts: delivery.attempts + 1, nextAttemptAt: next?.toISOString() ?? null };
    if (next === null) this.deps.logger?.warn(detail, 'delivery dead-lettered');
    else if (delivery.attempts === 0) this.deps.logger?.warn(detail, 'delivery failed; will retry');
    else this.deps.logger?.debug(detail, 'delivery failed again');
    await this.fail({ id: delivery.id, orderKey: delivery.orderKey, subscriptionId: delivery.subscriptionId, error: outcome.error, nextAttemptAt: next });
  }

  /**
   * Keeps the attempt in the delivery log (in batches, like outcomes), off the attempt's path: the slot is free
   * before the log is written, and `stop()` waits for what is still being written. Every attempt to an HTTP
   * subscriber is kept; of in-process sinks (the HubSpot sync, automations) only failures, so that the intake's own
   * work writes no log.
   */
  private logAttempt(delivery: Claimed, attempt: TimedAttempt, outcome: AttemptOutcome): void {
    if (delivery.subscription.sink !== null && outcome === 'done') return;
    const { outcome: result } = attempt;
    const written = this.attempts.add({
      deliveryId: delivery.id, subscriptionId: delivery.subscriptionId, workspaceId: delivery.workspaceId, attempt: delivery.attempts + 1,
      at: attempt.at, durationMs: attempt.durationMs, statusCode: result.status ?? null,
      error: result.kind === 'retry' ? result.error : result.kind === 'gone' ? result.reason : null, outcome,
    }).catch((error: unknown) => this.deps.logger?.warn({ err: error, deliveryId: delivery.id }, 'writing the delivery log failed'))
      .finally(() => this.logWrites.delete(written));
    this.logWrites.add(written);
  }

  /** Failures go to the store in batches, one transaction each, as completions do. */
  private fail(failure: DeliveryFailure): Promise<void> {
    return this.failures.add(failure);
  }

  private reportChange(change: HealthChange): void {
    this.deps.metrics?.subscriptionChanges.inc({ state: change.to });
    const detail = { subscriptionId: change.subscriptionId, workspaceId: change.workspaceId, from: change.from, reason: change.reason };
    if (change.to === 'active') this.deps.logger?.info(detail, 'subscription recovered; its waiting deliveries are released');
    else if (change.to === 'failing') this.deps.logger?.warn(detail, 'subscription failing; its deliveries wait behind one probe');
    else this.deps.logger?.warn(detail, 'subscription paused; its deliveries are kept until it is resumed');
  }

  /** Completions go to the store in batches, one transaction each. */
  private complete(id: string): Promise<void> {
    return this.completions.add(id);
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Stops claiming and waits for the attempts in flight (tests, shutdown). */
  override async stop(): Promise<void> {
    this.stopping = true;
    if (this.renewer !== null) clearInterval(this.renewer);
    this.renewer = null;
    await super.stop();
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await Promise.all([...this.logWrites]);
    for (const waiting of this.hosts.waitingDeliveries()) this.held.delete(waiting.id);
  }
}
