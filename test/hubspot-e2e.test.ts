/**
 * HubSpot end to end: a request signed as HubSpot signs it reaches the proxy's action URL and the template
 * lands on the sandbox customer's phone; a customer's message becomes HubSpot API calls against a local fake
 * that checks HubSpot's documented shapes; bad signatures, stale timestamps and malformed bodies send nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hubspotConnect, hubspotDisconnect, hubspotEvents } from '../packages/proxy/src/cli/hubspot.js';
import { startFakeHubspot, type FakeHubspot } from '../packages/hubspot/test/fake-hubspot.js';
import { postAsHubspot } from '../packages/hubspot/test/hubspot-request.js';
import { eventually, startKaiku, type Kaiku } from './harness/index.js';

const SECRET = 'hubspot-app-client-secret';
const PUBLIC_URL = 'https://kaiku.example.com';
const PORTAL = 62515;
const CUSTOMER = '358401234567';

function execution(callbackId: string, inputFields: Record<string, unknown>) {
  return {
    callbackId,
    origin: { portalId: PORTAL, userId: null, actionDefinitionId: 9001, actionDefinitionVersion: 1 },
    context: { source: 'WORKFLOWS', workflowId: 5511 },
    object: { objectId: 4011, objectType: 'CONTACT', properties: { mobilephone: '+358 40 123 4567', phone: null } },
    inputFields,
  };
}

describe.each(['sqlite', 'postgres'] as const)('HubSpot end to end on %s', (store) => {
  let fake: FakeHubspot;
  let kaiku: Kaiku;
  let templateId = '';

  const cli = () => ({ config: kaiku.config, store: kaiku.store, secrets: kaiku.secrets });
  const action = (path: string, body: unknown, options: { secret?: string; timestamp?: number; raw?: string } = {}) =>
    postAsHubspot(`${kaiku.proxyUrl}/hubspot${path}`, `${PUBLIC_URL}/hubspot${path}`, body, { secret: SECRET, ...options });

  beforeAll(async () => {
    fake = await startFakeHubspot({ portalId: PORTAL });
    kaiku = await startKaiku({ store, config: { hubspotClientSecret: SECRET, hubspotApiBaseUrl: fake.url, publicUrl: PUBLIC_URL } });
    await hubspotConnect(cli(), { workspace: kaiku.workspaceId, 'access-token': fake.state.token }, []);
  });
  afterAll(async () => {
    await kaiku.stop();
    await fake.stop();
  });

  describe('HubSpot workflow actions through the proxy', () => {
    it('sends the chosen template to the contact’s phone', async () => {
      const options = await action('/options', { origin: { portalId: PORTAL }, objectTypeId: '0-1', inputFieldName: 'template', inputFields: {}, fetchOptions: { q: 'order_update' } });
      const choices = options.body.options as Array<{ value: string; label: string }>;
      const template = choices.find((o) => o.label.startsWith('order_update (en_US)'));
      templateId = template?.value ?? '';
      expect(templateId).not.toBe('');

      const answer = await action('/actions/send-template', execution('ap-62515-1-1-0', {
        template: templateId, more_variables: 'first_name=Aino\norder_id=KA-1042\ndelivery_date=28.11.2026',
      }));
      expect(answer.body).toEqual({ outputFields: { hs_execution_state: 'SUCCESS', message_id: expect.stringMatching(/^wamid\./), wa_id: CUSTOMER, status: 'accepted', sent_as: 'template' } });
      const phone = await kaiku.customer.messages(CUSTOMER);
      expect(phone).toHaveLength(1);
      expect(String(phone[0]?.text)).toContain('Hi Aino, your order KA-1042 has shipped');
    });

    it('sends a named-variable template with each variable picked from the template\'s own list', async () => {
      const fetchSlot = await action('/options', {
        origin: { portalId: PORTAL }, objectTypeId: '0-1', inputFieldName: 'variable_1_name', fetchOptions: {},
        inputFields: { template: { type: 'STATIC_VALUE', value: templateId } },
      });
      const keys = (fetchSlot.body.options as Array<{ value: string }>).map((o) => o.value);
      expect(keys).toEqual(expect.arrayContaining(['first_name', 'order_id', 'delivery_date']));
      const answer = await action('/actions/send-template', execution('ap-62515-5-1-0', {
        template: templateId, variable_1_name: 'first_name', variable_1: 'Eino', variable_2_name: 'order_id', variable_2: 'KA-5005',
        variable_3_name: 'delivery_date', variable_3: '2.12.2026',
      }));
      expect((answer.body.outputFields as Record<string, string>).hs_execution_state).toBe('SUCCESS');
      const phone = await kaiku.customer.messages(CUSTOMER);
      expect(phone.some((m) => String(m.text).includes('Hi Eino, your order KA-5005 has shipped'))).toBe(true);
    });

    it('never sends twice for a retried execution (the callback id is the idempotency key)', async () => {
      if (!fake.state.contacts.some((c) => c.id === '4011')) fake.state.contacts.push({ id: '4011', properties: { mobilephone: '+358401234567' } });
      const body = execution('ap-62515-2-1-0', { template: templateId, more_variables: 'first_name=Aino\norder_id=KA-2\ndelivery_date=1.12.2026' });
      const before = (await kaiku.customer.messages(CUSTOMER)).length;
      const first = await action('/actions/send-template', body);
      const second = await action('/actions/send-template', body);
      const third = await action('/actions/send-template', body);
      expect((first.body.outputFields as Record<string, string>).hs_execution_state).toBe('SUCCESS');
      expect((second.body.outputFields as Record<string, string>).message_id).toBe((first.body.outputFields as Record<string, string>).message_id);
      expect((third.body.outputFields as Record<string, string>).message_id).toBe((first.body.outputFields as Record<string, string>).message_id);
      expect(await kaiku.customer.messages(CUSTOMER)).toHaveLength(before + 1);
      // The timeline entry is part of the outcome: one "Sent on WhatsApp" for the three requests. A later action's
      // entry shows that the replays' would have arrived by then.
      await action('/actions/send-template', execution('ap-62515-2-1-1', { template: templateId, more_variables: 'first_name=Aino\norder_id=KA-3\ndelivery_date=1.12.2026' }));
      const logged = (order: string) => fake.state.communications.filter((c) => JSON.stringify(c.body).includes(`order ${order} has shipped`));
      await eventually(async () => (logged('KA-3').length > 0 ? true : undefined), 10_000, 'the later action on the timeline');
      expect(logged('KA-2')).toHaveLength(1);
    });

    it.each([
      ['a wrong secret', { secret: 'not-the-secret' }, 401],
      ['a stale timestamp', { timestamp: Date.now() - 6 * 60_000 }, 401],
      ['a malformed body', { raw: '{"callbackId":"ap-62515-3-1-0","origin":' }, 400],
    ])('rejects %s and sends nothing', async (_label, options, status) => {
      const before = (await kaiku.customer.messages(CUSTOMER)).length;
      const answer = await action('/actions/send-template', execution('ap-62515-3-1-0', { template: 'order_update' }), options);
      expect(answer.status).toBe(status);
      expect(await kaiku.customer.messages(CUSTOMER)).toHaveLength(before);
    });
  });

  describe('inbound WhatsApp messages in HubSpot', () => {
    it('finds or creates the contact, logs the message and updates the trigger properties, then sends the custom event', async () => {
      await hubspotEvents(cli(), { workspace: kaiku.workspaceId }, ['on']);
      const from = fake.calls.length;
      const sent = await kaiku.customer.send('358409998877', { type: 'text', text: { body: 'Onko pöytä vapaana perjantaina?' }, profile_name: 'Matti' });
      await eventually(async () => fake.state.events.length > 0, 10_000, 'the custom event');
      const contact = fake.state.contacts.find((c) => c.properties.phone === '+358409998877');
      expect(contact?.properties).toMatchObject({
        firstname: 'Matti', kaiku_whatsapp_id: '358409998877', kaiku_whatsapp_last_message_text: 'Onko pöytä vapaana perjantaina?',
        kaiku_whatsapp_last_logged_message_id: sent.id, kaiku_whatsapp_last_message_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(fake.state.communications.map((c) => c.body)).toContainEqual({
        properties: expect.objectContaining({ hs_communication_channel_type: 'WHATS_APP', hs_communication_logged_from: 'CRM', hs_communication_body: 'Onko pöytä vapaana perjantaina?' }),
        associations: [{ to: { id: contact?.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 81 }] }],
      });
      expect(fake.state.events[0]).toMatchObject({ eventName: `pe${PORTAL}_kaiku_whatsapp_message_received`, objectId: contact?.id, properties: { message_id: sent.id } });
      const paths = fake.calls.slice(from).filter((c) => !c.path.startsWith('/crm/v3/properties') && c.path !== '/account-info/v3/details' && !c.path.startsWith('/events/v3/event-definitions')).map((c) => `${c.method} ${c.path}`);
      expect(paths).toEqual([
        'POST /crm/v3/objects/contacts/search', 'POST /crm/v3/objects/contacts', 'POST /crm/v3/objects/communications',
        `PATCH /crm/v3/objects/contacts/${contact?.id}`, 'POST /events/v3/send',
      ]);
    });

    it('retries after HubSpot’s 429 through the delivery machinery and loses nothing', async () => {
      fake.failNext(/^POST \/crm\/v3\/objects\/contacts\/search$/, 429, { 'Retry-After': '1' });
      await kaiku.customer.send('358405556666', { type: 'text', text: { body: 'STOP' } });
      const contact = await eventually(async () => fake.state.contacts.find((c) => c.properties.kaiku_whatsapp_id === '358405556666' && c.properties.kaiku_whatsapp_last_message_text === 'STOP'), 15_000, 'the contact after the retry');
      expect(contact.properties.kaiku_whatsapp_opted_out).toBe('true');
      await eventually(async () => fake.state.events.some((e) => (e as { properties?: { whatsapp_id?: string } }).properties?.whatsapp_id === '358405556666'), 10_000, 'the custom event after the retry');
      expect(fake.calls.filter((c) => c.path === '/crm/v3/objects/contacts/search').length).toBeGreaterThanOrEqual(3);
    });
  });

  describe('disconnecting', () => {
    it('stops the actions and the CRM sync', async () => {
      await hubspotDisconnect(cli(), { workspace: kaiku.workspaceId });
      expect((await kaiku.store.listSubscriptions(kaiku.workspaceId)).filter((s) => s.sink === 'hubspot')).toEqual([]);
      expect(await kaiku.store.getHubspotAccount(kaiku.workspaceId)).toBeNull();
      const answer = await action('/actions/send-template', execution('ap-62515-9-1-0', { template: templateId }));
      expect(answer.body.outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', error_code: 'not_connected' });
      await eventually(async () => (await kaiku.store.pendingDeliveryCount()) === 0, 10_000, 'an empty delivery queue');
      const before = fake.calls.length;
      await kaiku.customer.send('358401110000', { type: 'text', text: { body: 'Hei?' } });
      await eventually(async () => (await kaiku.store.listInboundMessages(kaiku.workspaceId, { limit: 5 })).some((m) => m.from === '358401110000'), 10_000, 'the inbound message');
      expect(fake.calls.length).toBe(before);
    });
  });

});

describe.each(['sqlite', 'postgres'] as const)('a HubSpot action blocked by WhatsApp on %s', (store) => {
  let fake: FakeHubspot;
  let kaiku: Kaiku;
  let metaBusy = true;
  /** Meta's throughput answer (130429, Retry-After 1 s) to every send while `metaBusy`; the sandbox otherwise. */
  const busyMeta: typeof fetch = async (input, init) => {
    if (!metaBusy || !String(input).endsWith('/messages')) return fetch(input, init);
    const error = { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' }, fbtrace_id: 'AbCdBusy' };
    return new Response(JSON.stringify({ error }), { status: 400, headers: { 'content-type': 'application/json', 'retry-after': '1' } });
  };
  const action = (path: string, body: unknown) => postAsHubspot(`${kaiku.proxyUrl}/hubspot${path}`, `${PUBLIC_URL}/hubspot${path}`, body, { secret: SECRET });

  beforeAll(async () => {
    fake = await startFakeHubspot({ portalId: PORTAL });
    kaiku = await startKaiku({ store, fetch: busyMeta, config: { hubspotClientSecret: SECRET, hubspotApiBaseUrl: fake.url, publicUrl: PUBLIC_URL } });
    await hubspotConnect({ config: kaiku.config, store: kaiku.store, secrets: kaiku.secrets }, { workspace: kaiku.workspaceId, 'access-token': fake.state.token }, []);
  });
  afterAll(async () => {
    await kaiku.stop();
    await fake.stop();
  });

  it('is kept through a restart, sent once when WhatsApp takes it again, and completed at HubSpot', async () => {
    const options = await action('/options', { origin: { portalId: PORTAL }, objectTypeId: '0-1', inputFieldName: 'template', inputFields: {}, fetchOptions: { q: 'order_update' } });
    const template = (options.body.options as Array<{ value: string; label: string }>).find((o) => o.label.startsWith('order_update (en_US)'))?.value ?? '';
    const callbackId = 'ap-62515-77-1-0';
    const answer = await action('/actions/send-template', execution(callbackId, {
      template, more_variables: 'first_name=Aino\norder_id=KA-2077\ndelivery_date=28.11.2026',
    }));
    expect(answer.body).toEqual({ outputFields: { hs_execution_state: 'BLOCK', hs_expiration_duration: 'P1D' } });

    // A restart forgets everything in memory; the blocked action is in the store.
    await kaiku.restartProxy();
    metaBusy = false;
    const completion = await eventually(async () => fake.state.completions.find((c) => c.callbackId === callbackId), 20_000, 'HubSpot told the outcome of the blocked action');
    expect(completion.body).toEqual({ outputFields: { hs_execution_state: 'SUCCESS', message_id: expect.stringMatching(/^wamid\./), wa_id: CUSTOMER, status: 'accepted', sent_as: 'template' } });
    const phone = await kaiku.customer.messages(CUSTOMER);
    expect(phone.filter((m) => String(m.text).includes('KA-2077'))).toHaveLength(1);
    // Done means forgotten: nothing is due any more, and HubSpot hears the outcome once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await kaiku.store.claimDueHubspotBlockedActions(10, 1)).toEqual([]);
    expect(fake.state.completions.filter((c) => c.callbackId === callbackId)).toHaveLength(1);
  }, 60_000);
});

describe('HubSpot not configured', () => {
  it('answers its URLs with 503 naming the settings to make', async () => {
    const bare = await startKaiku();
    try {
      const response = await fetch(`${bare.proxyUrl}/hubspot/actions/send-template`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'hubspot_not_configured', message: expect.stringContaining('HUBSPOT_CLIENT_SECRET') } });
    } finally {
      await bare.stop();
    }
  });
});
