/**
 * Use cases: sign in to the console with a password or a one-time link, find the session of a request, sign
 * out. The browser holds a random session id in an httpOnly cookie; the store keeps only its SHA-256, with the
 * session's CSRF token. Attempts are limited per address and per e-mail, across processes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ApiError } from '../http/errors.js';
import type { ConsoleSession, ConsoleUser } from '../store/console-types.js';
import type { ActionDeps } from './context.js';
import { DECOY_HASH, verifyPassword } from './passwords.js';
import { INVITED_PASSWORD_HASH } from '../store/admin-types.js';

/** How long a session lasts. */
export const SESSION_MS = 12 * 60 * 60 * 1000;
/** How long a one-time sign-in link works. */
export const SIGN_IN_LINK_MS = 30 * 60 * 1000;
/** Sign-in attempts a minute: per e-mail address, and per client address. */
export const SIGN_IN_LIMITS = { perEmail: 5, perAddress: 30 };

/**
 * Sessions and sign-in links live on the system clock, not the proxy's (Meta-side) clock: they are
 * bookkeeping, so moving the sandbox clock on in the demo does not sign the console's user out.
 */
const systemNow = (): Date => new Date();

/** A fresh session: the cookie's value (given to the browser once) and what the store keeps. */
export interface NewSession {
  cookieValue: string;
  session: ConsoleSession;
  user: ConsoleUser;
}

/** SHA-256 of a secret token, as the store keys it. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a session for a user who proved who they are. */
export async function startSession(deps: Pick<ActionDeps, 'store'>, user: ConsoleUser): Promise<NewSession> {
  const cookieValue = randomBytes(32).toString('base64url');
  const now = systemNow();
  const session = { idHash: tokenHash(cookieValue), userId: user.id, csrfToken: randomBytes(24).toString('base64url'), createdAt: now, expiresAt: new Date(now.getTime() + SESSION_MS) };
  await deps.store.createConsoleSession(session);
  return { cookieValue, session, user };
}

/** Takes one sign-in attempt of `key`'s budget; 429 when spent. */
export async function limit(deps: Pick<ActionDeps, 'store'>, key: string, perMinute: number): Promise<void> {
  const waitMs = await deps.store.takeRequestToken(key, perMinute);
  if (waitMs === 0) return;
  throw new ApiError('rate_limited', `Too many sign-in attempts. Wait ${Math.ceil(waitMs / 1000)} s and try again; an admin can reset a forgotten password with: pnpm kaiku user reset-password.`, {}, waitMs);
}

/** Signs in with e-mail and password; one answer for an unknown address and a wrong password. */
export async function signIn(deps: ActionDeps, input: { email: string; password: string; address: string }): Promise<NewSession> {
  const email = input.email.trim().toLowerCase();
  await limit(deps, `sign-in-address:${input.address}`, SIGN_IN_LIMITS.perAddress);
  await limit(deps, `sign-in-email:${email}`, SIGN_IN_LIMITS.perEmail);
  const user = await deps.store.findConsoleUserByEmail(email);
  // An invited user has no password yet: checked against the decoy, so that timing tells nothing either.
  const invited = user?.passwordHash === INVITED_PASSWORD_HASH;
  const matches = await verifyPassword(input.password, user === null || invited ? DECOY_HASH : user.passwordHash);
  if (user === null || invited || !matches) {
    deps.logger.info({ event: 'console_sign_in_refused' }, 'a console sign-in was refused');
    throw new ApiError('unauthorized', 'The e-mail address or the password is wrong. Check both and try again.');
  }
  return startSession(deps, user);
}

/** Makes a one-time sign-in link's token for a user (the demo prints it). */
export async function createSignInToken(deps: Pick<ActionDeps, 'store'>, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await deps.store.createSignInLink({ tokenHash: tokenHash(token), userId, expiresAt: new Date(systemNow().getTime() + SIGN_IN_LINK_MS) });
  return token;
}

/** Signs in with a one-time link's token; it works once. */
export async function signInWithLink(deps: ActionDeps, input: { token: string; address: string }): Promise<NewSession> {
  await limit(deps, `sign-in-address:${input.address}`, SIGN_IN_LIMITS.perAddress);
  const userId = await deps.store.useSignInLink(tokenHash(input.token), systemNow());
  const user = userId === null ? null : await deps.store.getConsoleUser(userId);
  if (user === null) throw new ApiError('unauthorized', 'This sign-in link was already used or has expired. Restart the demo for a new one, or sign in with your password.');
  return startSession(deps, user);
}

/** The session and user behind a cookie value, or null. */
export async function sessionOf(deps: ActionDeps, cookieValue: string): Promise<{ session: ConsoleSession; user: ConsoleUser } | null> {
  return deps.store.findConsoleSession(tokenHash(cookieValue), systemNow());
}

/** Ends a session. */
export async function signOut(deps: ActionDeps, cookieValue: string): Promise<void> {
  await deps.store.deleteConsoleSession(tokenHash(cookieValue));
}
