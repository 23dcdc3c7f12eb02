/**
 * The background applier: takes stored receipts oldest first, parses them and applies them in batches (one
 * transaction per batch): dedupe, windows, consent, statuses, fan-out. On start it finds whatever a crash
 * left unapplied. Confirmation replies and waking the delivery worker happen after the commit.
 */
import type { AppliedWebhook, ReceiptToApply, Store } from '../store/types.js';
import type { ConnectionDirectory } from '../actions/receive-webhook.js';
import type { Logger } from '../logger.js';
import { planReceipt } from './receipt-events.js';
import type { ButtonRules, ConsentOrigin, KeywordRule } from './receipt-events.js';
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
  batchSize?: number;
  /** How often to look for receipts stored by other processes (PostgreSQL). */
  pollMs?: number;
}

/** Applies receipts until stopped. */
export class WebhookApplier extends Wakeable {
  constructor(private readonly deps: WebhookApplierDeps) {
    super(deps.pollMs ?? 250);
  }

  /** Applies one batch; returns how many receipts it took (0 = nothing waiting). */
  async runOnce(): Promise<number> {
    const { store, directory, keyword } = this.deps;
    const receipts = await store.claimUnappliedReceipts(this.deps.batchSize ?? 200);
    if (receipts.length === 0) return 0;
    const plans = [];
    for (const receipt of receipts) plans.push(await planReceipt(directory, keyword, receipt, this.deps.buttons));
    for (const plan of plans) {
      if (plan.error !== null) this.deps.logger?.warn({ receiptId: plan.receipt.receiptId, reason: plan.error }, 'webhook receipt could not be parsed; skipped');
      if (plan.dropped > 0) this.deps.logger?.warn({ receiptId: plan.receipt.receiptId, dropped: plan.dropped }, 'webhook events for numbers this signature may not write to; dropped');
    }
    const results = await this.apply(plans.map((p) => p.receipt));
    this.deps.onApplied?.(results);
    const origins = new Map(plans.flatMap((p) => [...p.origins.entries()]));
    await this.confirmConsent(results, origins);
    return receipts.length;
  }

  /**
   * Applies a batch, trying again when the database refuses it (PostgreSQL picks a deadlock victim when two
   * processes apply overlapping customers); a batch that still fails is handed back for the next round.
   */
  private async apply(receipts: ReceiptToApply[]): Promise<AppliedWebhook[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.deps.store.applyWebhookReceipts(receipts);
      } catch (error) {
        if (attempt >= 3) {
          await this.deps.store.releaseReceipts(receipts.map((r) => r.receiptId)).catch(() => undefined);
          throw error;
        }
        this.deps.logger?.warn({ err: error, attempt }, 'applying webhook receipts failed; trying again');
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
