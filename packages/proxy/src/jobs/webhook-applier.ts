/**
 * The background applier: takes stored receipts oldest first, parses them and applies them in batches (one
 * transaction per batch): dedupe, windows, consent, statuses, fan-out. On start it finds whatever a crash
 * left unapplied. Confirmation replies and waking the delivery worker happen after the commit.
 *
 * A batch the store refuses is split in halves until the receipt that fails is alone; that receipt is counted
 * and, after `quarantineAfter` failures, moved to quarantine. One bad receipt never holds back another.
 */
import type { AppliedWebhook, ReceiptToApply, Store } from '../store/types.js';
import type { ConnectionDirectory } from '../actions/receive-webhook.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { planReceipt } from './receipt-events.js';
import type { ButtonRules, ConsentOrigin, KeywordRule, ReceiptPlan } from './receipt-events.js';
import { Wakeable } from './wakeable.js';

/** Sends the reply that confirms a keyword opt-out or opt-in (where the workspace enables it). */
export type ConsentConfirmer = (input: { origin: ConsentOrigin; waId: string; status: 'opted_in' | 'opted_out' }) => Promise<void>;

/** What the applier needs. */
export interface WebhookApplierDeps {
  store: Store;
  directory: ConnectionDirectory;
  keyword: KeywordRule;
  /** Opt-out buttons and opt-in request answers (absent: keywords only). */
  buttons?: ButtonRules;
  logger?: Logger;
  confirm?: ConsentConfirmer;
  /** Hears of every applied batch (the delivery worker wakes up on it). */
  onApplied?: (results: AppliedWebhook[]) => void;
  /** Hears after each claim whether receipts are waiting beyond it (a full batch; who goes first, `IntakeFirst`). */
  onBehind?: (behind: boolean) => void;
  batchSize?: number;
  /** How often to look for receipts stored by other processes (PostgreSQL). */
  pollMs?: number;
  metrics?: Metrics;
  /** Failures after which a receipt is quarantined (default 3). */
  quarantineAfter?: number;
  /** How long a failed receipt waits before it is tried again (default 1 s). */
  retryDelayMs?: number;
  /** How long a claim on receipts lasts; renewed every third of it while the batch is worked on (default 3 s). */
  leaseMs?: number;
}

/** PostgreSQL's deadlock and serialization failures: the same batch may well apply a moment later. */
const TRANSIENT_CODES = new Set(['40P01', '40001']);

function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Applies receipts until stopped. */
export class WebhookApplier extends Wakeable {
  constructor(private readonly deps: WebhookApplierDeps) {
    super(deps.pollMs ?? 250);
  }

  /** Applies one batch; returns how many receipts it took (0 = nothing waiting). */
  async runOnce(): Promise<number> {
    const { store } = this.deps;
    const leaseMs = this.deps.leaseMs ?? 3_000;
    const receipts = await store.claimUnappliedReceipts(this.deps.batchSize ?? 200, leaseMs);
    this.deps.onBehind?.(receipts.length >= (this.deps.batchSize ?? 200));
    if (receipts.length === 0) return 0;
    const ids = receipts.map((r) => r.id);
    let renewing = false;
    const renewal = setInterval(() => {
      if (renewing) return;
      renewing = true;
      store.renewReceiptClaims(ids, leaseMs)
        .catch((error: unknown) => this.deps.logger?.warn({ err: error }, 'renewing the claim on webhook receipts failed'))
        .finally(() => { renewing = false; });
    }, Math.max(100, Math.floor(leaseMs / 3)));
    renewal.unref();
    try {
      const plans = await this.plan(receipts);
      const { results, applied } = await this.applyIsolated(plans);
      this.deps.onApplied?.(results);
      const origins = new Map(applied.flatMap((p) => [...p.origins.entries()]));
      await this.confirmConsent(results, origins);
    } finally {
      clearInterval(renewal);
    }
    return receipts.length;
  }

