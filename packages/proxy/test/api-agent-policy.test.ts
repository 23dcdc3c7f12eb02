/**
 * Who may call what: a console agent's session reaches only what the inbox, templates and contacts need (the
 * allowlist below); every other route of the routes table is `admin`, so an agent gets 403 on it over real
 * HTTP while an admin's session and an API key pass. The test walks the table, so a route added later is
 * checked without touching this file, and fails here unless it is `admin` or deliberately allowlisted.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConsoleUser } from '../src/actions/console-users.js';
import { routes } from '../src/http/routes.js';
import type { Route } from '../src/http/routes.js';
import { startApiFixture } from './api-fixture.js';
import type { ApiFixture } from './api-fixture.js';

/** Everything an agent's console session may call: the inbox, templates, contacts, media, live events, the session, who they are. */
const AGENT_ROUTES = [
  'get /v1/me',
  'get /v1/session',
  'get /v1/conversations',
  'get /v1/conversations/:customer/messages',
  'post /v1/conversations/:customer/read',
  'post /v1/messages/reply',
  'post /v1/messages/template',
  'get /v1/media/:id',
  'post /v1/media',
  'get /v1/events',
  'get /v1/templates',
  'get /v1/templates/:id',
  'get /v1/templates/:id/schema',
  'get /v1/contacts/:phone/consent',
  'put /v1/contacts/:phone/consent',
  'post /v1/contacts/:phone/opt-in-request',
];

const name = (route: Route) => `${route.method} ${route.path}`;
const guarded = routes.filter((route) => route.auth !== 'none');
const adminRoutes = guarded.filter((route) => !AGENT_ROUTES.includes(name(route)));

/** A concrete URL for a route: every `:param` filled with a value that names nothing. */
const concrete = (path: string) => path.replace(/:([A-Za-z_]+)/g, (_, param: string) => (param === 'phone' || param === 'customer' ? '358400000000' : 'nothing-here'));

type Session = { cookie: string; csrf: string };

describe('the agent/admin policy of the routes table', () => {
  let api: ApiFixture;
  let agent: Session;
  let admin: Session;

  async function signIn(email: string, password: string): Promise<Session> {
    const response = await fetch(`${api.url}/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { csrf_token: string };
    return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: body.csrf_token };
  }

  const call = (route: Route, session: Session) => fetch(`${api.url}${concrete(route.path)}`, {
    method: route.method.toUpperCase(),
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
    ...(route.method === 'get' ? {} : { body: '{}' }),
  });

  beforeAll(async () => {
    api = await startApiFixture();
    await createConsoleUser(api.runtime.store, { workspaceId: api.workspaceId, email: 'agent@example.com', role: 'agent', password: 'an agent password' });
    await createConsoleUser(api.runtime.store, { workspaceId: api.workspaceId, email: 'admin@example.com', role: 'admin', password: 'an admin password' });
    agent = await signIn('agent@example.com', 'an agent password');
    admin = await signIn('admin@example.com', 'an admin password');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('lists only routes that exist, and the table still has admin routes to check', () => {
    expect(AGENT_ROUTES.filter((route) => !guarded.some((r) => name(r) === route))).toEqual([]);
    expect(adminRoutes.length).toBeGreaterThan(20);
  });

  it('marks every route an agent may not use as admin', () => {
    expect(adminRoutes.filter((route) => route.auth !== 'admin').map(name)).toEqual([]);
  });

  it('answers an agent\'s session 403 on every admin route, saying an admin must do it', async () => {
    const answers: string[] = [];
    for (const route of adminRoutes) {
      const response = await call(route, agent);
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      answers.push(`${name(route)} → ${response.status} ${body.error?.code ?? ''}`);
      expect(body.error?.message).toMatch(/Only an admin/);
    }
    expect(answers).toEqual(adminRoutes.map((route) => `${name(route)} → 403 forbidden`));
  });

  it('lets an admin\'s session and an API key through the same routes (the reads: neither 401 nor 403)', async () => {
    for (const route of adminRoutes.filter((r) => r.method === 'get')) {
      const bySession = await call(route, admin);
      const byKey = await api.call(concrete(route.path));
      expect([name(route), bySession.status === 403 || bySession.status === 401]).toEqual([name(route), false]);
      expect([name(route), byKey.status === 403 || byKey.status === 401]).toEqual([name(route), false]);
    }
  });

  it('lets an agent read the inbox, templates and contacts', async () => {
    const reads = guarded.filter((route) => AGENT_ROUTES.includes(name(route)) && route.method === 'get' && !route.path.includes(':') && route.path !== '/v1/events');
    const statuses = await Promise.all(reads.map(async (route) => `${name(route)} → ${(await call(route, agent)).status}`));
    expect(statuses.filter((s) => s.endsWith('403'))).toEqual([]);
    expect(statuses).toContain('get /v1/conversations → 200');
  });
});
