/**
 * Errors in a connector's words: Power Automate runs no code, so its connector sets `Kaiku-Client: power-automate`
 * (a setheader policy) and the proxy answers in words that name the flow's fields. Code, status and details stay;
 * API users (no header, or a value the proxy does not map) keep the proxy's own message.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CLIENT_HEADER } from '@kaiku/shared/error-words';
import { startApiFixture } from './api-fixture.js';
import type { ApiFixture } from './api-fixture.js';

type ErrorBody = { error: { code: string; message: string; details: Record<string, unknown> } };

describe('error words per connector', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApiFixture();
  });
  afterAll(async () => api.stop());

  const errorOf = async (response: Response) => ({ status: response.status, error: ((await response.json()) as ErrorBody).error });
  const subscribe = (headers: Record<string, string>) => api.call('/v1/subscriptions/inbound_message', {
    method: 'POST', headers, body: JSON.stringify({ target_url: 'https://flow.example.com/callback', filter: { type: 'Image' } }),
  });

  it('answers Power Automate in its words, keeping the code, the status and the details', async () => {
    const api401 = await errorOf(await api.call('/v1/me', { key: 'kaiku_not-a-real-key' }));
    const flow401 = await errorOf(await api.call('/v1/me', { key: 'kaiku_not-a-real-key', headers: { [CLIENT_HEADER]: 'power-automate' } }));
    expect(api401.error.message).toMatch(/pnpm kaiku key create/);
    expect(flow401).toEqual({ status: 401, error: { ...api401.error, message: expect.stringContaining('Edit the Kaiku connection in Power Automate') } });
    expect(flow401.error.message).not.toMatch(/pnpm|\/v1\//);

    const apiFilter = await errorOf(await subscribe({}));
    const flowFilter = await errorOf(await subscribe({ 'kaiku-client': 'Power-Automate' }));
    expect(apiFilter.error.message).toContain('filter.type');
    expect(flowFilter).toEqual({ status: 422, error: { code: 'invalid_filter', details: apiFilter.error.details, message: expect.stringContaining('Choose a value from the dropdowns in the trigger\'s Filter') } });
  });

  it('keeps the proxy\'s message for a client it does not map, and for codes without words', async () => {
    const other = await errorOf(await api.call('/v1/me', { key: 'kaiku_not-a-real-key', headers: { [CLIENT_HEADER]: 'zapier' } }));
    expect(other.error.message).toMatch(/pnpm kaiku key create/);
    const malformed = await errorOf(await api.call('/v1/subscriptions', { method: 'POST', body: '{"event":', headers: { [CLIENT_HEADER]: 'power-automate' } }));
    expect(malformed).toMatchObject({ status: 400, error: { code: 'validation_failed', message: expect.stringContaining('not valid JSON') } });
  });
});
