/** Stopping the proxy lets a request in flight finish before the server closes (graceful shutdown). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

describe('graceful stop', () => {
  let kaiku: Kaiku;
  let slow = false;
  beforeAll(async () => {
    // Meta answers slowly while `slow` is set, so that a send is still in flight when the proxy stops.
    const delayed: typeof fetch = async (input, init) => {
      if (slow) await new Promise((resolve) => setTimeout(resolve, 700));
      return fetch(input, init);
    };
    kaiku = await startKaiku({ fetch: delayed });
  });
  afterAll(async () => {
    await kaiku.stop();
  });

  it('answers a send that was in flight when the stop began', async () => {
    slow = true;
    const oldUrl = kaiku.proxyUrl;
    const inFlight = kaiku.api('/v1/messages/template', {
      method: 'POST', body: JSON.stringify({ to: '+358402240001', template: 'order_confirmation', language: 'en_US', variables: { 1: 'KA-3', 2: '3 EUR' } }),
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const restarted = kaiku.restartProxy();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ wa_id: '358402240001' });
    await restarted;
    slow = false;
    // The old server no longer takes requests.
    await expect(fetch(`${oldUrl}/healthz`)).rejects.toThrow();
  });
});
