/**
 * The Graph client's HTTP layer at its edges, over a real loopback server: how URLs are joined, answers that
 * are not JSON, downloads without a type or with odd lengths, error answers read only as far as needed, and
 * what `onRequest` reports for each kind of call. The server takes 120 ms of the fake clock per request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { GraphHttp } from '../src/whatsapp/client-http.js';
import type { GraphHttpOptions, GraphRequestLog } from '../src/whatsapp/client-http.js';
import { fakeClock } from './fake-clock.js';
import type { FakeClock } from './fake-clock.js';

const SERVER_MS = 120;
const META_ERROR = '{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"fbtrace_id":"AbCdEf"}}';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

const seen: Seen[] = [];
let clock: FakeClock;
let server: Server;
let base: string;

function handle(req: IncomingMessage, res: ServerResponse): void {
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  void clock.sleep(SERVER_MS);
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/v24.0/ok') res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  else if (path === '/html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>a login page</html>');
  else if (path === '/null') res.writeHead(200, { 'content-type': 'application/json' }).end('null');
  else if (path === '/bad-gateway') res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway');
  else if (path === '/meta-error') res.writeHead(400, { 'content-type': 'application/json' }).end(META_ERROR);
  else if (path === '/limited') res.writeHead(429, { 'retry-after': '7' }).end();
  else if (path === '/untyped') res.writeHead(200, { 'content-length': '3' }).end(Buffer.from([1, 2, 3]));
  else if (path === '/empty') res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '0' }).end();
  else if (path === '/error-in-parts') {
    // Meta's error arrives in two chunks: both are needed to read it.
    res.writeHead(400, { 'content-type': 'application/json' });
    res.write(META_ERROR.slice(0, 40));
    setTimeout(() => res.end(META_ERROR.slice(40)), 50);
  } else if (path === '/error-endless') {
    res.writeHead(500, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write(Buffer.alloc(16 * 1024, 'x')), 2);
    res.on('close', () => clearInterval(timer));
  } else if (path === '/error-64k-then-stall') {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.write(Buffer.alloc(64 * 1024, 'y')); // exactly as much as is read, then nothing more and no end
  } else res.writeHead(404).end();
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  clock = fakeClock();
  seen.length = 0;
});

/** A client of the loopback server with the fake clock, recording what `onRequest` reports. */
function graph(overrides: Partial<GraphHttpOptions> = {}): { http: GraphHttp; logs: GraphRequestLog[] } {
  const logs: GraphRequestLog[] = [];
  const http = new GraphHttp({
    baseUrl: base, version: '', accessToken: 'EAAJtest', clock, onRequest: (log) => logs.push(log), retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, timeoutMs: 2000, ...overrides,
  });
  return { http, logs };
}

