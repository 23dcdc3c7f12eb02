/**
 * Edges of asking a rule's URL: the one retry comes after a dropped connection only (never after a timeout or an
 * answer that is not HTTP), each fetch's time goes to `/metrics` under its outcome, host names resolve to public
 * addresses only for a workspace that may not reach this machine, and at most 16 connections go to one URL at a
 * time. Local servers play the URL; each test makes its own fetcher and metrics.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Server as TcpServer, Socket } from 'node:net';
import { createReplyFetcher } from '../src/actions/fetch-reply.js';
import { createMetrics } from '../src/metrics.js';
import type { Metrics } from '../src/metrics.js';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { inboundRecord } from './store-fixtures.js';

const secrets = createSecrets(generateEncryptionKey());
const now = new Date('2026-11-25T12:00:00.000Z');
const message = inboundRecord({ id: 'wamid.edges', text: 'Missä tilaukseni on?' });
const REPLY = JSON.stringify({ reply: { text: 'Tilauksesi on matkalla.' } });

const servers: Array<Server | TcpServer> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A URL on loopback; counts the connections and requests it gets, and answers as `handle` says. */
async function shop(handle: (request: IncomingMessage, response: ServerResponse) => void, onConnection: (socket: Socket, count: number) => void = () => undefined) {
  const seen = { connections: 0, requests: 0 };
  const server = createServer((request, response) => {
    seen.requests += 1;
    request.resume();
    handle(request, response);
  });
  server.on('connection', (socket: Socket) => {
    seen.connections += 1;
    onConnection(socket, seen.connections);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { seen, port: (server.address() as AddressInfo).port, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/reply` };
}

function answerReply(_request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(REPLY);
}

/** The histogram's count and sum of seconds for one outcome. */
async function fetchSeconds(metrics: Metrics, outcome: string): Promise<{ count: number; sum: number }> {
  const { values } = await metrics.replyFetchSeconds.get();
  const value = (suffix: string) => values.find((v) => v.metricName === `kaiku_reply_fetch_seconds_${suffix}` && v.labels.outcome === outcome)?.value ?? 0;
  return { count: value('count'), sum: value('sum') };
}

const fetcher = (metrics: Metrics = createMetrics({ processMetrics: false })) => createReplyFetcher({ secrets, metrics });

describe('the retry of a reply fetch', () => {
  it('tries once more when the connection is dropped before an answer, and takes the second answer', async () => {
    const url = await shop(answerReply, (socket, count) => {
      if (count === 1) socket.destroy();
    });
    expect(await fetcher()({ url: url.url }, message, now, true)).toEqual({ kind: 'reply', reply: { text: 'Tilauksesi on matkalla.' } });
    expect(url.seen).toEqual({ connections: 2, requests: 1 });
  });

  it('does not try again after a timeout', async () => {
    const url = await shop(() => undefined);
    expect(await fetcher()({ url: url.url, timeout_ms: 200, fallback_text: 'Hetki.' }, message, now, true))
      .toEqual({ kind: 'failed', error: 'no answer within 200 ms', fallback: { text: 'Hetki.' } });
    expect(url.seen.requests).toBe(1);
  });

  it('does not try again when the answer is not HTTP', async () => {
    let connections = 0;
    const garbled = createTcpServer((socket) => {
      connections += 1;
      socket.once('data', () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
    });
    servers.push(garbled);
    garbled.listen(0, '127.0.0.1');
    await once(garbled, 'listening');
    const result = await fetcher()({ url: `http://127.0.0.1:${(garbled.address() as AddressInfo).port}/reply` }, message, now, true);
    expect(result).toMatchObject({ kind: 'failed', fallback: null });
    expect(result.kind === 'failed' ? result.error : '').toMatch(/^could not connect: Parse Error/);
    expect(connections).toBe(1);
  });
});

