/**
 * Prometheus metrics of one proxy process (prom-client, one registry per app so that tests stay apart).
 * Served as text at `GET /metrics`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The proxy's metrics; the webhook intake, the send actions and the delivery jobs update them. */
export interface Metrics {
  readonly registry: Registry;
  /** Meta webhook POSTs stored and acknowledged. */
  readonly intakeReceived: Counter;
  /** Meta webhook POSTs refused, by reason (`signature`, `unknown_number`, `malformed`, `storage`). */
  readonly intakeRejected: Counter<'reason'>;
  /** HMACs of webhook bodies computed to check signatures (one per distinct app secret tried). */
  readonly signatureChecks: Counter;
  /** Time from a webhook POST's arrival to its 200, in seconds. */
  readonly intakeAckSeconds: Histogram;
  /** Sends toward Meta by result (`sent`, `failed`, `refused`, `replayed`). */
  readonly sends: Counter<'result'>;
  /** Time of a send toward Meta, in seconds. */
  readonly sendSeconds: Histogram;
  /** Deliveries to subscribers and sinks by result (`done`, `retry`, `dead`, `gone`). */
  readonly deliveries: Counter<'result'>;
  /** Delivery attempts that will be retried later. */
  readonly retries: Counter;
  /** Throughput back-offs toward Meta (130429 / 131056 / local token bucket). */
  readonly throttled: Counter<'reason'>;
  /** Automation runs by outcome (`replied`, `skipped_opted_out`, `failed`, …). */
  readonly automationRuns: Counter<'outcome'>;
  /** Reply fetches (a rule's URL asked for an answer) by outcome (`reply`, `no_reply`, `timeout`, `error`, `refused`), in seconds. */
  readonly replyFetchSeconds: Histogram<'outcome'>;
  /** Deliveries waiting; set by the jobs or sampled through `setQueueDepthSource`. */
  readonly queueDepth: Gauge;
  /** Failed API-key authentications by result (`unauthorized`, `limited`: refused with 429 before checking). */
  readonly authFailures: Counter<'result'>;
  /** Webhook receipts that failed to apply, by outcome (`retry`, `quarantined`). */
  readonly receiptFailures: Counter<'outcome'>;
  /** Receipts in quarantine and the age of the oldest unapplied one; sampled through `setReceiptBacklogSource`. */
  readonly receiptBacklog: Gauge<'measure'>;
  /** Lets the applier report the receipts' backlog whenever `/metrics` is scraped. */
  setReceiptBacklogSource(source: () => Promise<{ quarantined: number; lagSeconds: number }>): void;
  /** Subscriptions that became `failing`, `paused` or `active` again. */
  readonly subscriptionChanges: Counter<'state'>;
  /** Subscriptions by health state; sampled through `setSubscriptionStateSource`. */
  readonly subscriptions: Gauge<'state'>;
  /** Lets the jobs report the subscriptions per state whenever `/metrics` is scraped. */
  setSubscriptionStateSource(source: () => Promise<Record<string, number>>): void;
  /** Messages waiting for the automation runner and the age of the oldest; sampled through `setAutomationBacklogSource`. */
  readonly automationBacklog: Gauge<'measure'>;
  /** Lets the runner report its backlog whenever `/metrics` is scraped. */
  setAutomationBacklogSource(source: () => Promise<{ waiting: number; oldestSeconds: number }>): void;
  /** Lets the jobs report the pending count whenever `/metrics` is scraped. */
  setQueueDepthSource(source: () => Promise<number> | number): void;
  /** The Prometheus text exposition. */
  text(): Promise<string>;
  readonly contentType: string;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A fresh registry with every Kaiku metric (and Node's process metrics unless `processMetrics` is false). */
export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'kaiku_' });
  const registers = [registry];
  let queueSource: (() => Promise<number> | number) | null = null;
  const queueDepth = new Gauge({
    name: 'kaiku_delivery_queue_depth',
    help: 'Deliveries waiting to be sent to subscribers.',
    registers,
    async collect() {
      if (queueSource !== null) this.set(await queueSource());
    },
  });
  let backlogSource: (() => Promise<{ quarantined: number; lagSeconds: number }>) | null = null;
  const receiptBacklog = new Gauge({
    name: 'kaiku_webhook_receipts',
    help: 'Webhook receipts: quarantined (kept, not applied) and lag_seconds (age of the oldest unapplied one).',
    labelNames: ['measure'] as const,
    registers,
    async collect() {
      if (backlogSource === null) return;
      const backlog = await backlogSource();
      this.set({ measure: 'quarantined' }, backlog.quarantined);
      this.set({ measure: 'lag_seconds' }, backlog.lagSeconds);
    },
  });
  let stateSource: (() => Promise<Record<string, number>>) | null = null;
  const subscriptions = new Gauge({
    name: 'kaiku_subscriptions',
    help: 'Subscriptions by health state (active, failing, paused).',
    labelNames: ['state'],
    registers,
    async collect() {
      if (stateSource === null) return;
      for (const [state, count] of Object.entries(await stateSource())) this.set({ state }, count);
    },
  });
  let automationSource: (() => Promise<{ waiting: number; oldestSeconds: number }>) | null = null;
  const automationBacklog = new Gauge({
    name: 'kaiku_automation_backlog',
    help: 'Messages waiting for the automation runner: waiting (log entries after its cursors, plus parked messages) and oldest_seconds (how long the oldest has waited).',
    labelNames: ['measure'] as const,
    registers,
    async collect() {
      if (automationSource === null) return;
      const backlog = await automationSource();
      this.set({ measure: 'waiting' }, backlog.waiting);
      this.set({ measure: 'oldest_seconds' }, backlog.oldestSeconds);
    },
  });
  return {
    registry,
    automationBacklog,
    setAutomationBacklogSource(source) {
      automationSource = source;
    },
    receiptFailures: new Counter({ name: 'kaiku_webhook_receipt_failures_total', help: 'Webhook receipts that failed to apply, by outcome.', labelNames: ['outcome'], registers }),
    receiptBacklog,
    setReceiptBacklogSource(source) {
      backlogSource = source;
    },
    intakeReceived: new Counter({ name: 'kaiku_webhook_received_total', help: 'Meta webhook POSTs stored and acknowledged.', registers }),
    intakeRejected: new Counter({ name: 'kaiku_webhook_rejected_total', help: 'Meta webhook POSTs refused.', labelNames: ['reason'], registers }),
    signatureChecks: new Counter({ name: 'kaiku_webhook_signature_checks_total', help: 'HMACs of webhook bodies computed to check signatures.', registers }),
    intakeAckSeconds: new Histogram({ name: 'kaiku_webhook_ack_seconds', help: 'Webhook acknowledgement latency.', buckets: LATENCY_BUCKETS, registers }),
    sends: new Counter({ name: 'kaiku_sends_total', help: 'Sends toward WhatsApp by result.', labelNames: ['result'], registers }),
    sendSeconds: new Histogram({ name: 'kaiku_send_seconds', help: 'Latency of sends toward WhatsApp.', buckets: LATENCY_BUCKETS, registers }),
    deliveries: new Counter({ name: 'kaiku_deliveries_total', help: 'Deliveries to subscribers by result.', labelNames: ['result'], registers }),
    retries: new Counter({ name: 'kaiku_delivery_retries_total', help: 'Delivery attempts scheduled for a retry.', registers }),
    throttled: new Counter({ name: 'kaiku_send_throttled_total', help: 'Sends held back by throughput limits.', labelNames: ['reason'], registers }),
    automationRuns: new Counter({ name: 'kaiku_automation_runs_total', help: 'Automation runs by outcome.', labelNames: ['outcome'], registers }),
    replyFetchSeconds: new Histogram({
      name: 'kaiku_reply_fetch_seconds', help: 'Latency of reply fetches by outcome.', labelNames: ['outcome'], buckets: LATENCY_BUCKETS, registers,
    }),
    subscriptionChanges: new Counter({
      name: 'kaiku_subscription_state_changes_total', help: 'Subscriptions that became failing, paused or active again.', labelNames: ['state'], registers,
    }),
    subscriptions,
    setSubscriptionStateSource(source) {
      stateSource = source;
    },
    queueDepth,
    authFailures: new Counter({ name: 'kaiku_auth_failures_total', help: 'Failed API-key authentications by result.', labelNames: ['result'], registers }),
    setQueueDepthSource(source) {
      queueSource = source;
    },
    text: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
