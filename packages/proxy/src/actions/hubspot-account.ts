/**
 * Linking a workspace to a HubSpot account and unlinking it: the tokens (encrypted), the subscriptions that feed
 * inbound messages to the CRM sink (all business numbers, or those the admin chose), and the one-time install links
 * an admin hands to HubSpot's admin.
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

/** The business numbers whose inbound messages go to HubSpot: null = all of the workspace's. */
export async function hubspotNumbers(store: Store, workspaceId: string): Promise<string[] | null> {
  const sinks = (await store.listSubscriptions(workspaceId)).filter((s) => s.sink === HUBSPOT_SINK_NAME && s.event === 'inbound_message');
  const numbers = sinks.map((s) => s.filter?.phone_number_id);
  // No sink, or one without a number (it hears them all): all numbers.
  if (numbers.length === 0 || !numbers.every((id): id is string => Boolean(id))) return null;
  return numbers.sort();
}

/**
 * Chooses the business numbers whose inbound messages are written into HubSpot (null = all): one sink subscription
 * per chosen number, filtered on it as any trigger is, so a message to another number never reaches HubSpot.
 * Subscriptions of numbers that stay chosen are kept (with their pending deliveries); the others are removed.
 */
export async function chooseHubspotNumbers(store: Store, workspaceId: string, phoneNumberIds: string[] | null): Promise<string[] | null> {
  if ((await store.getHubspotAccount(workspaceId)) === null) throw new Error(`Workspace ${workspaceId} is not connected to HubSpot. Connect it first: pnpm kaiku hubspot link-code --workspace ${workspaceId}.`);
  const numbers = (await store.listConnections(workspaceId)).map((c) => c.phoneNumberId);
  const unknown = (phoneNumberIds ?? []).filter((id) => !numbers.includes(id));
  if (unknown.length > 0) throw new Error(`${unknown.join(', ')} ${unknown.length === 1 ? 'is not a business number' : 'are not business numbers'} of workspace ${workspaceId}; choose from: ${numbers.join(', ') || '(none connected yet)'}.`);
  if (phoneNumberIds !== null && phoneNumberIds.length === 0) throw new Error('Choose at least one business number, or "all"; to stop the HubSpot sync altogether, disconnect HubSpot.');
  const wanted: Array<string | null> = phoneNumberIds === null ? [null] : [...new Set(phoneNumberIds)];
  const sinks = (await store.listSubscriptions(workspaceId)).filter((s) => s.sink === HUBSPOT_SINK_NAME && s.event === 'inbound_message');
  const numberOf = (filter: { phone_number_id?: string } | null) => filter?.phone_number_id || null;
  for (const sink of sinks) {
    if (!wanted.includes(numberOf(sink.filter))) await store.deleteSubscription(workspaceId, sink.id);
  }
  for (const number of wanted) {
    if (sinks.some((s) => numberOf(s.filter) === number)) continue;
    const filter = number === null ? null : { phone_number_id: number };
    await store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: null, sink: HUBSPOT_SINK_NAME, secret: null, filter, source: 'hubspot' });
  }
  return hubspotNumbers(store, workspaceId);
}
