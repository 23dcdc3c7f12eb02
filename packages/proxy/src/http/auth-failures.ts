/**
 * Limits failed API-key authentications per client address, so that keys cannot be guessed at speed: each
 * failure takes a token from the address's bucket in the store (shared by every process); once it is empty,
 * the address gets 429 with Retry-After, without its key being checked, until a token is back.
 */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { ApiError } from './errors.js';

/** Failed authentications an address may make per minute (a burst of this many, then one per 60/N s). */
export const AUTH_FAILURES_PER_MINUTE = 20;

/** Takes one token of a bucket: 0, or the ms until one is there (the store's `takeRequestToken`). */
export type TakeToken = (bucket: string, perMinute: number) => Promise<number>;

/** The limiter of one process; the counts live in the store. */
export class FailedAuthLimiter {
  /** Addresses refused until the epoch ms given (a cache of the store's answer, so refusing costs no query). */
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    private readonly take: TakeToken,
    private readonly metrics: Metrics,
    private readonly perMinute = AUTH_FAILURES_PER_MINUTE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws 429 when the address is refused for now. */
  check(address: string): void {
    const until = this.blockedUntil.get(address);
    if (until === undefined) return;
    const waitMs = until - this.now();
    if (waitMs <= 0) {
      this.blockedUntil.delete(address);
      return;
    }
    this.metrics.authFailures.inc({ result: 'limited' });
    throw limited(waitMs);
  }

  /** Counts a failure of `address`; logs it without the key; returns the 429 to answer instead of `error` once the budget is spent. */
  async failed(address: string, error: ApiError, log: Logger): Promise<ApiError> {
    this.metrics.authFailures.inc({ result: 'unauthorized' });
    log.warn({ client: address, reason: error.message }, 'API key authentication failed');
    const waitMs = await this.take(`auth-failures:${address}`, this.perMinute);
    if (waitMs === 0) return error;
    if (this.blockedUntil.size > 10_000) this.blockedUntil.clear();
    this.blockedUntil.set(address, this.now() + waitMs);
    return limited(waitMs);
  }
}

function limited(waitMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ApiError('rate_limited', `Too many failed authentications from this address. Wait ${seconds} s, then check the API key you send (pnpm kaiku key list shows the start of each key).`, {}, waitMs);
}
