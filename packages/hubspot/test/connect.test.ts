import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { connectAccount, enableCustomEvents } from '../src/connect.js';
import { CONTACT_PROPERTIES } from '../src/crm/properties.js';
import { startFakeHubspot, type FakeHubspot } from './fake-hubspot.js';

let fake: FakeHubspot;
beforeEach(async () => {
  fake = await startFakeHubspot({ portalId: 146001 });
});
afterEach(() => fake.stop());

describe('connecting a HubSpot account', () => {
  it('learns the portal id from the token and creates the contact properties once', async () => {
    const first = await connectAccount({ apiBaseUrl: fake.url, accessToken: fake.state.token });
    expect(first).toEqual({ portalId: 146001, createdProperties: CONTACT_PROPERTIES.map((p) => p.name) });
    const second = await connectAccount({ apiBaseUrl: fake.url, accessToken: fake.state.token });
    expect(second.createdProperties).toEqual([]);
  });

  it('uses the portal id it is given', async () => {
    expect((await connectAccount({ apiBaseUrl: fake.url, accessToken: fake.state.token, portalId: 7 })).portalId).toBe(7);
    expect(fake.calls.some((c) => c.path === '/account-info/v3/details')).toBe(false);
  });

  it('fails at once with an actionable message when HubSpot refuses the token', async () => {
    await expect(connectAccount({ apiBaseUrl: fake.url, accessToken: 'wrong' })).rejects.toThrow(/refused Kaiku's access token or key/);
    expect(fake.calls).toHaveLength(1);
  });

  it('creates the custom event definition once', async () => {
    expect(await enableCustomEvents({ apiBaseUrl: fake.url, accessToken: fake.state.token })).toBe(true);
    expect(await enableCustomEvents({ apiBaseUrl: fake.url, accessToken: fake.state.token })).toBe(false);
    const created = fake.calls.find((c) => c.method === 'POST' && c.path === '/events/v3/event-definitions');
    expect(created?.body).toMatchObject({ name: 'kaiku_whatsapp_message_received', primaryObject: 'CONTACT', propertyDefinitions: expect.arrayContaining([{ name: 'message_text', label: 'Message text', type: 'string' }]) });
  });
});
