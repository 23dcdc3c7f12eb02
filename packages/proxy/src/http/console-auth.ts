/**
 * Who is calling a `/v1` route: an API key (header) or a signed-in console user (session cookie). A cookie
 * request that changes something must carry the session's CSRF token in `X-CSRF-Token` and, when the browser
 * sends one, an `Origin` of this host: another site cannot make a signed-in browser act.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { sessionOf } from '../actions/sign-in.js';
import type { ActionDeps } from '../actions/context.js';
import type { Caller } from './auth.js';
import { ApiError } from './errors.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'kaiku_session';

/** The value of one cookie of the request, or null. */
export function cookie(req: Request, name: string): string | null {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

/** Whether cookies must be `Secure`: the request came over https, or the public URL is https. */
function secure(req: Request, deps: ActionDeps): boolean {
  return req.secure || (deps.config.publicUrl?.startsWith('https://') ?? false);
}

/** Sets (or, with null, clears) the session cookie: httpOnly, SameSite=Lax, Secure under https. */
export function setSessionCookie(req: Request, res: Response, deps: ActionDeps, value: string | null, maxAgeMs = 0): void {
  res.cookie(SESSION_COOKIE, value ?? '', { httpOnly: true, sameSite: 'lax', secure: secure(req, deps), path: '/', maxAge: value === null ? 0 : maxAgeMs });
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Refuses a request that a browser says came from another site. */
export function checkOrigin(req: Request): void {
  const origin = req.get('origin');
  if (origin !== undefined && origin !== 'null') {
    let host = '';
    try {
      host = new URL(origin).host;
    } catch {
      host = '';
    }
    if (host !== req.get('host')) throw new ApiError('forbidden', 'This request came from another site, so it was refused. Use the Kaiku console itself.');
  }
}

function checkCsrf(req: Request, csrfToken: string): void {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  checkOrigin(req);
  const presented = req.get('x-csrf-token') ?? '';
  if (!same(presented, csrfToken)) throw new ApiError('forbidden', 'The console\'s CSRF token is missing or stale: reload the page and try again.');
}

function hasApiKey(req: Request): boolean {
  return req.get('authorization') !== undefined || req.get('x-api-key') !== undefined;
}

/** The caller of a route that needs one (`byApiKey` checks a key, with its failure limit); `admin` routes refuse agents. */
export async function callerOf(req: Request, deps: ActionDeps, need: 'api_key' | 'admin', byApiKey: () => Promise<Caller>): Promise<Caller> {
  const value = hasApiKey(req) ? null : cookie(req, SESSION_COOKIE);
  if (value === null || value === '') return byApiKey();
  const found = await sessionOf(deps, value);
  if (found === null) throw new ApiError('unauthorized', 'Your console session has ended. Sign in again.');
  checkCsrf(req, found.session.csrfToken);
  const { user } = found;
  if (need === 'admin' && user.role !== 'admin') throw new ApiError('forbidden', 'Only an admin may do this. Ask an admin of your workspace.');
  return { workspaceId: user.workspaceId, keyId: `user:${user.id}`, user: { id: user.id, email: user.email, role: user.role, csrfToken: found.session.csrfToken } };
}
