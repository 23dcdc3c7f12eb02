/**
 * Outcomes written in batches: what arrives while the previous batch is being written joins the next one, so
 * that under load a few large transactions replace many small ones (and the pool is not flooded).
 */
export class Batcher<T> {
  private open: { items: T[]; done: Promise<void> } | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  /** Adds an item; resolves when the batch holding it is written. */
  add(item: T): Promise<void> {
    if (this.open === null) {
      const batch: { items: T[]; done: Promise<void> } = { items: [], done: Promise.resolve() };
      batch.done = this.chain.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => {
        if (this.open === batch) this.open = null;
        return this.write(batch.items);
      });
      this.chain = batch.done.catch(() => undefined);
      this.open = batch;
    }
    this.open.items.push(item);
    return this.open.done;
  }
}
