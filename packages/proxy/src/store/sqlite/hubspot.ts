/** HubSpot accounts in SQLite (one per workspace, a portal id belongs to one workspace) and blocked actions. */
import type { Database } from 'better-sqlite3';
import type { HubspotAccountRecord, HubspotBlockedAction } from '../types.js';
import { toHubspotAccount, toHubspotBlockedAction } from '../shared.js';
import type { Row } from '../shared.js';

type Input = Omit<HubspotAccountRecord, 'createdAt' | 'updatedAt'>;

/** The HubSpot account operations of the SQLite store. */
export function sqliteHubspot(db: Database) {
  const get = (workspaceId: string) => db.prepare('select * from hubspot_accounts where workspace_id = ?').get(workspaceId) as Row | undefined;
  return {
    upsert(a: Input): HubspotAccountRecord {
      const now = Date.now();
      db.transaction(() => {
        // A portal moves to the workspace that connects it last.
        db.prepare('delete from hubspot_accounts where portal_id = ? and workspace_id <> ?').run(a.portalId, a.workspaceId);
        db.prepare(`insert into hubspot_accounts (workspace_id, portal_id, access_token_enc, refresh_token_enc, expires_at, created_at, updated_at)
          values (?, ?, ?, ?, ?, ?, ?) on conflict (workspace_id) do update set portal_id = excluded.portal_id,
          access_token_enc = excluded.access_token_enc, refresh_token_enc = excluded.refresh_token_enc, expires_at = excluded.expires_at,
          updated_at = excluded.updated_at`).run(a.workspaceId, a.portalId, a.accessTokenEnc, a.refreshTokenEnc, a.expiresAt?.getTime() ?? null, now, now);
      })();
      return toHubspotAccount(get(a.workspaceId) ?? {});
    },
    byPortal(portalId: number): HubspotAccountRecord | null {
      const row = db.prepare('select * from hubspot_accounts where portal_id = ?').get(portalId) as Row | undefined;
      return row === undefined ? null : toHubspotAccount(row);
    },
    byWorkspace(workspaceId: string): HubspotAccountRecord | null {
      const row = get(workspaceId);
      return row === undefined ? null : toHubspotAccount(row);
    },
    updateTokens(workspaceId: string, t: { accessTokenEnc: string; refreshTokenEnc: string | null; expiresAt: Date | null }): void {
      db.prepare('update hubspot_accounts set access_token_enc = ?, refresh_token_enc = ?, expires_at = ?, updated_at = ? where workspace_id = ?')
        .run(t.accessTokenEnc, t.refreshTokenEnc, t.expiresAt?.getTime() ?? null, Date.now(), workspaceId);
    },
    remove(workspaceId: string): boolean {
      return db.prepare('delete from hubspot_accounts where workspace_id = ?').run(workspaceId).changes === 1;
    },
    saveBlocked(a: HubspotBlockedAction): void {
      db.prepare(`insert into hubspot_blocked_actions (callback_id, workspace_id, kind, request, blocked_at, due_at) values (?, ?, ?, ?, ?, ?)
        on conflict (callback_id) do update set due_at = excluded.due_at, lease_until = null`)
        .run(a.callbackId, a.workspaceId, a.kind, a.request, a.blockedAt.getTime(), a.dueAt.getTime());
    },
    claimDueBlocked: db.transaction((limit: number, leaseMs: number): HubspotBlockedAction[] => {
      const now = Date.now();
      const rows = db.prepare(`select * from hubspot_blocked_actions where due_at <= ? and (lease_until is null or lease_until <= ?)
        order by due_at limit ?`).all(now, now, limit) as Row[];
      for (const row of rows) db.prepare('update hubspot_blocked_actions set lease_until = ? where callback_id = ?').run(now + leaseMs, row.callback_id);
      return rows.map(toHubspotBlockedAction);
    }),
    createLinkCode(input: { codeHash: string; workspaceId: string; expiresAt: Date }): void {
      db.prepare('delete from hubspot_link_codes where expires_at <= ?').run(Date.now());
      db.prepare('insert into hubspot_link_codes (code_hash, workspace_id, expires_at) values (?, ?, ?)').run(input.codeHash, input.workspaceId, input.expiresAt.getTime());
    },
    bindLinkState(codeHash: string, stateHash: string): boolean {
      return db.prepare('update hubspot_link_codes set state_hash = ? where code_hash = ? and expires_at > ?').run(stateHash, codeHash, Date.now()).changes === 1;
    },
    consumeLinkState(stateHash: string): string | null {
      const row = db.prepare('delete from hubspot_link_codes where state_hash = ? and expires_at > ? returning workspace_id').get(stateHash, Date.now()) as Row | undefined;
      return row === undefined ? null : String(row.workspace_id);
    },
    deleteBlocked(callbackId: string): void {
      db.prepare('delete from hubspot_blocked_actions where callback_id = ?').run(callbackId);
    },
  };
}
