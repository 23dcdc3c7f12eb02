import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { MetaApiError } from '../src/whatsapp/client-errors.js';
import type { GraphRequestLog } from '../src/whatsapp/client-http.js';
import { GRAPH, PHONE_ID, sendAnswer, testClient, TOKEN, VERSION, useNock } from './client-helpers.js';

const TO = '+358401234567';
const PATH = `/${VERSION}/${PHONE_ID}/messages`;
const text = { to: TO, type: 'text' as const, text: 'Hei' };

/** A socket failure as Node reports it (nock passes Error instances on to the request). */
function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function graphError(code: number, message: string, extra: Record<string, unknown> = {}) {
  return { error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, fbtrace_id: 'AbCdEfGh123', ...extra } };
}

useNock();

describe('Graph error envelope → MetaApiError', () => {
  it('carries code, subcode, type, fbtrace_id, details and HTTP status', async () => {
    const { client } = testClient();
    nock(GRAPH).post(PATH).reply(400, graphError(132000, 'Number of parameters does not match the expected number of params', {
      error_data: { messaging_product: 'whatsapp', details: 'body: number of localizable_params (1) does not match the expected number of params (3)' },
      error_subcode: 2494010,
    }));
    const error = await client.sendMessage(PHONE_ID, text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetaApiError);
    expect(error).toMatchObject({
      name: 'MetaApiError',
      code: 'template_variables_invalid',
      retryable: false,
      metaCode: 132000,
      metaSubcode: 2494010,
      metaType: 'OAuthException',
      fbtraceId: 'AbCdEfGh123',
      httpStatus: 400,
      details: { meta_details: 'body: number of localizable_params (1) does not match the expected number of params (3)' },
    });
    expect((error as MetaApiError).message).toMatch(/WhatsApp says: body: number of localizable_params/);
  });

  it('maps an expired token (190, subcode 463) to meta_auth_failed and never retries it', async () => {
    const { client, clock } = testClient();
    const scope = nock(GRAPH).post(PATH).once().reply(401, graphError(190, 'Error validating access token: Session has expired on Tuesday', { error_subcode: 463 }));
    await expect(client.sendMessage(PHONE_ID, text)).rejects.toMatchObject({ code: 'meta_auth_failed', metaCode: 190, metaSubcode: 463, httpStatus: 401 });
    expect(clock.sleeps).toEqual([]);
    scope.done();
  });

  it('maps an unknown object (100 / 33, GraphMethodException, no error_data)', async () => {
    const { client } = testClient();
    nock(GRAPH).get(`/${VERSION}/123/message_templates`).query(true).reply(400, {
      error: { message: "Unsupported get request. Object with ID '123' does not exist", type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'X' },
    });
    await expect(client.listTemplates('123')).rejects.toMatchObject({ code: 'meta_invalid_request', metaType: 'GraphMethodException', metaSubcode: 33 });
  });

  it('explains a 5xx without an envelope as unavailable and retryable', async () => {
    const { client, clock } = testClient({ retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 1000 } });
    nock(GRAPH).post(PATH).twice().reply(502, '<html>Bad gateway</html>');
    await expect(client.sendMessage(PHONE_ID, text)).rejects.toMatchObject({ code: 'meta_unavailable', retryable: true, httpStatus: 502 });
    expect(clock.sleeps).toEqual([50]);
  });
});

