/** Stable error codes: connectors and the proxy branch on these, never on messages. */
export type KaikuErrorCode =
  | 'invalid_phone'
  | 'validation_failed'
  | 'window_closed'
  | 'opted_out'
  | 'no_consent'
  | 'template_not_found'
  | 'template_not_approved'
  | 'template_variables_invalid'
  | 'recipient_not_on_whatsapp'
  | 'throughput_limited'
  | 'pair_rate_limited'
  | 'rate_limited'
  | 'meta_auth_failed'
  | 'meta_permission_denied'
  | 'meta_invalid_request'
  | 'media_error'
  | 'meta_unavailable'
  | 'network_error'
  | 'outcome_unknown'
  | 'invalid_webhook'
  | 'meta_error';

/** Options of a KaikuError beyond its code and message. */
export interface KaikuErrorOptions {
  retryable?: boolean;
  details?: Record<string, unknown>;
  retryAfterMs?: number;
  cause?: unknown;
}

/** A named error with a retry decision and a message a no-code user can act on. */
export class KaikuError extends Error {
  readonly code: KaikuErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;
  readonly retryAfterMs: number | undefined;

  constructor(code: KaikuErrorCode, message: string, options: KaikuErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KaikuError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** True for a KaikuError, also across duplicated module instances. */
export function isKaikuError(error: unknown): error is KaikuError {
  return error instanceof KaikuError || (error instanceof Error && error.name === 'KaikuError' && 'code' in error);
}
