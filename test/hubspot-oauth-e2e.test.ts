/**
 * Installing the HubSpot app by OAuth, end to end against the local fake of HubSpot's OAuth endpoints and the
 * real @hubspot/api-client calls: a one-time link code, the authorize redirect with a state bound to it, the code
 * exchange, tokens stored encrypted, refresh before expiry (also for a blocked action's completion), and
 * uninstalling from either side.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hubspotDisconnect, hubspotLinkCode } from '../packages/proxy/src/cli/hubspot.js';
import { linkHash } from '../packages/proxy/src/actions/hubspot-account.js';
import { startFakeHubspot, type FakeHubspot } from '../packages/hubspot/test/fake-hubspot.js';
import { postAsHubspot } from '../packages/hubspot/test/hubspot-request.js';
import { eventually, startKaiku, type Kaiku } from './harness/index.js';

const PUBLIC_URL = 'https://kaiku.example.com';
const PORTAL = 62515;
const CUSTOMER = '358401234567';

describe.each(['sqlite', 'postgres'] as const)('HubSpot OAuth install on %s', (store) => {
  let fake: FakeHubspot;
  let kaiku: Kaiku;
  let metaBusy = false;
  /** Meta's throughput answer (130429) to every send while `metaBusy`; the sandbox otherwise. */
  const busyMeta: typeof fetch = async (input, init) => {
    if (!metaBusy || !String(input).endsWith('/messages')) return fetch(input, init);
    const error = { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, error_data: { messaging_product: 'whatsapp', details: 'Throughput reached.' }, fbtrace_id: 'AbCd' };
    return new Response(JSON.stringify({ error }), { status: 400, headers: { 'content-type': 'application/json', 'retry-after': '1' } });
  };
  const cli = () => ({ config: kaiku.config, store: kaiku.store, secrets: kaiku.secrets });
  /** What a browser does with a redirect; HubSpot sends it to the public URL, which reaches this proxy. */
  const local = (url: string) => url.replace(PUBLIC_URL, kaiku.proxyUrl);
  const visit = (url: string) => fetch(local(url), { redirect: 'manual' });
  const linkUrl = async () => String(((await hubspotLinkCode(cli(), { workspace: kaiku.workspaceId })).data as { url?: string } | undefined)?.url);

  /** The admin opens the link, approves at HubSpot and comes back: the three answers. */
  async function install(link: string) {
    const atKaiku = await visit(link);
    const authorize = atKaiku.headers.get('location') ?? '';
    const atHubspot = authorize ? await visit(authorize) : atKaiku;
    const callback = atHubspot.headers.get('location') ?? '';
    const back = callback ? await visit(callback) : atHubspot;
    return { atKaiku, authorize, callback, back, page: await back.text() };
  }

  beforeAll(async () => {
    fake = await startFakeHubspot({ portalId: PORTAL });
    fake.state.oauth.expiresIn = 120; // shorter than the refresh margin: every use refreshes first
    kaiku = await startKaiku({
      store, fetch: busyMeta,
      config: { hubspotClientId: 'cid', hubspotClientSecret: 'csecret', hubspotApiBaseUrl: fake.url, hubspotAuthorizeUrl: `${fake.url}/oauth/authorize`, publicUrl: PUBLIC_URL },
    });
  });
  afterAll(async () => {
    await kaiku.stop();
    await fake.stop();
  });

  it('refuses an install without a link, with an expired link, or that the admin declined, and links nothing', async () => {
    expect((await visit(`${PUBLIC_URL}/hubspot/install`)).status).toBe(400);
    const expired = 'hslc_expired-code-for-the-test';
    await kaiku.store.createHubspotLinkCode({ codeHash: linkHash(expired), workspaceId: kaiku.workspaceId, expiresAt: new Date(Date.now() - 1) });
    expect((await visit(`${PUBLIC_URL}/hubspot/install?code=${expired}`)).status).toBe(400);
    fake.state.oauth.refuseNext = true;
    const declined = await install(await linkUrl());
    expect(declined.back.status).toBe(400);
    expect(declined.page).toContain('The user declined the install.');
    expect(await kaiku.store.getHubspotAccount(kaiku.workspaceId)).toBeNull();
  });

  it('installs through HubSpot\'s authorize page with a state bound to the one-time link, and stores the tokens encrypted', async () => {
    const link = await linkUrl();
    expect(link).toMatch(new RegExp(`^${PUBLIC_URL}/hubspot/install\\?code=hslc_[\\w-]{32}$`));
    expect(link).not.toContain(kaiku.workspaceId);
    const { atKaiku, authorize, callback, back, page } = await install(link);
    expect(atKaiku.status).toBe(302);
    const asked = new URL(authorize);
    expect(`${asked.origin}${asked.pathname}`).toBe(`${fake.url}/oauth/authorize`);
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      client_id: 'cid', redirect_uri: `${PUBLIC_URL}/hubspot/oauth/callback`, state: expect.stringMatching(/^[\w-]{43}$/),
      scope: 'oauth automation crm.objects.contacts.read crm.objects.contacts.write crm.schemas.contacts.write',
    });
    expect(back.status).toBe(200);
    expect(page).toContain(`HubSpot account ${PORTAL} is linked`);

    const account = await kaiku.store.getHubspotAccount(kaiku.workspaceId);
    expect(account).toMatchObject({ portalId: PORTAL, expiresAt: expect.any(Date) });
    expect(account?.accessTokenEnc).not.toContain(fake.state.token);
    expect(kaiku.secrets.decrypt(account?.accessTokenEnc ?? '')).toBe(fake.state.token);
    expect(fake.state.oauth.refreshTokens.has(kaiku.secrets.decrypt(account?.refreshTokenEnc ?? ''))).toBe(true);
    expect((await kaiku.store.listSubscriptions(kaiku.workspaceId)).filter((s) => s.sink === 'hubspot')).toHaveLength(1);
    expect(fake.state.properties.map((p) => p.name)).toContain('kaiku_whatsapp_last_message_at');

    // The link and the state work once.
    expect((await visit(link)).status).toBe(400);
    expect((await visit(callback)).status).toBe(400);
  });

  it('refreshes the token before it expires, then logs an inbound message with the new token', async () => {
    const issued = fake.state.token;
    const from = fake.calls.length;
    await kaiku.customer.send('358409998877', { type: 'text', text: { body: 'Hei HubSpot' }, profile_name: 'Matti' });
    await eventually(async () => fake.state.communications.length > 0, 10_000, 'the logged message');
    const calls = fake.calls.slice(from);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/oauth/v1/token', body: { grant_type: 'refresh_token', client_id: 'cid' } });
    expect(fake.state.token).not.toBe(issued);
    const crm = calls.filter((c) => c.path.startsWith('/crm/'));
    expect(crm.length).toBeGreaterThan(0);
    for (const call of crm) expect(call.auth).toBe(`Bearer ${fake.state.token}`);
    const account = await kaiku.store.getHubspotAccount(kaiku.workspaceId);
    expect(kaiku.secrets.decrypt(account?.accessTokenEnc ?? '')).toBe(fake.state.token);
  });

  it('completes a blocked action with a refreshed OAuth token', async () => {
    const action = (path: string, body: unknown) => postAsHubspot(`${kaiku.proxyUrl}/hubspot${path}`, `${PUBLIC_URL}/hubspot${path}`, body, { secret: 'csecret' });
    const options = await action('/options', { origin: { portalId: PORTAL }, objectTypeId: '0-1', inputFieldName: 'template', inputFields: {}, fetchOptions: { q: 'order_update' } });
    const template = (options.body.options as Array<{ value: string; label: string }>).find((o) => o.label.startsWith('order_update (en_US)'))?.value ?? '';
    metaBusy = true;
    const callbackId = 'ap-62515-88-1-0';
    const answer = await action('/actions/send-template', {
      callbackId, origin: { portalId: PORTAL, actionDefinitionId: 9001, actionDefinitionVersion: 1 }, context: { source: 'WORKFLOWS', workflowId: 1 },
      object: { objectId: 4011, objectType: 'CONTACT', properties: { mobilephone: `+${CUSTOMER}` } },
      inputFields: { template, more_variables: 'first_name=Aino\norder_id=KA-88\ndelivery_date=1.12.2026' },
    });
    expect(answer.body).toEqual({ outputFields: { hs_execution_state: 'BLOCK', hs_expiration_duration: 'P1D' } });
    const before = fake.state.token;
    const from = fake.calls.length;
    metaBusy = false;
    await eventually(async () => fake.state.completions.find((c) => c.callbackId === callbackId), 20_000, 'the completion');
    const calls = fake.calls.slice(from);
    const refresh = calls.findIndex((c) => c.path === '/oauth/v1/token');
    const completion = calls.findIndex((c) => c.path === `/automation/v4/actions/callbacks/${callbackId}/complete`);
    expect(refresh).toBeGreaterThanOrEqual(0);
    expect(refresh).toBeLessThan(completion);
    expect(calls[completion]?.auth).toBe(`Bearer ${fake.state.token}`);
    expect(fake.state.token).not.toBe(before);
  }, 30_000);

  it('disconnects the workspace when the app is uninstalled in HubSpot (the refresh token is refused)', async () => {
    expect(await kaiku.store.getHubspotAccount(kaiku.workspaceId)).not.toBeNull();
    fake.uninstallInHubspot();
    await kaiku.customer.send('358401110000', { type: 'text', text: { body: 'Anyone?' } });
    await eventually(async () => (await kaiku.store.getHubspotAccount(kaiku.workspaceId)) === null, 10_000, 'the workspace disconnected');
    // The subscription goes right after the account (two writes): wait for it rather than race it.
    await eventually(async () => (await kaiku.store.listSubscriptions(kaiku.workspaceId)).every((s) => s.sink !== 'hubspot'), 10_000, 'the CRM sync stopped');
  });

  it('uninstalls at HubSpot and revokes the tokens when Kaiku disconnects', async () => {
    expect((await install(await linkUrl())).back.status).toBe(200);
    const result = await hubspotDisconnect(cli(), { workspace: kaiku.workspaceId });
    expect(result.lines.join('\n')).toContain(`Uninstalled the app from HubSpot account ${PORTAL}`);
    expect(fake.state.uninstalls).toBe(1);
    expect(fake.state.oauth.refreshTokens.size).toBe(0);
    expect(await kaiku.store.getHubspotAccount(kaiku.workspaceId)).toBeNull();
  });
});
