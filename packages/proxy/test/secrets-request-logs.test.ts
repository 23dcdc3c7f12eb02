/**
 * The proxy's own request logs, over real HTTP at info level: a request id and the path on every line; never
 * the API key, the webhook verify token, a signature or what a message says.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../src/logger.js';
import { startApiFixture } from './api-fixture.js';
import type { ApiFixture } from './api-fixture.js';

describe('request logs', () => {
  const lines: string[] = [];
  let api: ApiFixture;
  beforeAll(async () => {
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    api = await startApiFixture({}, {}, { logger });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('logs one line per request with its id, and no secrets or message content', async () => {
    await api.call('/v1/messages/template', {
      method: 'POST', headers: { 'x-request-id': 'req-42' },
      body: JSON.stringify({ to: '+358401234567', template: 'order_update', language: 'en_US', variables: { first_name: 'Secret Santa' } }),
    });
    await api.call('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: '+358401234567', text: 'my card number is 4242 4242' }) });
    await fetch(`${api.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=super-secret-verify&hub.challenge=123`);
    await fetch(`${api.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'x-hub-signature-256': 'sha256=deadbeef' }, body: '{"object":"whatsapp_business_account","entry":[]}' });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const text = lines.join('');
    const requests = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'request');
    expect(requests.find((entry) => entry.request_id === 'req-42')).toMatchObject({ method: 'POST', path: '/v1/messages/template', status: expect.any(Number) });
    expect(requests.every((entry) => typeof entry.request_id === 'string')).toBe(true);
    for (const secret of [api.apiKey, 'super-secret-verify', 'deadbeef', 'Secret Santa', '4242 4242']) expect(text).not.toContain(secret);
  });
});
