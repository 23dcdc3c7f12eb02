/** Console users, sessions and sign-in links in PostgreSQL. */
import type { Pool } from 'pg';
import type { ConsoleSession, ConsoleUser, LinkPurpose, SignInLink } from '../console-types.js';
import { toConsoleSession, toConsoleUser } from '../console-rows.js';
import { newId } from '../shared.js';
import { query, transaction } from './db.js';

/** Creates a user; null when the e-mail address is taken. */
export async function createConsoleUser(pool: Pool, input: Omit<ConsoleUser, 'id' | 'createdAt'>): Promise<ConsoleUser | null> {
  const [row] = await query(pool, `insert into console_users (id, workspace_id, email, role, password_hash, created_at) values ($1, $2, $3, $4, $5, $6)
    on conflict (email) do nothing returning *`, [newId('usr'), input.workspaceId, input.email, input.role, input.passwordHash, Date.now()]);
  return row === undefined ? null : toConsoleUser(row);
}

/** A user by a column's value. */
export async function findConsoleUser(pool: Pool, column: 'email' | 'id', value: string): Promise<ConsoleUser | null> {
  const [row] = await query(pool, `select * from console_users where ${column === 'email' ? 'email' : 'id'} = $1`, [value]);
  return row === undefined ? null : toConsoleUser(row);
}

/** A workspace's users, or all. */
export async function listConsoleUsers(pool: Pool, workspaceId?: string): Promise<ConsoleUser[]> {
  const rows = workspaceId === undefined
    ? await query(pool, 'select * from console_users order by created_at, id')
    : await query(pool, 'select * from console_users where workspace_id = $1 order by created_at, id', [workspaceId]);
  return rows.map(toConsoleUser);
}

/** Removes a user (sessions and links go with it). */
export async function deleteConsoleUser(pool: Pool, id: string): Promise<boolean> {
  return (await query(pool, 'delete from console_users where id = $1 returning id', [id])).length === 1;
}

/** New password hash; every session of the user ends. */
export async function setConsoleUserPassword(pool: Pool, id: string, hash: string): Promise<boolean> {
  return transaction(pool, async (client) => {
    const changed = (await query(client, 'update console_users set password_hash = $1 where id = $2 returning id', [hash, id])).length === 1;
    await query(client, 'delete from console_sessions where user_id = $1', [id]);
    return changed;
  });
}

/** Keeps a new session. */
export async function createConsoleSession(pool: Pool, s: ConsoleSession): Promise<void> {
  await query(pool, 'insert into console_sessions (id_hash, user_id, csrf_token, created_at, expires_at) values ($1, $2, $3, $4, $5)',
    [s.idHash, s.userId, s.csrfToken, s.createdAt.getTime(), s.expiresAt.getTime()]);
}

/** A live session with its user. */
export async function findConsoleSession(pool: Pool, idHash: string, now: Date): Promise<{ session: ConsoleSession; user: ConsoleUser } | null> {
  const [row] = await query(pool, `select s.*, u.workspace_id, u.email, u.role, u.password_hash, u.created_at as user_created_at
    from console_sessions s join console_users u on u.id = s.user_id where s.id_hash = $1 and s.expires_at > $2`, [idHash, now.getTime()]);
  if (row === undefined) return null;
  return { session: toConsoleSession(row), user: toConsoleUser({ ...row, id: row.user_id, created_at: row.user_created_at }) };
}

/** Ends a session. */
export async function deleteConsoleSession(pool: Pool, idHash: string): Promise<void> {
  await query(pool, 'delete from console_sessions where id_hash = $1', [idHash]);
}

/** Keeps a one-time sign-in link. */
export async function createSignInLink(pool: Pool, link: SignInLink): Promise<void> {
  await query(pool, 'insert into console_sign_in_links (token_hash, user_id, expires_at, purpose) values ($1, $2, $3, $4)',
    [link.tokenHash, link.userId, link.expiresAt.getTime(), link.purpose ?? 'sign_in']);
}

/** Uses a link once. */
export async function useSignInLink(pool: Pool, tokenHash: string, now: Date, purpose: LinkPurpose): Promise<string | null> {
  const [row] = await query(pool, `update console_sign_in_links set used_at = $1 where token_hash = $2 and purpose = $3 and used_at is null and expires_at > $1
    returning user_id`, [now.getTime(), tokenHash, purpose]);
  return row === undefined ? null : String(row.user_id);
}
