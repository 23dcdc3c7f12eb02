/**
 * Group commit for webhook receipts: every receipt that arrives in one event-loop turn (or while the previous
 * commit is in flight) is written in one transaction, so that synchronous=FULL / a PostgreSQL commit costs
 * one fsync per batch instead of one per request. Each caller's promise resolves only after the commit.
 */
import type { Store } from '../store/types.js';
import type { ReceiptSink } from '../actions/receive-webhook.js';

interface Waiting {
  connectionId: string;
  body: Buffer;
  resolve(id: number): void;
  reject(error: unknown): void;
}

/** Batches `saveWebhookReceipts` calls; `onStored` hears of every committed batch (to wake the applier). */
export class ReceiptWriter implements ReceiptSink {
  private waiting: Waiting[] = [];
  private scheduled = false;
  private flushing = false;

  constructor(
    private readonly store: Store,
    private readonly options: {
      maxBatch?: number;
      onStored?: (ids: number[]) => void;
      /** A body arrived / `count` bodies were stored or failed: the intake's in-flight count (`IntakeFirst`). */
      onQueued?: () => void;
      onSettled?: (count: number) => void;
    } = {},
  ) {}

  /** Stores one body; resolves with its receipt id once it is durable. */
  save(connectionId: string, body: Buffer): Promise<number> {
    this.options.onQueued?.();
    return new Promise((resolve, reject) => {
      this.waiting.push({ connectionId, body, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.flushing = true;
    const batch = this.waiting.splice(0, this.options.maxBatch ?? 500);
    try {
      const ids = await this.store.saveWebhookReceipts(batch.map(({ connectionId, body }) => ({ connectionId, body })));
      batch.forEach((w, i) => w.resolve(ids[i] ?? -1));
      this.options.onStored?.(ids);
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.options.onSettled?.(batch.length);
      this.flushing = false;
      if (this.waiting.length > 0) this.schedule();
    }
  }
}
