import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { HubspotRetryError } from '../src/api/client.js';
import { ensureContactProperties, CONTACT_PROPERTY } from '../src/crm/properties.js';
import { createHubspotSink } from '../src/crm/sink.js';
import { createApiClient } from '../src/api/client.js';
import type { HubspotAccount, HubspotSinkDeps } from '../src/types.js';
import { startFakeHubspot, type FakeHubspot } from './fake-hubspot.js';

let fake: FakeHubspot;
let account: HubspotAccount;
let consent: 'opted_in' | 'opted_out' | 'unknown';

/** An inbound-message record as the proxy delivers it (every field present). */
function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'wamid.HBgMMzU4NDAxMjM0NTY3FQIAEhggQTFCMkMzRDQ1', phone_number_id: '106540352242922', display_phone_number: '15550001234',
    from: '358401234567', profile_name: 'Anna Virtanen', received_at: '2026-11-25T12:00:00.000Z', type: 'text', text: 'Hei! Onko pöytä vapaana?',
    media_id: null, media_mime_type: null, media_sha256: null, media_caption: null, media_filename: null, media_url: null,
    reply_id: null, reply_title: null, window_expires_at: '2026-11-26T12:00:00.000Z', raw: null, ...overrides,
  };
}

function deps(overrides: Partial<HubspotSinkDeps> = {}): HubspotSinkDeps {
  return {
    apiBaseUrl: fake.url,
    findAccountByWorkspace: async (id) => (id === account.workspaceId ? account : null),
    getConsent: async () => consent,
    ...overrides,
  };
}

const event = (rec: Record<string, unknown>) => ({ workspaceId: 'ws_1', eventId: `evt_${String(rec.id)}`, eventType: 'inbound_message', record: rec });

beforeEach(async () => {
  fake = await startFakeHubspot();
  await ensureContactProperties(createApiClient({ baseUrl: fake.url, accessToken: fake.state.token }));
  fake.calls.length = 0;
  account = { workspaceId: 'ws_1', portalId: 62515, accessToken: fake.state.token, refreshToken: null, expiresAt: null, customEvents: false };
  consent = 'unknown';
});
afterEach(() => fake.stop());

