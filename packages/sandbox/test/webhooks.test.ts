/** Webhook delivery like Meta's: retries with backoff, duplicates, the callback in force and its handshake. */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import type { DeliveryRecord } from '../src/index.js';
import { graph, WABA } from './graph.js';
import type { Receiver } from './receiver.js';
import { startReceiver } from './receiver.js';

const running: Array<{ stop: () => Promise<void> }> = [];
const receiverClose: Receiver[] = [];

afterEach(async () => {
  for (const item of running.splice(0)) await item.stop();
  for (const r of receiverClose.splice(0)) await r.close();
});

async function setup(options: Parameters<typeof startSandbox>[0], receiverOptions: Parameters<typeof startReceiver>[0] = {}): Promise<{ sandbox: RunningSandbox; receiver: Receiver }> {
  const receiver = await startReceiver(receiverOptions);
  receiverClose.push(receiver);
  const sandbox = await startSandbox({ callbackUrl: receiver.url, ...options });
  running.push(sandbox);
  return { sandbox, receiver };
}

async function customerSays(sandbox: RunningSandbox, waId: string, body: string): Promise<string> {
  const response = await fetch(`${sandbox.url}/_sandbox/customers/${waId}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'text', text: { body } }) });
  return ((await response.json()) as { id: string }).id;
}

async function deliveries(sandbox: RunningSandbox): Promise<DeliveryRecord[]> {
  return ((await (await fetch(`${sandbox.url}/_sandbox/webhooks`)).json()) as { data: DeliveryRecord[] }).data;
}

describe('redelivery', () => {
  it('retries a webhook the receiver refuses, with growing delays, until it answers 200', async () => {
    const { sandbox, receiver } = await setup({ retry: { baseDelayMs: 20, maxAttempts: 5 } }, { failFirst: 2 });
    const id = await customerSays(sandbox, '358400000301', 'retry me');
    await receiver.waitFor((all) => all.some((r) => r.status === 200), 'the accepted attempt');
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(receiver.received.map((r) => r.raw)).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.headers['x-hub-signature-256'])).size).toBe(1);
    expect(receiver.received[0]?.raw).toContain(id);
    const [record] = await deliveries(sandbox);
    expect(record?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(record?.delivered).toBe(true);
    const times = record?.attempts.map((a) => Date.parse(a.at)) ?? [];
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(40 - 5);
  });

  it('gives up after maxAttempts', async () => {
    const { sandbox, receiver } = await setup({ retry: { baseDelayMs: 5, maxAttempts: 3 } }, { failFirst: 100 });
    await customerSays(sandbox, '358400000302', 'nobody home');
    await receiver.waitFor((all) => all.length >= 3, 'three attempts');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(receiver.received).toHaveLength(3);
    expect((await deliveries(sandbox))[0]).toMatchObject({ delivered: false });
  });
});

describe('duplicates', () => {
  it('delivers the same event twice when duplicateRate is 1, so receivers must dedupe', async () => {
    const { sandbox, receiver } = await setup({ duplicateRate: 1 });
    const id = await customerSays(sandbox, '358400000303', 'twice');
    await receiver.waitFor((all) => all.length >= 2, 'two deliveries');
    expect(receiver.received.map((r) => r.body.entry[0]?.changes[0]?.value.messages?.[0]?.id)).toEqual([id, id]);
    expect((await deliveries(sandbox)).map((d) => d.duplicate).sort()).toEqual([false, true]);
  });
});

describe('the callback in force', () => {
  it('verifies a per-WABA override with a GET handshake, then delivers there; DELETE unsubscribes', async () => {
    const { sandbox, receiver: appLevel } = await setup({});
    const override = await startReceiver({ verifyToken: 'override-secret' });
    receiverClose.push(override);
    const subscribe = await graph(sandbox.url, 'POST', `/${WABA}/subscribed_apps`, { override_callback_uri: override.url, verify_token: 'override-secret' });
    expect(subscribe.body).toEqual({ success: true });
    expect(override.handshakes).toHaveLength(1);
    expect(override.handshakes[0]?.get('hub.mode')).toBe('subscribe');
    const listed = await graph(sandbox.url, 'GET', `/${WABA}/subscribed_apps`);
    expect(listed.body).toMatchObject({ data: [{ whatsapp_business_api_data: { name: 'Kaiku Sandbox App' }, override_callback_uri: override.url }] });

    const id = await customerSays(sandbox, '358400000304', 'to the override');
    await override.waitFor((all) => all.some((r) => r.raw.includes(id)), 'the webhook at the override');
    expect(appLevel.received).toHaveLength(0);

    expect((await graph(sandbox.url, 'DELETE', `/${WABA}/subscribed_apps`)).body).toEqual({ success: true });
    expect((await graph(sandbox.url, 'GET', `/${WABA}/subscribed_apps`)).body).toEqual({ data: [] });
    await customerSays(sandbox, '358400000304', 'nobody subscribed');
    expect(await deliveries(sandbox)).toHaveLength(1);

    expect((await graph(sandbox.url, 'POST', `/${WABA}/subscribed_apps`)).body).toEqual({ success: true });
    const back = await customerSays(sandbox, '358400000304', 'back to the app callback');
    await appLevel.waitFor((all) => all.some((r) => r.raw.includes(back)), 'the webhook at the app callback');
  });

  it("refuses an override whose handshake fails, with Meta's error, and keeps the old callback", async () => {
    const { sandbox } = await setup({});
    const override = await startReceiver({ verifyToken: 'expected' });
    receiverClose.push(override);
    const response = await graph(sandbox.url, 'POST', `/${WABA}/subscribed_apps`, { override_callback_uri: override.url, verify_token: 'wrong' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 2200 });
    expect(response.body.error?.message).toMatch(/^\(#2200\) Callback verification failed with the following errors: HTTP Status Code = 403/);
    expect((await graph(sandbox.url, 'GET', `/${WABA}/subscribed_apps`)).body).toEqual({ data: [{ whatsapp_business_api_data: expect.any(Object) }] });
    const unknownWaba = await graph(sandbox.url, 'GET', '/123/subscribed_apps');
    expect(unknownWaba.body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('sets the app-level callback from the control surface after a handshake, like the dashboard', async () => {
    const sandbox = await startSandbox({});
    running.push(sandbox);
    const receiver = await startReceiver({ verifyToken: 'dash-token' });
    receiverClose.push(receiver);
    const put = (body: unknown) => fetch(`${sandbox.url}/_sandbox/webhook`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put({ callback_url: receiver.url, verify_token: 'nope' })).status).toBe(400);
    expect((await put({ callback_url: receiver.url, verify_token: 'dash-token' })).status).toBe(200);
    expect(receiver.handshakes).toHaveLength(2);
    const id = await customerSays(sandbox, '358400000305', 'dashboard');
    await receiver.waitFor((all) => all.some((r) => r.raw.includes(id)), 'the webhook');
  });
});
