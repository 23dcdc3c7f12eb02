import { KaikuError } from '../errors.js';
import { failedBeforeSending, metaErrorFromResponse, networkError, parseRetryAfter } from './client-errors.js';
import { DEFAULT_RETRY_POLICY, systemClock, withRetry } from './retry.js';
import type { RetryClock, RetryPolicy } from './retry.js';
import { fetchTransport, sharedNodeTransport } from './transport.js';
import type { Transport, TransportResponse } from './transport.js';
import { fetchStreamTransport, sharedNodeStreamTransport } from './transport-stream.js';
import type { StreamTransport } from './transport-stream.js';
import type { Readable } from 'node:stream';

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

/** A binary answer still arriving (media streamed through): read `body`, or destroy it to stop. */
export interface StreamedResponse {
  body: Readable;
  mimeType: string;
  /** The announced size in bytes, or null when the answer did not say. */
  length: number | null;
}

/** How much of an error answer's body is read to explain it. */
const ERROR_BODY_BYTES = 64 * 1024;

async function errorText(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= ERROR_BODY_BYTES) break;
  }
  body.destroy();
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_BYTES).toString('utf8');
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
  private readonly streamTransport: StreamTransport;
  private readonly root: string;
  private readonly policy: RetryPolicy;
  private readonly clock: RetryClock;

  constructor(private readonly options: GraphHttpOptions) {
    this.transport = options.fetch === undefined ? sharedNodeTransport() : fetchTransport(options.fetch);
    this.streamTransport = options.fetch === undefined ? sharedNodeStreamTransport() : fetchStreamTransport(options.fetch);
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

  /**
   * Starts a download from an absolute URL with the same Bearer token and hands its body on as it arrives.
   * Failures before the body (no connection, an error answer) are retried like any call; `signal` aborts it.
   */
  async stream(url: URL, signal?: AbortSignal): Promise<StreamedResponse> {
    return withRetry(async (attempt) => {
      const started = this.clock.now();
      const log = { method: 'GET', path: url.pathname + url.search, attempt };
      let response;
      try {
        const headers = { authorization: `Bearer ${this.options.accessToken}` };
        response = await this.streamTransport(url, { headers, timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, ...(signal ? { signal } : {}) });
      } catch (cause) {
        const error = signal?.aborted === true ? new KaikuError('network_error', 'The download was stopped.', { retryable: false, cause }) : networkError(cause);
        this.options.onRequest?.({ ...log, errorCode: error.code, durationMs: this.clock.now() - started });
        throw error;
      }
      if (!response.ok) {
        const error = metaErrorFromResponse(response.status, parseBody(await errorText(response.body)), parseRetryAfter(response.header('retry-after'), this.clock.now()));
        this.options.onRequest?.({ ...log, status: response.status, errorCode: error.code, fbtraceId: error.fbtraceId, durationMs: this.clock.now() - started });
        throw error;
      }
      this.options.onRequest?.({ ...log, status: response.status, durationMs: this.clock.now() - started });
      const length = Number(response.header('content-length') ?? Number.NaN);
      return { body: response.body, mimeType: response.header('content-type') ?? 'application/octet-stream', length: Number.isSafeInteger(length) && length >= 0 ? length : null };
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
      response = await this.transport(url, { method: request.method, headers, body, timeoutMs });
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
