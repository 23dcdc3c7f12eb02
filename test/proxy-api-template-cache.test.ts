/** Templates are listed from Meta at most once per cache period, and forgotten when Meta says one is gone. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

describe('template cache', () => {
  let kaiku: Kaiku;
  let listings = 0;
  beforeAll(async () => {
    const counting: typeof fetch = async (input, init) => {
      if ((init?.method ?? 'GET') === 'GET' && String(input).includes('/message_templates')) listings += 1;
      return fetch(input, init);
    };
    kaiku = await startKaiku({ fetch: counting, config: { templateCacheMs: 60_000 } });
  });
  afterAll(async () => {
    await kaiku.stop();
  });

  const send = (to: string) => kaiku.api('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to, template: 'order_confirmation', language: 'fi', variables: { 1: 'KA-3', 2: '3.00 EUR' } }) });

  it('lists once for many sends, and again after Meta answers that the template is gone', async () => {
    expect((await send('+358408880001')).status).toBe(200);
    expect((await send('+358408880002')).status).toBe(200);
    expect((await kaiku.api('/v1/templates')).status).toBe(200);
    expect(listings).toBe(1);

    const deleted = await fetch(`${kaiku.sandboxUrl}/v24.0/102290129340398/message_templates?name=order_confirmation`, { method: 'DELETE', headers: { authorization: 'Bearer sandbox-access-token' } });
    expect(deleted.status).toBe(200);
    const stale = await send('+358408880003');
    expect(stale.status).toBe(404);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('template_not_found');
    expect(listings).toBe(1);

    const fresh = await send('+358408880004');
    expect(fresh.status).toBe(404);
    expect(listings).toBe(2);
    expect(await kaiku.customer.messages('358408880003')).toHaveLength(0);
  });
});
