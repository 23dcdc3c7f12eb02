/**
 * The checks of connecting a WhatsApp number, each a step with a plain-words result: the token's permissions
 * (`GET /me/permissions`), the number's live lookup inside its WABA, and the webhook registration through Meta's
 * per-WABA override (`subscribed_apps` with `override_callback_uri`).
 */
import type { CloudApiClient, PhoneNumberInfo } from '@kaiku/core';
import { isKaikuError, MetaApiError } from '@kaiku/core';
import type { ConnectStep } from './connect-words.js';
import { explainFailure, failed, missingPermissionWords, ok, skipped } from './connect-words.js';

/** What the checks look up. */
export interface CheckIds {
  wabaId: string;
  phoneNumberId: string;
  graphBaseUrl: string;
  callbackUrl: string | null;
}

/** The permissions a connection needs. */
export const REQUIRED_PERMISSIONS = ['whatsapp_business_messaging', 'whatsapp_business_management'] as const;

/** The fields of a number that the numbers page shows. */
export const PHONE_FIELDS = 'id,display_phone_number,verified_name,quality_rating,whatsapp_business_manager_messaging_limit,code_verification_status,throughput';

/** Step 1: the token is valid and has both WhatsApp permissions. */
export async function checkToken(client: CloudApiClient, ids: CheckIds): Promise<ConnectStep> {
  let granted: string[];
  try {
    granted = await client.grantedPermissions();
  } catch (error) {
    const refused = error instanceof MetaApiError && (error.metaCode === 190 || error.metaCode === 0);
    if (refused || (isKaikuError(error) && error.code === 'network_error')) return failed('token', explainFailure('token', error, ids), error);
    return skipped('token', 'Meta did not list the token\'s permissions; the number lookup below checks the token instead.');
  }
  const missing = REQUIRED_PERMISSIONS.filter((permission) => !granted.includes(permission));
  if (missing.length > 0) return failed('token', missing.map(missingPermissionWords).join(' '));
  return ok('token', 'Meta accepts the access token, with the whatsapp_business_messaging and whatsapp_business_management permissions.');
}

/** Step 2: the number exists, the token sees it, and it belongs to the WABA. */
export async function lookUpNumber(client: CloudApiClient, ids: CheckIds): Promise<{ step: ConnectStep; phone: PhoneNumberInfo | null }> {
  let phone: PhoneNumberInfo;
  try {
    phone = await client.getPhoneNumber(ids.phoneNumberId, PHONE_FIELDS);
  } catch (error) {
    return { step: failed('phone_number', explainFailure('phone_number', error, ids), error), phone: null };
  }
  let numbers: PhoneNumberInfo[];
  try {
    numbers = await client.listPhoneNumbers(ids.wabaId);
  } catch (error) {
    return { step: failed('phone_number', explainFailure('waba', error, ids), error), phone: null };
  }
  if (!numbers.some((number) => number.id === ids.phoneNumberId)) {
    const theirs = numbers.map((number) => `${number.id} (${number.display_phone_number})`).join(', ') || 'none';
    return { step: failed('phone_number', `Phone number id ${ids.phoneNumberId} is not in WhatsApp Business Account ${ids.wabaId} (its numbers: ${theirs}). Check both ids in WhatsApp Manager.`), phone: null };
  }
  const name = phone.verified_name ? ` (${phone.verified_name})` : '';
  return { step: ok('phone_number', `Found ${phone.display_phone_number}${name} in WhatsApp Business Account ${ids.wabaId}.`), phone };
}

/** Step 3: Meta sends this WABA's webhooks to this Kaiku. */
export async function registerWebhook(client: CloudApiClient, ids: CheckIds, verifyToken: string): Promise<ConnectStep> {
  if (ids.callbackUrl === null) {
    return skipped('webhook', 'KAIKU_PUBLIC_URL is not set, so no webhook was registered: set it to the address the internet reaches this Kaiku at, then connect the number again to receive messages.');
  }
  try {
    await client.subscribeApp(ids.wabaId, { overrideCallbackUri: ids.callbackUrl, verifyToken });
    return ok('webhook', `Registered ${ids.callbackUrl} as the webhook of WhatsApp Business Account ${ids.wabaId}.`);
  } catch (error) {
    return failed('webhook', explainFailure('webhook', error, ids), error);
  }
}
