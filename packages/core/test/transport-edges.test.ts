/**
 * The transports' edges over real loopback HTTP: their time-limit errors, the node transport's connection
 * options (a connection limit, a resolver of host names), answers cut short, and headers sent twice.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { fetchTransport, nodeTransport, TransportTimeoutError } from '../src/whatsapp/transport.js';

const sockets = new Map<object, number>();
const seenSockets: number[] = [];
let server: Server;
let port: number;
let base: string;

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size + 1);
  seenSockets.push(sockets.get(req.socket) ?? 0);
  if (req.url === '/silent') return; // never answers
  if (req.url === '/slow') {
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('slow'), 60);
    return;
  }
  if (req.url === '/cut') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"partial":');
    setTimeout(() => req.socket.destroy(), 20); // the connection breaks before the promised 100 bytes
    return;
  }
  if (req.url === '/cookies') {
    res.writeHead(200, { 'set-cookie': ['a=1', 'b=2'] }).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' }).end(`host ${req.headers.host ?? ''}`);
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A resolver that answers every name with the loopback address, or refuses it, or never answers. */
function loopbackLookup(behaviour: 'answer' | 'refuse' | 'never' = 'answer'): LookupFunction & { names: string[] } {
  const names: string[] = [];
  const lookup = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    names.push(hostname);
    if (behaviour === 'never') return;
    if (behaviour === 'refuse') {
      callback(Object.assign(new Error(`refused to resolve ${hostname}`), { code: 'EREFUSED_BY_TEST' }));
      return;
    }
    if (options.all === true) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  }) as unknown as LookupFunction;
  return Object.assign(lookup, { names });
}

describe('time limits', () => {
  it('says a connection could not be made within the limit when none was made', async () => {
    const lookup = loopbackLookup('never');
    const failure = await nodeTransport({ lookup })(new URL(`http://graph.kaiku.test:${port}/x`), { method: 'GET', headers: {}, timeoutMs: 100 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportTimeoutError);
    expect(failure).toMatchObject({ code: 'CONNECT_TIMEOUT', name: 'TimeoutError', message: 'could not connect within 100 ms' });
    expect(lookup.names).toEqual(['graph.kaiku.test']);
  });

  it('says no complete answer came within the limit when connected', async () => {
    const failure = await nodeTransport()(new URL(`${base}/silent`), { method: 'GET', headers: {}, timeoutMs: 120 }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'ETIMEDOUT', name: 'TimeoutError', message: 'no complete answer within 120 ms (timeout)' });
  });

  it('stops the time limit of a fetch once its answer is read', async () => {
    let signal: AbortSignal | undefined;
    const fake = (async (_input: string | URL | Request, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return new Response('done');
    }) as typeof fetch;
    const answer = await fetchTransport(fake)(new URL(`${base}/x`), { method: 'GET', headers: {}, timeoutMs: 30 });
    expect(answer.text()).toBe('done');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(signal?.aborted).toBe(false);
  });
});

describe('connections of the node transport', () => {
  it('resolves host names with the given lookup', async () => {
    const lookup = loopbackLookup();
    const answer = await nodeTransport({ lookup })(new URL(`http://graph.kaiku.test:${port}/x`), { method: 'GET', headers: {}, timeoutMs: 2000 });
    expect(answer.text()).toBe(`host graph.kaiku.test:${port}`);
    expect(lookup.names).toEqual(['graph.kaiku.test']);
  });

  it("fails with the lookup's error when it refuses a name", async () => {
    const lookup = loopbackLookup('refuse');
    await expect(nodeTransport({ lookup })(new URL(`http://graph.kaiku.test:${port}/x`), { method: 'GET', headers: {}, timeoutMs: 2000 }))
      .rejects.toMatchObject({ code: 'EREFUSED_BY_TEST', message: 'refused to resolve graph.kaiku.test' });
  });

  it('opens no more connections than maxSockets, queueing the rest', async () => {
    const request = { method: 'GET' as const, headers: {}, timeoutMs: 2000 };
    const limited = nodeTransport({ maxSockets: 1 });
    seenSockets.length = 0;
    await Promise.all([limited(new URL(`${base}/slow`), request), limited(new URL(`${base}/slow`), request)]);
    expect(new Set(seenSockets).size).toBe(1);

    const unlimited = nodeTransport();
    seenSockets.length = 0;
    await Promise.all([unlimited(new URL(`${base}/slow`), request), unlimited(new URL(`${base}/slow`), request)]);
    expect(new Set(seenSockets).size).toBe(2);
  });
});

describe('answers of the node transport', () => {
  it('fails at once with the connection error when the answer is cut short', async () => {
    const started = Date.now();
    const failure = await nodeTransport()(new URL(`${base}/cut`), { method: 'GET', headers: {}, timeoutMs: 3000 }).catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(TransportTimeoutError);
    expect(failure).toMatchObject({ code: 'ECONNRESET' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('joins a header sent more than once with commas', async () => {
    const answer = await nodeTransport()(new URL(`${base}/cookies`), { method: 'GET', headers: {}, timeoutMs: 2000 });
    expect(answer.header('Set-Cookie')).toBe('a=1, b=2');
  });
});
