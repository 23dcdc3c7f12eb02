import { KaikuError } from '../errors.js';
import type { KaikuErrorCode } from '../errors.js';
import { describeMetaError } from './error-table.js';
import type { WireGraphError } from './wire-send.js';

/** Meta's identifiers of a Graph API error, carried beside Kaiku's code. */
export interface MetaApiErrorFields {
  metaCode: number;
  metaSubcode?: number;
  metaType?: string;
  fbtraceId?: string;
  httpStatus?: number;
  retryable: boolean;
  retryAfterMs?: number;
  details?: Record<string, unknown>;
}

/** A Graph API error: Kaiku's code and message plus Meta's code, subcode, type, fbtrace id and HTTP status. */
export class MetaApiError extends KaikuError {
  readonly metaCode: number;
  readonly metaSubcode: number | undefined;
  readonly metaType: string | undefined;
  readonly fbtraceId: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(code: KaikuErrorCode, message: string, fields: MetaApiErrorFields) {
    super(code, message, { retryable: fields.retryable, details: fields.details ?? {}, retryAfterMs: fields.retryAfterMs });
    this.name = 'MetaApiError';
    this.metaCode = fields.metaCode;
    this.metaSubcode = fields.metaSubcode;
    this.metaType = fields.metaType;
    this.fbtraceId = fields.fbtraceId;
    this.httpStatus = fields.httpStatus;
  }
}

function isGraphError(body: unknown): body is WireGraphError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null;
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  // A negative number is no valid delay (and no date, though `Date.parse` would read '-5' as one).
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Turns a non-2xx Graph response (status, parsed body, Retry-After) into a MetaApiError. */
export function metaErrorFromResponse(httpStatus: number, body: unknown, retryAfterMs?: number): MetaApiError {
  if (!isGraphError(body) || typeof body.error.code !== 'number') return errorWithoutEnvelope(httpStatus, body, retryAfterMs);
  const { code, error_subcode: subcode, type, fbtrace_id: fbtraceId, error_data: data } = body.error;
  const described = describeMetaError(code, subcode, data?.details ?? body.error.error_user_msg);
  const details: Record<string, unknown> = { meta_message: body.error.message };
  if (data?.details !== undefined) details.meta_details = data.details;
  if (body.error.error_user_title !== undefined) details.meta_user_title = body.error.error_user_title;
  if (body.error.error_user_msg !== undefined) details.meta_user_message = body.error.error_user_msg;
  const retryable = described.retryable || (httpStatus >= 500 && described.code === 'meta_error');
  return new MetaApiError(described.code, described.message, {
    metaCode: code,
    metaSubcode: subcode,
    metaType: type,
    fbtraceId,
    httpStatus,
    retryable,
    retryAfterMs,
    details,
  });
}

function errorWithoutEnvelope(httpStatus: number, body: unknown, retryAfterMs?: number): MetaApiError {
  const snippet = typeof body === 'string' ? body.slice(0, 200) : undefined;
  const fields = { metaCode: 0, httpStatus, retryAfterMs, details: snippet ? { body: snippet } : {} };
  if (httpStatus >= 500 || httpStatus === 429) {
    const code = httpStatus === 429 ? 'rate_limited' : 'meta_unavailable';
    return new MetaApiError(code, `WhatsApp answered HTTP ${httpStatus}. Try again in a few minutes.`, { ...fields, retryable: true });
  }
  if (httpStatus === 401) {
    return new MetaApiError('meta_auth_failed', 'WhatsApp rejected the access token. Reconnect your WhatsApp account with a new token.', {
      ...fields,
      retryable: false,
    });
  }
  const message = `WhatsApp answered HTTP ${httpStatus} without an error description. Check the connection's base URL and version.`;
  return new MetaApiError('meta_error', message, { ...fields, retryable: false });
}

// Failures of the connection itself: no byte of the request reached WhatsApp.
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'CONNECT_TIMEOUT']);

/** True when a request failed while connecting, so that it surely did not reach the server. */
export function failedBeforeSending(cause: unknown): boolean {
  for (let error = cause, depth = 0; error !== null && typeof error === 'object' && depth < 5; depth += 1) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECT_FAILURES.has(code)) return true;
    error = (error as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A network failure before WhatsApp answered. Retryable when nothing can have been sent (a failed connect,
 * or a request that changes nothing); a POST that may have reached WhatsApp is never repeated, because Meta
 * has no idempotency key and a repeat could send the customer the message twice.
 */
export function networkError(cause: unknown, options: { mayHaveBeenSent?: boolean } = {}): KaikuError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (options.mayHaveBeenSent === true) {
    return new KaikuError('outcome_unknown', `WhatsApp did not answer (${reason}), so it is not known whether the message was sent. Look at the customer's conversation before sending it again.`, {
      retryable: false,
      details: { outcome_unknown: true },
      cause,
    });
  }
  return new KaikuError('network_error', `Could not reach WhatsApp (${reason}). Check the network; the request will be retried.`, {
    retryable: true,
    cause,
  });
}
