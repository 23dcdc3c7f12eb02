/**
 * The n8n nodes' logic against the real proxy and sandbox, with a stand-in for n8n's functions object (the
 * real n8n runs them in `pnpm test:n8n`): the bodies each operation sends are the ones the proxy accepts,
 * the proxy's errors become NodeApiErrors with its code, and the trigger's subscription lifecycle keeps its
 * id and secret in static data.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NodeApiError } from 'n8n-workflow';
import type { ResourceMapperFields } from 'n8n-workflow';
import { Kaiku as KaikuNode } from '../packages/n8n/nodes/Kaiku/Kaiku.node.js';
import { KaikuTrigger } from '../packages/n8n/nodes/KaikuTrigger/KaikuTrigger.node.js';
import { fakeFunctions } from '../packages/n8n/test/fake-functions.js';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

let kaiku: Kaiku;
const node = new KaikuNode();
const trigger = new KaikuTrigger();

beforeAll(async () => {
  kaiku = await startKaiku();
});

afterAll(async () => {
  await kaiku.stop();
});

async function execute(params: Record<string, unknown>) {
  const fake = fakeFunctions(params, kaiku.proxyUrl, kaiku.apiKey);
  const [items] = await node.execute.call(fake.fns);
  return { items: (items ?? []).map((item) => item.json), requests: fake.requests };
}

async function templateId(name: string, language = 'en_US'): Promise<string> {
  const list = (await (await kaiku.api('/v1/templates')).json()) as { data: Array<{ id: string; name: string; language: string }> };
  const found = list.data.find((template) => template.name === name && template.language === language);
  if (!found) throw new Error(`No template ${name}.`);
  return found.id;
}

describe('Kaiku node against the proxy', () => {
  it('lists the business numbers and templates for the dropdowns, and a template\'s variables for the mapper', async () => {
    const fake = fakeFunctions({ template: await templateId('order_update') }, kaiku.proxyUrl, kaiku.apiKey);
    const numbers = await node.methods.loadOptions.getPhoneNumbers.call(fake.fns);
    expect(numbers.map((option) => option.value)).toEqual(kaiku.phoneNumberIds);
    const templates = await node.methods.loadOptions.getTemplates.call(fake.fns);
    expect(templates.map((option) => option.name)).toEqual(expect.arrayContaining([expect.stringContaining('order_update')]));
    const mapped: ResourceMapperFields = await node.methods.resourceMapping.getTemplateVariables.call(fake.fns);
    expect(mapped.fields.map((field) => [field.id, field.required])).toEqual([['first_name', true], ['order_id', true], ['delivery_date', true], ['button_0_payload', false], ['button_1_payload', false]]);
  });

  it('sends a template with the mapped variables, which the customer reads', async () => {
    const { items, requests } = await execute({
      operation: 'sendTemplate', to: '+358 40 765 4321', template: await templateId('order_confirmation'),
      variables: { mappingMode: 'defineBelow', value: { 1: 'KA-3001', 2: '12.00 EUR' } }, additionalFields: { idempotencyKey: 'n8n-KA-3001' },
    });
    expect(requests[0]?.body).toMatchObject({ to: '+358 40 765 4321', variables: { 1: 'KA-3001', 2: '12.00 EUR' }, idempotency_key: 'n8n-KA-3001' });
    expect(items[0]).toMatchObject({ wa_id: '358407654321' });
    const phone = await kaiku.customer.messages('358407654321');
    expect(String(phone.find((message) => message.id === items[0]?.id)?.text)).toContain('KA-3001');
  });

  it('replies with buttons and a list inside the window, grouping list rows by section', async () => {
    await kaiku.customer.send('358401112222', { type: 'text', text: { body: 'Hei' } });
    await eventually(async () => (await (await kaiku.api('/v1/messages/inbound')).json() as { data: unknown[] }).data.length > 0);
    const buttons = await execute({
      operation: 'reply', to: '358401112222', messageType: 'buttons', buttonsBody: 'Sopiiko perjantai?',
      buttonChoices: { choice: [{ title: 'Kyllä', id: 'yes' }, { title: 'Ei', id: '' }] },
    });
    expect(buttons.requests[0]?.body).toEqual({ to: '358401112222', buttons: { body: 'Sopiiko perjantai?', choices: [{ title: 'Kyllä', id: 'yes' }, { title: 'Ei' }] } });
    expect(buttons.items[0]).toMatchObject({ sent_as: 'free_form' });
    const list = await execute({
      operation: 'reply', to: '358401112222', messageType: 'list', listBody: 'Koko?', listButton: 'Valitse',
      listRows: { row: [{ title: 'S', id: 's', section: 'Koot' }, { title: 'M', id: 'm', section: 'Koot' }, { title: 'Nouto', id: 'pickup', section: 'Muut' }] },
    });
    expect((list.requests[0]?.body as { list: unknown }).list).toEqual({
      body: 'Koko?', button: 'Valitse', sections: [{ title: 'Koot', rows: [{ id: 's', title: 'S' }, { id: 'm', title: 'M' }] }, { title: 'Muut', rows: [{ id: 'pickup', title: 'Nouto' }] }],
    });
    const phone = await kaiku.customer.messages('358401112222');
    const shown = phone.filter((message) => message.direction === 'outbound').map((message) => String(message.text));
    expect(shown).toEqual(['Sopiiko perjantai?\n[Kyllä] [Ei]', 'Koko?\n[Valitse]\nKoot\n- S\n- M\nMuut\n- Nouto']);
  });

  it('turns the proxy\'s window_closed into a NodeApiError with its code, HTTP status and message', async () => {
    const failure = await execute({ operation: 'reply', to: '358409998888', messageType: 'text', text: 'Moi' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NodeApiError);
    const error = failure as NodeApiError;
    expect(error.httpCode).toBe('409');
    expect(error.description).toContain('Kaiku error code: window_closed (HTTP 409).');
    expect(error.message).toMatch(/24/);
  });

  it('asks for consent with a quick-reply template and reads the conversation back', async () => {
    const { items } = await execute({
      operation: 'requestConsent', to: '+358401113333', consentTemplate: await templateId('order_update'),
      additionalFields: { variables: { variable: [{ name: 'first_name', value: 'Aino' }, { name: 'order_id', value: 'KA-1' }, { name: 'delivery_date', value: 'huomenna' }] } },
    });
    expect(items[0]).toMatchObject({ wa_id: '358401113333', agree_button: expect.any(String) });
    const conversation = await execute({ operation: 'getConversation', customer: '+358401113333', limit: 10 });
    expect(conversation.items.map((message) => message.id)).toEqual([items[0]?.id]);
  });
});

describe('Kaiku Trigger\'s subscription lifecycle', () => {
  it('subscribes with the filter, keeps the secret, notices a changed filter, and unsubscribes', async () => {
    const url = 'http://127.0.0.1:9/webhook/lifecycle/webhook';
    const fake = fakeFunctions({ event: 'inbound_message', messageType: 'image', phoneNumberId: kaiku.phoneNumberId }, kaiku.proxyUrl, kaiku.apiKey, url);
    const methods = trigger.webhookMethods.default;
    expect(await methods.checkExists.call(fake.fns)).toBe(false);
    expect(await methods.create.call(fake.fns)).toBe(true);
    expect(fake.staticData).toEqual({ subscriptionId: expect.any(String), secret: expect.stringMatching(/^whsec_/) });
    const stored = await (await kaiku.api(`/v1/subscriptions/${String(fake.staticData.subscriptionId)}`)).json();
    expect(stored).toMatchObject({ event: 'inbound_message', target_url: url, filter: { type: 'image', phone_number_id: kaiku.phoneNumberId } });
    expect(await methods.checkExists.call(fake.fns)).toBe(true);

    const changed = fakeFunctions({ event: 'inbound_message', messageType: 'text' }, kaiku.proxyUrl, kaiku.apiKey, url);
    Object.assign(changed.staticData, fake.staticData);
    expect(await methods.checkExists.call(changed.fns)).toBe(false);
    expect((await kaiku.api(`/v1/subscriptions/${String(fake.staticData.subscriptionId)}`)).status).toBe(404);
    expect(changed.staticData).toEqual({});

    expect(await methods.create.call(changed.fns)).toBe(true);
    expect(await methods.delete.call(changed.fns)).toBe(true);
    expect(changed.staticData).toEqual({});
    expect(((await (await kaiku.api('/v1/subscriptions')).json()) as { data: unknown[] }).data).toEqual([]);
  });
});
