/**
 * The Zapier app end to end: zapier-platform-core's app tester against the real proxy and sandbox over
 * loopback. A small local server plays Zapier's hook URL.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadSchema } from '@kaiku/shared';
import app from '@kaiku/zapier';
import { createRunner } from '@kaiku/zapier/testing';
import type { AppRunner, PlainInputField } from '@kaiku/zapier/testing';
import { fieldProblems } from '../packages/zapier/test/style-lint.js';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

/** One POST the hook server received, as Zapier would hand it to `perform`. */
interface Delivery {
  cleanedRequest: Record<string, unknown>;
  rawRequest: { method: string; content: string; headers: Record<string, string> };
}

/** Zapier's naming of delivered headers: `kaiku-signature` → `Http-Kaiku-Signature`. */
function zapierHeaders(request: IncomingMessage): Record<string, string> {
  const camel = (name: string) => name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('-');
  return Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [`Http-${camel(name)}`, String(value)]));
}

/** A stand-in for Zapier's hook URL that records what Kaiku delivers and answers with `status` (410 = zap turned off). */
async function startHookServer(status = 200): Promise<{ url: string; deliveries: Delivery[]; server: Server }> {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const content = Buffer.concat(chunks).toString('utf8');
      deliveries.push({ cleanedRequest: JSON.parse(content) as Record<string, unknown>, rawRequest: { method: request.method ?? 'POST', content, headers: zapierHeaders(request) } });
      response.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"status":"success"}' : '{"status":"unsubscribed"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/standard/1/abc/`, deliveries, server };
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; code?: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const { name, message } = error as Error;
    try {
      return { name, ...(JSON.parse(message) as { message: string; code?: string; status?: number }) };
    } catch {
      return { name, message };
    }
  }
  throw new Error('Expected the step to fail, but it succeeded.');
}

describe.each(['sqlite', 'postgres'] as const)('the Zapier app against the real proxy and sandbox (%s store)', (store) => {
  let kaiku: Kaiku;
  let hooks: Awaited<ReturnType<typeof startHookServer>>;
  let run: AppRunner;
  const creates = app.creates;
  /** A trigger's operation with its methods reachable by name. */
  const trigger = (key: string) => app.triggers[key]!.operation as unknown as Record<string, unknown>;

  beforeAll(async () => {
    kaiku = await startKaiku({ workspaceName: 'Acme Oy', store });
    hooks = await startHookServer();
    run = createRunner({ base_url: kaiku.proxyUrl, api_key: kaiku.apiKey });
  });
  afterAll(async () => {
    hooks.server.closeAllConnections();
    await new Promise<void>((resolve) => hooks.server.close(() => resolve()));
    await kaiku.stop();
  });

  async function templateId(name: string): Promise<string> {
    const choices = await run<{ id: string; name: string; template_name: string; language: string }[]>(trigger('template_list').perform);
    const choice = choices.find((item) => item.template_name === name && item.language === 'en_US');
    if (!choice) throw new Error(`The sandbox has no approved ${name} (en_US).`);
    expect(choice.name).toMatch(new RegExp(`^${name} \\(en_US\\) — (UTILITY|MARKETING)$`));
    return choice.id;
  }

  it('tests the connection and labels it with the workspace and its WhatsApp number', async () => {
    const me = await run<Record<string, unknown>>(app.authentication!.test);
    const label = await run<string>(app.authentication!.connectionLabel, { inputData: me });
    expect(label).toBe('Acme Oy (+15550001234)');
    const wrongKey = await failure(run(app.authentication!.test, { authData: { base_url: kaiku.proxyUrl, api_key: 'not-a-key' } }));
    expect(wrongKey.name).toBe('ExpiredAuthError');
    expect(wrongKey.message).toMatch(/Reconnect your Kaiku account/);
  });

  it('New Inbound Message: subscribes, receives the customer\'s message at the hook URL, maps and lists it', async () => {
    const operation = trigger('new_inbound_message');
    const subscribeData = await run<{ id: string; secret: string }>(operation.performSubscribe, { targetUrl: hooks.url });
    const { id } = await kaiku.customer.send('358401234567', { type: 'text', text: { body: 'Hei' }, profile_name: 'Aino Virtanen' });
    const delivery = await eventually(async () => hooks.deliveries.find((item) => item.cleanedRequest.id === id), 10_000, 'the hook delivery');
    expect(delivery.rawRequest.headers['Http-Kaiku-Event-Type']).toBe('inbound_message');
    expect(delivery.rawRequest.headers['Http-Webhook-Signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(subscribeData.secret).toMatch(/^whsec_/);

    const records = await run<Record<string, unknown>[]>(operation.perform, { ...delivery, subscribeData });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id, from: '358401234567', type: 'text', text: 'Hei', profile_name: 'Aino Virtanen' });
    expect(Object.keys(records[0]!).sort()).toEqual(Object.keys(loadSchema('inbound-message').properties as object).sort());

    const forged = await failure(run(operation.perform, { ...delivery, rawRequest: { ...delivery.rawRequest, content: delivery.rawRequest.content.replace('Hei', 'Moi') }, subscribeData }));
    expect(forged.name).toBe('HaltedError');

    const listed = await run<Record<string, unknown>[]>(operation.performList);
    expect(listed[0]).toEqual(records[0]);

    await run(operation.performUnsubscribe, { subscribeData });
    const left = (await (await kaiku.api('/v1/subscriptions')).json()) as { data: { id: string }[] };
    expect(left.data.map((item) => item.id)).not.toContain(subscribeData.id);
  });

  it('Send Template Message: dropdowns, the template\'s own fields, and the message on the customer\'s phone', async () => {
    const phones = await run<{ id: string; name: string }[]>(trigger('phone_number_list').perform);
    expect(phones).toEqual([{ id: kaiku.phoneNumberId, name: expect.stringMatching(/^\+15550001234 — /) }]);
    const template = await templateId('order_confirmation');
    const fields = await run<PlainInputField[]>(creates.send_template_message!.operation.inputFields, { inputData: { template } });
    const variables = fields.filter((field) => field.key.startsWith('variables__'));
    expect(variables.map((field) => field.key)).toEqual(['variables__1', 'variables__2']);
    variables.forEach((field) => expect(field).toMatchObject({ required: true, label: expect.any(String), helpText: expect.any(String) }));

    const sale = await run<PlainInputField[]>(creates.send_template_message!.operation.inputFields, { inputData: { template: await templateId('spring_sale') } });
    const saleKeys = sale.filter((field) => field.key.startsWith('variables__')).map((field) => field.key);
    expect(saleKeys).toEqual(expect.arrayContaining(['variables__header_image', 'variables__button_0_url']));
    expect(sale.find((field) => field.key === 'variables__button_0_url')?.helpText).toMatch(/https:\/\/shop\.example\.com\/sale\//);
    expect(fieldProblems('send_template_message', [...variables, ...sale])).toEqual([]);

    const inputData = { phone_number_id: phones[0]!.id, template, to: '+358 40 765 4321', variables__1: 'KA-7', variables__2: '12.50 EUR' };
    const sent = await run<Record<string, string>>(creates.send_template_message!.operation.perform, { inputData });
    expect(sent).toEqual({ id: expect.stringMatching(/^wamid\./), wa_id: '358407654321', status: 'accepted', preview: expect.stringContaining('KA-7') });
    const phone = await kaiku.customer.messages('358407654321');
    expect(phone.find((message) => message.id === sent.id)?.text).toEqual(expect.stringContaining('KA-7'));
  });

  it('two zaps get two subscriptions, and a hook URL answering 410 (zap turned off) loses only its own', async () => {
    const operation = trigger('new_inbound_message');
    const gone = await startHookServer(410);
    try {
      const kept = await run<{ id: string }>(operation.performSubscribe, { targetUrl: hooks.url });
      const removed = await run<{ id: string }>(operation.performSubscribe, { targetUrl: gone.url });
      expect(kept.id).not.toBe(removed.id);
      const { id } = await kaiku.customer.send('358401234568', { type: 'text', text: { body: 'Toinen zap' } });
      await eventually(async () => hooks.deliveries.some((item) => item.cleanedRequest.id === id) && gone.deliveries.length > 0, 10_000, 'both deliveries');
      const ids = await eventually(async () => {
        const list = (await (await kaiku.api('/v1/subscriptions')).json()) as { data: { id: string }[] };
        const present = list.data.map((item) => item.id);
        return present.includes(removed.id) ? false : present;
      }, 10_000, 'the 410 subscription to be removed');
      expect(ids).toContain(kept.id);
      await run(operation.performUnsubscribe, { subscribeData: kept });
    } finally {
      gone.server.closeAllConnections();
      await new Promise<void>((resolve) => gone.server.close(() => resolve()));
    }
  });

  it('Message Status Changed: delivers the status of a message the zap sent, filtered by status', async () => {
    const operation = trigger('message_status_changed');
    const subscribeData = await run<{ id: string; secret: string }>(operation.performSubscribe, { targetUrl: hooks.url });
    const template = await templateId('order_confirmation');
    const sent = await run<{ id: string }>(creates.send_template_message!.operation.perform, { inputData: { template, to: '+358 40 765 4322', variables__1: 'KA-8', variables__2: '1.00 EUR' } });
    const delivered = await eventually(async () => hooks.deliveries.find((item) => item.cleanedRequest.id === sent.id && item.cleanedRequest.status === 'delivered'), 10_000, 'the delivered status');
    expect(delivered.rawRequest.headers['Http-Kaiku-Event-Type']).toBe('message_status');
    const records = await run<Record<string, unknown>[]>(operation.perform, { ...delivered, subscribeData, inputData: { status: ['delivered', 'failed'] } });
    expect(records).toEqual([expect.objectContaining({ id: sent.id, recipient_id: '358407654322', status: 'delivered' })]);
    expect(Object.keys(records[0]!).sort()).toEqual(Object.keys(loadSchema('message-status').properties as object).sort());
    expect(await run(operation.perform, { ...delivered, subscribeData, inputData: { status: ['failed'] } })).toEqual([]);
    // "Test trigger" shows this account's real statuses, keyed like the deliveries, not the sample.
    const listed = await run<Record<string, unknown>[]>(operation.performList, { inputData: { status: ['delivered'] } });
    expect(listed.find((record) => record.id === sent.id)).toMatchObject({ status: 'delivered', recipient_id: '358407654322' });
    expect(Object.keys(listed[0]!).sort()).toEqual(Object.keys(records[0]!).sort());
    await run(operation.performUnsubscribe, { subscribeData });
  });

  it('Reply to Customer: text and buttons reach a customer who wrote today', async () => {
    const { id: inboundId } = await kaiku.customer.send('358401230001', { type: 'text', text: { body: 'Milloin paketti tulee?' } });
    await eventually(async () => {
      const inbound = (await (await kaiku.api('/v1/messages/inbound?limit=50')).json()) as { data: { id: string }[] };
      return inbound.data.some((message) => message.id === inboundId);
    }, 10_000, 'the inbound message to reach the proxy');
    const perform = creates.reply_to_customer!.operation.perform;
    const text = await run<Record<string, string>>(perform, { inputData: { to: '358401230001', message_type: 'text', text: 'Huomenna!', reply_to: inboundId } });
    expect(text).toMatchObject({ wa_id: '358401230001', sent_as: 'free_form' });
    const buttons = await run<Record<string, string>>(perform, { inputData: { to: '358401230001', message_type: 'buttons', buttons__body: 'Sopiiko klo 10?', buttons__choices__title: ['Kyllä', 'Ei'] } });
    const phone = await kaiku.customer.messages('358401230001');
    expect(phone.find((message) => message.id === text.id)).toMatchObject({ direction: 'outbound', text: 'Huomenna!' });
    expect(phone.find((message) => message.id === buttons.id)).toMatchObject({ direction: 'outbound' });
  });

  it('the closed window reaches the zap user as a readable error, and the fallback template is sent instead', async () => {
    const perform = creates.reply_to_customer!.operation.perform;
    const closed = await failure(run(perform, { inputData: { to: '+358 40 999 0001', message_type: 'text', text: 'Hei!' } }));
    expect(closed).toMatchObject({ name: 'AppError', code: 'window_closed', status: 409 });
    expect(closed.message).toMatch(/Fallback Template/);
    const halted = await failure(run(perform, { inputData: { to: '+358 40 999 0001', message_type: 'text', text: 'Hei!', when_window_closed: 'halt' } }));
    expect(halted.name).toBe('HaltedError');
    expect(await kaiku.customer.messages('358409990001')).toHaveLength(0);

    const template = await templateId('order_confirmation');
    const inputData = { to: '+358 40 999 0001', message_type: 'text', text: 'Hei!', fallback_template__template: template, fallback_template__variables__1: 'KA-9', fallback_template__variables__2: '9.90 EUR' };
    const fallback = await run<Record<string, string>>(perform, { inputData });
    expect(fallback).toMatchObject({ wa_id: '358409990001', sent_as: 'fallback_template' });
    expect((await kaiku.customer.messages('358409990001'))[0]?.text).toEqual(expect.stringContaining('KA-9'));
  });

  it('a marketing template without consent reaches the zap user as a readable error', async () => {
    const template = await templateId('spring_sale');
    const inputData = { template, to: '+358 40 999 0002', variables__1: 'Aino', variables__2: '20%', variables__header_image: 'https://cdn.example.com/sale.jpg', variables__button_0_url: 'spring' };
    const refused = await failure(run(creates.send_template_message!.operation.perform, { inputData }));
    expect(refused).toMatchObject({ name: 'AppError', code: 'no_consent', status: 403 });
    expect(refused.message.length).toBeGreaterThan(20);
    expect(await kaiku.customer.messages('358409990002')).toHaveLength(0);
  });
});

describe('Zapier does not dedupe REST hooks, so Kaiku must', () => {
  it('delivers a message to the zap once even when Meta sends its webhook twice', async () => {
    const kaiku = await startKaiku({ sandbox: { duplicateRate: 1 } });
    const hooks = await startHookServer();
    try {
      const run = createRunner({ base_url: kaiku.proxyUrl, api_key: kaiku.apiKey });
      const operation = app.triggers.new_inbound_message!.operation as unknown as Record<string, unknown>;
      await run(operation.performSubscribe, { targetUrl: hooks.url });
      const { id } = await kaiku.customer.send('358401239999', { type: 'text', text: { body: 'Kahdesti' } });
      await eventually(async () => {
        const log = (await (await fetch(`${kaiku.sandboxUrl}/_sandbox/webhooks`)).json()) as { data: { body: string; delivered: boolean }[] };
        const copies = log.data.filter((record) => record.body.includes(id));
        return copies.length === 2 && copies.every((record) => record.delivered);
      }, 10_000, 'both copies of the webhook to reach the proxy');
      // A later message is delivered after anything queued for the first one.
      const later = await kaiku.customer.send('358401239999', { type: 'text', text: { body: 'Kolmas' } });
      await eventually(async () => hooks.deliveries.some((item) => item.cleanedRequest.id === later.id), 10_000, 'the later delivery');
      expect(hooks.deliveries.filter((item) => item.cleanedRequest.id === id)).toHaveLength(1);
    } finally {
      hooks.server.closeAllConnections();
      await new Promise<void>((resolve) => hooks.server.close(() => resolve()));
      await kaiku.stop();
    }
  });
});
