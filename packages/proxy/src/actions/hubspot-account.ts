/**
 * Linking a workspace to a HubSpot account and unlinking it: the tokens (encrypted), the subscription that feeds
 * inbound messages to the CRM sink, and the one-time install links an admin hands to HubSpot's admin.
 */
import { createHash, randomBytes } from 'node:crypto';
import { HUBSPOT_SINK_NAME } from '@kaiku/hubspot';
import type { Secrets } from '../secrets.js';
import type { Store } from '../store/types.js';

/** How long an install link works. */
export const LINK_CODE_TTL_MS = 30 * 60_000;

/** Link codes and OAuth states are kept only as hashes: the store never holds a usable one. */
export function linkHash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Makes a one-time install link code for the workspace; the code itself is shown once. */
export async function createLinkCode(store: Store, workspaceId: string, now: Date): Promise<{ code: string; expiresAt: Date }> {
  const code = `hslc_${randomBytes(24).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MS);
  await store.createHubspotLinkCode({ codeHash: linkHash(code), workspaceId, expiresAt });
  return { code, expiresAt };
}

/** The tokens of a connected account: a private app token, or OAuth tokens with their expiry. */
export interface AccountTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
}

/** Stores the account's tokens under the workspace and starts logging its inbound messages in HubSpot. */
export async function linkHubspotAccount(store: Store, secrets: Secrets, workspaceId: string, portalId: number, tokens: AccountTokens): Promise<void> {
  await store.upsertHubspotAccount({
    workspaceId, portalId, accessTokenEnc: secrets.encrypt(tokens.accessToken),
    refreshTokenEnc: tokens.refreshToken === null ? null : secrets.encrypt(tokens.refreshToken), expiresAt: tokens.expiresAt,
  });
  const existing = await store.listSubscriptions(workspaceId);
  if (existing.some((s) => s.sink === HUBSPOT_SINK_NAME && s.event === 'inbound_message')) return;
  await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: null, sink: HUBSPOT_SINK_NAME, secret: null, filter: null, source: 'hubspot' });
}

/** Forgets the workspace's account and stops the CRM sync; false when it was not connected. */
export async function unlinkHubspotAccount(store: Store, workspaceId: string): Promise<boolean> {
  const removed = await store.deleteHubspotAccount(workspaceId);
  for (const subscription of await store.listSubscriptions(workspaceId)) {
    if (subscription.sink === HUBSPOT_SINK_NAME) await store.deleteSubscription(workspaceId, subscription.id);
  }
  return removed;
}
