/**
 * How the Graph client's requests travel. By default over Node's own `http`/`https` with keep-alive
 * connections: here it costs a quarter of the CPU of `fetch` per call, and a send is one such call. A
 * `fetch` (tests, other runtimes) can be given instead. Either way the answer is read whole within the
 * time limit, so a stalled body counts as no answer.
 */
// The modules, not their named exports: `http.request` is looked up at each call, as interceptors (nock) expect.
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** One request as the client makes it. */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: string | FormData;
  /** The whole exchange (connect, send, read the answer) must finish within this. */
  timeoutMs: number;
  /** Read the answer's body but keep none of it (its status and headers are all that count). */
  discardBody?: boolean;
}

/** An answer, read whole. */
export interface TransportResponse {
  status: number;
  ok: boolean;
  header(name: string): string | null;
  text(): string;
  bytes(): Uint8Array;
}

/** Carries one request; rejects with the network error (its `code`, e.g. ECONNREFUSED, tells what failed). */
export type Transport = (url: URL, request: TransportRequest) => Promise<TransportResponse>;

/** The time limit passed. `code` tells whether a connection had been made (see `failedBeforeSending`). */
export class TransportTimeoutError extends Error {
  constructor(readonly code: 'CONNECT_TIMEOUT' | 'ETIMEDOUT', timeoutMs: number) {
    super(code === 'CONNECT_TIMEOUT' ? `could not connect within ${timeoutMs} ms` : `no complete answer within ${timeoutMs} ms (timeout)`);
    this.name = 'TimeoutError';
  }
}

function buffered(status: number, header: (name: string) => string | null, data: Uint8Array): TransportResponse {
  return { status, ok: status >= 200 && status < 300, header, text: () => Buffer.from(data).toString('utf8'), bytes: () => data };
}

/** A transport over a `fetch` implementation. */
export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async (url, request) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TransportTimeoutError('ETIMEDOUT', request.timeoutMs)), request.timeoutMs);
    try {
      const response = await fetchImpl(url, { method: request.method, headers: request.headers, body: request.body, signal: controller.signal });
      const data = new Uint8Array(await response.arrayBuffer());
      return buffered(response.status, (name) => response.headers.get(name), data);
    } finally {
      clearTimeout(timer);
    }
  };
}

async function encodeBody(body: TransportRequest['body'], headers: Record<string, string>): Promise<Buffer | undefined> {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  // Multipart: the platform's Response encodes a FormData with its boundary, as fetch would send it.
  const encoded = new Response(body);
  headers['content-type'] = encoded.headers.get('content-type') ?? 'multipart/form-data';
  return Buffer.from(await encoded.arrayBuffer());
}

function firstHeader(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Options of a node transport. */
export interface NodeTransportOptions {
  /** Connections per origin at the most (default: no limit). */
  maxSockets?: number;
  /** Resolves host names when connecting (default: the system's); may refuse an address with an error. */
  lookup?: LookupFunction;
}

/**
 * A transport over Node's `http`/`https` with its own keep-alive connections (idle ones close after 30 s).
 * Redirects are not followed.
 */
export function nodeTransport(options: NodeTransportOptions = {}): Transport {
  const pool = {
    keepAlive: true, scheduling: 'lifo' as const, timeout: 30_000, maxSockets: options.maxSockets ?? Infinity, lookup: options.lookup,
  };
  const agents = { http: new http.Agent(pool), https: new https.Agent(pool) };
  return async (url, request) => {
    const headers = { ...request.headers };
    const body = await encodeBody(request.body, headers);
    if (body !== undefined) headers['content-length'] = String(body.length);
    const secure = url.protocol === 'https:';
    return new Promise<TransportResponse>((resolve, reject) => {
      let connected = false;
      const req = (secure ? https : http).request(url, { method: request.method, headers, agent: secure ? agents.https : agents.http }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          if (request.discardBody !== true) chunks.push(chunk);
        });
        response.on('end', () => {
          clearTimeout(timer);
          resolve(buffered(response.statusCode ?? 0, (name) => firstHeader(response, name), Buffer.concat(chunks)));
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      const timer = setTimeout(() => req.destroy(new TransportTimeoutError(connected ? 'ETIMEDOUT' : 'CONNECT_TIMEOUT', request.timeoutMs)), request.timeoutMs);
      req.on('socket', (socket) => {
        // A reused keep-alive socket is connected already; a new one once it can carry the request.
        if (!socket.connecting) connected = true;
        else socket.once(secure ? 'secureConnect' : 'connect', () => (connected = true));
      });
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(body);
    });
  };
}

let shared: Transport | null = null;

/** The node transport every Graph client of the process shares, so that they share its connections. */
export function sharedNodeTransport(): Transport {
  shared ??= nodeTransport();
  return shared;
}
