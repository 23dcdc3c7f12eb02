import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { loadSample } from '@kaiku/shared';
import { useNock } from './nock-lifecycle.js';
import app from '../src/index.js';
import { perform as statusPerform, performList as statusPerformList } from '../src/triggers/message-status-changed.js';
import { perform, performList } from '../src/triggers/new-inbound-message.js';
import { failure, proxy, run } from './helpers.js';

const inbound = loadSample('inbound-message') as Record<string, unknown>;
const image = loadSample('inbound-message.image') as Record<string, unknown>;
const status = loadSample('message-status') as Record<string, unknown>;
const failed = loadSample('message-status.failed') as Record<string, unknown>;
const targetUrl = 'https://hooks.zapier.com/hooks/standard/1234567/abcdef/';
const operation = app.triggers.new_inbound_message!.operation as { performSubscribe: unknown; performUnsubscribe: unknown };

const SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
/** A secret of an earlier version of this app (64 hex characters, used as raw key bytes). */
const LEGACY_SECRET = 'f'.repeat(64);

/** A delivery as Zapier hands it to `perform`: the parsed body plus the raw request with Http- headers, signed per Standard Webhooks. */
function delivery(record: Record<string, unknown>, secret: string | null, options: { tamper?: boolean; at?: Date } = {}): Record<string, unknown> {
  const content = JSON.stringify(record);
  const at = options.at ?? new Date();
  const headers: Record<string, string> = {
    'Content-Type': 'application/json', 'Http-Webhook-Id': 'evt_0123456789abcdef0123456789abcdef', 'Http-Webhook-Timestamp': String(Math.floor(at.getTime() / 1000)),
    'Http-Kaiku-Event-Type': 'inbound_message',
  };
  if (secret) {
    const key = secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(new Uint8Array(Buffer.from(secret)), { format: 'raw' });
    headers['Http-Webhook-Signature'] = key.sign(headers['Http-Webhook-Id'] ?? '', at, options.tamper === true ? `${content} ` : content);
  }
  return { cleanedRequest: record, rawRequest: { method: 'POST', content, headers }, subscribeData: { id: 'sub_1', secret } };
}

