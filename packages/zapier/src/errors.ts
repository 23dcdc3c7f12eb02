/**
 * Maps the proxy's error answers (`{"error": {code, message, details}}`) to the errors Zapier knows:
 * a clear `z.errors.Error` for what the zap user must fix, `ExpiredAuthError` for a rejected key,
 * `ThrottledError` (with the proxy's Retry-After) for anything worth retrying later.
 */
import type { HttpResponse, ZObject } from 'zapier-platform-core';
import { connectorMessage } from '@kaiku/shared/error-words';

/** The error body every proxy route answers with. */
export interface ProxyError {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

/** Proxy codes that mean "try again later", not "fix your zap". */
export const RETRYABLE_CODES = new Set(['rate_limited', 'throughput_limited', 'pair_rate_limited', 'meta_unavailable', 'network_error']);

/** Seconds Zapier waits before retrying when the proxy gives no Retry-After. */
export const DEFAULT_RETRY_SECONDS = 60;

/** Reads the proxy's error body; null when the answer is not one (e.g. an HTML page from a wrong URL). */
export function readProxyError(response: HttpResponse): ProxyError | null {
  let body: unknown = response.data;
  if (typeof body === 'string' || body === undefined) {
    try {
      body = JSON.parse(response.content);
    } catch {
      return null;
    }
  }
  const error = (body as { error?: Partial<ProxyError> } | null)?.error;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string') return null;
  return { code: error.code, message: error.message, details: error.details ?? {} };
}

/** Retry-After as seconds: either a number of seconds or an HTTP date. */
export function retryAfterSeconds(header: string | undefined, now = Date.now()): number {
  if (!header) return DEFAULT_RETRY_SECONDS;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return DEFAULT_RETRY_SECONDS;
  return Math.max(1, Math.ceil((date - now) / 1000));
}

/**
 * The message a zap user reads: Zapier's words for the code (`@kaiku/shared/error-words`, naming this step's fields
 * instead of API calls and commands) when there are some, else the proxy's own.
 */
export function messageFor(error: ProxyError): string {
  return connectorMessage('zapier', error);
}

function fallbackMessage(response: HttpResponse): string {
  if (response.status === 404) {
    return `Kaiku answered "not found" (HTTP 404) for ${response.request.url ?? 'this request'}. Check that the Kaiku URL in your connection is the address of your Kaiku server.`;
  }
  return `Kaiku answered HTTP ${response.status} without an explanation. Try again in a few minutes; if it keeps failing, check your Kaiku server's logs.`;
}

/** The Zapier error for a failed proxy answer. */
export function toZapierError(z: ZObject, response: HttpResponse): Error {
  const proxyError = readProxyError(response);
  const retryable = response.status === 429 || response.status === 503 || (proxyError !== null && RETRYABLE_CODES.has(proxyError.code));
  const message = proxyError ? messageFor(proxyError) : fallbackMessage(response);
  if (retryable) return new z.errors.ThrottledError(message, retryAfterSeconds(response.getHeader('retry-after')));
  if (response.status === 401) {
    return new z.errors.ExpiredAuthError(messageFor({ code: 'unauthorized', message: '', details: {} }));
  }
  return new z.errors.Error(message, proxyError?.code ?? `http_${response.status}`, response.status);
}

function decode(error: unknown): { message: string; code?: string } {
  const message = error instanceof Error ? error.message : String(error);
  try {
    const decoded = JSON.parse(message) as { message?: unknown; code?: unknown };
    if (typeof decoded.message !== 'string') return { message };
    return typeof decoded.code === 'string' ? { message: decoded.message, code: decoded.code } : { message: decoded.message };
  } catch {
    return { message };
  }
}

/** The human words of any error, also of Zapier's errors whose message is JSON (`{"message": …}`). */
export function plainMessage(error: unknown): string {
  return decode(error).message;
}

/** The proxy's error code carried by a `z.errors.Error`, if any. */
export function errorCode(error: unknown): string | undefined {
  return decode(error).code;
}

/** `afterResponse` middleware: every non-2xx answer from the proxy becomes a readable Zapier error. */
export function mapProxyErrors(response: HttpResponse, z: ZObject): HttpResponse {
  if (response.status < 400) return response;
  throw toZapierError(z, response);
}
