/** HubSpot accounts in PostgreSQL (one per workspace, a portal id belongs to one workspace) and blocked actions. */
import type { Pool } from 'pg';
import type { HubspotAccountRecord, HubspotBlockedAction } from '../types.js';
import { toHubspotAccount, toHubspotBlockedAction } from '../shared.js';
import { query, transaction } from './db.js';

type Input = Omit<HubspotAccountRecord, 'createdAt' | 'updatedAt'>;

/** Creates or replaces the workspace's account; a portal moves to the workspace that connects it last. */
export async function upsertHubspotAccount(pool: Pool, a: Input): Promise<HubspotAccountRecord> {
  const now = Date.now();
  return transaction(pool, async (client) => {
    await query(client, 'delete from hubspot_accounts where portal_id = $1 and workspace_id <> $2', [a.portalId, a.workspaceId]);
    const [row] = await query(client, `insert into hubspot_accounts (workspace_id, portal_id, access_token_enc, refresh_token_enc, expires_at,
      created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6) on conflict (workspace_id) do update set portal_id = excluded.portal_id,
      access_token_enc = excluded.access_token_enc, refresh_token_enc = excluded.refresh_token_enc, expires_at = excluded.expires_at,
      updated_at = excluded.updated_at returning *`, [a.workspaceId, a.portalId, a.accessTokenEnc, a.refreshTokenEnc, a.expiresAt?.getTime() ?? null, now]);
    return toHubspotAccount(row ?? {});
  });
}

/** The account of a portal. */
export async function findHubspotAccountByPortalId(pool: Pool, portalId: number): Promise<HubspotAccountRecord | null> {
  const [row] = await query(pool, 'select * from hubspot_accounts where portal_id = $1', [portalId]);
  return row === undefined ? null : toHubspotAccount(row);
}

/** The account of a workspace. */
export async function getHubspotAccount(pool: Pool, workspaceId: string): Promise<HubspotAccountRecord | null> {
  const [row] = await query(pool, 'select * from hubspot_accounts where workspace_id = $1', [workspaceId]);
  return row === undefined ? null : toHubspotAccount(row);
}

/** Stores refreshed tokens. */
export async function updateHubspotTokens(pool: Pool, workspaceId: string, t: { accessTokenEnc: string; refreshTokenEnc: string | null; expiresAt: Date | null }): Promise<void> {
  await query(pool, 'update hubspot_accounts set access_token_enc = $1, refresh_token_enc = $2, expires_at = $3, updated_at = $4 where workspace_id = $5',
    [t.accessTokenEnc, t.refreshTokenEnc, t.expiresAt?.getTime() ?? null, Date.now(), workspaceId]);
}

/** Disconnects; false when there was nothing to disconnect. */
export async function deleteHubspotAccount(pool: Pool, workspaceId: string): Promise<boolean> {
  return (await query(pool, 'delete from hubspot_accounts where workspace_id = $1 returning workspace_id', [workspaceId])).length === 1;
}

/** Keeps a blocked action, or moves it to its new due time and frees it. */
export async function saveHubspotBlockedAction(pool: Pool, a: HubspotBlockedAction): Promise<void> {
  await query(pool, `insert into hubspot_blocked_actions (callback_id, workspace_id, kind, request, blocked_at, due_at) values ($1, $2, $3, $4, $5, $6)
    on conflict (callback_id) do update set due_at = excluded.due_at, lease_until = null`,
  [a.callbackId, a.workspaceId, a.kind, a.request, a.blockedAt.getTime(), a.dueAt.getTime()]);
}

/** Takes the due actions for `leaseMs`, skipping those another process is taking at the same moment. */
export async function claimDueHubspotBlockedActions(pool: Pool, limit: number, leaseMs: number): Promise<HubspotBlockedAction[]> {
  const now = Date.now();
  const rows = await query(pool, `update hubspot_blocked_actions set lease_until = $2 where callback_id in (
      select callback_id from hubspot_blocked_actions where due_at <= $1 and (lease_until is null or lease_until <= $1)
      order by due_at limit $3 for update skip locked)
    returning *`, [now, now + leaseMs, limit]);
  return rows.map(toHubspotBlockedAction);
}

/** Forgets an action. */
export async function deleteHubspotBlockedAction(pool: Pool, callbackId: string): Promise<void> {
  await query(pool, 'delete from hubspot_blocked_actions where callback_id = $1', [callbackId]);
}

/** Keeps a new link code (and drops expired ones). */
export async function createHubspotLinkCode(pool: Pool, input: { codeHash: string; workspaceId: string; expiresAt: Date }): Promise<void> {
  await query(pool, 'delete from hubspot_link_codes where expires_at <= $1', [Date.now()]);
  await query(pool, 'insert into hubspot_link_codes (code_hash, workspace_id, expires_at) values ($1, $2, $3)', [input.codeHash, input.workspaceId, input.expiresAt.getTime()]);
}

/** Binds a state to an unexpired link code. */
export async function bindHubspotLinkState(pool: Pool, codeHash: string, stateHash: string): Promise<boolean> {
  return (await query(pool, 'update hubspot_link_codes set state_hash = $1 where code_hash = $2 and expires_at > $3 returning code_hash', [stateHash, codeHash, Date.now()])).length === 1;
}

/** Uses up the link behind a state, once. */
export async function consumeHubspotLinkState(pool: Pool, stateHash: string): Promise<string | null> {
  const [row] = await query(pool, 'delete from hubspot_link_codes where state_hash = $1 and expires_at > $2 returning workspace_id', [stateHash, Date.now()]);
  return row === undefined ? null : String(row.workspace_id);
}