describe('instant triggers', () => {
  useNock({ expectAllUsed: true });

  it('subscribes the zap\'s target URL with the type filter and keeps the secret the proxy made; each zap gets its own subscription', async () => {
    const bodies: Record<string, unknown>[] = [];
    proxy()
      .post('/v1/subscriptions', (body: Record<string, unknown>) => (bodies.push(body), true))
      .times(2)
      .reply(201, (_uri, body) => ({
        id: `sub_${bodies.length}`, event: 'inbound_message', target_url: (body as { target_url: string }).target_url, created_at: '2026-01-01T09:30:12Z',
        secret: `whsec_${Buffer.alloc(32, bodies.length).toString('base64')}`,
      }));
    const first = await run<Record<string, unknown>>(operation.performSubscribe, { targetUrl, inputData: { type: 'image' } });
    const second = await run<Record<string, unknown>>(operation.performSubscribe, { targetUrl, inputData: {} });
    expect(bodies[0]).toEqual({ event: 'inbound_message', target_url: targetUrl, filter: { type: 'image' } });
    expect(bodies[1]).not.toHaveProperty('filter');
    expect(first).toMatchObject({ id: 'sub_1', secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` });
    expect(second).toMatchObject({ id: 'sub_2', secret: `whsec_${Buffer.alloc(32, 2).toString('base64')}` });
  });

  it('unsubscribes exactly the zap\'s own subscription', async () => {
    proxy().delete('/v1/subscriptions/sub_42').reply(204);
    await run(operation.performUnsubscribe, { subscribeData: { id: 'sub_42' } });
  });

  it('turns a signed delivery into a one-record list, unchanged (also for a zap subscribed by an earlier version)', async () => {
    expect(await run(perform, delivery(inbound, SECRET))).toEqual([inbound]);
    expect(await run(perform, delivery(inbound, LEGACY_SECRET))).toEqual([inbound]);
  });

  it('refuses a delivery whose signature does not match, a stale one, one signed with another secret, and one without a signature', async () => {
    const forged = await failure(run(perform, delivery(inbound, SECRET, { tamper: true })));
    expect(forged.name).toBe('HaltedError');
    expect(forged.message).toMatch(/did not come from your Kaiku server/);
    expect((await failure(run(perform, delivery(inbound, SECRET, { at: new Date(Date.now() - 6 * 60_000) })))).name).toBe('HaltedError');
    expect((await failure(run(perform, { ...delivery(inbound, LEGACY_SECRET), subscribeData: { id: 'sub_1', secret: SECRET } }))).name).toBe('HaltedError');
    const unsigned = { ...delivery(inbound, null), subscribeData: { id: 'sub_1', secret: SECRET } };
    expect((await failure(run(perform, unsigned))).name).toBe('HaltedError');
  });

  it('drops deliveries that do not match the zap\'s type filter', async () => {
    expect(await run(perform, { ...delivery(inbound, null), inputData: { type: 'image' } })).toEqual([]);
    expect(await run(perform, { ...delivery(image, null), inputData: { type: 'image' } })).toEqual([image]);
  });

  it('lists recent messages for "test trigger", with the filter, and falls back to the sample', async () => {
    proxy().get('/v1/messages/inbound').query({ limit: '10', type: 'image' }).reply(200, { data: [image] });
    expect(await run(performList, { inputData: { type: 'image' } })).toEqual([image]);
    proxy().get('/v1/messages/inbound').query({ limit: '10' }).reply(200, { data: [] });
    expect(await run(performList, {})).toEqual([inbound]);
  });

  it('status trigger: passes the statuses the zap asked for and drops the others', async () => {
    expect(await run(statusPerform, { ...delivery(status, null), inputData: { status: ['failed'] } })).toEqual([]);
    expect(await run(statusPerform, { ...delivery(failed, null), inputData: { status: ['failed'] } })).toEqual([failed]);
    expect(await run(statusPerform, delivery(status, null))).toEqual([status]);
    const otherNumber = { ...failed, phone_number_id: '999' };
    expect(await run(statusPerform, { ...delivery(otherNumber, null), inputData: { phone_number_id: String(status.phone_number_id) } })).toEqual([]);
  });

  it('status trigger: tests with the account\'s real recent statuses, and with the sample only when there are none', async () => {
    const recent = [{ ...failed, id: 'wamid.real2' }, { ...status, id: 'wamid.real1' }];
    proxy().get('/v1/messages/statuses').query({ limit: '100' }).reply(200, { data: recent });
    expect(await run(statusPerformList, {})).toEqual(recent);
    proxy().get('/v1/messages/statuses').query({ limit: '100' }).reply(200, { data: recent });
    expect(await run(statusPerformList, { inputData: { status: ['failed'] } })).toEqual([recent[0]]);
    proxy().get('/v1/messages/statuses').query({ limit: '100', phone_number_id: '555' }).reply(200, { data: [] });
    expect(await run(statusPerformList, { inputData: { phone_number_id: '555' } })).toEqual([status]);
  });

  it('subscribes a trigger limited to one business number with that number in the filter', async () => {
    const bodies: Record<string, unknown>[] = [];
    proxy().post('/v1/subscriptions', (body: Record<string, unknown>) => (bodies.push(body), true)).times(2)
      .reply(201, { id: 'sub_n', event: 'message_status', target_url: targetUrl, created_at: '2026-01-01T09:30:12Z' });
    const statusOperation = app.triggers.message_status_changed!.operation as { performSubscribe: unknown };
    await run(statusOperation.performSubscribe, { targetUrl, inputData: { phone_number_id: '106540352242923' } });
    await run(operation.performSubscribe, { targetUrl, inputData: { phone_number_id: '106540352242923', type: 'text' } });
    expect(bodies.map((b) => b.filter)).toEqual([{ phone_number_id: '106540352242923' }, { type: 'text', phone_number_id: '106540352242923' }]);
  });
});
