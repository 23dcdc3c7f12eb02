import { KaikuError } from '../errors.js';
import { failedBeforeSending, metaErrorFromResponse, networkError, parseRetryAfter } from './client-errors.js';
import { DEFAULT_RETRY_POLICY, systemClock, withRetry } from './retry.js';
import type { RetryClock, RetryPolicy } from './retry.js';
import { fetchTransport, sharedNodeTransport } from './transport.js';
import type { Transport, TransportResponse } from './transport.js';

/** One Graph call as the client reports it to `onRequest`: never the token, never the body. */
export interface GraphRequestLog {
  method: string;
  /** Path and query only (e.g. `/v24.0/1065…/messages`), never a token. */
  path: string;
  attempt: number;
  status?: number;
  errorCode?: string;
  fbtraceId?: string;
  durationMs: number;
}

/** Configuration of the Graph endpoint: the sandbox and Meta differ only in these values. */
export interface GraphHttpOptions {
  /** e.g. `https://graph.facebook.com` or the sandbox's `http://127.0.0.1:3001`. */
  baseUrl: string;
  /** e.g. `v24.0`; empty string to omit the version segment. */
  version: string;
  accessToken: string;
  /** Carries the requests over this `fetch` instead of Node's `http`/`https` (tests inject faults this way). */
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  clock?: RetryClock;
  onRequest?: (log: GraphRequestLog) => void;
  /** Per-attempt time limit; a request still unanswered is aborted as a (retryable) network error. Default 10 s. */
  timeoutMs?: number;
}

/** A request to the Graph API: JSON, multipart form or nothing as the body. */
export interface GraphRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: FormData;
}

/** A binary answer (media download). */
export interface BinaryResponse {
  data: Uint8Array;
  mimeType: string;
}

/** Default per-attempt time limit. */
const DEFAULT_TIMEOUT_MS = 10_000;

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function notJson(status: number): KaikuError {
  return new KaikuError('meta_error', `The WhatsApp API answered HTTP ${status} without JSON. Check the connection's base URL and API version.`);
}

/** The Graph API over HTTP: Bearer auth, JSON or multipart, typed errors, bounded retries. */
export class GraphHttp {
  private readonly transport: Transport;
  private readonly root: string;
  private readonly policy: RetryPolicy;
  private readonly clock: RetryClock;

  constructor(private readonly options: GraphHttpOptions) {
    this.transport = options.fetch === undefined ? sharedNodeTransport() : fetchTransport(options.fetch);
    const base = options.baseUrl.replace(/\/+$/, '');
    this.root = options.version ? `${base}/${options.version.replace(/^\/+|\/+$/g, '')}` : base;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.clock = options.clock ?? systemClock;
  }

  /** The absolute URL of a Graph path with its query. */
  url(path: string, query: GraphRequest['query'] = {}): URL {
    const url = new URL(`${this.root}/${path.replace(/^\/+/, '')}`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** Sends a request (retrying retryable failures) and returns the parsed JSON answer. */
  async json<T>(request: GraphRequest): Promise<T> {
    const url = this.url(request.path, request.query);
    return withRetry(async (attempt) => {
      const response = await this.send(url, request, attempt);
      const body = parseBody(response.text());
      if (typeof body !== 'object' || body === null) throw notJson(response.status);
      return body as T;
    }, this.policy, this.clock);
  }

  /** Downloads binary content from an absolute URL with the same Bearer token. */
  async binary(url: URL): Promise<BinaryResponse> {
    return withRetry(async (attempt) => {
      const response = await this.send(url, { method: 'GET', path: url.pathname }, attempt);
      return { data: response.bytes(), mimeType: response.header('content-type') ?? 'application/octet-stream' };
    }, this.policy, this.clock);
  }

  private async send(url: URL, request: GraphRequest, attempt: number): Promise<TransportResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.accessToken}` };
    let body: string | FormData | undefined;
    if (request.form) body = request.form;
    else if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    }
    const started = this.clock.now();
    const log = { method: request.method, path: url.pathname + url.search, attempt };
    let response: TransportResponse;
    try {
      const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      response = await this.transport(url, { method: request.method, headers, ...(body === undefined ? {} : { body }), timeoutMs });
    } catch (cause) {
      const error = networkError(cause, { mayHaveBeenSent: request.method === 'POST' && !failedBeforeSending(cause) });
      this.options.onRequest?.({ ...log, errorCode: error.code, durationMs: this.clock.now() - started });
      throw error;
    }
    if (response.ok) {
      this.options.onRequest?.({ ...log, status: response.status, durationMs: this.clock.now() - started });
      return response;
    }
    const retryAfterMs = parseRetryAfter(response.header('retry-after'), this.clock.now());
    const error = metaErrorFromResponse(response.status, parseBody(response.text()), retryAfterMs);
    const { fbtraceId } = error;
    this.options.onRequest?.({ ...log, status: response.status, errorCode: error.code, fbtraceId, durationMs: this.clock.now() - started });
    throw error;
  }
}
