/** The admin pages' queries in PostgreSQL: key use, and role changes guarded against leaving no admin. */
import type { Pool, PoolClient } from 'pg';
import type { UserChangeRefusal } from '../admin-types.js';
import { INVITED_PASSWORD_HASH, KEY_USE_RESOLUTION_MS } from '../admin-types.js';
import type { ConsoleRole, ConsoleUser } from '../console-types.js';
import { toConsoleUser } from '../console-rows.js';
import { query, transaction } from './db.js';

/** Records a key's use, at most once a minute. */
export async function touchApiKey(pool: Pool, keyId: string, at: Date): Promise<void> {
  await query(pool, 'update api_keys set last_used_at = $1 where id = $2 and (last_used_at is null or last_used_at < $3)',
    [at.getTime(), keyId, at.getTime() - KEY_USE_RESOLUTION_MS]);
}

/**
 * Runs `change` on the workspace's user `id` unless it leaves no admin who can sign in. The workspace's admin
 * rows are locked first, so two admins demoting each other at the same moment cannot both succeed.
 */
async function guarded(pool: Pool, workspaceId: string, id: string, leavesAdmin: boolean, change: (client: PoolClient, target: ConsoleUser) => Promise<ConsoleUser>): Promise<ConsoleUser | UserChangeRefusal> {
  return transaction(pool, async (client) => {
    const admins = await query(client, `select id from console_users where workspace_id = $1 and role = 'admin' and password_hash <> $2 order by id for update`,
      [workspaceId, INVITED_PASSWORD_HASH]);
    const [row] = await query(client, 'select * from console_users where id = $1 and workspace_id = $2 for update', [id, workspaceId]);
    if (row === undefined) return 'not_found';
    const target = toConsoleUser(row);
    const isActiveAdmin = admins.some((admin) => admin.id === id);
    if (!leavesAdmin && isActiveAdmin && admins.length === 1) return 'last_admin';
    return change(client, target);
  });
}

/** Sets a role unless it demotes the last admin. */
export function setConsoleUserRole(pool: Pool, workspaceId: string, id: string, role: ConsoleRole): Promise<ConsoleUser | UserChangeRefusal> {
  return guarded(pool, workspaceId, id, role === 'admin', async (client, target) => {
    await query(client, 'update console_users set role = $1 where id = $2', [role, id]);
    return { ...target, role };
  });
}

/** Removes a user unless they are the last admin. */
export function removeConsoleUserKeepingAdmin(pool: Pool, workspaceId: string, id: string): Promise<ConsoleUser | UserChangeRefusal> {
  return guarded(pool, workspaceId, id, false, async (client, target) => {
    await query(client, 'delete from console_users where id = $1', [id]);
    return target;
  });
}