/** Settles like `promise`, or rejects when it takes longer than `ms` (a read that never stops). */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`still busy after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function readAll(body: Readable): Promise<number[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return [...Buffer.concat(chunks)];
}

/** A fetch that takes 120 ms of the fake clock and then fails as fetch does when it cannot connect. */
const unreachable = (async () => {
  await clock.sleep(SERVER_MS);
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
}) as typeof fetch;

describe('URLs', () => {
  it('joins base URL, version and path with one slash each, keeping the slashes inside the version', () => {
    const http = new GraphHttp({ baseUrl: 'https://graph.kaiku.test//', version: '//sandbox/v24.0//', accessToken: 't' });
    expect(http.url('//106540352242922/messages', { fields: 'id', skipped: undefined }).href)
      .toBe('https://graph.kaiku.test/sandbox/v24.0/106540352242922/messages?fields=id');
  });

  it('omits the version segment when the version is empty', () => {
    expect(new GraphHttp({ baseUrl: 'https://graph.kaiku.test/', version: '', accessToken: 't' }).url('/me').href).toBe('https://graph.kaiku.test/me');
  });
});

describe('json', () => {
  it('sends no JSON content type when there is no body, and reports the call with its duration', async () => {
    const { http, logs } = graph({ version: 'v24.0' });
    await expect(http.json({ method: 'GET', path: 'ok', query: { fields: 'id' } })).resolves.toEqual({ ok: true });
    expect(seen[0]?.headers['content-type']).toBeUndefined();
    expect(seen[0]?.headers.authorization).toBe('Bearer EAAJtest');
    expect(logs).toEqual([{ method: 'GET', path: '/v24.0/ok?fields=id', attempt: 1, status: 200, durationMs: SERVER_MS }]);
  });

  it.each(['html', 'null'])('refuses a successful answer that is not a JSON object (%s)', async (path) => {
    const { http } = graph();
    const failure = await http.json({ method: 'GET', path }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'meta_error', retryable: false });
    expect((failure as Error).message).toContain('HTTP 200 without JSON');
    expect((failure as Error).message).toContain('base URL and API version');
  });

  it("keeps the text of an error answer that is not JSON in the error's details", async () => {
    const { http, logs } = graph();
    await expect(http.json({ method: 'GET', path: 'bad-gateway' })).rejects.toMatchObject({ code: 'meta_unavailable', httpStatus: 502, details: { body: 'Bad gateway' } });
    expect(logs).toEqual([{ method: 'GET', path: '/bad-gateway', attempt: 1, status: 502, errorCode: 'meta_unavailable', fbtraceId: undefined, durationMs: SERVER_MS }]);
  });

  it("reports Meta's error with its fbtrace id and the call's duration", async () => {
    const { http, logs } = graph();
    const failure = await http.json({ method: 'POST', path: 'meta-error', json: {} }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ metaCode: 100, fbtraceId: 'AbCdEf', httpStatus: 400 });
    expect(logs).toEqual([{ method: 'POST', path: '/meta-error', attempt: 1, status: 400, errorCode: (failure as { code: string }).code, fbtraceId: 'AbCdEf', durationMs: SERVER_MS }]);
  });

  it('reports a call that reached nobody with its error code and duration', async () => {
    const { http, logs } = graph({ fetch: unreachable });
    await expect(http.json({ method: 'GET', path: 'ok' })).rejects.toMatchObject({ code: 'network_error', retryable: true });
    expect(logs).toEqual([{ method: 'GET', path: '/ok', attempt: 1, errorCode: 'network_error', durationMs: SERVER_MS }]);
  });
});

describe('binary', () => {
  it('downloads with a GET, and calls an answer without a type application/octet-stream', async () => {
    const { http, logs } = graph();
    const file = await http.binary(new URL(`${base}/untyped?mid=7`));
    expect({ data: [...file.data], mimeType: file.mimeType }).toEqual({ data: [1, 2, 3], mimeType: 'application/octet-stream' });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/untyped?mid=7', headers: { authorization: 'Bearer EAAJtest' } });
    expect(logs).toEqual([{ method: 'GET', path: '/untyped?mid=7', attempt: 1, status: 200, durationMs: SERVER_MS }]);
  });
});

describe('stream', () => {
  it('reports the download with its path, query and duration; no type means application/octet-stream', async () => {
    const { http, logs } = graph();
    const media = await http.stream(new URL(`${base}/untyped?mid=7`));
    expect([media.mimeType, media.length]).toEqual(['application/octet-stream', 3]);
    expect(await readAll(media.body)).toEqual([1, 2, 3]);
    expect(logs).toEqual([{ method: 'GET', path: '/untyped?mid=7', attempt: 1, status: 200, durationMs: SERVER_MS }]);
  });

  it('gives an announced length of zero as zero', async () => {
    const media = await graph().http.stream(new URL(`${base}/empty`));
    expect(media.length).toBe(0);
    expect(await readAll(media.body)).toEqual([]);
  });

  it.each(['-5', '1e20', '2.5'])('gives an impossible announced length (%s) as unknown', async (length) => {
    const fake = (async () => new Response('abc', { headers: { 'content-length': length } })) as typeof fetch;
    const media = await graph({ fetch: fake }).http.stream(new URL(`${base}/x`));
    expect(media.length).toBeNull();
  });

  it("reads Meta's error from all its chunks, and reports it with its fbtrace id", async () => {
    const { http, logs } = graph();
    const failure = await http.stream(new URL(`${base}/error-in-parts?mid=7`)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ metaCode: 100, fbtraceId: 'AbCdEf', httpStatus: 400 });
    expect(logs).toEqual([{
      method: 'GET', path: '/error-in-parts?mid=7', attempt: 1, status: 400, errorCode: (failure as { code: string }).code, fbtraceId: 'AbCdEf', durationMs: SERVER_MS,
    }]);
  });

  it('reads an endless error answer only as far as needed to explain it', async () => {
    const failure = await within(5000, graph().http.stream(new URL(`${base}/error-endless`)).catch((error: unknown) => error));
    expect(failure).toMatchObject({ code: 'meta_unavailable', httpStatus: 500 });
    expect((failure as { details: { body: string } }).details.body).toBe('x'.repeat(200));
  });

  it('stops reading an error answer at 64 KiB without waiting for more', async () => {
    const failure = await within(1500, graph({ timeoutMs: 3000 }).http.stream(new URL(`${base}/error-64k-then-stall`)).catch((error: unknown) => error));
    expect(failure).toMatchObject({ code: 'meta_unavailable', httpStatus: 500, details: { body: 'y'.repeat(200) } });
  });

  it('hands on the wait Meta asks for in Retry-After', async () => {
    await expect(graph().http.stream(new URL(`${base}/limited`))).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 7000 });
  });

  it('retries a download that reached nobody as a network error, and reports each attempt', async () => {
    const { http, logs } = graph({ fetch: unreachable, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const failure = await http.stream(new URL(`${base}/x?mid=7`)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'network_error', retryable: true });
    expect((failure as Error).message).toContain('Could not reach WhatsApp');
    expect(logs.map((log) => [log.path, log.attempt, log.errorCode, log.durationMs])).toEqual([['/x?mid=7', 1, 'network_error', SERVER_MS], ['/x?mid=7', 2, 'network_error', SERVER_MS]]);
  });

  it('says a download stopped by its signal was stopped, with the reason as its cause, and does not retry it', async () => {
    const { http, logs } = graph({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    const reason = new Error('the caller went away');
    const stop = new AbortController();
    stop.abort(reason);
    const failure = await http.stream(new URL(`${base}/untyped`), stop.signal).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'network_error', retryable: false, cause: reason });
    expect((failure as Error).message).toContain('download was stopped');
    expect(logs).toEqual([{ method: 'GET', path: '/untyped', attempt: 1, errorCode: 'network_error', durationMs: 0 }]);
    expect(seen).toEqual([]);
  });
});
