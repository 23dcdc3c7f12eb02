/**
 * "Request WhatsApp consent" from Zapier, a HubSpot workflow and Power Automate, end to end over real HTTP: the Zapier
 * app's action (through zapier-platform-core's app tester), a HubSpot-signed execution and the Power Platform
 * definition's RequestConsent (driven by the definition alone) reach the proxy, the asking
 * template lands on the sandbox customer's phone, and the customer's tap on "Kyllä kiitos" records opted_in with
 * proof: the template, the request's message id, the button and the time.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import app from '@kaiku/zapier';
import { createRunner } from '@kaiku/zapier/testing';
import type { AppRunner, PlainInputField } from '@kaiku/zapier/testing';
import { hubspotConnect } from '../packages/proxy/src/cli/hubspot.js';
import { startFakeHubspot, type FakeHubspot } from '../packages/hubspot/test/fake-hubspot.js';
import { postAsHubspot } from '../packages/hubspot/test/hubspot-request.js';
import { connectorDir } from '../power-platform-connector/scripts/generate.js';
import { PowerAutomate } from '../power-platform-connector/test/power-automate.js';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

interface ConsentView { status: string; history: Array<{ status: string; source: string; proof: string | null; recorded_at: string }> }

const SECRET = 'hubspot-app-client-secret';
const PUBLIC_URL = 'https://kaiku.example.com';
const PORTAL = 62515;
const definition = JSON.parse(readFileSync(`${connectorDir}/apiDefinition.swagger.json`, 'utf8')) as Record<string, unknown>;
const properties = JSON.parse(readFileSync(`${connectorDir}/apiProperties.json`, 'utf8')) as Record<string, unknown>;

describe.each(['sqlite', 'postgres'] as const)('Request WhatsApp consent from the connectors (%s store)', (store) => {
  let kaiku: Kaiku;
  let fake: FakeHubspot;
  let run: AppRunner;

  beforeAll(async () => {
    fake = await startFakeHubspot({ portalId: PORTAL });
    kaiku = await startKaiku({ store, sandbox: { templateReviewMs: 0 }, config: { hubspotClientSecret: SECRET, hubspotApiBaseUrl: fake.url, publicUrl: PUBLIC_URL } });
    await hubspotConnect({ config: kaiku.config, store: kaiku.store, secrets: kaiku.secrets }, { workspace: kaiku.workspaceId, 'access-token': fake.state.token }, []);
    run = createRunner({ base_url: kaiku.proxyUrl, api_key: kaiku.apiKey });
    const wabaId = ((await (await fetch(`${kaiku.sandboxUrl}/_sandbox/config`)).json()) as { waba_id: string }).waba_id;
    const created = await fetch(`${kaiku.sandboxUrl}/v24.0/${wabaId}/message_templates`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-access-token' },
      body: JSON.stringify({
        name: 'marketing_consent', language: 'fi', category: 'MARKETING',
        components: [
          { type: 'BODY', text: 'Hei {{1}}, saammeko lähettää sinulle tarjouksia WhatsAppissa?', example: { body_text: [['Aino']] } },
          { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Kyllä kiitos' }, { type: 'QUICK_REPLY', text: 'Ei kiitos' }] },
        ],
      }),
    });
    expect(created.status).toBe(200);
  });
  afterAll(async () => {
    await kaiku.stop();
    await fake.stop();
  });

  const consent = async (waId: string) => (await (await kaiku.api(`/v1/contacts/${waId}/consent`)).json()) as ConsentView;

  /** The customer taps a button of the request; answers the recorded opt-in and the tap's message id. */
  async function tapAndRecord(waId: string, requestId: string, button: string): Promise<{ view: ConsentView; tapId: string }> {
    const tap = await kaiku.customer.send(waId, { type: 'button', button: { text: button }, context: { id: requestId } });
    const view = await eventually(async () => { const c = await consent(waId); return c.status === 'opted_in' ? c : undefined; }, 10_000, 'the opt-in');
    return { view, tapId: tap.id };
  }

  it('Zapier: the template from the dropdown, its variable as a field, and the tap records the opt-in with proof', async () => {
    const action = app.creates.request_whatsapp_consent!.operation;
    const choices = await run<Array<{ id: string; template_name: string }>>((app.triggers.template_list!.operation as unknown as { perform: unknown }).perform);
    const template = choices.find((choice) => choice.template_name === 'marketing_consent');
    expect(template).toBeDefined();
    const fields = await run<PlainInputField[]>(action.inputFields, { inputData: { template: template?.id } });
    // The quick replies' payloads are Kaiku's own (they carry the answer): only the body variable is asked for.
    expect(fields.filter((field) => field.key.startsWith('variables__')).map((field) => field.key)).toEqual(['variables__1']);

    const waId = '358401240001';
    const sent = await run<Record<string, unknown>>(action.perform, { inputData: { to: `+${waId}`, template: template?.id, variables__1: 'Aino' } });
    expect(sent).toMatchObject({ wa_id: waId, agree_button: 'Kyllä kiitos', decline_button: 'Ei kiitos', preview: expect.stringContaining('Hei Aino, saammeko lähettää sinulle tarjouksia WhatsAppissa?') });
    const phone = await kaiku.customer.messages(waId);
    expect(phone.find((message) => message.id === sent.id)?.text).toContain('Hei Aino, saammeko');

    const { view, tapId } = await tapAndRecord(waId, String(sent.id), 'Kyllä kiitos');
    expect(view.history[0]?.source).toBe('whatsapp_opt_in_request');
    for (const part of ['"Kyllä kiitos"', 'template "marketing_consent"', String(sent.id), tapId]) expect(view.history[0]?.proof).toContain(part);
    expect(Date.parse(view.history[0]?.recorded_at ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('HubSpot: a signed workflow execution asks the contact\'s phone once, and the tap records the opt-in with proof', async () => {
    const path = '/hubspot/actions/request-consent';
    const options = await postAsHubspot(`${kaiku.proxyUrl}/hubspot/options/request-consent`, `${PUBLIC_URL}/hubspot/options/request-consent`, {
      origin: { portalId: PORTAL }, objectTypeId: '0-1', inputFieldName: 'template', inputFields: {}, fetchOptions: { q: 'marketing_consent' },
    }, { secret: SECRET });
    const template = (options.body.options as Array<{ value: string; label: string }>).find((o) => o.label.startsWith('marketing_consent'));
    expect(template).toBeDefined();
    const waId = '358401240002';
    fake.state.contacts.push({ id: '4012', properties: { mobilephone: '+358401240002' } });
    const execution = {
      callbackId: 'ap-62515-41-1-0', origin: { portalId: PORTAL, userId: null, actionDefinitionId: 9003, actionDefinitionVersion: 1 },
      context: { source: 'WORKFLOWS', workflowId: 5511 }, object: { objectId: 4012, objectType: 'CONTACT', properties: { mobilephone: '+358 40 124 0002' } },
      inputFields: { template: template?.value, variable_1: 'Eino' },
    };
    const first = await postAsHubspot(`${kaiku.proxyUrl}${path}`, `${PUBLIC_URL}${path}`, execution, { secret: SECRET });
    const again = await postAsHubspot(`${kaiku.proxyUrl}${path}`, `${PUBLIC_URL}${path}`, execution, { secret: SECRET });
    const outputs = first.body.outputFields as Record<string, string>;
    expect(outputs).toMatchObject({ hs_execution_state: 'SUCCESS', wa_id: waId, agree_button: 'Kyllä kiitos', decline_button: 'Ei kiitos' });
    expect((again.body.outputFields as Record<string, string>).message_id).toBe(outputs.message_id);
    expect(await kaiku.customer.messages(waId)).toHaveLength(1);

    const { view, tapId } = await tapAndRecord(waId, String(outputs.message_id), 'Kyllä kiitos');
    expect(view.history[0]?.source).toBe('whatsapp_opt_in_request');
    for (const part of ['"Kyllä kiitos"', 'template "marketing_consent"', String(outputs.message_id), tapId]) expect(view.history[0]?.proof).toContain(part);
    await eventually(async () => fake.state.communications.some((c) => JSON.stringify(c.body).includes('Hei Eino, saammeko')), 10_000, 'the request on the contact\'s timeline');
  });

  it('Power Automate: the definition\'s template dropdown and per-template field, and the tap records the opt-in with proof', async () => {
    const flow = new PowerAutomate(definition, { hostUrl: kaiku.proxyUrl, apiKey: kaiku.apiKey }, properties);
    const { extension, answer: listed } = await flow.designerLookup('RequestConsent', 'template', 'x-ms-dynamic-values');
    const items = listed[String(extension['value-collection'])] as Array<Record<string, unknown>>;
    const chosen = items.find((item) => String(item[String(extension['value-title'])]).startsWith('marketing_consent'));
    const id = String(chosen?.[String(extension['value-path'])]);
    const { answer: schema } = await flow.designerLookup('RequestConsent', 'variables', 'x-ms-dynamic-schema', { template: id });
    expect(Object.keys(schema.properties as Record<string, unknown>)).toContain('1');

    const waId = '358401240003';
    const response = await flow.invoke('RequestConsent', { params: { phone: `+${waId}` }, body: { template: id, variables: { 1: 'Maija' } } });
    expect(response.status).toBe(200);
    const sent = (await response.json()) as Record<string, unknown>;
    expect(flow.validator(flow.responseSchema('RequestConsent', 200))(sent)).toBe(true);
    const { view, tapId } = await tapAndRecord(waId, String(sent.id), 'Kyllä kiitos');
    for (const part of ['"Kyllä kiitos"', 'template "marketing_consent"', String(sent.id), tapId]) expect(view.history[0]?.proof).toContain(part);
  });
});
