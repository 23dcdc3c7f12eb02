/**
 * Inviting a person to the console: the admin gets a one-time link (valid 7 days) to hand over; the invitee
 * opens it, chooses their own password and is signed in. Until then the user is `invited` and no password works.
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from '../http/errors.js';
import { INVITED_PASSWORD_HASH } from '../store/admin-types.js';
import type { Store } from '../store/types.js';
import type { ConsoleUserView } from './console-users.js';
import { normalizeEmail, role, userView } from './console-users.js';
import type { ActionDeps } from './context.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { limit, SIGN_IN_LIMITS, startSession, tokenHash } from './sign-in.js';
import type { NewSession } from './sign-in.js';

/** How long an invitation link works. */
export const INVITE_MS = 7 * 24 * 60 * 60 * 1000;

/** What an invitation answers: the user and the link's token (shown once). */
export interface Invitation {
  user: ConsoleUserView;
  token: string;
  expires_at: string;
}

/** Adds an invited user (no password yet) and makes their one-time link. */
export async function inviteUser(store: Store, input: { workspaceId: string; email: string; role: string }): Promise<Invitation> {
  const email = normalizeEmail(input.email);
  const user = await store.createConsoleUser({ workspaceId: input.workspaceId, email, role: role(input.role), passwordHash: INVITED_PASSWORD_HASH });
  if (user === null) throw new ApiError('validation_failed', `There is already a console user ${email}. Remove them first to invite them again, or use another address.`, { field: 'email' });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + INVITE_MS);
  await store.createSignInLink({ tokenHash: tokenHash(token), userId: user.id, expiresAt, purpose: 'invite' });
  return { user: userView(user), token, expires_at: expiresAt.toISOString() };
}

/** Accepts an invitation: the link works once; the password chosen becomes the user's, and they are signed in. */
export async function acceptInvite(deps: Pick<ActionDeps, 'store'>, input: { token: string; password: string; address: string }): Promise<NewSession> {
  await limit(deps, `sign-in-address:${input.address}`, SIGN_IN_LIMITS.perAddress);
  const problem = passwordProblem(input.password);
  if (problem !== null) throw new ApiError('validation_failed', problem, { field: 'password' });
  const userId = await deps.store.useSignInLink(tokenHash(input.token), new Date(), 'invite');
  const user = userId === null ? null : await deps.store.getConsoleUser(userId);
  if (user === null) throw new ApiError('unauthorized', 'This invitation link was already used or has expired (links work for 7 days). Ask your admin for a new invitation.');
  const passwordHash = await hashPassword(input.password);
  await deps.store.setConsoleUserPassword(user.id, passwordHash);
  return startSession(deps, { ...user, passwordHash });
}
