/**
 * The admin API a script can call as the console does, on both stores: connecting a number answers each
 * step (a refusal is 422 with the steps, nothing saved; another workspace's number is 409 without naming it);
 * API keys record their last use; invitation links and sign-in links are not interchangeable, and an invited
 * user has no password until they choose one; a workspace never loses its last admin, even when two admins
 * demote each other at the same moment.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiKey } from '@kaiku/proxy';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

interface ErrorBody { error: { code: string; message: string; details: { step?: string; field?: string; steps?: Array<{ step: string; outcome: string; meta_code: number | null }> } } }

describe.each(['sqlite', 'postgres'] as const)('the admin API (%s)', (store) => {
  let kaiku: Kaiku;
  let wabaId: string;
  let token: string;

  beforeAll(async () => {
    kaiku = await startKaiku({ store });
    const config = (await (await fetch(`${kaiku.sandboxUrl}/_sandbox/config`)).json()) as { waba_id: string; access_token: string };
    wabaId = config.waba_id;
    token = config.access_token;
  }, 60_000);
  afterAll(async () => {
    await kaiku?.stop();
  });

  const json = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });
  const connect = (phoneNumberId: string, accessToken: string, api = kaiku.api) => api('/v1/phone-numbers', json({ waba_id: wabaId, phone_number_id: phoneNumberId, access_token: accessToken, app_secret: 'sandbox-app-secret' }));

  it('answers a refused connection with 422 connection_failed and every step so far, saving nothing', async () => {
    const wrong = await connect('106540352242999', 'EAAwrong');
    expect(wrong.status).toBe(422);
    const body = (await wrong.json()) as ErrorBody;
    expect(body.error.code).toBe('connection_failed');
    expect(body.error.details.step).toBe('token');
    expect(body.error.details.steps).toEqual([expect.objectContaining({ step: 'token', outcome: 'failed', meta_code: 190 })]);
    const unknownNumber = (await (await connect('106540352242999', token)).json()) as ErrorBody;
    expect(unknownNumber.error.details.steps?.map((s) => [s.step, s.outcome, s.meta_code])).toEqual([['token', 'ok', null], ['phone_number', 'failed', 100]]);
    expect(unknownNumber.error.message).toContain('Meta has no phone number id 106540352242999 that this token can see');
    const missing = await kaiku.api('/v1/phone-numbers', json({ waba_id: wabaId }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ErrorBody).error.details.field).toBe('phone_number_id');
    expect(await kaiku.store.listConnections(kaiku.workspaceId)).toHaveLength(1);
  });

  it('refuses a number another workspace holds with 409, without naming that workspace', async () => {
    const other = await kaiku.store.createWorkspace({ name: 'Secret Competitor Oy' });
    const { key } = await createApiKey(kaiku.store, other.id, 'other');
    const otherApi = (path: string, init: RequestInit = {}) => fetch(`${kaiku.proxyUrl}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
    const taken = await connect(kaiku.phoneNumberId, token, otherApi);
    expect(taken.status).toBe(409);
    const message = ((await taken.json()) as ErrorBody).error.message;
    expect(message).toContain('connected to another workspace');
    expect(message).not.toContain('E2E workspace');
    expect(message).not.toContain(kaiku.workspaceId);
    expect(await otherApi(`/v1/phone-numbers/${kaiku.phoneNumberId}`)).toHaveProperty('status', 404);
  });

  it('records when a key was last used, and a revoked key stops at once', async () => {
    const created = await kaiku.api('/v1/keys', json({ name: 'Power Automate' }));
    expect(created.status).toBe(201);
    const { id, key, last_used_at: before } = (await created.json()) as { id: string; key: string; last_used_at: string | null };
    expect(before).toBeNull();
    expect((await fetch(`${kaiku.proxyUrl}/v1/me`, { headers: { 'x-api-key': key } })).status).toBe(200);
    const used = await eventually(async () => {
      const keys = (await (await kaiku.api('/v1/keys')).json()) as { data: Array<{ id: string; last_used_at: string | null; prefix: string }> };
      return keys.data.find((k) => k.id === id && k.last_used_at !== null);
    }, 5_000, 'the last use recorded');
    expect(Date.now() - Date.parse(used.last_used_at ?? '')).toBeLessThan(60_000);
    expect(JSON.stringify(used)).not.toContain(key);
    expect((await kaiku.api(`/v1/keys/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${kaiku.proxyUrl}/v1/me`, { headers: { 'x-api-key': key } })).status).toBe(401);
    expect((await kaiku.api('/v1/keys/key_unknown', { method: 'DELETE' })).status).toBe(404);
    const unknownField = await kaiku.api('/v1/keys', json({ name: 'x', scopes: ['all'] }));
    expect(unknownField.status).toBe(400);
    expect(((await unknownField.json()) as ErrorBody).error.message).toContain('scopes');
  });

  it('keeps invitation links and sign-in links apart; an invited user has no password until they choose one', async () => {
    const invited = await kaiku.api('/v1/users/invite', json({ email: `eino-${store}@example.com`, role: 'agent' }));
    expect(invited.status).toBe(201);
    const { invite_url: url, user } = (await invited.json()) as { invite_url: string; user: { status: string } };
    expect(user.status).toBe('invited');
    const inviteToken = new URLSearchParams(new URL(url).hash.slice(1)).get('token') ?? '';
    const post = (path: string, body: unknown) => fetch(`${kaiku.proxyUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/v1/session/link', { token: inviteToken })).status).toBe(401);
    expect((await post('/v1/session', { email: `eino-${store}@example.com`, password: 'any password at all' })).status).toBe(401);
    expect((await post('/v1/session/invite', { token: inviteToken, password: 'short' })).status).toBe(400);
    const accepted = await post('/v1/session/invite', { token: inviteToken, password: 'Eino chose this one' });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('set-cookie')).toContain('kaiku_session=');
    expect((await post('/v1/session/invite', { token: inviteToken, password: 'Eino chose this one' })).status).toBe(401);
    expect((await post('/v1/session', { email: `eino-${store}@example.com`, password: 'Eino chose this one' })).status).toBe(200);
  });

  it('never lets the last admin go, even when two admins demote each other at the same moment', async () => {
    const add = async (email: string) => ((await (await kaiku.api('/v1/users', json({ email, role: 'admin', password: 'a good long password' }))).json()) as { id: string }).id;
    const [a, b] = [await add(`a-${store}@example.com`), await add(`b-${store}@example.com`)];
    // An invited admin cannot sign in yet, so they do not count.
    await kaiku.api('/v1/users/invite', json({ email: `c-${store}@example.com`, role: 'admin' }));
    const demote = (id: string) => kaiku.api(`/v1/users/${id}/role`, { method: 'PUT', body: JSON.stringify({ role: 'agent' }) });
    const answers = await Promise.all([demote(a), demote(b)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = answers.find((r) => r.status === 409);
    const body = (await refused?.json()) as ErrorBody;
    expect(body.error.code).toBe('last_admin');
    expect(body.error.message).toContain('last admin');
    const users = (await (await kaiku.api('/v1/users')).json()) as { data: Array<{ id: string; role: string }> };
    const last = users.data.find((u) => (u.id === a || u.id === b) && u.role === 'admin');
    expect((await kaiku.api(`/v1/users/${last?.id ?? ''}`, { method: 'DELETE' })).status).toBe(409);
    expect((await kaiku.api(`/v1/users/${last?.id ?? ''}/role`, { method: 'PUT', body: JSON.stringify({ role: 'admin' }) })).status).toBe(200);
  });
});
