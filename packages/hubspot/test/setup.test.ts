import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadSetupConfig, type SetupConfig } from '../src/config.js';
import { CONTACT_PROPERTIES } from '../src/crm/properties.js';
import { describeSetup, runSetup } from '../src/setup/setup.js';
import { startFakeHubspot, type FakeHubspot } from './fake-hubspot.js';

let fake: FakeHubspot;
let config: SetupConfig;

beforeEach(async () => {
  fake = await startFakeHubspot();
  config = {
    appId: 4242, developerApiKey: fake.state.developerApiKey, publicUrl: 'https://kaiku.example.com',
    apiBaseUrl: fake.url, accessToken: fake.state.token, customEvents: true,
  };
});
afterEach(() => fake.stop());

const writes = (f: FakeHubspot) => f.calls.filter((c) => c.method !== 'GET');

describe('setup command', () => {
  it('creates the three definitions, the property group, the properties and the event definition', async () => {
    const report = await runSetup(config);
    expect(report.definitions.map((d) => [d.name, d.change])).toEqual([['send_template', 'created'], ['reply', 'created'], ['request_consent', 'created']]);
    expect(fake.state.definitions.map((d) => d.actionUrl)).toEqual([
      'https://kaiku.example.com/hubspot/actions/send-template', 'https://kaiku.example.com/hubspot/actions/reply',
      'https://kaiku.example.com/hubspot/actions/request-consent',
    ]);
    expect(fake.state.groups.map((g) => g.name)).toEqual(['kaiku_whatsapp']);
    expect(fake.state.properties.map((p) => p.name)).toEqual(CONTACT_PROPERTIES.map((p) => p.name));
    expect(fake.state.eventDefinitions).toEqual([{ name: 'kaiku_whatsapp_message_received' }]);
    const definitionCall = fake.calls.find((c) => c.method === 'POST' && c.path === '/automation/v4/actions/4242');
    expect(definitionCall?.query.hapikey).toBe(fake.state.developerApiKey);
  });

  it('changes nothing when run a second time', async () => {
    await runSetup(config);
    const before = writes(fake).length;
    const report = await runSetup(config);
    expect(report.definitions.every((d) => d.change === 'unchanged')).toBe(true);
    expect(report.createdProperties).toEqual([]);
    expect(report.createdEventDefinition).toBe(false);
    expect(writes(fake).length).toBe(before);
    expect(describeSetup(report)).toContain('Contact properties: all present');
  });

  it('patches a definition whose action URL matches but whose fields differ', async () => {
    await runSetup(config);
    const first = fake.state.definitions[0];
    if (first) first.labels = { en: { actionName: 'Old name' } };
    const report = await runSetup(config);
    expect(report.definitions[0]).toMatchObject({ name: 'send_template', change: 'updated' });
    expect(fake.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
    expect((fake.state.definitions[0]?.labels as { fi?: { actionName: string } }).fi?.actionName).toBe('Lähetä WhatsApp-viestipohja');
  });

  it('waits out a 429 for the delay HubSpot names and carries on', async () => {
    fake.failNext(/^GET \/automation\/v4\/actions\/4242$/, 429, { 'Retry-After': '1' });
    const report = await runSetup(config);
    expect(report.definitions).toHaveLength(3);
    expect(fake.calls.filter((c) => c.method === 'GET' && c.path === '/automation/v4/actions/4242')).toHaveLength(2);
  });

  it('explains a refused developer key without repeating the key', async () => {
    const failure = await runSetup({ ...config, developerApiKey: 'dev-key-that-is-wrong' }).catch((e: unknown) => e as Error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/refused Kaiku's access token or key while trying to list the action definitions/);
    expect(`${(failure as Error).message} ${String((failure as Error).stack)}`).not.toContain('dev-key-that-is-wrong');
  });

  it('skips account properties without an account token', async () => {
    const report = await runSetup({ ...config, accessToken: null });
    expect(report.createdProperties).toBeNull();
    expect(fake.state.properties).toEqual([]);
  });
});

describe('setup configuration', () => {
  it('names every missing variable at once', () => {
    expect(() => loadSetupConfig({})).toThrow(/HUBSPOT_APP_ID[\s\S]*HUBSPOT_DEVELOPER_API_KEY[\s\S]*KAIKU_PUBLIC_URL/);
  });

  it('refuses a public URL that HubSpot cannot call', () => {
    expect(() => loadSetupConfig({ HUBSPOT_APP_ID: '1', HUBSPOT_DEVELOPER_API_KEY: 'k', KAIKU_PUBLIC_URL: 'http://kaiku.example.com' })).toThrow(/https/);
  });

  it('reads a complete environment', () => {
    expect(loadSetupConfig({ HUBSPOT_APP_ID: '77', HUBSPOT_DEVELOPER_API_KEY: 'k', KAIKU_PUBLIC_URL: 'https://k.example.com/', HUBSPOT_CUSTOM_EVENTS: 'true' })).toEqual({
      appId: 77, developerApiKey: 'k', publicUrl: 'https://k.example.com', apiBaseUrl: 'https://api.hubapi.com', accessToken: null, customEvents: true,
    });
  });
});
