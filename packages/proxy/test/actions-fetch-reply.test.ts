/**
 * Asking a rule's URL what to answer: the signed POST of the inbound record, what each answer means (a reply, 204
 * for none, anything else a failure with the rule's fallback), one retry after a refused connection, and the
 * public-only connections of workspaces that may not reach this machine. A local server plays the URL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReplyFetcher, DEFAULT_FETCH_TIMEOUT_MS } from '../src/actions/fetch-reply.js';
import type { FetchAction } from '../src/actions/fetch-reply.js';
import { sealSigningSecrets } from '../src/actions/webhook-secrets.js';
import { createMetrics } from '../src/metrics.js';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import { inboundRecord } from './store-fixtures.js';

const secrets = createSecrets(generateEncryptionKey());
const fetchReply = createReplyFetcher({ secrets, metrics: createMetrics({ processMetrics: false }) });
const SECRET = `whsec_${Buffer.from('thirty-two bytes of signing key!').toString('base64')}`;
const now = new Date('2026-11-25T12:00:00.000Z');
const message = inboundRecord({ id: 'wamid.ask', text: 'Missä tilaukseni on?' });

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;
let handler: Handler = (_request, _body, response) => response.end();
const seen: Array<{ headers: IncomingMessage['headers']; body: string; method: string | undefined }> = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      seen.push({ headers: request.headers, body, method: request.method });
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/reply`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function answer(status: number, body = '', contentType = 'application/json'): Handler {
  return (_request, _body, response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  };
}

const action = (extra: Partial<FetchAction> = {}): FetchAction => ({ url, ...extra });

describe('a rule\'s reply URL', () => {
  it('gets the inbound record, signed like a delivery, and its reply is sent', async () => {
    handler = answer(200, JSON.stringify({ reply: { text: 'Tilauksesi on matkalla.' } }));
    seen.length = 0;
    const sealed = sealSigningSecrets(secrets, { current: SECRET, previous: null, previousUntil: null });
    expect(await fetchReply(action({ secret: sealed }), message, now, true)).toEqual({ kind: 'reply', reply: { text: 'Tilauksesi on matkalla.' } });
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(JSON.parse(request?.body ?? '')).toEqual(message);
    expect(request?.headers['kaiku-event-type']).toBe('inbound_message');
    expect(request?.headers['webhook-id']).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(request?.headers['webhook-timestamp']).toBe(String(now.getTime() / 1000));
    expect(request?.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('sends unsigned without a secret', async () => {
    handler = answer(204);
    seen.length = 0;
    expect(await fetchReply(action(), message, now, true)).toEqual({ kind: 'no_reply' });
    expect(seen[0]?.headers).not.toHaveProperty('webhook-signature');
  });

  it.each([
    ['an error status', answer(500, '{"reply":{"text":"x"}}'), 'the URL answered HTTP 500'],
    ['a 201', answer(201, '{"reply":{"text":"x"}}'), 'the URL answered HTTP 201'],
    ['no JSON', answer(200, 'Hei', 'text/plain'), 'the answer is not JSON; send {"reply": {"text": "…"}} or 204'],
    ['JSON null', answer(200, 'null'), 'the answer has no "reply" object; send {"reply": {"text": "…"}} or 204'],
    ['no reply', answer(200, '{"text":"Hei"}'), 'the answer has no "reply" object; send {"reply": {"text": "…"}} or 204'],
    ['a null reply', answer(200, '{"reply":null}'), 'the answer has no "reply" object; send {"reply": {"text": "…"}} or 204'],
    ['a text reply', answer(200, '{"reply":"Hei"}'), 'the answer has no "reply" object; send {"reply": {"text": "…"}} or 204'],
  ])('fails on %s, with the fallback text when the rule has one', async (_label, respond, error) => {
    handler = respond;
    expect(await fetchReply(action({ fallback_text: 'Palaamme pian.' }), message, now, true)).toEqual({ kind: 'failed', error, fallback: { text: 'Palaamme pian.' } });
    expect(await fetchReply(action(), message, now, true)).toEqual({ kind: 'failed', error, fallback: null });
  });

  it('fails on a reply WhatsApp would refuse, saying why', async () => {
    handler = answer(200, JSON.stringify({ reply: { text: 'x'.repeat(5000) } }));
    const result = await fetchReply(action(), message, now, true);
    expect(result).toMatchObject({ kind: 'failed', fallback: null });
    expect(result.kind === 'failed' ? result.error : '').toMatch(/^the reply cannot be sent: .*4096/);
  });

  it('gives up after the rule\'s timeout', async () => {
    handler = () => undefined;
    expect(await fetchReply(action({ timeout_ms: 200, fallback_text: 'Hetki.' }), message, now, true))
      .toEqual({ kind: 'failed', error: 'no answer within 200 ms', fallback: { text: 'Hetki.' } });
    expect(DEFAULT_FETCH_TIMEOUT_MS).toBe(5000);
  });

  it('tries a refused connection once more, then says it could not connect', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await fetchReply({ url: `http://127.0.0.1:${port}/reply` }, message, now, true);
    expect(result).toMatchObject({ kind: 'failed', fallback: null });
    expect(result.kind === 'failed' ? result.error : '').toMatch(/^could not connect: .*ECONNREFUSED/);
  });

  it('does not reach this machine for a workspace that may only reach public addresses', async () => {
    handler = answer(200, JSON.stringify({ reply: { text: 'x' } }));
    seen.length = 0;
    expect(await fetchReply(action({ fallback_text: 'Hetki.' }), message, now, false)).toEqual({
      kind: 'failed', error: 'could not connect: 127.0.0.1 is a private, loopback or link-local address; replies are only fetched from public addresses', fallback: { text: 'Hetki.' },
    });
    const port = new URL(url).port;
    const byName = await fetchReply({ url: `http://localhost:${port}/reply` }, message, now, false);
    expect(byName).toMatchObject({ kind: 'failed', fallback: null });
    expect(byName.kind === 'failed' ? byName.error : '').toMatch(/^could not connect: localhost resolves to .*private, loopback or link-local/);
    const ipv6 = await fetchReply({ url: 'http://[::1]:9/reply' }, message, now, false);
    expect(ipv6).toMatchObject({ kind: 'failed', error: expect.stringContaining('could not connect: ::1 is a private') });
    expect(seen).toEqual([]);
  });
});
