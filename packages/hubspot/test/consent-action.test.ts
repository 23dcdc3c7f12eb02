/**
 * "Request WhatsApp consent" through the router, with HubSpot's signed requests: the contact's phone and the chosen
 * template reach the proxy's opt-in request with the callback id as idempotency key; the answer names the buttons;
 * an opted-out contact is never asked; a template without quick replies fails with the proxy's words.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { actionDefinitions } from '../src/definitions/definitions.js';
import { createHubspotRouter } from '../src/router.js';
import type { HubspotDeps, OptInRequestInput } from '../src/types.js';
import { startFakeHubspot, type FakeHubspot } from './fake-hubspot.js';
import { postAsHubspot } from './hubspot-request.js';

const SECRET = 'app-client-secret';
const PUBLIC_URL = 'https://kaiku.example.com';
const PATH = '/hubspot/actions/request-consent';

function execution(callbackId: string, inputFields: Record<string, unknown>, properties: Record<string, unknown> = { mobilephone: '+358 40 123 4567' }) {
  return {
    callbackId, origin: { portalId: 62515, userId: null, actionDefinitionId: 9003, actionDefinitionVersion: 1 },
    context: { source: 'WORKFLOWS', workflowId: 5511 }, object: { objectId: 4011, objectType: 'CONTACT', properties }, inputFields,
  };
}

class NoQuickReplies extends Error {
  code = 'validation_failed';
  retryable = false;
  details = { field: 'template' };
}

describe('Request WhatsApp consent', () => {
  let fake: FakeHubspot;
  let server: Server;
  let baseUrl = '';
  let asked: Array<{ workspaceId: string; phone: string; input: OptInRequestInput }>;
  let failure: Error | null;

  function deps(): HubspotDeps {
    return {
      clientSecret: SECRET, publicUrl: PUBLIC_URL, apiBaseUrl: fake.url,
      findAccountByPortalId: async (portalId) => ({ workspaceId: 'ws_1', portalId, accessToken: fake.state.token, refreshToken: null, expiresAt: null, customEvents: false }),
      sendTemplate: async () => Promise.reject(new Error('no template sends here')),
      reply: async () => Promise.reject(new Error('no replies here')),
      requestOptIn: async (workspaceId, phone, input) => {
        if (failure) throw failure;
        asked.push({ workspaceId, phone, input });
        return { id: 'wamid.ASK1', wa_id: '358401234567', status: 'accepted', preview: 'Saammeko lähettää tarjouksia?', agree_button: 'Kyllä kiitos', decline_button: 'Ei kiitos' };
      },
      listTemplates: async () => [{
        id: 't1', name: 'marketing_consent', language: 'fi', label: 'marketing_consent (fi) — MARKETING',
        inputs: [{ key: '1', label: 'Name', example: 'Aino' }, { key: 'button_0_payload', label: '"Kyllä" button payload (optional)' }],
      }],
      listPhoneNumbers: async () => [],
    };
  }

  beforeEach(async () => {
    fake = await startFakeHubspot();
    asked = [];
    failure = null;
    const app = express();
    app.use('/hubspot', createHubspotRouter(deps()));
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await fake.stop();
  });

  const post = (body: unknown) => postAsHubspot(`${baseUrl}${PATH}`, `${PUBLIC_URL}${PATH}`, body, { secret: SECRET });

  it('is a definition of its own, at its own URL, with the template waiting for the business number', () => {
    const definition = actionDefinitions(`${PUBLIC_URL}/`).request_consent;
    expect(definition.actionUrl).toBe(`${PUBLIC_URL}${PATH}`);
    expect(definition.inputFieldDependencies).toContainEqual(expect.objectContaining({ controllingFieldName: 'phone_number_id', dependentFieldNames: ['template'] }));
    expect((definition.outputFields ?? []).map((f) => f.typeDefinition.name)).toEqual(expect.arrayContaining(['message_id', 'agree_button', 'decline_button', 'error_code']));
  });

  it('offers the template\'s variables in the slots, but not the quick replies\' payloads that Kaiku sets', async () => {
    const definition = actionDefinitions(PUBLIC_URL).request_consent;
    const slot = definition.inputFields.find((f) => f.typeDefinition.name === 'variable_1_name');
    const optionsPath = '/hubspot/options/request-consent';
    expect(slot?.typeDefinition.optionsUrl).toBe(`${PUBLIC_URL}${optionsPath}`);
    const fetch = { origin: { portalId: 62515 }, objectTypeId: '0-1', inputFieldName: 'variable_1_name', inputFields: { template: { type: 'STATIC_VALUE', value: 't1' } }, fetchOptions: {} };
    const consentSlot = await postAsHubspot(`${baseUrl}${optionsPath}`, `${PUBLIC_URL}${optionsPath}`, fetch, { secret: SECRET });
    expect((consentSlot.body.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['1']);
    const sendSlot = await postAsHubspot(`${baseUrl}/hubspot/options`, `${PUBLIC_URL}/hubspot/options`, fetch, { secret: SECRET });
    expect((sendSlot.body.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['1', 'button_0_payload']);
  });

  it('asks the contact\'s phone with the chosen template and variables, keyed by the callback id', async () => {
    const answer = await post(execution('ap-62515-7-1-0', { template: '1548372961875311', variable_1_name: 'first_name', variable_1: 'Aino', decline_opts_out: 'true' }));
    expect(answer).toEqual({
      status: 200,
      body: { outputFields: { hs_execution_state: 'SUCCESS', message_id: 'wamid.ASK1', wa_id: '358401234567', status: 'accepted', agree_button: 'Kyllä kiitos', decline_button: 'Ei kiitos' } },
    });
    expect(asked).toEqual([{
      workspaceId: 'ws_1', phone: '+358 40 123 4567',
      input: { template: '1548372961875311', variables: { first_name: 'Aino' }, decline_opts_out: true, idempotency_key: 'hubspot:ap-62515-7-1-0' },
    }]);
  });

  it('never asks a contact marked as opted out in HubSpot', async () => {
    const answer = await post(execution('ap-62515-8-1-0', { template: '1548372961875311' }, { mobilephone: '+358401234567', kaiku_whatsapp_opted_out: 'true' }));
    expect((answer.body.outputFields as Record<string, string>)).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', error_code: 'opted_out' });
    expect(asked).toEqual([]);
  });

  it('fails with the proxy\'s words when the template has no quick replies', async () => {
    failure = new NoQuickReplies('Template "order_confirmation" has no quick-reply buttons; choose one with a button such as "Yes, please".');
    const answer = await post(execution('ap-62515-9-1-0', { template: 'order_confirmation' }));
    expect(answer.body.outputFields).toEqual({
      hs_execution_state: 'FAIL_CONTINUE', error_code: 'failed',
      error_message: 'Template "order_confirmation" has no quick-reply buttons; choose one with a button such as "Yes, please".',
    });
  });
});
