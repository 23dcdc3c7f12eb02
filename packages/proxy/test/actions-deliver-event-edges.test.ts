/**
 * One delivery attempt's edges: a Retry-After that is not a usable number of seconds (infinite, negative, a
 * decimal zero), a Power Automate flow answering other errors than 404, and a failing sink that asks no wait.
 */
import { describe, expect, it } from '@jest/globals';
import { deliverEvent } from '../src/actions/deliver-event.js';
import type { DeliverDeps } from '../src/actions/deliver-event.js';
import { SinkRegistry } from '../src/jobs/sinks.js';
import type { HttpPost } from '../src/jobs/http-post.js';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import type { Delivery, Subscription } from '../src/store/index.js';
import { inboundRecord } from './store-fixtures.js';

const secrets = createSecrets(generateEncryptionKey());
const at = new Date('2026-11-25T12:00:00.000Z');

function subscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub_1', workspaceId: 'ws_1', event: 'inbound_message', targetUrl: 'http://127.0.0.1:9/hook', sink: null,
    secret: null, filter: null, source: 'api', createdAt: at, ...overrides,
  };
}

function delivery(sub: Subscription): Delivery & { subscription: Subscription } {
  return {
    id: 'dlv_1', subscriptionId: sub.id, workspaceId: sub.workspaceId, eventId: 'evt_1', eventType: 'inbound_message', orderKey: 'k',
    payload: inboundRecord({ id: 'wamid.1' }), attempts: 0, nextAttemptAt: at, state: 'pending', lastError: null, createdAt: at, subscription: sub,
  };
}

function deps(post: HttpPost, extra: Partial<DeliverDeps> = {}): DeliverDeps {
  return { post, secrets, sinks: new SinkRegistry(), timeoutMs: 1500, now: () => at, ...extra };
}

const answering = (status: number, retryAfter: string | null = null): HttpPost => async () => ({ status, retryAfter });

describe('Retry-After', () => {
  it('ignores an infinite number of seconds', async () => {
    for (const header of ['Infinity', '1e400']) {
      const outcome = await deliverEvent(deps(answering(503, header)), delivery(subscription()));
      expect(outcome).toEqual({ kind: 'retry', error: 'HTTP 503 from the subscriber', status: 503 });
      expect(outcome).not.toHaveProperty('retryAfterMs');
    }
  });

  it('never waits a negative time for negative seconds', async () => {
    expect(await deliverEvent(deps(answering(429, '-5')), delivery(subscription()))).toEqual({ kind: 'retry', error: 'HTTP 429 from the subscriber', status: 429, retryAfterMs: 0 });
  });

  it('takes zero seconds written as a decimal as no wait', async () => {
    expect(await deliverEvent(deps(answering(429, '0.0')), delivery(subscription()))).toMatchObject({ retryAfterMs: 0 });
  });
});

describe('Power Automate flows', () => {
  it('are retried, not removed, on errors other than 404', async () => {
    const flow = subscription({ source: 'power_automate' });
    for (const status of [400, 500, 502]) {
      expect(await deliverEvent(deps(answering(status)), delivery(flow))).toEqual({ kind: 'retry', error: `HTTP ${status} from the subscriber`, status });
    }
  });
});

describe('in-process sinks', () => {
  it('leave the wait to the retry policy when a failing sink asks none', async () => {
    const sinks = new SinkRegistry();
    sinks.register({ name: 'crm', deliver: async () => { throw new Error('down'); } });
    const outcome = await deliverEvent(deps(answering(200), { sinks }), delivery(subscription({ sink: 'crm', targetUrl: null })));
    expect(outcome).toEqual({ kind: 'retry', error: 'crm: down' });
    expect(outcome).not.toHaveProperty('retryAfterMs');
  });
});
