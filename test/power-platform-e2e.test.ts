/**
 * Power Automate end to end: the connector definition alone drives every request (dropdowns, dynamic schema,
 * webhook triggers, actions) against a real proxy and the sandbox; notifications are checked against the
 * schemas the definition declares.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';
import { connectorDir } from '../power-platform-connector/scripts/generate.js';
import { PowerAutomate } from '../power-platform-connector/test/power-automate.js';
import { startCallbackServer } from '../power-platform-connector/test/callback-server.js';
import type { CallbackServer } from '../power-platform-connector/test/callback-server.js';

type Json = Record<string, unknown>;
const definition = JSON.parse(readFileSync(`${connectorDir}/apiDefinition.swagger.json`, 'utf8')) as Json;
const properties = JSON.parse(readFileSync(`${connectorDir}/apiProperties.json`, 'utf8')) as Json;
const CUSTOMER = '358401234567';
/** A second business number in the same WhatsApp account ("support", beside the default "sales"). */
const SUPPORT_NUMBER = { id: '106540352242923', display_phone_number: '15550001235', verified_name: 'Kaiku Support' };

describe.each(['sqlite', 'postgres'] as const)('Power Automate with the Kaiku connector (%s store)', (store) => {
  let kaiku: Kaiku;
  let flow: PowerAutomate;
  const callbacks: CallbackServer[] = [];
  const callback = async (): Promise<CallbackServer> => {
    const server = await startCallbackServer();
    callbacks.push(server);
    return server;
  };

  beforeAll(async () => {
    kaiku = await startKaiku({
      store, sandbox: { phoneNumbers: [{ id: '106540352242922', display_phone_number: '15550001234', verified_name: 'Kaiku Sandbox' }, SUPPORT_NUMBER] },
    });
    flow = new PowerAutomate(definition, { hostUrl: kaiku.proxyUrl, apiKey: kaiku.apiKey }, properties);
  });
  afterAll(async () => {
    await Promise.all(callbacks.map((server) => server.close()));
    await kaiku.stop();
  });

  /** What the designer does for the template dropdown and the variable fields, all from the definition. */
  async function pickTemplate(name: string): Promise<{ id: string; variables: Record<string, string> }> {
    const { extension: dropdown, answer: listed } = await flow.designerLookup('SendTemplateMessage', 'template', 'x-ms-dynamic-values');
    expect(flow.validator(flow.responseSchema(String(dropdown.operationId), 200))(listed)).toBe(true);
    const items = listed[String(dropdown['value-collection'])] as Json[];
    const chosen = items.find((item) => String(item[String(dropdown['value-title'])]).startsWith(`${name} (en_US)`));
    if (!chosen) throw new Error(`The template dropdown does not offer ${name}.`);
    const id = String(chosen[String(dropdown['value-path'])]);

    const { answer: schema } = await flow.designerLookup('SendTemplateMessage', 'variables', 'x-ms-dynamic-schema', { template: id });
    const fields = schema.properties as Record<string, Json>;
    const variables = Object.fromEntries(Object.entries(fields).map(([key, field]) => {
      expect(field.title).toEqual(expect.any(String));
      expect(field['x-ms-summary']).toBe(field.title);
      return [key, String((field.examples as string[] | undefined)?.[0] ?? 'x')];
    }));
    return { id, variables };
  }

  it('serves the OpenAPI document without a key, listing the proxy as its server', async () => {
    const response = await fetch(`${kaiku.proxyUrl}/v1/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: kaiku.proxyUrl }]);
    const connectorPaths = Object.keys(definition.paths as Json);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(connectorPaths));
  });

  it('delivers a new customer message to the trigger in exactly the declared schema, and stops after the flow is deleted', async () => {
    const hook = await callback();
    const { response, location } = await flow.subscribe('OnInboundMessage', hook.url);
    expect(response.status).toBe(201);
    expect(location).toMatch(new RegExp(`^${kaiku.proxyUrl}/v1/subscriptions/[^/]+$`));
    expect(flow.validator(flow.responseSchema('OnInboundMessage', 201))(await response.json())).toBe(true);

    await kaiku.customer.send(CUSTOMER, { type: 'text', text: { body: 'Hei! Is my order on its way?' }, profile_name: 'Aino' });
    const [delivery] = await eventually(async () => hook.received.length > 0 && hook.received, 10_000, 'the first notification');
    const check = flow.validator(flow.notificationSchema('OnInboundMessage'));
    expect(check(delivery?.body)).toBe(true);
    expect(delivery?.body).toMatchObject({ from: CUSTOMER, type: 'text', text: 'Hei! Is my order on its way?', profile_name: 'Aino' });
    expect(delivery?.headers['kaiku-event-type']).toBe('inbound_message');

    const control = await callback();
    expect((await flow.subscribe('OnInboundMessage', control.url)).response.status).toBe(201);
    const removed = await flow.unsubscribe(location);
    expect(removed.status).toBe(204);
    await kaiku.customer.send(CUSTOMER, { type: 'text', text: { body: 'Still there?' } });
    await eventually(async () => control.received.length > 0, 10_000, 'the control flow\'s notification');
    expect(hook.received).toHaveLength(1);
    expect((await flow.unsubscribe(location)).status).toBe(404);
  });

  it('delivers only the message type the maker filtered on', async () => {
    const images = await callback();
    const { response } = await flow.subscribe('OnInboundMessage', images.url, { filter: { type: 'image' } });
    expect(response.status).toBe(201);
    const control = await callback();
    await flow.subscribe('OnInboundMessage', control.url);
    await kaiku.customer.send('358401112200', { type: 'text', text: { body: 'Just text' } });
    await kaiku.customer.send('358401112200', { type: 'image', image: { caption: 'My receipt' } });
    await eventually(async () => control.received.length >= 2, 10_000, 'both messages at the unfiltered flow');
    await eventually(async () => images.received.length >= 1, 10_000, 'the image at the filtered flow');
    expect(images.received.map((r) => (r.body as Json).type)).toEqual(['image']);
    expect(flow.validator(flow.notificationSchema('OnInboundMessage'))(images.received[0]?.body)).toBe(true);
  });

  it('refuses a filter that could never fire with 422, whatever the connector sends', async () => {
    const filter = (flow.bodySchema('OnInboundMessage').properties as Record<string, Json>).filter as Json;
    const type = (filter.properties as Record<string, Json>).type as Json;
    expect(type.enum).toEqual(expect.arrayContaining(['image', 'text']));
    expect(type['x-ms-enum-values']).toEqual(expect.arrayContaining([{ value: 'image', displayName: 'Image' }]));
    const hook = await callback();
    // A flow saved with an older definition, or an expression, still sends free text: the proxy is the guard.
    const raw = (body: Json) => fetch(`${kaiku.proxyUrl}/v1/subscriptions/inbound_message`, {
      method: 'POST', headers: { 'x-api-key': kaiku.apiKey, 'content-type': 'application/json' }, body: JSON.stringify({ target_url: hook.url, ...body }),
    });
    for (const bad of [{ type: 'Image' }, { typ: 'image' }, { phone_number_id: '999999999' }]) {
      const answer = await raw({ filter: bad });
      expect(answer.status).toBe(422);
      expect(((await answer.json()) as { error: Json }).error).toMatchObject({ code: 'invalid_filter', message: expect.stringContaining('filter.') });
    }
    const listed = (await (await kaiku.api('/v1/subscriptions')).json()) as { data: Json[] };
    expect(listed.data.filter((s) => s.target_url === hook.url)).toEqual([]);
  });

  it('fires a trigger filtered on one business number only for that number', async () => {
    const filter = (flow.bodySchema('OnInboundMessage').properties as Record<string, Json>).filter as Json;
    const dropdown = ((filter.properties as Record<string, Json>).phone_number_id as Json)['x-ms-dynamic-values'] as Json;
    const numbers = (await (await flow.invoke(String(dropdown.operationId))).json()) as Json;
    const offered = (numbers[String(dropdown['value-collection'])] as Json[]).map((n) => n[String(dropdown['value-path'])]);
    expect(offered).toEqual(expect.arrayContaining([kaiku.phoneNumberId, SUPPORT_NUMBER.id]));

    const support = await callback();
    expect((await flow.subscribe('OnInboundMessage', support.url, { filter: { phone_number_id: SUPPORT_NUMBER.id } })).response.status).toBe(201);
    const sales = await callback();
    expect((await flow.subscribe('OnInboundMessage', sales.url, { filter: { phone_number_id: kaiku.phoneNumberId } })).response.status).toBe(201);
    await kaiku.customer.send('358401112233', { type: 'text', text: { body: 'To sales' } });
    await kaiku.customer.send('358401112233', { type: 'text', text: { body: 'To support' }, to_phone_number_id: SUPPORT_NUMBER.id });
    await kaiku.customer.send('358401112233', { type: 'text', text: { body: 'Sales again' } });
    await eventually(async () => sales.received.length >= 2, 10_000, 'both messages to sales');
    await eventually(async () => support.received.length >= 1, 10_000, 'the message to support');
    expect(support.received.map((r) => [(r.body as Json).text, (r.body as Json).phone_number_id])).toEqual([['To support', SUPPORT_NUMBER.id]]);
    expect(sales.received.map((r) => (r.body as Json).text)).toEqual(['To sales', 'Sales again']);
  });

  it('replies through the declared action and the customer sees it', async () => {
    const response = await flow.invoke('ReplyToCustomer', { body: { to: `+${CUSTOMER}`, text: 'Yes, it ships today.' } });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Json;
    expect(flow.validator(flow.responseSchema('ReplyToCustomer', 200))(answer)).toBe(true);
    const phone = await kaiku.customer.messages(CUSTOMER);
    expect(phone.find((m) => m.id === answer.id)).toMatchObject({ direction: 'outbound', text: 'Yes, it ships today.' });
  });

  it('sends a template picked from the dropdown with its dynamic variables, and reports its statuses to the status trigger', async () => {
    const statusHook = await callback();
    expect((await flow.subscribe('OnMessageStatus', statusHook.url)).response.status).toBe(201);
    const { id, variables } = await pickTemplate('order_update');
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(['delivery_date', 'first_name', 'order_id']));

    const response = await flow.invoke('SendTemplateMessage', { body: { to: '+358 40 765 4321', template: id, variables } });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Json;
    expect(flow.validator(flow.responseSchema('SendTemplateMessage', 200))(answer)).toBe(true);
    const phone = await kaiku.customer.messages('358407654321');
    expect(String(phone.find((m) => m.id === answer.id)?.text)).toContain(variables.order_id);

    const retried = { to: '+358 40 765 4322', template: id, variables, idempotency_key: 'flow-run-7-action-1' };
    const first = (await (await flow.invoke('SendTemplateMessage', { body: retried })).json()) as Json;
    const again = (await (await flow.invoke('SendTemplateMessage', { body: retried })).json()) as Json;
    expect(again.id).toBe(first.id);
    expect(await kaiku.customer.messages('358407654322')).toHaveLength(1);

    const statuses = await eventually(async () => {
      const mine = statusHook.received.filter((r) => (r.body as Json).id === answer.id);
      return mine.some((r) => (r.body as Json).status === 'read') && mine;
    }, 10_000, 'the read status');
    const check = flow.validator(flow.notificationSchema('OnMessageStatus'));
    for (const status of statuses) expect(check(status.body)).toBe(true);
    expect(statuses.map((r) => (r.body as Json).status)).toEqual(expect.arrayContaining(['sent', 'delivered', 'read']));
  });

  it('declares the errors it answers: a closed reply window is a 409 with the shared error body, in Power Automate\'s words', async () => {
    const response = await flow.invoke('ReplyToCustomer', { body: { to: '+358409999999', text: 'Hello?' } });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: Json };
    expect(flow.validator(flow.responseSchema('ReplyToCustomer', 409))(body)).toBe(true);
    // The connector's setheader policy names the client; an API user keeps the proxy's own words.
    expect(body.error).toMatchObject({ code: 'window_closed', message: expect.stringContaining('Choose a Fallback Template in this action\'s advanced parameters') });
    const direct = (await (await kaiku.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: '+358409999999', text: 'Hello?' }) })).json()) as { error: Json };
    expect(direct.error).toMatchObject({ code: 'window_closed', message: expect.stringContaining('give a fallback_template') });
  });

  it('offers the reply\'s fallback template from the same dropdown with the same per-template fields, and sends it when the window is closed', async () => {
    const fallback = (flow.bodySchema('ReplyToCustomer').properties as Record<string, Json>).fallback_template as Json;
    const nested = fallback.properties as Record<string, Json>;
    const send = (flow.bodySchema('SendTemplateMessage').properties as Record<string, Json>);
    expect(nested.template?.['x-ms-dynamic-values']).toEqual(send.template?.['x-ms-dynamic-values']);
    expect(nested.variables?.['x-ms-dynamic-schema']).toMatchObject({ operationId: (send.variables?.['x-ms-dynamic-schema'] as Json).operationId });

    const { id, variables } = await pickTemplate('order_update');
    const dynamicSchema = nested.variables?.['x-ms-dynamic-schema'] as Json;
    const fields = (await (await flow.invoke(String(dynamicSchema.operationId), { params: { id } })).json()) as Json;
    expect(Object.keys(fields.properties as Json).sort()).toEqual(Object.keys(variables).sort());
    const response = await flow.invoke('ReplyToCustomer', { body: { to: '+358409999998', text: 'Hello?', fallback_template: { template: id, variables } } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sent_as: 'fallback_template' });
    const phone = await kaiku.customer.messages('358409999998');
    expect(String(phone[0]?.text)).toContain(String(variables.order_id));
  });

  it.each([410, 404])('drops a subscription whose callback answers %i, and delivers nothing more to it', async (status) => {
    const gone = await callback();
    gone.answerWith(status);
    const { location } = await flow.subscribe('OnInboundMessage', gone.url);
    const id = location.split('/').pop();
    await kaiku.customer.send(`35840111${status}`, { type: 'text', text: { body: 'First' } });
    await eventually(async () => {
      const list = (await (await kaiku.api('/v1/subscriptions')).json()) as { data: Json[] };
      return !list.data.some((s) => s.id === id);
    }, 10_000, 'the subscription to be removed');
    expect(gone.received).toHaveLength(1);

    const control = await callback();
    await flow.subscribe('OnInboundMessage', control.url);
    await kaiku.customer.send(`35840111${status}`, { type: 'text', text: { body: 'Second' } });
    await eventually(async () => control.received.some((r) => (r.body as Json).text === 'Second'), 10_000, 'the control delivery');
    expect(gone.received).toHaveLength(1);
  });
});
