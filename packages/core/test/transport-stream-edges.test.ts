/**
 * The stream transports of media downloads over real loopback HTTP: Node's http with its own keep-alive pool, and
 * a given fetch. A local server plays the far end, including one that never answers and one whose body stalls;
 * the tests abort when the server has seen the request, so no outcome depends on how fast the machine is.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventEmitter, getEventListeners, once } from 'node:events';
import http, { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { TransportTimeoutError } from '../src/whatsapp/transport.js';
import { fetchStreamTransport, nodeStreamTransport } from '../src/whatsapp/transport-stream.js';
import type { StreamTransport } from '../src/whatsapp/transport-stream.js';

const seen: Array<{ url: string; headers: IncomingMessage['headers'] }> = [];
/** Emits each request's path as it reaches the server. */
const arrivals = new EventEmitter();
let server: Server;
let base: string;

function handle(req: IncomingMessage, res: ServerResponse): void {
  seen.push({ url: req.url ?? '', headers: req.headers });
  arrivals.emit(req.url ?? '');
  const status = /^\/status\/(\d+)$/.exec(req.url ?? '');
  if (status) {
    res.writeHead(Number(status[1])).end();
    return;
  }
  switch (req.url) {
    case '/file':
      res.writeHead(200, { 'content-type': 'application/pdf', 'set-cookie': ['a=1', 'b=2'] }).end('a file');
      return;
    case '/redirect':
      res.writeHead(302, { location: '/elsewhere' }).end();
      return;
    case '/elsewhere':
      res.writeHead(200).end('followed');
      return;
    case '/empty':
      res.writeHead(204).end();
      return;
    case '/stalled':
      res.writeHead(200, { 'content-type': 'video/mp4' });
      res.write('first');
      return; // the body never ends
    default:
      return; // '/silent': never answers
  }
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

async function readAll(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves once the stream has closed: the point where the transports let go of the caller's signal. */
async function closed(body: Readable): Promise<void> {
  if (!body.closed) await once(body, 'close');
}

/** A port nobody listens on. */
async function refusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const url = (path: string) => new URL(`${base}${path}`);
const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

const transports: Array<[string, StreamTransport]> = [
  ['node http', nodeStreamTransport()],
  ['fetch', fetchStreamTransport(globalThis.fetch.bind(globalThis))],
];

describe.each(transports)('the %s stream transport', (_name, transport) => {
  it('sends the headers, hands on the body, and lets go of a long-lived signal when the body closes', async () => {
    seen.length = 0;
    const signal = new AbortController().signal;
    const answer = await transport(url('/file'), { headers: { authorization: 'Bearer t' }, timeoutMs: 2000, signal });
    expect([answer.status, answer.ok, answer.header('Content-Type')]).toEqual([200, true, 'application/pdf']);
    expect(answer.header('x-missing')).toBeNull();
    expect(await readAll(answer.body)).toBe('a file');
    await closed(answer.body);
    expect(abortListeners(signal)).toBe(0);
    expect(seen[0]?.headers.authorization).toBe('Bearer t');
  });

  it('does not follow a redirect: the 302 itself is the answer', async () => {
    seen.length = 0;
    const answer = await transport(url('/redirect'), { headers: {}, timeoutMs: 2000 });
    expect([answer.status, answer.ok, answer.header('location')]).toEqual([302, false, '/elsewhere']);
    answer.body.resume();
    expect(seen.map((s) => s.url)).toEqual(['/redirect']);
  });

  it('hands on an empty body for an answer without one', async () => {
    const answer = await transport(url('/empty'), { headers: {}, timeoutMs: 2000 });
    expect(answer.status).toBe(204);
    expect(await readAll(answer.body)).toBe('');
  });

  it('rejects at once, without a request, when the signal was aborted before the start', async () => {
    seen.length = 0;
    const stop = new AbortController();
    const reason = new Error('the client went away');
    stop.abort(reason);
    await expect(transport(url('/file'), { headers: {}, timeoutMs: 2000, signal: stop.signal })).rejects.toBe(reason);
    expect(seen).toHaveLength(0);
  });

  it("rejects with the signal's reason when it is aborted while waiting for the answer, and lets go of the signal", async () => {
    const stop = new AbortController();
    const reason = new Error('the client went away');
    arrivals.once('/silent', () => stop.abort(reason));
    await expect(transport(url('/silent'), { headers: {}, timeoutMs: 5000, signal: stop.signal })).rejects.toBe(reason);
    expect(abortListeners(stop.signal)).toBe(0);
  });

  it('gives up on a server that never answers, as a timeout', async () => {
    const failure = await transport(url('/silent'), { headers: {}, timeoutMs: 50 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportTimeoutError);
    expect(failure).toMatchObject({ code: 'ETIMEDOUT', message: expect.stringContaining('within 50 ms') });
  });

  it('rejects with the network error when the connection is refused', async () => {
    const port = await refusedPort();
    const failure = await transport(new URL(`http://127.0.0.1:${port}/x`), { headers: {}, timeoutMs: 2000 }).catch((error: unknown) => error);
    expect(JSON.stringify([failure, (failure as Error).cause], ['code'])).toContain('ECONNREFUSED');
  });
});

describe('the node http stream transport', () => {
  const transport = nodeStreamTransport();

  it('calls an answer ok only for a 2xx status', async () => {
    const ok: Record<string, boolean> = {};
    for (const status of [200, 299, 300, 404]) {
      const answer = await transport(url(`/status/${status}`), { headers: {}, timeoutMs: 2000 });
      answer.body.resume();
      ok[status] = answer.ok;
    }
    expect(ok).toEqual({ 200: true, 299: true, 300: false, 404: false });
  });

  it('calls a broken status below 100 not ok', async () => {
    const raw = createNetServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 099 Odd\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await transport(new URL(`http://127.0.0.1:${(raw.address() as AddressInfo).port}/`), { headers: {}, timeoutMs: 2000 });
      answer.body.resume();
      expect([answer.status, answer.ok]).toEqual([99, false]);
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('joins a header sent more than once with commas', async () => {
    const answer = await transport(url('/file'), { headers: {}, timeoutMs: 2000 });
    answer.body.resume();
    expect(answer.header('Set-Cookie')).toBe('a=1, b=2');
  });

  it("asks for a kept-alive connection from a pool of its own, not the process's default agent", async () => {
    // Made inside the test, so that mutation testing counts the pool's creation as covered by this test.
    const own = nodeStreamTransport();
    seen.length = 0;
    const answer = await own(url('/stalled'), { headers: {}, timeoutMs: 2000 });
    expect(seen[0]?.headers.connection).toBe('keep-alive');
    // While the body is still coming its socket is busy; the default agent must not be the one holding it.
    expect(Object.keys(http.globalAgent.sockets).filter((name) => name.startsWith(`127.0.0.1:${url('/').port}:`))).toEqual([]);
    answer.body.destroy();
  });

  it('sends the next download over the same connection once a body has been read', async () => {
    const own = nodeStreamTransport();
    const ports: number[] = [];
    const note = (req: IncomingMessage) => ports.push(req.socket.remotePort ?? -1);
    server.on('request', note);
    try {
      for (let i = 0; i < 2; i += 1) {
        const answer = await own(url('/file'), { headers: {}, timeoutMs: 2000 });
        await readAll(answer.body);
        // The socket goes back to the pool once the response has ended.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      server.off('request', note);
    }
    expect(ports).toHaveLength(2);
    expect(ports[1]).toBe(ports[0]);
  });

  it('ends a body that stalls between chunks with the time-out error on the body, not a hang', async () => {
    const answer = await transport(url('/stalled'), { headers: {}, timeoutMs: 50 });
    const error = await readAll(answer.body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportTimeoutError);
    expect(error).toMatchObject({ code: 'ETIMEDOUT' });
  }, 5000);

  it('ends the body with an error when the signal is aborted mid-download', async () => {
    const stop = new AbortController();
    const answer = await transport(url('/stalled'), { headers: {}, timeoutMs: 5000, signal: stop.signal });
    const reading = readAll(answer.body).catch((error: unknown) => error);
    const reason = new Error('the client went away');
    stop.abort(reason);
    expect(await reading).toBe(reason);
  }, 4000);

  it('rejects with an Error even when the signal is aborted with a reason that is not one', async () => {
    const stop = new AbortController();
    arrivals.once('/silent', () => stop.abort('not an Error'));
    await expect(transport(url('/silent'), { headers: {}, timeoutMs: 5000, signal: stop.signal })).rejects.toMatchObject({ message: 'aborted' });
  });
});

describe('the fetch stream transport', () => {
  it("ends the body with the signal's reason when it is aborted mid-download", async () => {
    const transport = fetchStreamTransport(globalThis.fetch.bind(globalThis));
    const stop = new AbortController();
    const reason = new Error('the client went away');
    const answer = await transport(url('/stalled'), { headers: {}, timeoutMs: 5000, signal: stop.signal });
    const reading = readAll(answer.body).catch((error: unknown) => error);
    stop.abort(reason);
    expect(await reading).toBe(reason);
  }, 4000);

  it('passes the fetch error on as it is, and lets go of the signal', async () => {
    const cut = new Error('socket hang up');
    const transport = fetchStreamTransport((async () => {
      throw cut;
    }) as typeof fetch);
    await expect(transport(url('/file'), { headers: {}, timeoutMs: 2000 })).rejects.toBe(cut);
    const signal = new AbortController().signal;
    await expect(transport(url('/file'), { headers: {}, timeoutMs: 2000, signal })).rejects.toBe(cut);
    expect(abortListeners(signal)).toBe(0);
  });

  it('stops the time limit once the headers are in, so a body read later is not cut off', async () => {
    let given: AbortSignal | undefined;
    const transport = fetchStreamTransport((async (_input: string | URL | Request, init?: RequestInit) => {
      given = init?.signal ?? undefined;
      return new Response('slowly read');
    }) as typeof fetch);
    const answer = await transport(url('/file'), { headers: {}, timeoutMs: 20 });
    // A timer of the same length set later fires after the transport's own would have.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(given?.aborted).toBe(false);
    expect(await readAll(answer.body)).toBe('slowly read');
  });
});
