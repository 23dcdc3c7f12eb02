import { describe, expect, it } from '@jest/globals';
import type nock from 'nock';
import { useNock } from './nock-lifecycle.js';
import { retryAfterSeconds } from '../src/errors.js';
import app from '../src/index.js';
import { failure, proxy, run } from './helpers.js';

const perform = app.creates.send_template_message!.operation.perform;
const inputData = { template: '1234567890', to: '+358 40 123 4567', variables__1: 'Aino' };

function proxyError(code: string, message: string, details: Record<string, unknown> = {}): { error: Record<string, unknown> } {
  return { error: { code, message, details } };
}

interface Case {
  label: string;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  expected: { name: string; code?: string; status?: number; delay?: number; message: RegExp };
}

const cases: Case[] = [
  {
    label: 'window closed → AppError in Zapier\'s words: the time it closed and the Fallback Template field, no API field name',
    status: 409,
    body: proxyError('window_closed', 'Free-form replies are only allowed within 24 hours …, and it closed at 2026-01-02T09:30:12Z. Send an approved template instead, or give a fallback_template.', { closed_at: '2026-01-02T09:30:12Z', field: 'to' }),
    expected: { name: 'AppError', code: 'window_closed', status: 409, message: /^The 24-hour reply window with this customer closed at 2026-01-02T09:30:12Z.*Turn on a Fallback Template in this step/ },
  },
  {
    label: 'template not found → AppError pointing at the Template field instead of GET /v1/templates',
    status: 404,
    body: proxyError('template_not_found', 'There is no template "x" on this business number. Pick one from GET /v1/templates (names and language codes must match exactly).', { field: 'template' }),
    expected: { name: 'AppError', code: 'template_not_found', status: 404, message: /^This template is not available on the chosen business number\. Choose a template in the Template field/ },
  },
  {
    label: 'an unknown business number → AppError pointing at the Business Phone Number field',
    status: 404,
    body: proxyError('not_found', 'The business phone number id "1" is not connected to this workspace. Pick one from GET /v1/phone-numbers.', { field: 'phone_number_id' }),
    expected: { name: 'AppError', code: 'not_found', status: 404, message: /Choose one in the Business Phone Number field\.$/ },
  },
  {
    label: 'no consent → AppError with the proxy message',
    status: 403,
    body: proxyError('no_consent', 'This customer has not agreed to marketing messages; record their opt-in first.'),
    expected: { name: 'AppError', code: 'no_consent', status: 403, message: /not opted in to marketing messages[\s\S]*Request WhatsApp Consent action/ },
  },
  {
    label: 'template not approved → AppError',
    status: 422,
    body: proxyError('template_not_approved', 'The template "summer_sale" is PENDING, not approved by Meta yet.'),
    expected: { name: 'AppError', code: 'template_not_approved', status: 422, message: /PENDING/ },
  },
  {
    label: 'invalid number → AppError naming the number',
    status: 422,
    body: proxyError('invalid_phone', '"040 123" is not a complete phone number: write it with the country code, e.g. +358 40 123 4567.'),
    expected: { name: 'AppError', code: 'invalid_phone', status: 422, message: /country code/ },
  },
  {
    label: 'rejected API key → ExpiredAuthError telling to reconnect',
    status: 401,
    body: proxyError('unauthorized', 'This Kaiku API key is not valid (mistyped, revoked or from another installation). Create a new one with: pnpm kaiku key create.'),
    expected: { name: 'ExpiredAuthError', message: /^Kaiku did not accept this connection's API key\. Reconnect your Kaiku account in Zapier/ },
  },
  {
    label: '429 with Retry-After → ThrottledError with that delay and the proxy message',
    status: 429,
    headers: { 'Retry-After': '17' },
    body: proxyError('throughput_limited', 'Meta is limiting how fast this number may send; Zapier will retry.'),
    expected: { name: 'ThrottledError', delay: 17, message: /limiting how fast/ },
  },
  {
    label: 'Meta unavailable (503) without Retry-After → ThrottledError with the default delay',
    status: 503,
    body: proxyError('meta_unavailable', 'WhatsApp is temporarily unavailable.'),
    expected: { name: 'ThrottledError', delay: 60, message: /temporarily unavailable/ },
  },
  {
    label: 'an HTML 404 (wrong Kaiku URL) → AppError pointing at the connection',
    status: 404,
    body: '<html><body>Not Found</body></html>',
    headers: { 'Content-Type': 'text/html' },
    expected: { name: 'AppError', code: 'http_404', status: 404, message: /Check that the Kaiku URL/ },
  },
];

describe('error mapping', () => {
  useNock({ expectAllUsed: false });

  it.each(cases)('$label', async ({ status, body, headers, expected }) => {
    const scope = proxy().post('/v1/messages/template').reply(status, body as nock.Body, headers);
    const seen = await failure(run(perform, { inputData }));
    const { message, ...rest } = expected;
    expect(seen).toMatchObject(rest);
    expect(seen.message).toMatch(message);
    expect(scope.isDone()).toBe(true);
  });

  it('never shows a zap user an API path or a command', async () => {
    for (const [code, message, details] of [
      ['window_closed', 'Send an approved template instead, or give a fallback_template.', { closed_at: null }],
      ['unauthorized', 'Create a new one with: pnpm kaiku key create.', {}],
      ['template_not_found', 'Pick one from GET /v1/templates.', { field: 'template' }],
      ['not_found', 'Pick one from GET /v1/phone-numbers.', { field: 'phone_number_id' }],
      ['validation_failed', 'This workspace has no WhatsApp number connected yet. Connect one with: pnpm kaiku connection add.', { field: 'phone_number_id' }],
    ] as const) {
      proxy().post('/v1/messages/template').reply(code === 'unauthorized' ? 401 : 400, proxyError(code, message, details));
      const seen = await failure(run(perform, { inputData }));
      expect(seen.message).not.toMatch(/pnpm|\/v1\/|fallback_template/);
    }
  });

  it('never leaks the API key into an error message', async () => {
    proxy().post('/v1/messages/template').reply(500, 'oops');
    const seen = await failure(run(perform, { inputData }));
    expect(seen.name).toBe('AppError');
    expect(JSON.stringify(seen)).not.toContain('kaiku_test_0123456789abcdef');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T09:30:00Z');
    expect(retryAfterSeconds('5', now)).toBe(5);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 09:31:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds(undefined, now)).toBe(60);
    expect(retryAfterSeconds('soon', now)).toBe(60);
  });
});
