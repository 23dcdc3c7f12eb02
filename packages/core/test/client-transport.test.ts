/**
 * The Graph client's transports over real loopback HTTP: Node's http with keep-alive (the default) and fetch.
 * A local server plays the far end, including the ones that never answer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { failedBeforeSending } from '../src/whatsapp/client-errors.js';
import { CloudApiClient } from '../src/whatsapp/client.js';
import { fetchTransport, nodeTransport, TransportTimeoutError } from '../src/whatsapp/transport.js';
import type { Transport } from '../src/whatsapp/transport.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  socket: number;
}

const seen: Seen[] = [];
const sockets = new Map<object, number>();
let server: Server;
let base: string;

function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size + 1);
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, socket: sockets.get(req.socket) ?? 0 });
  if (req.url?.startsWith('/silent')) return; // never answers
  if (req.url === '/stalled') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"partial":');
    return; // the body never ends
  }
  if (req.url === '/media') {
    res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    return;
  }
  if (req.url?.startsWith('/v24.0/106540352242922/messages')) {
    res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: '+358401234567', wa_id: '358401234567' }], messages: [{ id: 'wamid.T1' }] }));
    return;
  }
  res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7', 'x-two': ['a', 'b'] }).end('{"error":{"code":130429}}');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const transports: Array<[string, Transport]> = [['node http', nodeTransport()], ['fetch', fetchTransport(globalThis.fetch.bind(globalThis))]];

describe.each(transports)('the %s transport', (_name, transport) => {
  it('sends the method, headers and JSON body, and reads status, headers and body whole', async () => {
    seen.length = 0;
    const answer = await transport(new URL(`${base}/anything?x=1`), {
      method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"hei":"maailma ✓"}', timeoutMs: 2000,
    });
    expect({ status: answer.status, ok: answer.ok, text: answer.text() }).toEqual({ status: 429, ok: false, text: '{"error":{"code":130429}}' });
    expect(answer.header('Retry-After')).toBe('7');
    expect(answer.header('x-two')).toBe('a, b');
    expect(answer.header('x-missing')).toBeNull();
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/anything?x=1', headers: { authorization: 'Bearer t', 'content-length': '21' } });
    expect(seen[0]?.body.toString()).toBe('{"hei":"maailma ✓"}');
  });

  it('reads binary answers byte for byte', async () => {
    const answer = await transport(new URL(`${base}/media`), { method: 'GET', headers: {}, timeoutMs: 2000 });
    expect([...answer.bytes()]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(answer.header('content-type')).toBe('image/png');
  });

  it('encodes a FormData body as multipart with its boundary', async () => {
    seen.length = 0;
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('file', new Blob([Buffer.from('%PDF-1.7 kaiku')], { type: 'application/pdf' }), 'invoice.pdf');
    await transport(new URL(`${base}/upload`), { method: 'POST', headers: {}, body: form, timeoutMs: 2000 });
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(String(seen[0]?.headers['content-type']))?.[1];
    expect(boundary).toBeDefined();
    const body = seen[0]?.body.toString() ?? '';
    expect(body).toContain(`--${boundary}`);
    expect(body).toContain('name="messaging_product"\r\n\r\nwhatsapp');
    expect(body).toContain('filename="invoice.pdf"');
    expect(body).toContain('%PDF-1.7 kaiku');
  });

  it('gives up on a server that never answers, as a timeout after connecting', async () => {
    const started = Date.now();
    const failure = await transport(new URL(`${base}/silent`), { method: 'POST', headers: {}, body: '{}', timeoutMs: 150 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportTimeoutError);
    expect(failure).toMatchObject({ code: 'ETIMEDOUT' });
    expect(failedBeforeSending(failure)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('counts an answer whose body stalls as no answer', async () => {
    await expect(transport(new URL(`${base}/stalled`), { method: 'GET', headers: {}, timeoutMs: 150 })).rejects.toBeInstanceOf(TransportTimeoutError);
  });
});

describe('keep-alive and connection failures over node http', () => {
  it('reads but keeps no body when told to discard it', async () => {
    const answer = await nodeTransport()(new URL(`${base}/media`), { method: 'GET', headers: {}, timeoutMs: 2000, discardBody: true });
    expect({ status: answer.status, bytes: answer.bytes().length, type: answer.header('content-type') }).toEqual({ status: 200, bytes: 0, type: 'image/png' });
  });

  it('keeps the connection alive between calls', async () => {
    seen.length = 0;
    const transport = nodeTransport();
    // Node hands the socket back to the pool just after the body's end; a busy machine can take a moment.
    for (let i = 0; i < 3; i += 1) {
      await transport(new URL(`${base}/media`), { method: 'GET', headers: {}, timeoutMs: 2000 });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
  });

  it('reports a refused connection with its code, so that a send is safely retried', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = await nodeTransport()(new URL(`http://127.0.0.1:${port}/x`), { method: 'POST', headers: {}, body: '{}', timeoutMs: 2000 }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'ECONNREFUSED' });
    expect(failedBeforeSending(failure)).toBe(true);
  });

  it('classifies a timeout before the connection was made as not sent', () => {
    expect(failedBeforeSending(new TransportTimeoutError('CONNECT_TIMEOUT', 100))).toBe(true);
    expect(failedBeforeSending(new TransportTimeoutError('ETIMEDOUT', 100))).toBe(false);
  });
});

describe('the client over the default transport', () => {
  it('sends a message and reports a send that timed out as outcome_unknown', async () => {
    const client = new CloudApiClient({ baseUrl: base, version: 'v24.0', accessToken: 't', retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    await expect(client.sendMessage('106540352242922', { to: '+358401234567', type: 'text', text: 'Hei' })).resolves.toMatchObject({ messageId: 'wamid.T1', waId: '358401234567' });

    const silent = new CloudApiClient({ baseUrl: `${base}/silent`, version: '', accessToken: 't', timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    seen.length = 0;
    await expect(silent.sendMessage('x', { to: '+358401234567', type: 'text', text: 'Hei' })).rejects.toMatchObject({ code: 'outcome_unknown', retryable: false });
    expect(seen.filter((s) => s.url === '/silent/x/messages')).toHaveLength(1);
  });
});
