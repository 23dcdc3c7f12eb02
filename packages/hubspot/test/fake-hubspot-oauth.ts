/**
 * The fake's OAuth side (see fake-hubspot.ts): the authorize page (an admin who approves at once, or refuses),
 * the token endpoint for both grants, access-token info, refresh-token revocation and the app uninstall API.
 * Access tokens expire after `expiresIn` seconds; an uninstall revokes every token.
 */
import { randomBytes } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import type { FakeState } from './fake-hubspot.js';

type Problem = (res: Response, status: number, message: string) => void;

/** The fake app's OAuth facts and what it has issued. */
export interface FakeOAuth {
  clientId: string;
  clientSecret: string;
  /** Seconds an access token lives (HubSpot: 1800). */
  expiresIn: number;
  /** Install codes issued by the authorize page and not yet exchanged, with the redirect URI they were made for. */
  codes: Map<string, string>;
  refreshTokens: Set<string>;
  /** The next visit of the authorize page refuses (as an admin pressing "cancel"). */
  refuseNext: boolean;
  /** Scopes the last authorize request asked for. */
  lastScopes: string[];
}

/** A fresh OAuth state: the app `cid` / `csecret`. */
export function fakeOAuth(): FakeOAuth {
  return { clientId: 'cid', clientSecret: 'csecret', expiresIn: 1800, codes: new Map(), refreshTokens: new Set(), refuseNext: false, lastScopes: [] };
}

const token = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;

function issue(state: FakeState, res: Response, refreshToken: string): void {
  state.token = token('oauth-access');
  state.tokenExpiresAt = Date.now() + state.oauth.expiresIn * 1000;
  state.oauth.refreshTokens.add(refreshToken);
  res.json({ token_type: 'bearer', access_token: state.token, refresh_token: refreshToken, expires_in: state.oauth.expiresIn });
}

/** Revokes every token, as uninstalling the app in the account does. */
export function revokeAll(state: FakeState): void {
  state.oauth.refreshTokens.clear();
  state.token = token('revoked');
}

function authorize(req: Request, res: Response, state: FakeState, problem: Problem): void {
  const q = req.query as Record<string, string | undefined>;
  if (q.client_id !== state.oauth.clientId) return problem(res, 400, 'unknown client_id');
  if (!q.redirect_uri || !q.scope) return problem(res, 400, 'redirect_uri and scope are required');
  state.oauth.lastScopes = q.scope.split(' ');
  const back = new URL(q.redirect_uri);
  if (q.state !== undefined) back.searchParams.set('state', q.state);
  if (state.oauth.refuseNext) {
    state.oauth.refuseNext = false;
    back.searchParams.set('error', 'access_denied');
    back.searchParams.set('error_description', 'The user declined the install.');
  } else {
    const code = token('install-code');
    state.oauth.codes.set(code, q.redirect_uri);
    back.searchParams.set('code', code);
  }
  res.redirect(302, back.toString());
}

function tokens(req: Request, res: Response, state: FakeState, problem: Problem): void {
  const form = req.body as Record<string, string>;
  if (!req.is('application/x-www-form-urlencoded')) return problem(res, 400, 'the token request must be form-encoded');
  if (form.client_id !== state.oauth.clientId || form.client_secret !== state.oauth.clientSecret) return problem(res, 400, 'BAD_CLIENT_ID');
  if (form.grant_type === 'authorization_code') {
    const redirectUri = form.code === undefined ? undefined : state.oauth.codes.get(form.code);
    if (redirectUri === undefined || redirectUri !== form.redirect_uri) return problem(res, 400, 'BAD_AUTH_CODE');
    state.oauth.codes.delete(form.code ?? '');
    return issue(state, res, token('refresh'));
  }
  if (form.grant_type === 'refresh_token' && form.refresh_token && state.oauth.refreshTokens.has(form.refresh_token)) {
    return issue(state, res, form.refresh_token);
  }
  problem(res, 400, 'BAD_REFRESH_TOKEN');
}

/** Registers the OAuth endpoints (called before the fake's bearer check, which they do not need). */
export function handleOAuth(app: Express, state: FakeState, problem: Problem): void {
  app.get('/oauth/authorize', (req, res) => authorize(req, res, state, problem));
  app.post('/oauth/v1/token', (req, res) => tokens(req, res, state, problem));
  app.get('/oauth/v1/access-tokens/:token', (req, res) => {
    if (req.params.token !== state.token) return problem(res, 404, 'token not found');
    res.json({ token: state.token, hub_id: state.portalId, user_id: 7, app_id: 4242, scopes: state.oauth.lastScopes, token_type: 'access', expires_in: state.oauth.expiresIn, hub_domain: 'example.com', user: 'admin@example.com' });
  });
  app.delete('/oauth/v1/refresh-tokens/:token', (req, res) => {
    if (!state.oauth.refreshTokens.delete(req.params.token)) return problem(res, 404, 'refresh token not found');
    res.status(204).end();
  });
}

/** The uninstall API; it needs the account's valid access token (registered after the bearer check). */
export function handleUninstall(app: Express, state: FakeState): void {
  app.delete('/appinstalls/v3/external-install', (_req, res) => {
    state.uninstalls++;
    revokeAll(state);
    res.status(204).end();
  });
}
