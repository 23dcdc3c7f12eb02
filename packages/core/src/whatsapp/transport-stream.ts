/**
 * How a media download travels: like the Graph client's other requests, but the answer's body is handed on as
 * a stream instead of being read whole, so a large file passes through with a few chunks in memory. The time
 * limit covers the answer's headers, and then each pause between chunks; the caller's signal aborts it.
 */
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { TransportTimeoutError } from './transport.js';

/** One streamed GET as the client makes it. */
export interface StreamRequest {
  headers: Record<string, string>;
  /** For the headers to arrive, and then for each chunk after the one before. */
  timeoutMs: number;
  /** Aborting it ends the request and its body, wherever they are. */
  signal?: AbortSignal;
}

/** An answer whose body has not been read yet. */
export interface StreamResponse {
  status: number;
  ok: boolean;
  header(name: string): string | null;
  /** The body, read as it arrives; destroy it to stop the download. */
  body: Readable;
}

/** Carries one streamed GET; rejects with the network error. */
export type StreamTransport = (url: URL, request: StreamRequest) => Promise<StreamResponse>;

/** A stream transport over a `fetch` implementation. */
export function fetchStreamTransport(fetchImpl: typeof fetch): StreamTransport {
  return async (url, request) => {
    request.signal?.throwIfAborted();
    const controller = new AbortController();
    const abort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', abort, { once: true });
    const timer = setTimeout(() => controller.abort(new TransportTimeoutError('ETIMEDOUT', request.timeoutMs)), request.timeoutMs);
    try {
      const response = await fetchImpl(url, { headers: request.headers, signal: controller.signal, redirect: 'manual' });
      const body = response.body === null ? Readable.from([]) : Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
      body.once('close', () => request.signal?.removeEventListener('abort', abort));
      return { status: response.status, ok: response.ok, header: (name) => response.headers.get(name), body };
    } catch (error) {
      request.signal?.removeEventListener('abort', abort);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

function firstHeader(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A stream transport over Node's `http`/`https` with keep-alive connections; redirects are not followed. */
export function nodeStreamTransport(): StreamTransport {
  const pool = { keepAlive: true, timeout: 30_000 };
  const agents = { http: new http.Agent(pool), https: new https.Agent(pool) };
  return (url, request) => new Promise<StreamResponse>((resolve, reject) => {
    if (request.signal?.aborted === true) {
      reject(request.signal.reason);
      return;
    }
    const secure = url.protocol === 'https:';
    const req = (secure ? https : http).request(url, { method: 'GET', headers: request.headers, agent: secure ? agents.https : agents.http });
    let answer: http.IncomingMessage | null = null;
    // Once the answer has begun, the body ends with the error itself (not Node's "aborted" that the request's end gives it).
    const fail = (error: Error) => {
      answer?.destroy(error);
      req.destroy(error);
    };
    const abort = () => fail(request.signal?.reason instanceof Error ? request.signal.reason : new Error('aborted'));
    request.signal?.addEventListener('abort', abort, { once: true });
    req.once('close', () => request.signal?.removeEventListener('abort', abort));
    const timer = setTimeout(() => fail(new TransportTimeoutError('ETIMEDOUT', request.timeoutMs)), request.timeoutMs);
    req.once('response', (response) => {
      clearTimeout(timer);
      answer = response;
      // From here on the limit is per pause: a body that stalls ends as an error, not as a hang.
      req.setTimeout(request.timeoutMs, () => fail(new TransportTimeoutError('ETIMEDOUT', request.timeoutMs)));
      resolve({ status: response.statusCode ?? 0, ok: (response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300, header: (name) => firstHeader(response, name), body: response });
    });
    // Every error, also one after the answer began (an abort, a cut connection): the body's reader sees it on the body.
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

let shared: StreamTransport | null = null;

/** The stream transport every Graph client of the process shares. */
export function sharedNodeStreamTransport(): StreamTransport {
  shared ??= nodeStreamTransport();
  return shared;
}
