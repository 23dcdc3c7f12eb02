/** Console users, sessions and sign-in links in SQLite. */
import type { Database } from 'better-sqlite3';
import type { ConsoleSession, ConsoleUser, LinkPurpose, SignInLink } from '../console-types.js';
import { toConsoleSession, toConsoleUser } from '../console-rows.js';
import { newId } from '../shared.js';
import type { Row } from '../shared.js';

/** The console user queries over one database (prepared on each call: rare, small statements). */
export function sqliteConsoleUsers(db: Database) {
  const one = (sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as Row | undefined;
  return {
    create(input: Omit<ConsoleUser, 'id' | 'createdAt'>): ConsoleUser | null {
      const row = one(`insert into console_users (id, workspace_id, email, role, password_hash, created_at) values (?, ?, ?, ?, ?, ?)
        on conflict (email) do nothing returning *`, newId('usr'), input.workspaceId, input.email, input.role, input.passwordHash, Date.now());
      return row === undefined ? null : toConsoleUser(row);
    },
    byEmail(email: string): ConsoleUser | null {
      const row = one('select * from console_users where email = ?', email);
      return row === undefined ? null : toConsoleUser(row);
    },
    byId(id: string): ConsoleUser | null {
      const row = one('select * from console_users where id = ?', id);
      return row === undefined ? null : toConsoleUser(row);
    },
    list(workspaceId?: string): ConsoleUser[] {
      const rows = workspaceId === undefined
        ? db.prepare('select * from console_users order by created_at, id').all()
        : db.prepare('select * from console_users where workspace_id = ? order by created_at, id').all(workspaceId);
      return (rows as Row[]).map(toConsoleUser);
    },
    remove(id: string): boolean {
      return db.prepare('delete from console_users where id = ?').run(id).changes === 1;
    },
    setPassword(id: string, hash: string): boolean {
      return db.transaction(() => {
        const changed = db.prepare('update console_users set password_hash = ? where id = ?').run(hash, id).changes === 1;
        db.prepare('delete from console_sessions where user_id = ?').run(id);
        return changed;
      })();
    },
    createSession(s: ConsoleSession): void {
      db.prepare('insert into console_sessions (id_hash, user_id, csrf_token, created_at, expires_at) values (?, ?, ?, ?, ?)')
        .run(s.idHash, s.userId, s.csrfToken, s.createdAt.getTime(), s.expiresAt.getTime());
    },
    findSession(idHash: string, now: Date): { session: ConsoleSession; user: ConsoleUser } | null {
      const row = one(`select s.*, u.id as user_id, u.workspace_id, u.email, u.role, u.password_hash, u.created_at as user_created_at
        from console_sessions s join console_users u on u.id = s.user_id where s.id_hash = ? and s.expires_at > ?`, idHash, now.getTime());
      if (row === undefined) return null;
      return { session: toConsoleSession(row), user: toConsoleUser({ ...row, id: row.user_id, created_at: row.user_created_at }) };
    },
    deleteSession(idHash: string): void {
      db.prepare('delete from console_sessions where id_hash = ?').run(idHash);
    },
    createLink(link: SignInLink): void {
      db.prepare('insert into console_sign_in_links (token_hash, user_id, expires_at, purpose) values (?, ?, ?, ?)')
        .run(link.tokenHash, link.userId, link.expiresAt.getTime(), link.purpose ?? 'sign_in');
    },
    useLink(tokenHash: string, now: Date, purpose: LinkPurpose): string | null {
      const row = one(`update console_sign_in_links set used_at = ? where token_hash = ? and purpose = ? and used_at is null and expires_at > ? returning user_id`,
        now.getTime(), tokenHash, purpose, now.getTime());
      return row === undefined ? null : String(row.user_id);
    },
  };
}
