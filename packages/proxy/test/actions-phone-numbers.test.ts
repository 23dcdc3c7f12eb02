/**
 * Connecting WhatsApp numbers through the actions (`pnpm kaiku` and the numbers page share them): API keys kept
 * hashed and never shared between workspaces; a connection checked with Meta before anything is saved, refused
 * while another workspace holds the number (naming it to the operator only), its webhook registered when the proxy
 * has a public URL; a number's live state read from Meta; tokens rotated; numbers disconnected.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { hashApiKey } from '../src/secrets.js';
import { addConnection, createApiKey, ensureWorkspace } from '../src/actions/manage-workspace.js';
import type { ConnectionInput } from '../src/actions/manage-workspace.js';
import { connectNumber, disconnectNumber, numberStatus, rotateToken } from '../src/actions/phone-numbers-admin.js';
import { connectionInput } from './store-fixtures.js';
import { GRAPH_URL, metaError, openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

const WABA = '102290129340398';
const PHONE = '106540352242922';
const PUBLIC = 'https://kaiku.example.com';

let fx: ActionFixture;
let graphUrl: string;
beforeEach(async () => {
  fx = await openActionFixture();
  // The numbers page builds its own clients: the fake answers them over loopback HTTP.
  graphUrl = await fx.serveGraph();
  fx.connection = await fx.store.upsertConnection(connectionInput(fx.workspaceId, { graphBaseUrl: graphUrl, accessTokenEnc: fx.connection.accessTokenEnc, appSecretEnc: fx.connection.appSecretEnc }));
  fx.routes['GET /me/permissions'] = { body: { data: [{ permission: 'whatsapp_business_messaging', status: 'granted' }, { permission: 'whatsapp_business_management', status: 'granted' }] } };
  fx.routes[`GET /${PHONE}`] = { body: { id: PHONE, display_phone_number: '+1 555-000-1234', verified_name: 'Kaiku Shop', quality_rating: 'GREEN', whatsapp_business_manager_messaging_limit: 'TIER_1K' } };
  fx.routes[`GET /${WABA}/phone_numbers`] = { body: { data: [{ id: PHONE, display_phone_number: '+1 555-000-1234' }] } };
  fx.routes[`POST /${WABA}/subscribed_apps`] = { body: { success: true } };
  fx.routes[`GET /${WABA}/subscribed_apps`] = { body: { data: [{ override_callback_uri: `${PUBLIC}/webhooks/whatsapp` }] } };
});
afterEach(async () => fx.cleanup());

describe('createApiKey and ensureWorkspace', () => {
  it('keeps only the key\'s hash, gives the same key back to its workspace, and never to another', async () => {
    const { key, record } = await createApiKey(fx.store, fx.workspaceId, 'zapier');
    expect(key.length).toBeGreaterThan(20);
    expect(record).toMatchObject({ workspaceId: fx.workspaceId, name: 'zapier' });
    expect(JSON.stringify(record)).not.toContain(key);
    expect((await fx.store.findApiKeyByHash(hashApiKey(key)))?.id).toBe(record.id);
    const again = await createApiKey(fx.store, fx.workspaceId, 'again', key);
    expect(again).toEqual({ key, record });
    const other = await fx.store.createWorkspace({ name: 'Other' });
    await expect(createApiKey(fx.store, other.id, 'x', key)).rejects.toThrow('This API key already belongs to another workspace; choose a different KAIKU_API_KEY.');
    expect((await createApiKey(fx.store, other.id, 'fixed', 'kaiku_fixed_key_for_tests_0123456789')).key).toBe('kaiku_fixed_key_for_tests_0123456789');
  });

  it('finds a workspace by name, or creates it', async () => {
    expect((await ensureWorkspace(fx.store, 'Actions workspace')).id).toBe(fx.workspaceId);
    const made = await ensureWorkspace(fx.store, 'New shop');
    expect(made.id).not.toBe(fx.workspaceId);
    expect((await ensureWorkspace(fx.store, 'New shop')).id).toBe(made.id);
  });
});

describe('addConnection', () => {
  let input: ConnectionInput;
  beforeEach(async () => {
    await fx.store.deleteConnection(PHONE);
    input = { workspaceId: fx.workspaceId, wabaId: WABA, phoneNumberId: PHONE, accessToken: 'new-token', appSecret: 'new-secret', graphBaseUrl: GRAPH_URL, graphVersion: 'v24.0', publicUrl: PUBLIC, fetch: fx.fetch };
  });

  it('checks the token and the number, saves the connection sealed, then registers the webhook', async () => {
    const order: string[] = [];
    fx.routes[`POST /${WABA}/subscribed_apps`] = (call) => {
      order.push('webhook');
      expect(call.json).toEqual({ override_callback_uri: `${PUBLIC}/webhooks/whatsapp`, verify_token: 'vt-1' });
      return { body: { success: true } };
    };
    const result = await addConnection(fx.store, fx.deps.secrets, { ...input, verifyToken: 'vt-1', onSaved: async () => { order.push('saved'); } });
    expect(order).toEqual(['saved', 'webhook']);
    expect(result).toMatchObject({ webhookRegistered: true, callbackUrl: `${PUBLIC}/webhooks/whatsapp`, phone: { display_phone_number: '+1 555-000-1234' } });
    expect(result.steps.map((s) => [s.step, s.outcome])).toEqual([['token', 'ok'], ['phone_number', 'ok'], ['webhook', 'ok']]);
    const stored = await fx.store.findConnectionByPhoneNumberId(PHONE);
    expect(stored).toMatchObject({ workspaceId: fx.workspaceId, wabaId: WABA, displayPhoneNumber: '+1 555-000-1234', verifiedName: 'Kaiku Shop', graphBaseUrl: GRAPH_URL, graphVersion: 'v24.0', verifyToken: 'vt-1' });
    expect(fx.deps.secrets.decrypt(stored?.accessTokenEnc ?? '')).toBe('new-token');
    expect(fx.deps.secrets.decrypt(stored?.appSecretEnc ?? '')).toBe('new-secret');
    expect(fx.calls.every((c) => c.authorization === 'Bearer new-token')).toBe(true);
  });

  it('makes a verify token when none is given, and skips the webhook without a public URL', async () => {
    const result = await addConnection(fx.store, fx.deps.secrets, { ...input, publicUrl: null });
    expect(result).toMatchObject({ webhookRegistered: false, callbackUrl: null });
    expect(result.steps.at(-1)).toMatchObject({ step: 'webhook', outcome: 'skipped' });
    expect((await fx.store.findConnectionByPhoneNumberId(PHONE))?.verifyToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(fx.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('saves nothing when the token is refused, saying which step failed', async () => {
    fx.routes['GET /me/permissions'] = metaError(401, 190, 'Invalid OAuth access token');
    const error = await refusal(addConnection(fx.store, fx.deps.secrets, input));
    expect(error.code).toBe('connection_failed');
    expect(error.message).toMatch(/ Nothing was saved\.$/);
    expect(error.details).toMatchObject({ step: 'token', steps: [{ step: 'token', outcome: 'failed' }] });
    expect(fx.calls.map((c) => c.path)).toEqual(['/me/permissions']);
    expect(await fx.store.findConnectionByPhoneNumberId(PHONE)).toBeNull();
  });

  it('saves nothing when the number is not in the account', async () => {
    fx.routes[`GET /${WABA}/phone_numbers`] = { body: { data: [{ id: '777', display_phone_number: '+1 555-000-7777' }] } };
    const error = await refusal(addConnection(fx.store, fx.deps.secrets, input));
    expect(error.details).toMatchObject({ step: 'phone_number' });
    expect((error.details.steps as unknown[]).length).toBe(2);
    expect(await fx.store.findConnectionByPhoneNumberId(PHONE)).toBeNull();
  });

  it('refuses an unknown workspace, pointing at the list', async () => {
    const error = await refusal(addConnection(fx.store, fx.deps.secrets, { ...input, workspaceId: 'ws_nope' }));
    expect(error).toEqual({ code: 'not_found', field: 'workspace', details: { field: 'workspace' }, message: 'There is no workspace "ws_nope". List them with: pnpm kaiku workspace list.' });
  });

  it('refuses a number another workspace holds, naming that workspace to the operator only, and moves it when asked', async () => {
    const other = await fx.store.createWorkspace({ name: 'Rival shop' });
    await fx.store.upsertConnection(connectionInput(other.id));
    const api = await refusal(addConnection(fx.store, fx.deps.secrets, input));
    expect(api).toMatchObject({ code: 'conflict', field: 'phone_number_id' });
    expect(api.message).toBe(`Phone number id ${PHONE} is connected to another workspace of this Kaiku. Ask its operator to move it (pnpm kaiku connection add … --move).`);
    const cli = await refusal(addConnection(fx.store, fx.deps.secrets, { ...input, operator: true }));
    expect(cli.message).toBe(`Phone number id ${PHONE} is connected to workspace ${other.id} (Rival shop). Run the command again with --move to move it to workspace ${fx.workspaceId}; Rival shop then stops sending and receiving with it.`);
    expect(fx.calls).toEqual([]);
    await addConnection(fx.store, fx.deps.secrets, { ...input, move: true });
    expect((await fx.store.findConnectionByPhoneNumberId(PHONE))?.workspaceId).toBe(fx.workspaceId);
    // Connecting it again to its own workspace is no conflict.
    await addConnection(fx.store, fx.deps.secrets, input);
  });
});

describe('numberStatus', () => {
  it('reads quality, messaging limit and the webhook from Meta', async () => {
    fx.deps.config = { ...fx.deps.config, publicUrl: PUBLIC };
    expect(await numberStatus(fx.deps, fx.connection)).toEqual({
      id: PHONE, display_phone_number: '+1 555-000-1234', verified_name: 'Kaiku Shop', waba_id: WABA, connected_at: fx.connection.createdAt.toISOString(),
      quality_rating: 'GREEN', messaging_limit: 'TIER_1K',
      webhook: { state: 'registered', callback_url: `${PUBLIC}/webhooks/whatsapp`, expected_url: `${PUBLIC}/webhooks/whatsapp` }, problem: null,
    });
  });

  it('tells where the webhooks go: elsewhere, the app\'s own URL, nowhere, or unknown', async () => {
    fx.routes[`GET /${WABA}/subscribed_apps`] = { body: { data: [{ override_callback_uri: 'https://other.example.com/hook' }] } };
    expect((await numberStatus(fx.deps, fx.connection)).webhook).toEqual({ state: 'elsewhere', callback_url: 'https://other.example.com/hook', expected_url: null });
    fx.routes[`GET /${WABA}/subscribed_apps`] = { body: { data: [{ whatsapp_business_api_data: { id: '1' } }] } };
    expect((await numberStatus(fx.deps, fx.connection)).webhook).toEqual({ state: 'app_callback', callback_url: null, expected_url: null });
    fx.routes[`GET /${WABA}/subscribed_apps`] = { body: { data: [] } };
    expect((await numberStatus(fx.deps, fx.connection)).webhook).toEqual({ state: 'not_subscribed', callback_url: null, expected_url: null });
    fx.routes[`GET /${WABA}/subscribed_apps`] = metaError(403, 10, 'no permission');
    expect((await numberStatus(fx.deps, fx.connection)).webhook).toEqual({ state: 'unknown', callback_url: null, expected_url: null });
  });

  it('falls back to what is stored, with the problem, when Meta does not answer for the number', async () => {
    fx.routes[`GET /${PHONE}`] = metaError(401, 190, 'Error validating access token: Session has expired');
    const status = await numberStatus(fx.deps, fx.connection);
    expect(status).toMatchObject({ display_phone_number: fx.connection.displayPhoneNumber, verified_name: fx.connection.verifiedName, quality_rating: null, messaging_limit: null });
    expect(status.problem).toEqual(expect.any(String));
  });

  it('reads the older messaging_limit_tier, and ignores values that are not text', async () => {
    fx.routes[`GET /${PHONE}`] = { body: { id: PHONE, display_phone_number: '+1', verified_name: 'K', quality_rating: 3, messaging_limit_tier: 'TIER_250' } };
    expect(await numberStatus(fx.deps, fx.connection)).toMatchObject({ quality_rating: null, messaging_limit: 'TIER_250' });
    fx.routes[`GET /${PHONE}`] = { body: { id: PHONE, display_phone_number: '+1', verified_name: 'K', messaging_limit_tier: 5 } };
    expect((await numberStatus(fx.deps, fx.connection)).messaging_limit).toBeNull();
  });
});

describe('the numbers page', () => {
  it('connects a number where the workspace\'s other numbers live, and reloads the intake', async () => {
    await fx.store.deleteConnection(PHONE);
    await fx.store.upsertConnection(connectionInput(fx.workspaceId, { phoneNumberId: '555', graphBaseUrl: graphUrl, graphVersion: 'v23.0' }));
    fx.routes['GET /555/phone_numbers'] = { body: { data: [] } };
    let reloaded = 0;
    const answer = await connectNumber({ ...fx.deps, connectionsChanged: async () => { reloaded += 1; } }, fx.workspaceId, { waba_id: ` ${WABA} `, phone_number_id: PHONE, access_token: 'tok', app_secret: 'sec' });
    expect(answer.phone_number).toMatchObject({ id: PHONE, display_phone_number: '+1 555-000-1234', quality_rating: 'GREEN' });
    expect(answer.steps.map((s) => s.step)).toEqual(['token', 'phone_number', 'webhook']);
    expect(reloaded).toBe(1);
    expect(await fx.store.findConnectionByPhoneNumberId(PHONE)).toMatchObject({ wabaId: WABA, graphBaseUrl: graphUrl, graphVersion: 'v23.0' });
  });

  it.each([['waba_id'], ['phone_number_id'], ['access_token'], ['app_secret']])('refuses a missing or blank %s, saying what it is', async (field) => {
    const body: Record<string, unknown> = { waba_id: WABA, phone_number_id: PHONE, access_token: 'tok', app_secret: 'sec' };
    for (const bad of [undefined, '  ', 42, 'x'.repeat(1001)]) {
      const error = await refusal(connectNumber(fx.deps, fx.workspaceId, { ...body, [field]: bad }));
      expect(error).toMatchObject({ code: 'validation_failed', field });
      expect(error.message).toMatch(new RegExp(`^The field "${field}" is required: .+\\.$`));
    }
    expect(fx.calls).toEqual([]);
  });

  it('rotates a token, keeping the app secret unless a new one is given', async () => {
    const answer = await rotateToken(fx.deps, fx.workspaceId, PHONE, { access_token: ' fresh-token ' });
    expect(answer.phone_number.id).toBe(PHONE);
    let stored = await fx.store.findConnectionByPhoneNumberId(PHONE);
    expect(fx.deps.secrets.decrypt(stored?.accessTokenEnc ?? '')).toBe('fresh-token');
    expect(fx.deps.secrets.decrypt(stored?.appSecretEnc ?? '')).toBe('app-secret');
    expect(stored?.verifyToken).toBe(fx.connection.verifyToken);
    await rotateToken(fx.deps, fx.workspaceId, PHONE, { access_token: 'fresh-token', app_secret: ' new-secret ' });
    stored = await fx.store.findConnectionByPhoneNumberId(PHONE);
    expect(fx.deps.secrets.decrypt(stored?.appSecretEnc ?? '')).toBe('new-secret');
    await rotateToken(fx.deps, fx.workspaceId, PHONE, { access_token: 'fresh-token', app_secret: '  ' });
    expect(fx.deps.secrets.decrypt((await fx.store.findConnectionByPhoneNumberId(PHONE))?.appSecretEnc ?? '')).toBe('new-secret');
    expect((await refusal(rotateToken(fx.deps, fx.workspaceId, PHONE, {}))).field).toBe('access_token');
  });

  it('disconnects a number and reloads the intake; another workspace\'s number answers 404', async () => {
    const other = await fx.store.createWorkspace({ name: 'Other' });
    const error = await refusal(disconnectNumber(fx.deps, other.id, PHONE));
    expect(error).toMatchObject({ code: 'not_found', field: 'id' });
    expect(error.message).toContain(`The phone number id "${PHONE}"`);
    expect((await refusal(rotateToken(fx.deps, other.id, PHONE, { access_token: 't' }))).code).toBe('not_found');
    let reloaded = 0;
    await disconnectNumber({ ...fx.deps, connectionsChanged: async () => { reloaded += 1; } }, fx.workspaceId, PHONE);
    expect(reloaded).toBe(1);
    expect(await fx.store.findConnectionByPhoneNumberId(PHONE)).toBeNull();
    await fx.store.upsertConnection(connectionInput(fx.workspaceId));
    await disconnectNumber(fx.deps, fx.workspaceId, PHONE);
  });
});
