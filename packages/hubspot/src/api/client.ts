/**
 * The one door to HubSpot's API: an `@hubspot/api-client` Client pointed at a configurable base URL
 * (a local fake in tests), with a per-account burst limiter and no hidden retries: a 429 or an outage
 * becomes a `HubspotRetryError` so that the caller (the proxy's delivery machinery, or the setup
 * command) decides when to try again.
 */
import { Client } from '@hubspot/api-client';

/** HubSpot's burst limit for apps is 100–110 requests per 10 s per account; stay under it. */
const BURST_LIMITER = {
  reservoir: 100,
  reservoirRefreshAmount: 100,
  reservoirRefreshInterval: 10_000,
  maxConcurrent: 5,
};

/** Credentials for one client: a portal's token or the developer app's key (definitions). */
export interface ClientCredentials {
  baseUrl: string;
  accessToken?: string;
  developerApiKey?: string;
}

/** Builds an SDK client for one account (each has its own burst limiter). */
export function createApiClient(credentials: ClientCredentials): Client {
  return new Client({
    basePath: credentials.baseUrl.replace(/\/+$/, ''),
    ...(credentials.accessToken ? { accessToken: credentials.accessToken } : {}),
    ...(credentials.developerApiKey ? { developerApiKey: credentials.developerApiKey } : {}),
    numberOfApiCallRetries: 0,
    limiterOptions: BURST_LIMITER,
  });
}

/** A HubSpot call that may succeed later (429, 5xx, network, token trouble): retry after `retryAfterMs`. */
export class HubspotRetryError extends Error {
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HubspotRetryError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** A HubSpot call that will not succeed by trying again (a 4xx other than 401/403/429). */
export class HubspotApiError extends Error {
  readonly status: number;

  constructor(message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HubspotApiError';
    this.status = status;
  }
}

/** The parts of the SDK's ApiException we read. */
interface ApiExceptionLike {
  code?: unknown;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date), or the fallback. */
export function retryAfterMs(header: string | undefined, fallbackMs: number, now = Date.now()): number {
  if (!header) return fallbackMs;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? fallbackMs : Math.max(0, date - now);
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function hubspotMessage(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') return body.message;
  return typeof body === 'string' && body.length < 300 ? body : '';
}

/** Turns whatever a HubSpot call threw into a retry decision; `what` says which call, for the message. */
export function translateApiError(error: unknown, what: string): HubspotRetryError | HubspotApiError {
  const exception = (error ?? {}) as ApiExceptionLike;
  const status = typeof exception.code === 'number' ? exception.code : 0;
  const detail = hubspotMessage(exception.body);
  const suffix = detail ? `: ${detail}` : '.';
  if (status === 429) {
    const delay = retryAfterMs(headerOf(exception.headers, 'retry-after'), 10_000);
    return new HubspotRetryError(`HubSpot's rate limit was reached while trying to ${what}; retrying in ${Math.ceil(delay / 1000)} s.`, delay, { cause: error });
  }
  if (status === 401 || status === 403) {
    return new HubspotRetryError(
      `HubSpot refused Kaiku's access token or key while trying to ${what}${suffix} Check it; for a connected account run "kaiku hubspot connect" again (deliveries are kept and retried).`,
      300_000, { cause: error },
    );
  }
  if (status === 0 || status >= 500) {
    return new HubspotRetryError(`HubSpot could not be reached or failed while trying to ${what}${suffix} Kaiku tries again.`, 30_000, { cause: error });
  }
  return new HubspotApiError(`HubSpot rejected the request to ${what} (HTTP ${status})${suffix}`, status, { cause: error });
}

/** Calls HubSpot and translates failures (see `translateApiError`). */
export async function callHubspot<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateApiError(error, what);
  }
}

/**
 * Retries a call on `HubspotRetryError` after the delay it names, at most `attempts` times in all; an error
 * asking for a longer wait than `maxDelayMs` (a refused token) is thrown at once.
 */
export async function withRetries<T>(
  call: () => Promise<T>,
  options: { attempts: number; maxDelayMs?: number; sleep?: (ms: number) => Promise<void> },
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof HubspotRetryError) || attempt >= options.attempts || error.retryAfterMs > maxDelayMs) throw error;
      await sleep(error.retryAfterMs);
    }
  }
}
