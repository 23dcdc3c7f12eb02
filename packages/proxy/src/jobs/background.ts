/**
 * Everything behind the API, wired for `startProxy`: Meta's webhook intake (with group commit), the receipt
 * applier and the delivery worker. `webhookIntake` goes into `createApp`; `stop()` ends the workers.
 */
import { consentKeyword } from '@kaiku/core';
import type { AppDeps } from '../http/app.js';
import { actionDeps } from '../http/app.js';
import { ConnectionDirectory } from '../actions/receive-webhook.js';
import { createWebhookIntake } from '../http/webhook-intake.js';
import type { WebhookIntakeHandler } from '../http/webhook-intake.js';
import { DEFAULT_OPT_OUT_BUTTONS } from './consent-buttons.js';
import { logAppliedBatch } from './business-log.js';
import { createConsentConfirmer } from './consent-confirmation.js';
import { DeliveryWorker } from './delivery-worker.js';
import type { DeliveryWorkerDeps } from './delivery-worker.js';
import { createHttpPost } from './http-post.js';
import { postForWorkspace } from './target-access.js';
import { ReceiptWriter } from './receipt-writer.js';
import type { SinkRegistry } from './sinks.js';
import { WebhookApplier } from './webhook-applier.js';
import { pruneExpired } from './retention.js';
import { AutomationWorker } from './automation-worker.js';
import type { AutomationWorkerOptions } from './automation-worker.js';
import { runAutomations } from './automation-runner.js';
import type { RunnerDeps } from './automation-runner.js';
import { IntakeFirst } from './intake-first.js';

/** How often retention runs (it also runs once shortly after the start). */
const PRUNE_EVERY_MS = 3_600_000;

/** Options of the background; tests shorten the delivery timings. */
export interface BackgroundOptions {
  /** Run the applier and the delivery worker (default true); intake always works. */
  workers?: boolean;
  sinks?: SinkRegistry;
  delivery?: Omit<DeliveryWorkerDeps, 'store' | 'secrets'>;
  /** How often to look for work stored by other processes (default 250 ms). */
  pollMs?: number;
  /** The automation runner's dependencies (none: this process runs no automations). */
  automations?: RunnerDeps;
  /** The automation runner's tunables (tests make them small). */
  automationWorker?: AutomationWorkerOptions;
}

/** The running background. */
export interface Background {
  webhookIntake: WebhookIntakeHandler;
  directory: ConnectionDirectory;
  applier: WebhookApplier;
  delivery: DeliveryWorker;
  automations: AutomationWorker | null;
  stop(): Promise<void>;
}

/** Builds the intake and starts the workers. */
export function startBackground(deps: AppDeps, options: BackgroundOptions = {}): Background {
  const { store, logger, metrics } = deps;
  const directory = new ConnectionDirectory(store, (sealed) => deps.secrets.decrypt(sealed));
  const pollMs = options.pollMs ?? 250;
  const sockets = options.delivery?.concurrency ?? 64;
  const publicOnly = createHttpPost(sockets, { publicOnly: !deps.config.allowPrivateTargets });
  const postFor = postForWorkspace(store, deps.config, { publicOnly, any: createHttpPost(sockets) });
  const delivery = new DeliveryWorker({
    store, logger, metrics, pollMs, secrets: deps.secrets, health: deps.config.delivery.health, perHost: deps.config.delivery.perHost, post: publicOnly, ...(options.delivery?.post === undefined ? { postFor } : {}),
    ...(deps.now ? { now: deps.now } : {}), ...(options.sinks ? { sinks: options.sinks } : {}), ...options.delivery,
  });
  const intakeFirst = new IntakeFirst();
  const applier = new WebhookApplier({
    store, directory, keyword: consentKeyword, logger, metrics, pollMs, confirm: createConsentConfirmer(actionDeps(deps)),
    buttons: async (workspaceId) => ({
      optOutButtons: [...Object.keys(DEFAULT_OPT_OUT_BUTTONS), ...((await store.getWorkspace(workspaceId))?.settings.optOutButtons ?? [])],
      templateOf: async (messageId) => (await store.getOutboundMessage(workspaceId, messageId))?.message.templateName ?? null,
    }),
    onBehind: (behind) => intakeFirst.noteApplier(behind),
    onApplied: (results) => {
      logAppliedBatch(logger, results);
      if (results.some((r) => r.deliveriesEnqueued > 0)) delivery.wake();
      if (results.some((r) => r.newMessages.length > 0)) automations?.announce();
    },
  });
  const runner = options.automations;
  const automations = runner === undefined ? null
    : new AutomationWorker({ store, now: runner.now, run: (workspaceId, message) => runAutomations(runner, workspaceId, message) }, {
      pollMs, intake: intakeFirst, logger, ...(options.delivery?.retry ? { retry: options.delivery.retry } : {}), ...options.automationWorker,
    });
  const writer = new ReceiptWriter(store, {
    onStored: () => {
      intakeFirst.noteIntake();
      applier.wake();
    },
  });
  const webhookIntake = createWebhookIntake({
    directory, receipts: writer, logger, metrics, inFlight: { started: () => intakeFirst.noteArrival(), ended: () => intakeFirst.noteSettled(1) },
  });
  metrics.setQueueDepthSource(() => store.pendingDeliveryCount());
  metrics.setReceiptBacklogSource(async () => {
    const backlog = await store.receiptBacklog(new Date(0));
    return { quarantined: backlog.quarantined, lagSeconds: backlog.oldestUnappliedAt === null ? 0 : (Date.now() - backlog.oldestUnappliedAt.getTime()) / 1000 };
  });
  metrics.setSubscriptionStateSource(() => store.subscriptionStateCounts());
  metrics.setAutomationBacklogSource(async () => {
    const backlog = await store.automations.backlog();
    return { waiting: backlog.waiting, oldestSeconds: backlog.oldestAt === null ? 0 : Math.max(0, (Date.now() - backlog.oldestAt.getTime()) / 1000) };
  });
  let housekeeping: NodeJS.Timeout | null = null;
  let firstPrune: NodeJS.Timeout | null = null;
  let stopping = false;
  let pruning: Promise<unknown> = Promise.resolve();
  const prune = () => {
    pruning = pruneExpired(store, deps.config, () => stopping)
      .then((deleted) => { if (deleted > 0) logger.info({ deleted }, 'retention: old receipts, messages and deliveries deleted'); })
      .catch((error: unknown) => logger.warn({ err: error }, 'retention: pruning failed; trying again in an hour'));
  };
  if (options.workers !== false) {
    applier.start();
    delivery.start();
    automations?.start();
    housekeeping = setInterval(prune, PRUNE_EVERY_MS);
    housekeeping.unref();
    firstPrune = setTimeout(prune, 60_000);
    firstPrune.unref();
  }
  return {
    webhookIntake, directory, applier, delivery, automations,
    async stop() {
      stopping = true;
      if (housekeeping !== null) clearInterval(housekeeping);
      if (firstPrune !== null) clearTimeout(firstPrune);
      await pruning;
      await applier.stop();
      await delivery.stop();
      await automations?.stop();
    },
  };
}
