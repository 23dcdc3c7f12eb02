/**
 * One delivery attempt: the headers a subscriber verifies (Standard Webhooks and the deprecated Kaiku ones), what
 * each answer of the subscriber means (done, gone, retry and when), and deliveries to in-process sinks.
 */
import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { deliverEvent, deliveryHeaders, isPowerAutomate, isTestEvent, TEST_EVENT_PREFIX } from '../src/actions/deliver-event.js';
import type { DeliverDeps } from '../src/actions/deliver-event.js';
import { sealSigningSecrets } from '../src/actions/webhook-secrets.js';
import { SinkRegistry, SinkRetryError } from '../src/jobs/sinks.js';
import type { SinkEvent } from '../src/jobs/sinks.js';
import type { HttpPost } from '../src/jobs/http-post.js';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import type { Delivery, Subscription } from '../src/store/index.js';
import { inboundRecord } from './store-fixtures.js';

const secrets = createSecrets(generateEncryptionKey());
const SECRET = `whsec_${Buffer.from('a signing secret of thirty-two bytes!').toString('base64')}`;
const at = new Date('2026-11-25T12:00:00.900Z');

function subscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub_1', workspaceId: 'ws_1', event: 'inbound_message', targetUrl: 'https://hooks.example.com/kaiku', sink: null,
    secret: sealSigningSecrets(secrets, { current: SECRET, previous: null, previousUntil: null }), filter: null, source: 'api',
    createdAt: at, ...overrides,
  };
}

function delivery(sub: Subscription, eventId = 'evt_1'): Delivery & { subscription: Subscription } {
  return {
    id: 'dlv_1', subscriptionId: sub.id, workspaceId: sub.workspaceId, eventId, eventType: 'inbound_message', orderKey: 'k',
    payload: inboundRecord({ id: 'wamid.1' }), attempts: 0, nextAttemptAt: at, state: 'pending', lastError: null, createdAt: at, subscription: sub,
  };
}

function deps(post: HttpPost, extra: Partial<DeliverDeps> = {}): DeliverDeps {
  return { post, secrets, sinks: new SinkRegistry(), timeoutMs: 1500, now: () => at, ...extra };
}

const answering = (status: number, retryAfter: string | null = null): HttpPost => async () => ({ status, retryAfter });

describe('delivery headers', () => {
  it('signs per Standard Webhooks and the deprecated Kaiku scheme, with whole-second timestamps', () => {
    const body = '{"id":"wamid.1"}';
    const headers = deliveryHeaders(secrets, { eventId: 'evt_1', eventType: 'inbound_message' }, subscription(), at, body);
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`evt_1.1795608000.${body}`).digest('base64');
    expect(headers).toEqual({
      'content-type': 'application/json', 'user-agent': 'Kaiku-Webhooks/1', 'webhook-id': 'evt_1', 'webhook-timestamp': '1795608000',
      'kaiku-event-type': 'inbound_message', 'kaiku-event-id': 'evt_1', 'kaiku-timestamp': '1795608000',
      'webhook-signature': `v1,${expected}`,
      'kaiku-signature': `v1=${createHmac('sha256', SECRET).update(`1795608000.${body}`).digest('hex')}`,
    });
  });

  it('leaves the signatures out without a secret, and marks test events', () => {
    const headers = deliveryHeaders(secrets, { eventId: `${TEST_EVENT_PREFIX}abc`, eventType: 'message_status' }, { secret: null }, at, '{}');
    expect(headers['kaiku-test']).toBe('true');
    expect(headers['kaiku-event-type']).toBe('message_status');
    expect(headers).not.toHaveProperty('webhook-signature');
    expect(headers).not.toHaveProperty('kaiku-signature');
    expect(deliveryHeaders(secrets, { eventId: 'evt_x', eventType: 'inbound_message' }, { secret: null }, at, '{}')).not.toHaveProperty('kaiku-test');
  });

  it('knows test events by their id prefix only', () => {
    expect(isTestEvent('evt_test_123')).toBe(true);
    expect(isTestEvent('evt_123')).toBe(false);
    expect(isTestEvent('x_evt_test_123')).toBe(false);
  });
});

