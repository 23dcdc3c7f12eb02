/** Meta's Graph API error envelope, thrown by handlers and rendered by one error middleware. */
import type { NextFunction, Request, Response } from 'express';
import { fbtraceId } from './ids.js';

/** Fields of Meta's error object besides the code and title. */
export interface GraphErrorInit {
  status: number;
  details?: string;
  type?: string;
  subcode?: number;
  /** Template management errors carry these user-facing strings. */
  userTitle?: string;
  userMessage?: string;
  /** GraphMethodException errors (unknown object ids) have no `error_data`. */
  noErrorData?: boolean;
  /** Overrides `(#code) title` when Meta words the message differently. */
  message?: string;
  /** Top-level fields Meta sends beside `error` (the per-user results of a partly failed block). */
  beside?: Record<string, unknown>;
}

/** An error the sandbox answers with Meta's envelope and HTTP status. */
export class GraphError extends Error {
  readonly code: number;
  readonly title: string;
  readonly init: GraphErrorInit;

  constructor(code: number, title: string, init: GraphErrorInit) {
    super(init.message ?? `(#${code}) ${title}`);
    this.code = code;
    this.title = title;
    this.init = init;
  }

  /** The JSON body Meta sends for this error. */
  toBody(): Record<string, unknown> & { error: Record<string, unknown> } {
    const { init } = this;
    const error: Record<string, unknown> = { message: this.message, type: init.type ?? 'OAuthException', code: this.code };
    if (!init.noErrorData) error.error_data = { messaging_product: 'whatsapp', details: init.details ?? this.title };
    if (init.subcode !== undefined) error.error_subcode = init.subcode;
    if (init.userTitle !== undefined) {
      error.is_transient = false;
      error.error_user_title = init.userTitle;
      error.error_user_msg = init.userMessage ?? init.userTitle;
    }
    error.fbtrace_id = fbtraceId();
    return { ...init.beside, error };
  }
}

/** `(#100) Invalid parameter` with a cause the caller can fix. */
export function invalidParameter(details: string): GraphError {
  return new GraphError(100, 'Invalid parameter', { status: 400, details });
}

/** Meta's answer for an id that does not exist or that this token cannot see. */
export function unknownObject(id: string, method: 'get' | 'post' | 'delete'): GraphError {
  const message =
    `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, ` +
    'or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api';
  return new GraphError(100, 'Unsupported request', { status: 400, type: 'GraphMethodException', subcode: 33, noErrorData: true, message });
}

/** `(#131008) Required parameter is missing`. */
export function missingParameter(details: string): GraphError {
  return new GraphError(131008, 'Required parameter is missing', { status: 400, details });
}

/** `(#131009) Parameter value is not valid`. */
export function invalidValue(details: string): GraphError {
  return new GraphError(131009, 'Parameter value is not valid', { status: 400, details });
}

/** Express error middleware: GraphErrors as Meta's envelope, body-parser failures as code 100. */
export function graphErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const graphError = toGraphError(err);
  res.status(graphError.init.status).json(graphError.toBody());
}

function toGraphError(err: unknown): GraphError {
  if (err instanceof GraphError) return err;
  const status = (err as { status?: number }).status;
  if (status === 400) return invalidParameter('The request body is not valid JSON or form data');
  if (status === 413) return invalidParameter('The request body is too large');
  console.error('sandbox: unexpected error', err);
  return new GraphError(131000, 'Something went wrong', { status: 500, details: 'The sandbox hit an unexpected error; see its log' });
}
