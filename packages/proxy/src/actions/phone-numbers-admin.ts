/**
 * Use cases of the WhatsApp numbers page (`/v1/phone-numbers`, admins): a number's live state at Meta, connecting
 * one (the same checks as `pnpm kaiku connection add`), rotating its token, disconnecting it.
 */
import type { PhoneNumberInfo } from '@kaiku/core';
import { ApiError, notFound } from '../http/errors.js';
import type { Connection } from '../store/types.js';
import { PHONE_FIELDS } from './connect-checks.js';
import { explainFailure } from './connect-words.js';
import type { ConnectStep } from './connect-words.js';
import type { ActionDeps } from './context.js';
import { addConnection } from './manage-workspace.js';

/** Meta's Graph API, where a workspace with no number yet connects its first. */
export const META_GRAPH = { baseUrl: 'https://graph.facebook.com', version: 'v24.0' } as const;

/** Whether Meta sends the number's webhooks here: `registered` (to this Kaiku), `elsewhere`, `app_callback` (the app's own URL), `not_subscribed`, `unknown`. */
export type WebhookState = 'registered' | 'elsewhere' | 'app_callback' | 'not_subscribed' | 'unknown';

/** A connected number with what Meta says of it now. */
export interface NumberStatus {
  id: string;
  display_phone_number: string;
  verified_name: string | null;
  waba_id: string;
  connected_at: string;
  quality_rating: string | null;
  messaging_limit: string | null;
  webhook: { state: WebhookState; callback_url: string | null; expected_url: string | null };
  problem: string | null;
}

/** What connecting or rotating answers: the number and each step's result. */
export interface ConnectAnswer {
  phone_number: NumberStatus;
  steps: ConnectStep[];
}

/** The workspace's connection of this number, or 404. */
export async function ownedConnection(deps: ActionDeps, workspaceId: string, phoneNumberId: string): Promise<Connection> {
  const found = (await deps.store.listConnections(workspaceId)).find((c) => c.phoneNumberId === phoneNumberId);
  if (found === undefined) throw notFound(`The phone number id "${phoneNumberId}"`, { field: 'id' });
  return found;
}

const callbackOf = (deps: ActionDeps): string | null => (deps.config.publicUrl === null ? null : `${deps.config.publicUrl}/webhooks/whatsapp`);

function webhookState(apps: Array<Record<string, unknown>>, expected: string | null): NumberStatus['webhook'] {
  const app = apps[0];
  if (app === undefined) return { state: 'not_subscribed', callback_url: null, expected_url: expected };
  const override = typeof app.override_callback_uri === 'string' ? app.override_callback_uri : null;
  if (override === null) return { state: 'app_callback', callback_url: null, expected_url: expected };
  return { state: override === expected ? 'registered' : 'elsewhere', callback_url: override, expected_url: expected };
}

function limitOf(phone: PhoneNumberInfo | null): string | null {
  const value = phone?.whatsapp_business_manager_messaging_limit ?? phone?.messaging_limit_tier;
  return typeof value === 'string' ? value : null;
}

/** A number as stored, with its quality, messaging limit and webhook state read from Meta now. */
export async function numberStatus(deps: ActionDeps, connection: Connection, known?: PhoneNumberInfo): Promise<NumberStatus> {
  const client = deps.whatsapp.clientFor(connection);
  const expected = callbackOf(deps);
  const [phone, apps] = await Promise.allSettled([known ?? client.getPhoneNumber(connection.phoneNumberId, PHONE_FIELDS), client.listSubscribedApps(connection.wabaId)]);
  const live = phone.status === 'fulfilled' ? phone.value : null;
  const ids = { wabaId: connection.wabaId, phoneNumberId: connection.phoneNumberId, graphBaseUrl: connection.graphBaseUrl, callbackUrl: expected };
  return {
    id: connection.phoneNumberId,
    display_phone_number: live?.display_phone_number ?? connection.displayPhoneNumber,
    verified_name: live?.verified_name ?? connection.verifiedName,
    waba_id: connection.wabaId,
    connected_at: connection.createdAt.toISOString(),
    quality_rating: typeof live?.quality_rating === 'string' ? live.quality_rating : null,
    messaging_limit: limitOf(live),
    webhook: apps.status === 'fulfilled' ? webhookState(apps.value, expected) : { state: 'unknown', callback_url: null, expected_url: expected },
    problem: phone.status === 'rejected' ? explainFailure('phone_number', phone.reason, ids) : null,
  };
}

const saved = (deps: ActionDeps) => (deps.connectionsChanged ? { onSaved: deps.connectionsChanged } : {});

function text(body: Record<string, unknown>, name: string, what: string): string {
  const value = body[name];
  if (typeof value === 'string' && value.trim() !== '' && value.length <= 1000) return value.trim();
  throw new ApiError('validation_failed', `The field "${name}" is required: ${what}.`, { field: name });
}

/** Connects a number to the workspace: where its other numbers live (the sandbox in the demo), else Meta. */
export async function connectNumber(deps: ActionDeps, workspaceId: string, body: Record<string, unknown>): Promise<ConnectAnswer> {
  const input = {
    wabaId: text(body, 'waba_id', 'the WhatsApp Business Account id (WhatsApp Manager → Account tools)'),
    phoneNumberId: text(body, 'phone_number_id', 'the phone number id (WhatsApp Manager → Phone numbers), not the number itself'),
    accessToken: text(body, 'access_token', 'a system user\'s access token with whatsapp_business_messaging and whatsapp_business_management'),
    appSecret: text(body, 'app_secret', 'the Meta app\'s secret (App settings → Basic), which signs webhooks'),
  };
  const [first] = await deps.store.listConnections(workspaceId);
  const result = await addConnection(deps.store, deps.secrets, {
    workspaceId, ...input, graphBaseUrl: first?.graphBaseUrl ?? META_GRAPH.baseUrl, graphVersion: first?.graphVersion ?? META_GRAPH.version, publicUrl: deps.config.publicUrl, ...saved(deps),
  });
  return { phone_number: await numberStatus(deps, result.connection, result.phone), steps: result.steps };
}

/** Checks a new token (and app secret, when given) like a new connection, then keeps them. */
export async function rotateToken(deps: ActionDeps, workspaceId: string, phoneNumberId: string, body: Record<string, unknown>): Promise<ConnectAnswer> {
  const connection = await ownedConnection(deps, workspaceId, phoneNumberId);
  const accessToken = text(body, 'access_token', 'the new access token of the system user');
  const appSecret = typeof body.app_secret === 'string' && body.app_secret.trim() !== '' ? body.app_secret.trim() : deps.secrets.decrypt(connection.appSecretEnc);
  const result = await addConnection(deps.store, deps.secrets, {
    workspaceId, wabaId: connection.wabaId, phoneNumberId, accessToken, appSecret, verifyToken: connection.verifyToken,
    graphBaseUrl: connection.graphBaseUrl, graphVersion: connection.graphVersion, publicUrl: deps.config.publicUrl, ...saved(deps),
  });
  return { phone_number: await numberStatus(deps, result.connection, result.phone), steps: result.steps };
}

/** Disconnects a number of the workspace; its messages and contacts stay. */
export async function disconnectNumber(deps: ActionDeps, workspaceId: string, phoneNumberId: string): Promise<void> {
  await ownedConnection(deps, workspaceId, phoneNumberId);
  await deps.store.deleteConnection(phoneNumberId);
  await deps.connectionsChanged?.();
}
