/** Error answers as the client turns them into MetaApiError: without Meta's envelope, sparse envelopes, 5xx retryability, Retry-After forms. */
import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { GRAPH, PHONE_ID, testClient, VERSION, useNock } from './client-helpers.js';

const PATH = `/${VERSION}/${PHONE_ID}/messages`;
const text = { to: '+358401234567', type: 'text' as const, text: 'Hei' };
/** One attempt only: the error of the first answer is what the caller sees. */
const once = { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } };

useNock();

async function sendAnswered(status: number, body: string | object, headers: Record<string, string> = {}): Promise<unknown> {
  const { client } = testClient(once);
  nock(GRAPH).post(PATH).reply(status, body, headers);
  return client.sendMessage(PHONE_ID, text).catch((e: unknown) => e);
}

describe("answers without Meta's error envelope", () => {
  const NO_DESCRIPTION = "without an error description. Check the connection's base URL and version.";

  it.each([
    ['a 502 page', 502, '<html>Bad gateway</html>', 'meta_unavailable', true,
      'WhatsApp answered HTTP 502. Try again in a few minutes.', { body: '<html>Bad gateway</html>' }],
    ['an empty 429', 429, '', 'rate_limited', true, 'WhatsApp answered HTTP 429. Try again in a few minutes.', {}],
    ['an empty 401', 401, '', 'meta_auth_failed', false,
      'WhatsApp rejected the access token. Reconnect your WhatsApp account with a new token.', {}],
    ['a 404 page', 404, 'Not Found', 'meta_error', false, `WhatsApp answered HTTP 404 ${NO_DESCRIPTION}`, { body: 'Not Found' }],
    ['JSON without error', 400, { ok: false }, 'meta_error', false, `WhatsApp answered HTTP 400 ${NO_DESCRIPTION}`, {}],
    ['a null error', 400, { error: null }, 'meta_error', false, `WhatsApp answered HTTP 400 ${NO_DESCRIPTION}`, {}],
    ['an error that is a text', 400, { error: 'bad request' }, 'meta_error', false, `WhatsApp answered HTTP 400 ${NO_DESCRIPTION}`, {}],
    ['an error without a code', 400, { error: { message: 'Bad', type: 'OAuthException' } }, 'meta_error', false, `WhatsApp answered HTTP 400 ${NO_DESCRIPTION}`, {}],
  ])('%s', async (_label, status, body, code, retryable, message, details) => {
    const error = await sendAnswered(status, body);
    expect(error).toMatchObject({ name: 'MetaApiError', code, retryable, message, metaCode: 0, httpStatus: status });
    expect((error as { details: unknown }).details).toStrictEqual(details);
  });

  it('keeps only the first 200 characters of a long body', async () => {
    const page = `<html>${'x'.repeat(300)}</html>`;
    const error = await sendAnswered(503, page);
    expect(error).toMatchObject({ code: 'meta_unavailable', details: { body: page.slice(0, 200) } });
  });
});

describe("Meta's envelope", () => {
  const envelope = (code: number, extra: Record<string, unknown> = {}) => ({ error: { message: `(#${code}) failed`, type: 'OAuthException', code, fbtrace_id: 'T1', ...extra } });

  it('carries only the user title and message Meta sent in the details', async () => {
    const bare = await sendAnswered(400, envelope(100));
    expect((bare as { details: unknown }).details).toStrictEqual({ meta_message: '(#100) failed' });
    const full = await sendAnswered(400, envelope(100, { error_user_title: 'Invalid phone', error_user_msg: 'The number is too short.' }));
    expect((full as { details: unknown }).details).toStrictEqual({
      meta_message: '(#100) failed', meta_user_title: 'Invalid phone', meta_user_message: 'The number is too short.',
    });
  });

  it.each([
    ['an unknown code at 500 is retryable', 500, 99999, 'meta_error', true],
    ['an unknown code at 400 is not', 400, 99999, 'meta_error', false],
    ['an invalid request at 503 is not', 503, 100, 'meta_invalid_request', false],
  ])('%s', async (_label, status, metaCode, code, retryable) => {
    await expect(sendAnswered(status, envelope(metaCode))).resolves.toMatchObject({ code, metaCode, retryable, httpStatus: status });
  });
});

describe('Retry-After', () => {
  // The fake clock reads 1 000 000 ms after the epoch, i.e. Thu, 01 Jan 1970 00:16:40 GMT.
  it.each([
    ['seconds', '3', 3000],
    ['zero seconds', '0', 0],
    ['an HTTP date 5 s ahead', 'Thu, 01 Jan 1970 00:16:45 GMT', 5000],
    ['an HTTP date in the past', 'Thu, 01 Jan 1970 00:00:01 GMT', 0],
    ['Infinity', 'Infinity', undefined],
    ['a word', 'soon', undefined],
  ])('%s: %s', async (_label, header, expected) => {
    const error = await sendAnswered(429, '', { 'Retry-After': header });
    expect(error).toMatchObject({ code: 'rate_limited' });
    expect((error as { retryAfterMs: unknown }).retryAfterMs).toBe(expected);
  });
});
