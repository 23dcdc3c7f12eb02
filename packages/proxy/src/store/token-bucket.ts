/** Token buckets kept in memory: the throughput cap and the request limit when one process owns the store. */

/** Buckets refilled continuously, each holding at most its capacity. */
export class MemoryTokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token for `key` from a bucket of `capacity` refilled over `periodMs`; answers 0, or the ms until one is there. */
  takeOrWait(key: string, capacity: number, periodMs: number): number {
    const now = this.now();
    const refillPerMs = capacity / periodMs;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    const tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * refillPerMs);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.ceil((1 - tokens) / refillPerMs);
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return 0;
  }

  /** Takes one token for `key` at `perSecond` (holding up to one second of them); false when the bucket is empty. */
  take(key: string, perSecond: number): boolean {
    return this.takeOrWait(key, perSecond, 1000) === 0;
  }
}
