/**
 * Linking a workspace to HubSpot (tokens encrypted, one CRM sink subscription per chosen number, unlinking removes
 * them) and the Integrations page: this deployment's address, HubSpot's state and install link, and the Power
 * Platform files made for the public URL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HUBSPOT_SINK_NAME } from '@kaiku/hubspot';
import {
  chooseHubspotNumbers, createLinkCode, hubspotNumbers, LINK_CODE_TTL_MS, linkHash, linkHubspotAccount, unlinkHubspotAccount,
} from '../src/actions/hubspot-account.js';
import { hubspotInstallLink, integrationsOverview, powerPlatformFile } from '../src/actions/integrations.js';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import type { Store } from '../src/store/index.js';
import { actionDeps } from './actions-deps.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

let t: TestStore;
let store: Store;
beforeAll(async () => {
  t = await openTestStore('sqlite');
  store = t.store;
});
afterAll(async () => t.cleanup());

const secrets = createSecrets(generateEncryptionKey());
const tokens = { accessToken: 'pat-na1-access', refreshToken: 'refresh-1', expiresAt: new Date('2026-12-01T00:00:00.000Z') };

async function workspaceWithNumbers(...numbers: string[]): Promise<string> {
  const { id } = await store.createWorkspace({ name: 'HubSpot' });
  for (const phoneNumberId of numbers) await store.upsertConnection(connectionInput(id, { phoneNumberId }));
  return id;
}

async function sinks(workspaceId: string) {
  return (await store.listSubscriptions(workspaceId)).filter((s) => s.sink === HUBSPOT_SINK_NAME);
}

describe('linking HubSpot', () => {
  it('keeps only a hash of the install link code, valid for 30 minutes', async () => {
    const workspaceId = await workspaceWithNumbers();
    const now = new Date();
    const { code, expiresAt } = await createLinkCode(store, workspaceId, now);
    expect(code).toMatch(/^hslc_[A-Za-z0-9_-]{32}$/);
    expect(expiresAt.getTime()).toBe(now.getTime() + LINK_CODE_TTL_MS);
    expect(LINK_CODE_TTL_MS).toBe(30 * 60_000);
    expect(linkHash(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(linkHash(code)).not.toBe(linkHash(`${code}x`));
    expect(await store.bindHubspotLinkState(linkHash(code), linkHash('state'))).toBe(true);
    expect(await store.bindHubspotLinkState(code, linkHash('state2'))).toBe(false);
  });

  it('stores the tokens encrypted and adds one CRM subscription for all numbers, once', async () => {
    const workspaceId = await workspaceWithNumbers('1111');
    await linkHubspotAccount(store, secrets, workspaceId, 4242, tokens);
    await linkHubspotAccount(store, secrets, workspaceId, 4242, { ...tokens, refreshToken: null, expiresAt: null });
    const account = await store.getHubspotAccount(workspaceId);
    expect(account?.portalId).toBe(4242);
    expect(account?.accessTokenEnc).not.toContain('pat-na1-access');
    expect(secrets.decrypt(account?.accessTokenEnc ?? '')).toBe('pat-na1-access');
    expect(account?.refreshTokenEnc).toBeNull();
    expect(account?.expiresAt).toBeNull();
    const [sink, ...more] = await sinks(workspaceId);
    expect(more).toEqual([]);
    expect(sink).toMatchObject({ event: 'inbound_message', targetUrl: null, secret: null, filter: null, source: 'hubspot' });
    expect(await hubspotNumbers(store, workspaceId)).toBeNull();
  });

  it('keeps the refresh token encrypted too', async () => {
    const workspaceId = await workspaceWithNumbers();
    await linkHubspotAccount(store, secrets, workspaceId, 7, tokens);
    const account = await store.getHubspotAccount(workspaceId);
    expect(secrets.decrypt(account?.refreshTokenEnc ?? '')).toBe('refresh-1');
    expect(account?.expiresAt?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('adds the CRM subscription beside an ordinary subscription of the same event', async () => {
    const workspaceId = await workspaceWithNumbers();
    await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: 'https://hooks.example.com/a', sink: null, secret: null, filter: null, source: 'api' });
    await store.createSubscription({ workspaceId, event: 'message_status', targetUrl: null, sink: HUBSPOT_SINK_NAME, secret: null, filter: null, source: 'hubspot' });
    await linkHubspotAccount(store, secrets, workspaceId, 8, tokens);
    expect((await sinks(workspaceId)).filter((s) => s.event === 'inbound_message')).toHaveLength(1);
  });

  it('unlinks: the account and every CRM subscription go, other subscriptions stay', async () => {
    const workspaceId = await workspaceWithNumbers('1111');
    expect(await unlinkHubspotAccount(store, workspaceId)).toBe(false);
    await linkHubspotAccount(store, secrets, workspaceId, 9, tokens);
    const other = await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: 'https://hooks.example.com/a', sink: null, secret: null, filter: null, source: 'api' });
    expect(await unlinkHubspotAccount(store, workspaceId)).toBe(true);
    expect(await store.getHubspotAccount(workspaceId)).toBeNull();
    expect(await sinks(workspaceId)).toEqual([]);
    expect((await store.listSubscriptions(workspaceId)).map((s) => s.id)).toEqual([other.id]);
  });
});

describe('choosing the numbers HubSpot hears', () => {
  it('refuses before the workspace is linked, naming the command', async () => {
    const workspaceId = await workspaceWithNumbers('1111');
    await expect(chooseHubspotNumbers(store, workspaceId, ['1111'])).rejects.toThrow(`Workspace ${workspaceId} is not connected to HubSpot. Connect it first: pnpm kaiku hubspot link-code --workspace ${workspaceId}.`);
  });

  it('refuses numbers not of the workspace, listing its numbers, and an empty choice', async () => {
    const workspaceId = await workspaceWithNumbers('1111', '2222');
    await linkHubspotAccount(store, secrets, workspaceId, 10, tokens);
    await expect(chooseHubspotNumbers(store, workspaceId, ['9999'])).rejects.toThrow(`9999 is not a business number of workspace ${workspaceId}; choose from: 1111, 2222.`);
    await expect(chooseHubspotNumbers(store, workspaceId, ['1111', '8888', '9999'])).rejects.toThrow('8888, 9999 are not business numbers');
    await expect(chooseHubspotNumbers(store, workspaceId, [])).rejects.toThrow('Choose at least one business number, or "all"');
    const empty = await workspaceWithNumbers();
    await linkHubspotAccount(store, secrets, empty, 11, tokens);
    await expect(chooseHubspotNumbers(store, empty, ['1111'])).rejects.toThrow('choose from: (none connected yet).');
  });

  it('moves from all numbers to chosen ones and back, keeping subscriptions of numbers that stay', async () => {
    const workspaceId = await workspaceWithNumbers('1111', '2222', '3333');
    await linkHubspotAccount(store, secrets, workspaceId, 12, tokens);
    expect(await chooseHubspotNumbers(store, workspaceId, ['3333', '1111', '1111'])).toEqual(['1111', '3333']);
    const chosen = await sinks(workspaceId);
    expect(chosen.map((s) => s.filter?.phone_number_id).sort()).toEqual(['1111', '3333']);
    expect(chosen.every((s) => s.source === 'hubspot' && s.event === 'inbound_message' && s.targetUrl === null)).toBe(true);
    const kept = chosen.find((s) => s.filter?.phone_number_id === '1111')?.id;

    expect(await chooseHubspotNumbers(store, workspaceId, ['1111', '2222'])).toEqual(['1111', '2222']);
    const after = await sinks(workspaceId);
    expect(after.map((s) => s.filter?.phone_number_id).sort()).toEqual(['1111', '2222']);
    expect(after.find((s) => s.filter?.phone_number_id === '1111')?.id).toBe(kept);

    expect(await chooseHubspotNumbers(store, workspaceId, null)).toBeNull();
    const all = await sinks(workspaceId);
    expect(all).toHaveLength(1);
    expect(all[0]?.filter).toBeNull();
    expect(await chooseHubspotNumbers(store, workspaceId, null)).toBeNull();
    expect(await sinks(workspaceId)).toHaveLength(1);
  });

  it('counts a status subscription of the sink as no choice, and a filter without a number as all', async () => {
    const workspaceId = await workspaceWithNumbers('1111');
    await store.createSubscription({ workspaceId, event: 'message_status', targetUrl: null, sink: HUBSPOT_SINK_NAME, secret: null, filter: { phone_number_id: '1111' }, source: 'hubspot' });
    expect(await hubspotNumbers(store, workspaceId)).toBeNull();
    await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: null, sink: HUBSPOT_SINK_NAME, secret: null, filter: { phone_number_id: '1111' }, source: 'hubspot' });
    expect(await hubspotNumbers(store, workspaceId)).toEqual(['1111']);
    await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: null, sink: HUBSPOT_SINK_NAME, secret: null, filter: {}, source: 'hubspot' });
    expect(await hubspotNumbers(store, workspaceId)).toBeNull();
    await linkHubspotAccount(store, secrets, workspaceId, 13, tokens);
    expect(await chooseHubspotNumbers(store, workspaceId, ['1111'])).toEqual(['1111']);
    expect((await sinks(workspaceId)).filter((s) => s.event === 'message_status')).toHaveLength(1);
  });
});

describe('the Integrations page', () => {
  const app = { publicUrl: 'https://kaiku.example.com/', hubspotClientId: 'client-id', hubspotClientSecret: 'client-secret' };

  it('without a public URL: the request\'s address, no HubSpot app, no Power Platform files', async () => {
    const workspaceId = await workspaceWithNumbers();
    const deps = actionDeps(store, { publicUrl: null, hubspotClientId: 'id', hubspotClientSecret: 'secret' });
    expect(await integrationsOverview(deps, workspaceId, 'http://127.0.0.1:3000')).toEqual({
      kaiku_url: 'http://127.0.0.1:3000', public_url_set: false,
      hubspot: { app_configured: false, connected: false, portal_id: null, install_path: '/hubspot/install' },
      power_platform: { files: [
        { name: 'apiDefinition.swagger.json', path: '/v1/integrations/power-platform/apiDefinition.swagger.json' },
        { name: 'apiProperties.json', path: '/v1/integrations/power-platform/apiProperties.json' },
      ] },
      n8n: { package: 'n8n-nodes-kaiku' },
    });
    await expect(hubspotInstallLink(deps, workspaceId)).rejects.toMatchObject({ code: 'conflict', details: { missing: 'hubspot_app' } });
    expect(() => powerPlatformFile(deps, 'apiProperties.json')).toThrow('KAIKU_PUBLIC_URL is not set');
    expect(() => powerPlatformFile(deps, 'apiProperties.json')).toThrow(expect.objectContaining({ code: 'conflict', details: { missing: 'KAIKU_PUBLIC_URL' } }));
  });

  it('with the app configured: HubSpot linked, the portal shown, an install link of 30 minutes', async () => {
    const workspaceId = await workspaceWithNumbers();
    await linkHubspotAccount(store, secrets, workspaceId, 4711, tokens);
    const deps = actionDeps(store, app, new Date());
    const overview = await integrationsOverview(deps, workspaceId, 'http://127.0.0.1:3000');
    expect(overview).toMatchObject({ kaiku_url: 'https://kaiku.example.com/', public_url_set: true, hubspot: { app_configured: true, connected: true, portal_id: 4711 } });
    const link = await hubspotInstallLink(deps, workspaceId);
    expect(link.url).toMatch(/^https:\/\/kaiku\.example\.com\/hubspot\/install\?code=hslc_[A-Za-z0-9_-]+$/);
    expect(link.expires_at).toBe(new Date(deps.now().getTime() + LINK_CODE_TTL_MS).toISOString());
    const code = decodeURIComponent(link.url.split('code=')[1] ?? '');
    expect(await store.bindHubspotLinkState(linkHash(code), linkHash('s'))).toBe(true);
  });

  it.each([
    ['the client id', { hubspotClientId: null }],
    ['the client secret', { hubspotClientSecret: null }],
  ])('without %s the HubSpot app is not configured and gives no install link', async (_label, missing) => {
    const workspaceId = await workspaceWithNumbers();
    const deps = actionDeps(store, { ...app, ...missing });
    expect((await integrationsOverview(deps, workspaceId, 'x')).hubspot.app_configured).toBe(false);
    const error = await hubspotInstallLink(deps, workspaceId).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'conflict', details: { missing: 'hubspot_app' } });
    expect((error as Error).message).toContain('KAIKU_PUBLIC_URL, HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET');
  });

  it('serves the two Power Platform files for the public URL as four-space JSON, and names them for any other', () => {
    const deps = actionDeps(store, app);
    const definition = powerPlatformFile(deps, 'apiDefinition.swagger.json');
    expect(definition.endsWith('}\n')).toBe(true);
    expect(definition).toContain('\n    "');
    expect(JSON.parse(definition)).toMatchObject({ host: 'kaiku.example.com' });
    const properties = JSON.parse(powerPlatformFile(deps, 'apiProperties.json')) as Record<string, unknown>;
    expect(properties).toHaveProperty('properties');
    expect(properties).not.toHaveProperty('swagger');
    expect(() => powerPlatformFile(deps, 'secrets.json')).toThrow('There is no Power Platform file "secrets.json"; the files are apiDefinition.swagger.json and apiProperties.json.');
    expect(() => powerPlatformFile(deps, 'secrets.json')).toThrow(expect.objectContaining({ code: 'not_found', details: { field: 'file' } }));
  });
});
