/**
 * Use cases behind `pnpm kaiku` and `pnpm start`: create workspaces and API keys, and connect a WhatsApp
 * number — checking its token against the Graph API's phone number lookup and, when the proxy has a public
 * URL, registering the proxy as that WABA's webhook (Meta's per-WABA override), so nobody pastes URLs.
 */
import { randomBytes } from 'node:crypto';
import { CloudApiClient, KaikuError } from '@kaiku/core';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../secrets.js';
import type { Secrets } from '../secrets.js';
import type { ApiKey, Connection, Store, Workspace } from '../store/types.js';

/** Creates an API key for a workspace; the key is returned once and only its hash is stored. */
export async function createApiKey(store: Store, workspaceId: string, name: string, fixedKey?: string): Promise<{ key: string; record: ApiKey }> {
  const key = fixedKey ?? generateApiKey();
  const hash = hashApiKey(key);
  const existing = await store.findApiKeyByHash(hash);
  if (existing !== null) {
    if (existing.workspaceId !== workspaceId) throw new Error('This API key already belongs to another workspace; choose a different KAIKU_API_KEY.');
    return { key, record: existing };
  }
  const record = await store.createApiKey({ workspaceId, name, prefix: apiKeyPrefix(key), hash });
  return { key, record };
}

/** What connecting a number needs. */
export interface ConnectionInput {
  workspaceId: string;
  wabaId: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  verifyToken?: string;
  graphBaseUrl: string;
  graphVersion: string;
  /** When set, `${publicUrl}/webhooks/whatsapp` is registered as the WABA's webhook. */
  publicUrl: string | null;
  /** Take the number even when another workspace holds it (that workspace stops sending and receiving with it). */
  move?: boolean;
  fetch?: typeof fetch;
}

/** The result of connecting: the stored connection and whether the webhook was registered. */
export interface ConnectionResult {
  connection: Connection;
  webhookRegistered: boolean;
  callbackUrl: string | null;
}

/** Checks the token, registers the webhook when possible, and stores the connection with encrypted secrets. */
export async function addConnection(store: Store, secrets: Secrets, input: ConnectionInput): Promise<ConnectionResult> {
  const workspace = await store.getWorkspace(input.workspaceId);
  if (workspace === null) throw new Error(`There is no workspace "${input.workspaceId}". List them with: pnpm kaiku workspace list.`);
  const holder = await store.findConnectionByPhoneNumberId(input.phoneNumberId);
  if (holder !== null && holder.workspaceId !== input.workspaceId && input.move !== true) {
    const owner = await store.getWorkspace(holder.workspaceId);
    throw new Error(`Phone number id ${input.phoneNumberId} is connected to workspace ${holder.workspaceId} (${owner?.name ?? 'unnamed'}). ` +
      `Run the command again with --move to move it to workspace ${input.workspaceId}; ${owner?.name ?? 'that workspace'} then stops sending and receiving with it.`);
  }
  const client = new CloudApiClient({
    baseUrl: input.graphBaseUrl, version: input.graphVersion, accessToken: input.accessToken,
    retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1000 }, ...(input.fetch ? { fetch: input.fetch } : {}),
  });
  const phone = await client.getPhoneNumber(input.phoneNumberId).catch((error: unknown) => {
    if (error instanceof KaikuError && error.code === 'network_error') {
      const reason = error.cause instanceof Error ? error.cause.message : 'no answer';
      throw new Error(`Could not reach the Graph API at ${input.graphBaseUrl} (${reason}). Nothing was saved: check the address (--graph-base-url) and the network, then run this command again.`);
    }
    throw error;
  });
  const verifyToken = input.verifyToken ?? randomBytes(18).toString('base64url');
  const callbackUrl = input.publicUrl === null ? null : `${input.publicUrl}/webhooks/whatsapp`;
  const connection = await store.upsertConnection({
    workspaceId: input.workspaceId,
    wabaId: input.wabaId,
    phoneNumberId: input.phoneNumberId,
    displayPhoneNumber: phone.display_phone_number,
    verifiedName: phone.verified_name ?? null,
    graphBaseUrl: input.graphBaseUrl,
    graphVersion: input.graphVersion,
    accessTokenEnc: secrets.encrypt(input.accessToken),
    appSecretEnc: secrets.encrypt(input.appSecret),
    verifyToken,
  });
  if (callbackUrl !== null) await client.subscribeApp(input.wabaId, { overrideCallbackUri: callbackUrl, verifyToken });
  return { connection, webhookRegistered: callbackUrl !== null, callbackUrl };
}

/** Finds a workspace by name, or creates it. */
export async function ensureWorkspace(store: Store, name: string): Promise<Workspace> {
  const existing = (await store.listWorkspaces()).find((workspace) => workspace.name === name);
  return existing ?? store.createWorkspace({ name });
}