  /** Parses each receipt; one that cannot be parsed at all is quarantined at once (raw body kept). */
  private async plan(receipts: Awaited<ReturnType<Store['claimUnappliedReceipts']>>): Promise<ReceiptPlan[]> {
    const { directory, keyword } = this.deps;
    const plans: ReceiptPlan[] = [];
    for (const receipt of receipts) {
      let plan: ReceiptPlan;
      try {
        plan = await planReceipt(directory, keyword, receipt, this.deps.buttons);
      } catch (error) {
        await this.fail(receipt.id, describe(error), this.deps.quarantineAfter ?? 3);
        continue;
      }
      if (plan.error !== null) {
        await this.fail(receipt.id, `The body could not be read as a WhatsApp webhook: ${plan.error}`, 1);
        continue;
      }
      if (plan.dropped > 0) this.deps.logger?.warn({ receiptId: receipt.id, dropped: plan.dropped }, 'webhook events for numbers this signature may not write to; dropped');
      plans.push(plan);
    }
    return plans;
  }

  /** Applies the plans; a refused batch is split until the receipt at fault is alone and counted. */
  private async applyIsolated(plans: ReceiptPlan[]): Promise<{ results: AppliedWebhook[]; applied: ReceiptPlan[] }> {
    if (plans.length === 0) return { results: [], applied: [] };
    try {
      return { results: await this.apply(plans.map((p) => p.receipt)), applied: plans };
    } catch (error) {
      const [only] = plans;
      if (plans.length === 1 && only !== undefined) {
        await this.fail(only.receipt.receiptId, describe(error), this.deps.quarantineAfter ?? 3);
        return { results: [], applied: [] };
      }
      const half = Math.ceil(plans.length / 2);
      const first = await this.applyIsolated(plans.slice(0, half));
      const second = await this.applyIsolated(plans.slice(half));
      return { results: [...first.results, ...second.results], applied: [...first.applied, ...second.applied] };
    }
  }

  private async fail(receiptId: number, error: string, quarantineAfter: number): Promise<void> {
    const outcome = await this.deps.store.failReceipt(receiptId, error, { quarantineAfter, retryInMs: this.deps.retryDelayMs ?? 1_000 });
    this.deps.metrics?.receiptFailures.inc({ outcome });
    if (outcome === 'quarantined') this.deps.logger?.error({ receiptId, reason: error.slice(0, 500) }, 'webhook receipt quarantined: it failed to apply; see GET /v1/webhooks/quarantine');
    else this.deps.logger?.warn({ receiptId, reason: error.slice(0, 500) }, 'webhook receipt failed to apply; trying again later');
  }

  /** Applies a batch, trying again at once when PostgreSQL picked it as a deadlock victim. */
  private async apply(receipts: ReceiptToApply[]): Promise<AppliedWebhook[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.deps.store.applyWebhookReceipts(receipts);
      } catch (error) {
        if (attempt >= 3 || !isTransient(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
      }
    }
  }

  /** Applies until nothing is waiting (tests, shutdown). */
  async drain(): Promise<void> {
    while ((await this.runOnce()) > 0) { /* keep going */ }
  }

  private async confirmConsent(results: AppliedWebhook[], origins: Map<string, ConsentOrigin>): Promise<void> {
    const confirm = this.deps.confirm;
    if (confirm === undefined) return;
    for (const result of results) {
      const changes = result.newConsentChanges.filter((c) => origins.has(c.dedupeKey));
      if (changes.length === 0) continue;
      const workspace = await this.deps.store.getWorkspace(result.workspaceId);
      if (workspace?.settings.confirmConsentChanges !== true) continue;
      for (const change of changes) {
        const origin = origins.get(change.dedupeKey);
        if (origin === undefined) continue;
        await confirm({ origin, waId: change.waId, status: change.event.status }).catch((error: unknown) => {
          this.deps.logger?.warn({ err: error, workspaceId: result.workspaceId }, 'consent confirmation reply failed');
        });
      }
    }
  }

  protected override async tick(): Promise<boolean> {
    return (await this.runOnce()) > 0;
  }

  protected override onError(error: unknown): void {
    this.deps.logger?.error({ err: error }, 'applying webhook receipts failed; retrying');
  }
}
