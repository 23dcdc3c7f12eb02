import { afterAll, afterEach, beforeAll } from '@jest/globals';
import nock from 'nock';
import { CloudApiClient } from '../src/whatsapp/client.js';
import type { CloudApiClientOptions } from '../src/whatsapp/client.js';
import { fakeClock } from './fake-clock.js';
import type { FakeClock } from './fake-clock.js';

/** The fake Graph host the unit tests intercept with nock (never resolved: net connect is disabled). */
export const GRAPH = 'https://graph.kaiku.test';
export const VERSION = 'v24.0';
export const TOKEN = 'EAAJtest-token';
export const PHONE_ID = '106540352242922';
export const WABA_ID = '102290129340398';

export { fakeClock } from './fake-clock.js';
export type { FakeClock } from './fake-clock.js';

/** A client pointed at the nock host with a fake clock. */
export function testClient(overrides: Partial<CloudApiClientOptions> = {}): { client: CloudApiClient; clock: FakeClock } {
  const clock = fakeClock();
  const client = new CloudApiClient({ baseUrl: GRAPH, version: VERSION, accessToken: TOKEN, clock, ...overrides });
  return { client, clock };
}

/** Meta's send answer for a recipient. */
export function sendAnswer(to: string, waId: string, id = 'wamid.HBgMMzU4NDAxMjM0NTY3FQIAERgSQzFFRjM3RTdBRjAwQjA2MzAxAA==') {
  return { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: waId }], messages: [{ id }] };
}

/** Intercepts one send and records the JSON body the client posted. */
export function captureSend(answer: object = sendAnswer('+358401234567', '358401234567')): { bodies: unknown[]; scope: nock.Scope } {
  const bodies: unknown[] = [];
  const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } })
    .post(`/${VERSION}/${PHONE_ID}/messages`, (body: unknown) => {
      bodies.push(body);
      return true;
    })
    .reply(200, answer);
  return { bodies, scope };
}

/**
 * Intercepts HTTP with nock for one test file and refuses real connections; afterwards restores the
 * worker's http module, so that later test files in the same jest worker reach their loopback servers.
 */
export function useNock(): void {
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  });
}
