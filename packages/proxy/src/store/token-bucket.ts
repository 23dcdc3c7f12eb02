/** A token bucket per phone number kept in memory: the throughput cap when one process owns the store. */

/** Buckets holding up to one second of sends, refilled continuously. */
export class MemoryTokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token for `key` at `perSecond`; false when the bucket is empty. */
  take(key: string, perSecond: number): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: perSecond, at: now };
    const tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return false;
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return true;
  }
}