describe('Power Automate subscriptions', () => {
  it.each([
    ['its source', { source: 'power_automate', targetUrl: 'https://hooks.example.com/x' }, true],
    ['a Logic Apps host', { targetUrl: 'https://prod-12.westeurope.LOGIC.azure.com:443/workflows/1' }, true],
    ['a US government host', { targetUrl: 'https://x.logic.azure.us/w' }, true],
    ['a China host', { targetUrl: 'https://x.logic.azure.cn/w' }, true],
    ['a flow host', { targetUrl: 'https://x.flow.microsoft.com/w' }, true],
    ['a Power Platform host', { targetUrl: 'https://x.api.powerplatform.com/w' }, true],
    ['a look-alike host', { targetUrl: 'https://logic.azure.com.example.org/w' }, false],
    ['any other host', { targetUrl: 'https://hooks.zapier.com/x' }, false],
    ['a sink', { targetUrl: null, sink: 'hubspot', source: 'hubspot' }, false],
    ['an unreadable URL', { targetUrl: 'not a url' }, false],
  ])('are known by %s', (_label, overrides, expected) => {
    expect(isPowerAutomate(subscription(overrides))).toBe(expected);
  });
});

describe('what an answer means', () => {
  it('posts the record with the headers to the URL, with the timeout, and is done on 2xx', async () => {
    const calls: Array<{ url: string; headers: Record<string, string>; body: string; timeoutMs: number }> = [];
    const post: HttpPost = async (url, headers, body, timeoutMs) => {
      calls.push({ url, headers, body, timeoutMs });
      return { status: 204, retryAfter: null };
    };
    const sub = subscription();
    expect(await deliverEvent(deps(post), delivery(sub))).toEqual({ kind: 'done', status: 204 });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://hooks.example.com/kaiku');
    expect(calls[0]?.timeoutMs).toBe(1500);
    expect(JSON.parse(calls[0]?.body ?? '')).toMatchObject({ id: 'wamid.1' });
    expect(calls[0]?.headers['webhook-id']).toBe('evt_1');
    expect(calls[0]?.headers['webhook-signature']).toMatch(/^v1,/);
    expect(await deliverEvent(deps(answering(200)), delivery(sub))).toEqual({ kind: 'done', status: 200 });
    expect(await deliverEvent(deps(answering(299)), delivery(sub))).toEqual({ kind: 'done', status: 299 });
  });

  it('uses the workspace\'s own client when there is one', async () => {
    const asked: string[] = [];
    const postFor = async (workspaceId: string) => {
      asked.push(workspaceId);
      return answering(201);
    };
    expect(await deliverEvent(deps(answering(500), { postFor }), delivery(subscription()))).toEqual({ kind: 'done', status: 201 });
    expect(asked).toEqual(['ws_1']);
  });

  it('removes the subscription on 410, and on 404 only for Power Automate', async () => {
    expect(await deliverEvent(deps(answering(410)), delivery(subscription()))).toEqual({ kind: 'gone', reason: 'the subscriber answered 410 Gone', status: 410 });
    expect(await deliverEvent(deps(answering(404)), delivery(subscription({ source: 'power_automate' }))))
      .toEqual({ kind: 'gone', reason: 'Power Automate answered 404: the flow was removed', status: 404 });
    expect(await deliverEvent(deps(answering(404)), delivery(subscription()))).toEqual({ kind: 'retry', error: 'HTTP 404 from the subscriber', status: 404 });
  });

  it('does not follow redirects and says to subscribe with the final URL', async () => {
    for (const status of [300, 301, 308, 399]) {
      expect(await deliverEvent(deps(answering(status)), delivery(subscription()))).toEqual({
        kind: 'retry', error: `HTTP ${status}: the subscriber redirects, and Kaiku does not follow redirects; subscribe with the final URL`, status,
      });
    }
  });

  it('retries other answers, after Retry-After in seconds or as a date, never in the past', async () => {
    const sub = subscription();
    expect(await deliverEvent(deps(answering(199)), delivery(sub))).toEqual({ kind: 'retry', error: 'HTTP 199 from the subscriber', status: 199 });
    expect(await deliverEvent(deps(answering(400)), delivery(sub))).toEqual({ kind: 'retry', error: 'HTTP 400 from the subscriber', status: 400 });
    expect(await deliverEvent(deps(answering(503, '120')), delivery(sub))).toEqual({ kind: 'retry', error: 'HTTP 503 from the subscriber', status: 503, retryAfterMs: 120_000 });
    expect(await deliverEvent(deps(answering(429, '0')), delivery(sub))).toMatchObject({ retryAfterMs: 0 });
    expect(await deliverEvent(deps(answering(429, new Date(at.getTime() + 30_000).toUTCString())), delivery(sub))).toMatchObject({ retryAfterMs: 29_100 });
    expect(await deliverEvent(deps(answering(429, new Date(at.getTime() - 60_000).toUTCString())), delivery(sub))).toMatchObject({ retryAfterMs: 0 });
    expect(await deliverEvent(deps(answering(429, 'soon')), delivery(sub))).not.toHaveProperty('retryAfterMs');
  });

  it('retries after a timeout or a connection failure, saying which', async () => {
    const failing = (error: Error): HttpPost => async () => { throw error; };
    const named = (name: string) => Object.assign(new Error('gave up'), { name });
    expect(await deliverEvent(deps(failing(named('TimeoutError'))), delivery(subscription()))).toEqual({ kind: 'retry', error: 'no answer within 1500 ms' });
    expect(await deliverEvent(deps(failing(named('AbortError'))), delivery(subscription()))).toEqual({ kind: 'retry', error: 'no answer within 1500 ms' });
    expect(await deliverEvent(deps(failing(new Error('connect ECONNREFUSED 127.0.0.1:9'))), delivery(subscription())))
      .toEqual({ kind: 'retry', error: 'could not connect: connect ECONNREFUSED 127.0.0.1:9' });
  });

  it('sends nothing when the signing secret cannot be opened', async () => {
    let posted = false;
    const post: HttpPost = async () => {
      posted = true;
      return { status: 200, retryAfter: null };
    };
    const outcome = await deliverEvent(deps(post), delivery(subscription({ secret: createSecrets(generateEncryptionKey()).encrypt('{}') })));
    expect(outcome.kind).toBe('retry');
    expect(outcome).toMatchObject({ error: expect.stringContaining('the subscription\'s signing secret cannot be read, so nothing was sent: ') });
    expect(posted).toBe(false);
  });

  it('gives up on a subscription with neither URL nor sink', async () => {
    expect(await deliverEvent(deps(answering(200)), delivery(subscription({ targetUrl: null })))).toEqual({ kind: 'gone', reason: 'the subscription has neither a URL nor a sink' });
  });
});