describe('the metrics of reply fetches', () => {
  it('counts each fetch under its outcome, with its duration in seconds', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const fetchReply = fetcher(metrics);
    const url = await shop((request, response) => {
      if (request.url === '/none') response.writeHead(204).end();
      else if (request.url === '/broken') response.writeHead(500).end('down');
      else if (request.url === '/slow') return;
      else answerReply(request, response);
    });
    const at = (path: string) => url.url.replace('/reply', path);
    expect((await fetchReply({ url: at('/reply') }, message, now, true)).kind).toBe('reply');
    expect((await fetchReply({ url: at('/none') }, message, now, true)).kind).toBe('no_reply');
    expect(await fetchReply({ url: at('/broken') }, message, now, true)).toMatchObject({ kind: 'failed', error: 'the URL answered HTTP 500' });
    expect(await fetchReply({ url: at('/slow'), timeout_ms: 200 }, message, now, true)).toMatchObject({ kind: 'failed', error: 'no answer within 200 ms' });
    expect(await fetchReply({ url: at('/reply') }, message, now, false)).toMatchObject({ kind: 'failed', error: expect.stringContaining('127.0.0.1 is a private') as unknown as string });
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await fetchReply({ url: `http://127.0.0.1:${port}/reply` }, message, now, true)).toMatchObject({ kind: 'failed', error: expect.stringContaining('ECONNREFUSED') as unknown as string });

    expect((await fetchSeconds(metrics, 'reply')).count).toBe(1);
    expect((await fetchSeconds(metrics, 'no_reply')).count).toBe(1);
    expect((await fetchSeconds(metrics, 'bad_answer')).count).toBe(1);
    expect((await fetchSeconds(metrics, 'timeout')).count).toBe(1);
    expect((await fetchSeconds(metrics, 'error')).count).toBe(2);
    for (const outcome of ['reply', 'no_reply', 'bad_answer', 'error']) {
      const { sum } = await fetchSeconds(metrics, outcome);
      expect(sum).toBeGreaterThan(0);
      expect(sum).toBeLessThan(5);
    }
    const timeout = await fetchSeconds(metrics, 'timeout');
    expect(timeout.sum).toBeGreaterThanOrEqual(0.15);
    expect(timeout.sum).toBeLessThan(5);
  });
});

describe('the connections of reply fetches', () => {
  it('does not resolve a host name to this machine for a workspace that may only reach public addresses', async () => {
    const url = await shop(answerReply);
    const result = await fetcher()({ url: `http://localhost:${url.port}/reply` }, message, now, false);
    expect(result).toMatchObject({ kind: 'failed', fallback: null });
    expect(result.kind === 'failed' ? result.error : '').toMatch(/^could not connect: localhost resolves to .*private, loopback or link-local/);
    expect(url.seen).toEqual({ connections: 0, requests: 0 });
  });

  it('opens at most 16 connections to one URL at a time: a 17th request waits until one is free', async () => {
    // The URL holds /reply requests unanswered (they time out) and answers /last at once.
    const url = await shop((request, response) => {
      if (request.url === '/last') answerReply(request, response);
    });
    const fetchReply = fetcher();
    const settled: string[] = [];
    const held = Array.from({ length: 16 }, () => fetchReply({ url: url.url, timeout_ms: 300 }, message, now, true).then((result) => {
      settled.push('held');
      return result;
    }));
    const last = fetchReply({ url: url.url.replace('/reply', '/last'), timeout_ms: 10_000 }, message, now, true).then((result) => {
      settled.push('last');
      return result;
    });
    expect(await Promise.all(held)).toEqual(Array.from({ length: 16 }, () => ({ kind: 'failed', error: 'no answer within 300 ms', fallback: null })));
    expect(await last).toEqual({ kind: 'reply', reply: { text: 'Tilauksesi on matkalla.' } });
    // The 17th could only go once a held request gave up and freed its connection.
    expect(settled[0]).toBe('held');
    expect(url.seen.requests).toBe(17);
  });
});
