/**
 * The one error mapper of the API: every failure becomes `{"error": {"code", "message", "details"}}` with the
 * status from one table, and rate limits carry `Retry-After`.
 */
import type { ErrorRequestHandler, Response } from 'express';
import { isKaikuError } from '@kaiku/core';
import { CLIENT_HEADER, connectorMessage, connectorOfClient } from '@kaiku/shared/error-words';
import type { Connector } from '@kaiku/shared/error-words';
import type { Logger } from '../logger.js';

/** Codes the proxy adds to core's KaikuErrorCode. */
export type ProxyErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'idempotency_conflict'
  | 'conflict'
  | 'payload_too_large'
  | 'invalid_filter'
  | 'subscription_limit_reached'
  | 'connection_failed'
  | 'last_admin'
  | 'internal_error';

/** HTTP status per error code (docs/contracts.md §4); anything not listed is a 500. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  validation_failed: 400,
  invalid_webhook: 400,
  meta_invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  opted_out: 403,
  no_consent: 403,
  not_found: 404,
  template_not_found: 404,
  window_closed: 409,
  idempotency_conflict: 409,
  conflict: 409,
  payload_too_large: 413,
  invalid_phone: 422,
  invalid_filter: 422,
  template_variables_invalid: 422,
  template_not_approved: 422,
  recipient_not_on_whatsapp: 422,
  media_error: 422,
  subscription_limit_reached: 422,
  connection_failed: 422,
  last_admin: 409,
  rate_limited: 429,
  throughput_limited: 429,
  pair_rate_limited: 429,
  meta_auth_failed: 502,
  meta_permission_denied: 502,
  meta_error: 502,
  meta_unavailable: 503,
  network_error: 503,
  outcome_unknown: 502,
  internal_error: 500,
};

/** An error raised by the HTTP layer itself (auth, not found, bad body). */
export class ApiError extends Error {
  constructor(
    readonly code: ProxyErrorCode | 'validation_failed' | 'rate_limited',
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The wire form of an error and the headers that go with it. */
export interface ErrorAnswer {
  status: number;
  body: { error: { code: string; message: string; details: Record<string, unknown> } };
  retryAfterSeconds: number | null;
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

function fromBodyParser(error: unknown): ApiError | null {
  const parserError = error as BodyParserError;
  if (parserError?.type === 'entity.too.large') {
    const limit = parserError.limit ?? null;
    return new ApiError('payload_too_large', `The request body is larger than this API accepts (${limit ?? 'the limit'} bytes); send less data, or a media link instead of the file.`, { limit_bytes: limit });
  }
  if (parserError?.type === 'entity.parse.failed') {
    return new ApiError('validation_failed', 'The request body is not valid JSON. Check for missing quotes, commas or brackets.', { reason: 'malformed_json' });
  }
  if (typeof parserError?.type === 'string' && parserError.status !== undefined && parserError.status < 500) {
    return new ApiError('validation_failed', 'The request body could not be read; send UTF-8 JSON with Content-Type: application/json.', { reason: parserError.type });
  }
  return null;
}

/**
 * Turns any thrown value into the API's error answer; unknown errors become a 500 without internals. For a connector
 * that runs no code (`connector`, from the `Kaiku-Client` header) the message is in that connector's words; the
 * code, status and details stay the same.
 */
export function toErrorAnswer(error: unknown, connector: Connector | null = null): ErrorAnswer {
  const known = error instanceof ApiError || isKaikuError(error) ? error : fromBodyParser(error);
  if (known === null) {
    return {
      status: 500,
      body: { error: { code: 'internal_error', message: 'Something went wrong inside Kaiku. Try again; if it keeps happening, contact your Kaiku administrator with the request id.', details: {} } },
      retryAfterSeconds: null,
    };
  }
  const status = STATUS_BY_CODE[known.code] ?? 500;
  const retryAfterMs = known.retryAfterMs ?? (status === 429 ? 1000 : undefined);
  return {
    status,
    body: { error: { code: known.code, message: connector === null ? known.message : connectorMessage(connector, known), details: known.details } },
    retryAfterSeconds: retryAfterMs === undefined ? null : Math.max(1, Math.ceil(retryAfterMs / 1000)),
  };
}

/** Writes an error answer, in the words of the connector named by the `Kaiku-Client` header when there is one. */
export function sendError(res: Response, error: unknown, connector: Connector | null = null): ErrorAnswer {
  const answer = toErrorAnswer(error, connector);
  if (answer.retryAfterSeconds !== null) res.setHeader('Retry-After', String(answer.retryAfterSeconds));
  res.status(answer.status).json(answer.body);
  return answer;
}

/** The last middleware of the app. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const answer = sendError(res, error, connectorOfClient(req.get(CLIENT_HEADER)));
    const log = (res.locals.log as Logger | undefined) ?? logger;
    if (answer.status >= 500) log.error({ err: error, code: answer.body.error.code }, 'request failed');
    else log.info({ code: answer.body.error.code, status: answer.status }, 'request refused');
  };
}

/** A 404 for paths that no route serves. */
export function notFound(what: string, details: Record<string, unknown> = {}): ApiError {
  return new ApiError('not_found', `${what} was not found in this workspace. Check the id, and that the API key belongs to the right workspace.`, details);
}
