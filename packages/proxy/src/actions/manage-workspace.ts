/**
 * Use cases behind `pnpm kaiku` and `pnpm start`: create workspaces and API keys, and connect a WhatsApp
 * number — checking its token against the Graph API's phone number lookup and, when the proxy has a public
 * URL, registering the proxy as that WABA's webhook (Meta's per-WABA override), so nobody pastes URLs.
 */
import { randomBytes } from 'node:crypto';
import { CloudApiClient } from '@kaiku/core';
import type { PhoneNumberInfo } from '@kaiku/core';
import { ApiError } from '../http/errors.js';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../secrets.js';
import type { Secrets } from '../secrets.js';
import type { ApiKey, Connection, Store, Workspace } from '../store/types.js';
import { checkToken, lookUpNumber, registerWebhook } from './connect-checks.js';
import type { ConnectStep } from './connect-words.js';

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
  /** The installation's operator (the CLI) asks: a refusal may name the workspace that holds the number. */
  operator?: boolean;
  /** Runs once the connection is saved, before the webhook's handshake (the intake reloads its connections). */
  onSaved?: () => Promise<void>;
  fetch?: typeof fetch;
}

/** The result of connecting: the stored connection, the number as Meta describes it, and each step's result. */
export interface ConnectionResult {
  connection: Connection;
  webhookRegistered: boolean;
  callbackUrl: string | null;
  phone: PhoneNumberInfo;
  steps: ConnectStep[];
}

async function checkHolder(store: Store, input: ConnectionInput): Promise<void> {
  const holder = await store.findConnectionByPhoneNumberId(input.phoneNumberId);
  if (holder === null || holder.workspaceId === input.workspaceId || input.move === true) return;
  if (input.operator !== true) {
    throw new ApiError('conflict', `Phone number id ${input.phoneNumberId} is connected to another workspace of this Kaiku. Ask its operator to move it (pnpm kaiku connection add … --move).`, { field: 'phone_number_id' });
  }
  const owner = await store.getWorkspace(holder.workspaceId);
  throw new ApiError('conflict', `Phone number id ${input.phoneNumberId} is connected to workspace ${holder.workspaceId} (${owner?.name ?? 'unnamed'}). ` +
    `Run the command again with --move to move it to workspace ${input.workspaceId}; ${owner?.name ?? 'that workspace'} then stops sending and receiving with it.`, { field: 'phone_number_id' });
}

/** A failed check: the message of the step that failed (nothing is saved then), with every step's result in `details.steps`. */
function checkFailed(failure: ConnectStep, steps: ConnectStep[]): ApiError {
  return new ApiError('connection_failed', `${failure.message} Nothing was saved.`, { step: failure.step, steps });
}

/**
 * Checks the token and the number (nothing is saved when either fails), stores the connection with encrypted
 * secrets, then registers the webhook when the proxy has a public URL. The CLI and `POST /v1/phone-numbers` share it.
 */
export async function addConnection(store: Store, secrets: Secrets, input: ConnectionInput): Promise<ConnectionResult> {
  const workspace = await store.getWorkspace(input.workspaceId);
  if (workspace === null) throw new ApiError('not_found', `There is no workspace "${input.workspaceId}". List them with: pnpm kaiku workspace list.`, { field: 'workspace' });
  await checkHolder(store, input);
  const client = new CloudApiClient({
    baseUrl: input.graphBaseUrl, version: input.graphVersion, accessToken: input.accessToken,
    retry: { maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1000 }, ...(input.fetch ? { fetch: input.fetch } : {}),
  });
  const callbackUrl = input.publicUrl === null ? null : `${input.publicUrl}/webhooks/whatsapp`;
  const ids = { wabaId: input.wabaId, phoneNumberId: input.phoneNumberId, graphBaseUrl: input.graphBaseUrl, callbackUrl };
  const token = await checkToken(client, ids);
  if (token.outcome === 'failed') throw checkFailed(token, [token]);
  const lookup = await lookUpNumber(client, ids);
  const steps = [token, lookup.step];
  if (lookup.phone === null) throw checkFailed(lookup.step, steps);
  const verifyToken = input.verifyToken ?? randomBytes(18).toString('base64url');
  const connection = await store.upsertConnection({
    workspaceId: input.workspaceId,
    wabaId: input.wabaId,
    phoneNumberId: input.phoneNumberId,
    displayPhoneNumber: lookup.phone.display_phone_number,
    verifiedName: lookup.phone.verified_name ?? null,
    graphBaseUrl: input.graphBaseUrl,
    graphVersion: input.graphVersion,
    accessTokenEnc: secrets.encrypt(input.accessToken),
    appSecretEnc: secrets.encrypt(input.appSecret),
    verifyToken,
  });
  await input.onSaved?.();
  const webhook = await registerWebhook(client, ids, verifyToken);
  steps.push(webhook);
  return { connection, webhookRegistered: webhook.outcome === 'ok', callbackUrl, phone: lookup.phone, steps };
}

/** Finds a workspace by name, or creates it. */
export async function ensureWorkspace(store: Store, name: string): Promise<Workspace> {
  const existing = (await store.listWorkspaces()).find((workspace) => workspace.name === name);
  return existing ?? store.createWorkspace({ name });
}