describe('retries', () => {
  it.each([
    [130429, 'throughput_limited'],
    [80007, 'rate_limited'],
    [4, 'rate_limited'],
    [131056, 'pair_rate_limited'],
    [131057, 'meta_unavailable'],
    [131000, 'meta_unavailable'],
    [131016, 'meta_unavailable'],
    [1, 'meta_unavailable'],
    [2, 'meta_unavailable'],
  ])('retries %i (%s) and succeeds', async (code) => {
    const { client, clock } = testClient();
    nock(GRAPH).post(PATH).reply(400, graphError(code, 'limited')).post(PATH).reply(200, sendAnswer(TO, '358401234567', 'wamid.OK'));
    await expect(client.sendMessage(PHONE_ID, text)).resolves.toMatchObject({ messageId: 'wamid.OK' });
    expect(clock.sleeps).toEqual([125]);
  });

  it.each([131047, 131026, 132001, 100, 131050, 190, 10])('never retries %i', async (code) => {
    const { client, clock } = testClient();
    const scope = nock(GRAPH).post(PATH).once().reply(400, graphError(code, 'no'));
    await expect(client.sendMessage(PHONE_ID, text)).rejects.toMatchObject({ metaCode: code, retryable: false });
    expect(clock.sleeps).toEqual([]);
    scope.done();
  });

  it('grows the backoff exponentially with full jitter and stops after maxAttempts', async () => {
    const { client, clock } = testClient({ retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 3000 } });
    const scope = nock(GRAPH).post(PATH).times(4).reply(500, graphError(131000, 'Something went wrong'));
    await expect(client.sendMessage(PHONE_ID, text)).rejects.toMatchObject({ code: 'meta_unavailable', httpStatus: 500 });
    expect(clock.sleeps).toEqual([500, 1000, 1500]);
    scope.done();
  });

  it('honours Retry-After in seconds', async () => {
    const { client, clock } = testClient();
    nock(GRAPH).post(PATH).reply(429, graphError(130429, 'Rate limit hit', { error_subcode: 2494055 }), { 'Retry-After': '3' })
      .post(PATH).reply(200, sendAnswer(TO, '358401234567'));
    await client.sendMessage(PHONE_ID, text);
    expect(clock.sleeps).toEqual([3000]);
  });

  it('gives up when Retry-After is beyond the time budget, keeping retryAfterMs for the caller', async () => {
    const { client, clock } = testClient({ retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 10_000 } });
    const scope = nock(GRAPH).post(PATH).once().reply(429, graphError(131056, 'pair rate limit hit'), { 'Retry-After': '60' });
    await expect(client.sendMessage(PHONE_ID, text)).rejects.toMatchObject({ code: 'pair_rate_limited', retryable: true, retryAfterMs: 60_000 });
    expect(clock.sleeps).toEqual([]);
    scope.done();
  });

  it('retries a send whose connection failed and reports network_error when the budget is spent', async () => {
    const { client, clock } = testClient({ retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 1000 } });
    nock(GRAPH).post(PATH).times(3).replyWithError(socketError('ECONNREFUSED', 'connect ECONNREFUSED'));
    await expect(client.sendMessage(PHONE_ID, text)).rejects.toMatchObject({ code: 'network_error', retryable: true });
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it('never repeats a send that may have reached WhatsApp: a reset after connecting is outcome_unknown', async () => {
    const { client, clock } = testClient({ retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 1000 } });
    const scope = nock(GRAPH).post(PATH).once().replyWithError(socketError('ECONNRESET', 'socket hang up'));
    await expect(client.sendMessage(PHONE_ID, text)).rejects.toMatchObject({
      code: 'outcome_unknown', retryable: false, details: { outcome_unknown: true },
      message: expect.stringMatching(/not known whether the message was sent/),
    });
    expect(clock.sleeps).toEqual([]);
    scope.done();
  });

  it('retries a reset on a read, which changes nothing at WhatsApp', async () => {
    const { client, clock } = testClient({ retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 1000 } });
    nock(GRAPH).get(`/${VERSION}/${PHONE_ID}`).replyWithError(socketError('ECONNRESET', 'socket hang up'))
      .get(`/${VERSION}/${PHONE_ID}`).query(true).reply(200, { id: PHONE_ID, display_phone_number: '15550001234', verified_name: 'Kaiku' });
    await expect(client.getPhoneNumber(PHONE_ID)).resolves.toMatchObject({ id: PHONE_ID });
    expect(clock.sleeps).toHaveLength(1);
  });

  it('reports every attempt to onRequest without the token', async () => {
    const logs: GraphRequestLog[] = [];
    const { client } = testClient({ onRequest: (log) => logs.push(log) });
    nock(GRAPH).post(PATH).reply(503, graphError(2, 'Service temporarily unavailable')).post(PATH).reply(200, sendAnswer(TO, '1'));
    await client.sendMessage(PHONE_ID, text);
    expect(logs.map(({ durationMs: _d, ...rest }) => rest)).toEqual([
      { method: 'POST', path: PATH, attempt: 1, status: 503, errorCode: 'meta_unavailable', fbtraceId: 'AbCdEfGh123' },
      { method: 'POST', path: PATH, attempt: 2, status: 200 },
    ]);
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
  });
});

describe('answers that are not what the Graph API sends', () => {
  it('explains a 200 without JSON as a configuration problem', async () => {
    const { client } = testClient({ retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    nock(GRAPH).post(PATH).reply(200, '<html>Welcome to nginx</html>', { 'content-type': 'text/html' });
    await expect(client.sendMessage(PHONE_ID, text)).rejects.toMatchObject({
      code: 'meta_error', message: "The WhatsApp API answered HTTP 200 without JSON. Check the connection's base URL and API version.",
    });
  });

  it('aborts an unanswered send after timeoutMs and reports that its outcome is unknown', async () => {
    const hanging: typeof fetch = (_url, init) => new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    });
    const { client } = testClient({ fetch: hanging, timeoutMs: 5, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    await expect(client.sendMessage(PHONE_ID, text)).rejects.toMatchObject({ code: 'outcome_unknown', retryable: false, message: expect.stringMatching(/timeout/i) });
  });
});
