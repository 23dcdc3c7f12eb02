/** The admin pages' queries in SQLite: key use, and role changes guarded against leaving no admin. */
import type { Database } from 'better-sqlite3';
import type { UserChangeRefusal } from '../admin-types.js';
import { INVITED_PASSWORD_HASH, KEY_USE_RESOLUTION_MS } from '../admin-types.js';
import type { ConsoleRole, ConsoleUser } from '../console-types.js';
import { toConsoleUser } from '../console-rows.js';
import type { Row } from '../shared.js';

/** The admin queries over one database (SQLite has one writer, so a transaction is enough to serialise the guard). */
export function sqliteAdmin(db: Database) {
  const user = (workspaceId: string, id: string): ConsoleUser | null => {
    const row = db.prepare('select * from console_users where id = ? and workspace_id = ?').get(id, workspaceId) as Row | undefined;
    return row === undefined ? null : toConsoleUser(row);
  };
  const otherAdmins = (target: ConsoleUser): number => Number((db.prepare(`select count(*) as n from console_users
    where workspace_id = ? and role = 'admin' and id <> ? and password_hash <> ?`).get(target.workspaceId, target.id, INVITED_PASSWORD_HASH) as Row).n);
  const lastAdmin = (target: ConsoleUser): boolean => target.role === 'admin' && target.passwordHash !== INVITED_PASSWORD_HASH && otherAdmins(target) === 0;
  return {
    touchKey(keyId: string, at: Date): void {
      db.prepare('update api_keys set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)')
        .run(at.getTime(), keyId, at.getTime() - KEY_USE_RESOLUTION_MS);
    },
    setRole(workspaceId: string, id: string, role: ConsoleRole): ConsoleUser | UserChangeRefusal {
      return db.transaction(() => {
        const target = user(workspaceId, id);
        if (target === null) return 'not_found' as const;
        if (role !== 'admin' && lastAdmin(target)) return 'last_admin' as const;
        db.prepare('update console_users set role = ? where id = ?').run(role, id);
        return { ...target, role };
      }).immediate();
    },
    remove(workspaceId: string, id: string): ConsoleUser | UserChangeRefusal {
      return db.transaction(() => {
        const target = user(workspaceId, id);
        if (target === null) return 'not_found' as const;
        if (lastAdmin(target)) return 'last_admin' as const;
        db.prepare('delete from console_users where id = ?').run(id);
        return target;
      }).immediate();
    },
  };
}