describe('HubSpot CRM sink', () => {
  it('creates the contact, logs a WhatsApp communication on it and sets the trigger properties', async () => {
    await createHubspotSink(deps()).deliver(event(record()));
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /crm/v3/objects/contacts/search', 'POST /crm/v3/objects/contacts', 'POST /crm/v3/objects/communications', 'PATCH /crm/v3/objects/contacts/1001',
    ]);
    expect(fake.calls[0]?.auth).toBe(`Bearer ${fake.state.token}`);
    const contact = fake.state.contacts[0];
    expect(contact?.properties).toMatchObject({
      phone: '+358401234567', firstname: 'Anna Virtanen', [CONTACT_PROPERTY.waId]: '358401234567',
      [CONTACT_PROPERTY.lastMessageAt]: '2026-11-25T12:00:00.000Z', [CONTACT_PROPERTY.lastMessageText]: 'Hei! Onko pöytä vapaana?',
    });
    expect(fake.state.communications[0]?.body).toEqual({
      properties: {
        hs_communication_channel_type: 'WHATS_APP', hs_communication_logged_from: 'CRM',
        hs_communication_body: 'Hei! Onko pöytä vapaana?', hs_timestamp: '2026-11-25T12:00:00.000Z',
      },
      associations: [{ to: { id: '1001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 81 }] }],
    });
  });

  it('finds an existing contact by phone in E.164 instead of creating one', async () => {
    fake.state.contacts.push({ id: '77', properties: { mobilephone: '+358401234567', firstname: 'Anna' } });
    await createHubspotSink(deps()).deliver(event(record()));
    expect(fake.state.contacts).toHaveLength(1);
    const search = fake.calls[0]?.body as { filterGroups: Array<{ filters: Array<{ propertyName: string; value: string }> }> };
    expect(search.filterGroups.map((g) => g.filters[0])).toEqual([
      { propertyName: CONTACT_PROPERTY.waId, operator: 'EQ', value: '358401234567' },
      { propertyName: 'phone', operator: 'EQ', value: '+358401234567' },
      { propertyName: 'mobilephone', operator: 'EQ', value: '+358401234567' },
    ]);
    expect(fake.state.contacts[0]?.properties.firstname).toBe('Anna');
    expect(fake.state.contacts[0]?.properties[CONTACT_PROPERTY.waId]).toBe('358401234567');
  });

  it('knows a customer whose number WhatsApp keeps back by their user ID alone, and gives the contact no phone', async () => {
    fake.state.contacts.push({ id: '60', properties: { phone: '+358401234567' } });
    const bsuid = 'GB.13491208655302741918';
    await createHubspotSink(deps()).deliver(event(record({ from: bsuid, user_id: bsuid, username: 'amara.okafor', profile_name: 'Amara' })));
    expect(fake.calls[0]?.body).toMatchObject({ filterGroups: [{ filters: [{ propertyName: CONTACT_PROPERTY.waId, operator: 'EQ', value: bsuid }] }] });
    expect(fake.state.contacts).toHaveLength(2);
    expect(fake.state.contacts[1]?.properties).toMatchObject({ firstname: 'Amara', [CONTACT_PROPERTY.waId]: bsuid });
    expect(fake.state.contacts[1]?.properties).not.toHaveProperty('phone');
  });

  it('does not create a second contact while search has not indexed the first', async () => {
    const sink = createHubspotSink(deps());
    await sink.deliver(event(record()));
    fake.state.unindexed.add('1001');
    await sink.deliver(event(record({ id: 'wamid.SECOND', text: 'Toinen viesti' })));
    expect(fake.state.contacts).toHaveLength(1);
    expect(fake.calls.some((c) => c.method === 'GET' && c.path === '/crm/v3/objects/contacts/358401234567' && c.query.idProperty === CONTACT_PROPERTY.waId)).toBe(true);
    expect(fake.state.communications).toHaveLength(2);
    expect(fake.state.contacts[0]?.properties[CONTACT_PROPERTY.lastMessageText]).toBe('Toinen viesti');
  });

  it('prefers the contact that has the WhatsApp id over another with the same phone', async () => {
    fake.state.contacts.push({ id: '50', properties: { phone: '+358401234567' } }, { id: '51', properties: { [CONTACT_PROPERTY.waId]: '358401234567' } });
    await createHubspotSink(deps()).deliver(event(record()));
    expect(fake.calls.find((c) => c.method === 'PATCH')?.path).toBe('/crm/v3/objects/contacts/51');
  });

  it('logs media as a link with its caption', async () => {
    await createHubspotSink(deps()).deliver(event(record({
      type: 'image', text: 'Tässä kuva <3', media_caption: 'Tässä kuva <3', media_url: 'https://kaiku.example.com/v1/media/123?sig=abc&x=1',
    })));
    const body = (fake.state.communications[0]?.body as { properties: Record<string, string> }).properties.hs_communication_body;
    expect(body).toBe('<a href="https://kaiku.example.com/v1/media/123?sig=abc&amp;x=1">image</a><br>Tässä kuva &lt;3');
  });

  it('writes an opt-out to the contact', async () => {
    consent = 'opted_out';
    await createHubspotSink(deps()).deliver(event(record({ text: 'STOP' })));
    expect(fake.state.contacts[0]?.properties[CONTACT_PROPERTY.optedOut]).toBe('true');
  });

  it('sends the custom event when the workspace has switched it on', async () => {
    account.customEvents = true;
    await createHubspotSink(deps()).deliver(event(record()));
    expect(fake.state.events).toEqual([{
      eventName: 'pe62515_kaiku_whatsapp_message_received', objectId: '1001', occurredAt: '2026-11-25T12:00:00.000Z',
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/),
      properties: { message_id: record().id, message_type: 'text', message_text: 'Hei! Onko pöytä vapaana?', whatsapp_id: '358401234567' },
    }]);
  });

  it('turns a 429 into a retry error with HubSpot’s delay, and the retry does not log the message twice', async () => {
    const sink = createHubspotSink(deps());
    fake.failNext(/^PATCH \/crm\/v3\/objects\/contacts\//, 429, { 'Retry-After': '7' });
    const failure = await sink.deliver(event(record())).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HubspotRetryError);
    expect((failure as HubspotRetryError).retryAfterMs).toBe(7000);
    await sink.deliver(event(record()));
    await sink.deliver(event(record()));
    expect(fake.state.communications).toHaveLength(1);
    expect(fake.state.contacts).toHaveLength(1);
  });

  it('retries outages and refused tokens, but not malformed requests', async () => {
    const sink = createHubspotSink(deps());
    fake.failNext(/search$/, 503);
    await expect(sink.deliver(event(record()))).rejects.toBeInstanceOf(HubspotRetryError);
    fake.failNext(/search$/, 401);
    await expect(sink.deliver(event(record()))).rejects.toThrow(/kaiku hubspot connect/);
    fake.failNext(/search$/, 400);
    await expect(sink.deliver(event(record()))).rejects.toThrow(/HTTP 400/);
  });

  it('refreshes an OAuth token that is about to expire and saves the new tokens', async () => {
    const saved: unknown[] = [];
    fake.state.oauth.refreshTokens.add('refresh-1');
    account = { ...account, accessToken: 'expiring', refreshToken: 'refresh-1', expiresAt: new Date(Date.now() + 60_000) };
    await createHubspotSink(deps({ oauth: { clientId: 'cid', clientSecret: 'csecret' }, saveTokens: async (_ws, t) => void saved.push(t) })).deliver(event(record()));
    expect(fake.calls[0]).toMatchObject({ method: 'POST', path: '/oauth/v1/token', body: { grant_type: 'refresh_token', client_id: 'cid', refresh_token: 'refresh-1' } });
    expect(saved).toEqual([{ accessToken: fake.state.token, refreshToken: 'refresh-1', expiresAt: expect.any(Date) }]);
    expect(fake.state.contacts).toHaveLength(1);
  });

  it('ignores status events and workspaces without a HubSpot account', async () => {
    const sink = createHubspotSink(deps());
    await sink.deliver({ workspaceId: 'ws_1', eventId: 'e', eventType: 'message_status', record: { id: 'wamid.x', status: 'read' } });
    await sink.deliver({ ...event(record()), workspaceId: 'ws_other' });
    expect(fake.calls).toEqual([]);
  });
});
