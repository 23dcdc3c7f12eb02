/** Meta's two send limits: throughput per business number (130429) and the per-recipient pair rate (131056). */
import { GraphError } from '../graph-error.js';
import type { PairRateLimit } from '../options.js';

/** Counts sends per phone number per second and per (phone, recipient) pair with a refilling burst. */
export class RateLimits {
  private readonly windows = new Map<string, number[]>();
  private readonly pairs = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly pair: PairRateLimit,
    private readonly httpStatus: number,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** Throws 130429 when this phone number already made `perSecond` calls in the last second. */
  takeThroughput(phoneNumberId: string, now = this.clock()): void {
    const recent = (this.windows.get(phoneNumberId) ?? []).filter((at) => now - at < 1000);
    if (recent.length >= this.perSecond) {
      this.windows.set(phoneNumberId, recent);
      throw new GraphError(130429, 'Rate limit hit', {
        status: this.httpStatus,
        subcode: 2494055,
        details: `Cloud API message throughput has been reached: this phone number may send ${this.perSecond} messages per second.`,
      });
    }
    recent.push(now);
    this.windows.set(phoneNumberId, recent);
  }

  /** Throws 131056 when the pair's burst allowance is used up; one message refills every `refillMs`. */
  takePair(phoneNumberId: string, waId: string, now = this.clock()): void {
    const key = `${phoneNumberId}:${waId}`;
    const bucket = this.pairs.get(key) ?? { tokens: this.pair.burst, at: now };
    const refilled = Math.min(this.pair.burst, bucket.tokens + (now - bucket.at) / this.pair.refillMs);
    if (refilled < 1) {
      this.pairs.set(key, { tokens: refilled, at: now });
      throw new GraphError(131056, '(Business Account, Consumer Account) pair rate limit hit', {
        status: this.httpStatus,
        details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
      });
    }
    this.pairs.set(key, { tokens: refilled - 1, at: now });
  }
}
