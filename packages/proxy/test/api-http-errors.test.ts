/** The HTTP edge of /v1: auth, rate limits, body size, malformed JSON, schema errors and the error shape. */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RateLimiter } from '../src/http/auth.js';
import { MemoryTokenBuckets } from '../src/store/token-bucket.js';
import { startApiFixture } from './api-fixture.js';
import type { ApiFixture } from './api-fixture.js';

type ErrorBody = { error: { code: string; message: string; details: Record<string, unknown> } };

async function errorOf(response: Response): Promise<ErrorBody['error']> {
  const body = (await response.json()) as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  return body.error;
}

describe('the /v1 HTTP edge', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApiFixture({ KAIKU_RATE_LIMIT_PER_MINUTE: '40', KAIKU_MAX_BODY_BYTES: '2048' });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('needs an API key, as Bearer or X-API-Key, and says how to get one', async () => {
    const missing = await api.call('/v1/me', { key: null });
    expect(missing.status).toBe(401);
    expect((await errorOf(missing)).message).toMatch(/pnpm kaiku key create/);
    const wrong = await api.call('/v1/me', { key: 'kaiku_not-a-real-key' });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).code).toBe('unauthorized');
    const malformed = await fetch(`${api.url}/v1/me`, { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
    const viaHeader = await fetch(`${api.url}/v1/me`, { headers: { 'x-api-key': api.apiKey } });
    expect(viaHeader.status).toBe(200);
    expect(await viaHeader.json()).toMatchObject({ workspace: { id: api.workspaceId, name: 'Fixture workspace' }, phone_numbers: [] });
  });

  it('answers a body over the limit with 413', async () => {
    const response = await api.call('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: `https://example.com/${'x'.repeat(4000)}` }) });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('payload_too_large');
  });

  it('answers malformed JSON with 400 and what to check', async () => {
    const response = await api.call('/v1/subscriptions', { method: 'POST', body: '{"event": "inbound_message",' });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'validation_failed', details: { reason: 'malformed_json' } });
  });

  it('rejects unknown fields and wrong values, naming the field', async () => {
    const unknown = await api.call('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'inbound_message', target_url: 'https://example.com/h', colour: 'red' }) });
    expect(unknown.status).toBe(400);
    expect(await errorOf(unknown)).toMatchObject({ code: 'validation_failed', details: { field: 'colour' } });

    const missing = await api.call('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: '+358401234567' }) });
    expect(missing.status).toBe(400);
    const error = await errorOf(missing);
    expect(error.details.field).toBe('template');
    expect(error.message).toContain('template');

    const wrongEnum = await api.call('/v1/subscriptions', { method: 'POST', body: JSON.stringify({ event: 'everything', target_url: 'https://example.com/h' }) });
    expect(await errorOf(wrongEnum)).toMatchObject({ details: { field: 'event' } });

    const notObject = await api.call('/v1/messages/template', { method: 'POST', body: '[1,2]' });
    expect(notObject.status).toBe(400);
  });

  it('answers a phone number that cannot be read with 422 naming the field', async () => {
    const response = await api.call('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: '12', template: 'order_update', language: 'en_US' }) });
    expect(response.status).toBe(422);
    expect(await errorOf(response)).toMatchObject({ code: 'invalid_phone', details: { field: 'to' } });
  });

  it('answers unknown paths with 404 in the same shape, and echoes a request id', async () => {
    const response = await api.call('/v1/nothing-here', { headers: { 'x-request-id': 'trace-123' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    expect((await errorOf(response)).code).toBe('not_found');
  });

  it('limits each key separately with 429 and Retry-After', async () => {
    const other = await api.addWorkspace('Busy workspace');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 45; i += 1) {
      const response = await api.call('/v1/subscriptions', { key: other.apiKey });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        expect((await errorOf(response)).code).toBe('rate_limited');
      } else {
        await response.arrayBuffer();
      }
    }
    // 40 per minute refill continuously: a slow machine may earn one more token during the loop.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(40);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(42);
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await api.call('/v1/subscriptions')).status).toBe(200);
  });
});

describe('GET /healthz', () => {
  it('answers 200 while the store works and 503 once it is gone', async () => {
    const api = await startApiFixture();
    try {
      expect(await (await fetch(`${api.url}/healthz`)).json()).toEqual({ status: 'ok', store: 'sqlite' });
      await api.runtime.store.close();
      const down = await fetch(`${api.url}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'unavailable', store: 'sqlite' });
    } finally {
      await api.proxy.stop();
      rmSync(api.dataDir, { recursive: true, force: true });
    }
  });
});

describe('RateLimiter', () => {
  it('allows the per-minute budget, then tells how long to wait, and refills continuously', async () => {
    let now = 0;
    const buckets = new MemoryTokenBuckets(() => now);
    const limiter = new RateLimiter(60, async (keyId, perMinute) => buckets.takeOrWait(keyId, perMinute, 60_000));
    for (let i = 0; i < 60; i += 1) await limiter.take('key-a');
    await expect(limiter.take('key-a')).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 1000 });
    await limiter.take('key-b');
    now += 1000;
    await limiter.take('key-a');
    await expect(limiter.take('key-a')).rejects.toThrow(/60 requests in a minute/);
  });
});
