/** Use cases: create, list, remove console users and reset a password (the CLI and `/v1/users` share them). */
import { randomBytes } from 'node:crypto';
import { ApiError, notFound } from '../http/errors.js';
import type { ConsoleRole, ConsoleUser } from '../store/console-types.js';
import type { Store } from '../store/types.js';
import { INVITED_PASSWORD_HASH } from '../store/admin-types.js';
import type { UserChangeRefusal } from '../store/admin-types.js';
import { hashPassword, passwordProblem } from './passwords.js';

/** A console user as the API and the CLI show them (never the hash). */
export interface ConsoleUserView {
  id: string;
  workspace_id: string;
  email: string;
  role: ConsoleRole;
  /** `invited`: has not chosen a password yet (the invitation link does that). */
  status: 'active' | 'invited';
  created_at: string;
}

/** The public form of a user. */
export function userView(user: ConsoleUser): ConsoleUserView {
  const status = user.passwordHash === INVITED_PASSWORD_HASH ? 'invited' : 'active';
  return { id: user.id, workspace_id: user.workspaceId, email: user.email, role: user.role, status, created_at: user.createdAt.toISOString() };
}

/** A password for a person to change later: 18 random characters. */
export function generatePassword(): string {
  return randomBytes(14).toString('base64url').slice(0, 18);
}

/** The address in lower case; 400 when it is none. */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(trimmed) || trimmed.length > 254) {
    throw new ApiError('validation_failed', `"${email.slice(0, 100)}" is not an e-mail address; console users sign in with theirs, e.g. aino@example.com.`, { field: 'email' });
  }
  return trimmed;
}

/** A role by name; 400 naming both otherwise. */
export function role(value: string): ConsoleRole {
  if (value === 'admin' || value === 'agent') return value;
  throw new ApiError('validation_failed', 'The role must be "admin" (everything, including users) or "agent" (inbox, templates and contacts).', { field: 'role' });
}

/** Creates a user; the password is checked for length and stored as a scrypt hash only. */
export async function createConsoleUser(store: Store, input: { workspaceId: string; email: string; role: string; password: string }): Promise<ConsoleUserView> {
  const email = normalizeEmail(input.email);
  const problem = passwordProblem(input.password);
  if (problem !== null) throw new ApiError('validation_failed', problem, { field: 'password' });
  if ((await store.getWorkspace(input.workspaceId)) === null) throw notFound(`The workspace "${input.workspaceId}"`, { field: 'workspace' });
  const user = await store.createConsoleUser({ workspaceId: input.workspaceId, email, role: role(input.role), passwordHash: await hashPassword(input.password) });
  if (user === null) throw new ApiError('validation_failed', `There is already a console user ${email}. Reset their password instead, or use another address.`, { field: 'email' });
  return userView(user);
}

/** A user of the workspace (any workspace when null), by id or e-mail address. */
export async function findUser(store: Store, workspaceId: string | null, idOrEmail: string): Promise<ConsoleUser> {
  const user = idOrEmail.includes('@') ? await store.findConsoleUserByEmail(idOrEmail.trim().toLowerCase()) : await store.getConsoleUser(idOrEmail);
  if (user === null || (workspaceId !== null && user.workspaceId !== workspaceId)) throw notFound(`The console user "${idOrEmail}"`, { field: 'id' });
  return user;
}

function refused(outcome: UserChangeRefusal, idOrEmail: string, doing: string): ApiError {
  if (outcome === 'not_found') return notFound(`The console user "${idOrEmail}"`, { field: 'id' });
  return new ApiError('last_admin', `${idOrEmail} is the workspace's last admin, so they cannot be ${doing}: make another user an admin first (that user must have signed in once).`, { field: 'id' });
}

/** Removes a user (signed out everywhere), unless they are the workspace's last admin (409 `last_admin`). */
export async function removeConsoleUser(store: Store, workspaceId: string | null, idOrEmail: string): Promise<ConsoleUserView> {
  const user = await findUser(store, workspaceId, idOrEmail);
  const outcome = await store.removeConsoleUserKeepingAdmin(user.workspaceId, user.id);
  if (typeof outcome === 'string') throw refused(outcome, user.email, 'removed');
  return userView(outcome);
}

/** Sets a user's role, unless that demotes the workspace's last admin (409 `last_admin`). */
export async function setConsoleUserRole(store: Store, workspaceId: string, id: string, roleName: string): Promise<ConsoleUserView> {
  const user = await findUser(store, workspaceId, id);
  const outcome = await store.setConsoleUserRole(workspaceId, user.id, role(roleName));
  if (typeof outcome === 'string') throw refused(outcome, user.email, 'made an agent');
  return userView(outcome);
}

/** Sets a new password; every session of the user ends. */
export async function resetConsolePassword(store: Store, workspaceId: string | null, idOrEmail: string, password: string): Promise<ConsoleUserView> {
  const problem = passwordProblem(password);
  if (problem !== null) throw new ApiError('validation_failed', problem, { field: 'password' });
  const user = await findUser(store, workspaceId, idOrEmail);
  await store.setConsoleUserPassword(user.id, await hashPassword(password));
  return userView(user);
}
