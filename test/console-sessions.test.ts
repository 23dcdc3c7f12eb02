/**
 * Console sign-in over real HTTP, on both stores: scrypt passwords, server-side sessions in an httpOnly
 * SameSite cookie (Secure under https), CSRF on every change, admin-only routes, the sign-in limit, sign-out,
 * and the demo's one-time link.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConsoleUser, demoSignInUrl, resetConsolePassword } from '@kaiku/proxy';
import { startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

type Session = { user: { email: string; role: string }; csrf_token: string };

describe.each(['sqlite', 'postgres'] as const)('console sessions (%s)', (store) => {
  let kaiku: Kaiku;
  beforeAll(async () => {
    kaiku = await startKaiku({ store });
    await createConsoleUser(kaiku.store, { workspaceId: kaiku.workspaceId, email: 'Admin@Example.com', role: 'admin', password: 'correct horse battery' });
    await createConsoleUser(kaiku.store, { workspaceId: kaiku.workspaceId, email: 'agent@example.com', role: 'agent', password: 'agent password 1' });
    await createConsoleUser(kaiku.store, { workspaceId: kaiku.workspaceId, email: 'leaver@example.com', role: 'agent', password: 'agent password 1' });
  });
  afterAll(async () => {
    await kaiku.stop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${kaiku.proxyUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  async function signIn(email: string, password: string): Promise<{ cookie: string; session: Session; setCookie: string }> {
    const response = await post('/v1/session', { email, password });
    if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
    const setCookie = response.headers.get('set-cookie') ?? '';
    return { cookie: setCookie.split(';')[0] ?? '', session: (await response.json()) as Session, setCookie };
  }

  it('signs in with a password into an httpOnly, SameSite session cookie and serves /v1 to it', async () => {
    const { cookie, session, setCookie } = await signIn('admin@example.com', 'correct horse battery');
    expect(session.user).toMatchObject({ email: 'admin@example.com', role: 'admin' });
    expect(setCookie).toMatch(/^kaiku_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const me = await fetch(`${kaiku.proxyUrl}/v1/session`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ user: { email: 'admin@example.com' }, csrf_token: session.csrf_token });
    expect((await fetch(`${kaiku.proxyUrl}/v1/conversations`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${kaiku.proxyUrl}/v1/conversations`, { headers: { cookie: 'kaiku_session=forged' } })).status).toBe(401);
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const response = await post('/v1/session', { email: 'agent@example.com', password: 'agent password 1' }, { 'x-forwarded-proto': 'https' });
    expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('refuses a change without the CSRF token or from another site', async () => {
    const { cookie, session } = await signIn('admin@example.com', 'correct horse battery');
    const read = (headers: Record<string, string>) => post('/v1/conversations/358401230000/read', {}, { cookie, ...headers });
    const missing = await read({});
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/CSRF/);
    expect((await read({ 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect((await read({ 'x-csrf-token': session.csrf_token, origin: 'https://evil.example' })).status).toBe(403);
    expect((await read({ 'x-csrf-token': session.csrf_token, origin: kaiku.proxyUrl })).status).toBe(404);
    expect((await post('/v1/session', { email: 'admin@example.com', password: 'correct horse battery' }, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('lets an admin manage users and refuses an agent', async () => {
    const agent = await signIn('agent@example.com', 'agent password 1');
    expect((await fetch(`${kaiku.proxyUrl}/v1/users`, { headers: { cookie: agent.cookie } })).status).toBe(403);
    const admin = await signIn('admin@example.com', 'correct horse battery');
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.session.csrf_token };
    const users = (await (await fetch(`${kaiku.proxyUrl}/v1/users`, { headers })).json()) as { data: Array<{ email: string; role: string }> };
    expect(users.data.map((u) => [u.email, u.role])).toEqual([['admin@example.com', 'admin'], ['agent@example.com', 'agent'], ['leaver@example.com', 'agent']]);
    const created = await post('/v1/users', { email: 'new@example.com', role: 'agent', password: 'short' }, headers);
    expect(created.status).toBe(400);
    const made = await post('/v1/users', { email: 'new@example.com', role: 'agent', password: 'long enough password' }, headers);
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    expect((await post('/v1/users', { email: 'NEW@example.com', role: 'agent', password: 'long enough password' }, headers)).status).toBe(400);
    expect((await fetch(`${kaiku.proxyUrl}/v1/users/${id}`, { method: 'DELETE', headers })).status).toBe(204);
    expect((await fetch(`${kaiku.proxyUrl}/v1/users/${id}`, { method: 'DELETE', headers: { cookie: agent.cookie, 'x-csrf-token': agent.session.csrf_token } })).status).toBe(403);
  });

  it('signs out, and a password reset ends every session', async () => {
    const first = await signIn('leaver@example.com', 'agent password 1');
    const second = await signIn('leaver@example.com', 'agent password 1');
    const out = await fetch(`${kaiku.proxyUrl}/v1/session`, { method: 'DELETE', headers: { cookie: first.cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/kaiku_session=;/);
    expect((await fetch(`${kaiku.proxyUrl}/v1/session`, { headers: { cookie: first.cookie } })).status).toBe(401);
    expect((await fetch(`${kaiku.proxyUrl}/v1/session`, { headers: { cookie: second.cookie } })).status).toBe(200);
    await resetConsolePassword(kaiku.store, null, 'leaver@example.com', 'agent password 2');
    expect((await fetch(`${kaiku.proxyUrl}/v1/session`, { headers: { cookie: second.cookie } })).status).toBe(401);
    expect((await post('/v1/session', { email: 'leaver@example.com', password: 'agent password 1' })).status).toBe(401);
    await signIn('leaver@example.com', 'agent password 2');
  });

  it('refuses a wrong password with one answer for every cause, and limits attempts per e-mail address', async () => {
    const wrong = await post('/v1/session', { email: 'admin@example.com', password: 'not it at all' });
    expect(wrong.status).toBe(401);
    const unknown = await post('/v1/session', { email: 'nobody@example.com', password: 'not it at all' });
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(((await wrong.json()) as { error: { message: string } }).error.message);
    let status = 0;
    // 5 a minute, refilled continuously: on a slow machine a few more attempts may be needed before the limit shows.
    for (let attempt = 0; attempt < 20 && status !== 429; attempt += 1) status = (await post('/v1/session', { email: 'target@example.com', password: `guess ${attempt}` })).status;
    expect(status).toBe(429);
    const limited = await post('/v1/session', { email: 'target@example.com', password: 'guess again' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('signs in once with the demo\'s link', async () => {
    const url = await demoSignInUrl(kaiku.store, kaiku.workspaceId, kaiku.proxyUrl);
    const token = url.split('#token=')[1] ?? '';
    const first = await post('/v1/session/link', { token });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ user: { email: 'demo@kaiku.local', role: 'admin' } });
    expect((await post('/v1/session/link', { token })).status).toBe(401);
    expect((await post('/v1/session/link', { token: 'made-up' })).status).toBe(401);
  });
});