describe('in-process sinks', () => {
  it('hands the event to the sink by name', async () => {
    const sinks = new SinkRegistry();
    const got: SinkEvent[] = [];
    sinks.register({ name: 'crm', deliver: async (event) => { got.push(event); } });
    const sub = subscription({ sink: 'crm', targetUrl: null });
    expect(await deliverEvent(deps(answering(500), { sinks }), delivery(sub))).toEqual({ kind: 'done' });
    expect(got).toEqual([{ workspaceId: 'ws_1', eventId: 'evt_1', eventType: 'inbound_message', record: expect.objectContaining({ id: 'wamid.1' }) }]);
  });

  it('retries when the sink is not running here or fails, after the time it asks for', async () => {
    const sinks = new SinkRegistry();
    const sub = subscription({ sink: 'crm', targetUrl: 'https://ignored.example.com' });
    expect(await deliverEvent(deps(answering(200), { sinks }), delivery(sub))).toEqual({ kind: 'retry', error: 'the in-process sink "crm" is not running in this process' });
    sinks.register({ name: 'crm', deliver: async () => { throw new SinkRetryError('rate limited', 10_000); } });
    expect(await deliverEvent(deps(answering(200), { sinks }), delivery(sub))).toEqual({ kind: 'retry', error: 'crm: rate limited', retryAfterMs: 10_000 });
    sinks.register({ name: 'crm', deliver: async () => { throw new Error('down'); } });
    expect(await deliverEvent(deps(answering(200), { sinks }), delivery(sub))).toEqual({ kind: 'retry', error: 'crm: down' });
  });
});
