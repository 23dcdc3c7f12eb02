/**
 * What went wrong while connecting a WhatsApp number, in plain words with the fix: one table from Meta's
 * answers (error codes of the Graph API, missing permissions) to what the admin does next.
 */
import { isKaikuError, MetaApiError } from '@kaiku/core';

/** The checks of connecting a number, in order. */
export type ConnectStepName = 'token' | 'phone_number' | 'webhook';

/** One check's result as the console and the CLI show it. */
export interface ConnectStep {
  step: ConnectStepName;
  outcome: 'ok' | 'failed' | 'skipped';
  message: string;
  /** Meta's error code when Meta refused, else null. */
  meta_code: number | null;
}

/** Where Meta's screens for a system user's token are. */
const TOKEN_PLACE = 'Meta Business Settings → Users → System users';

/** The missing permission, in words. */
export function missingPermissionWords(permission: string): string {
  const why = permission === 'whatsapp_business_messaging' ? 'it is needed to send and receive messages' : 'it is needed to read the number and register the webhook';
  return `The token has no ${permission} permission (${why}): give the system user that permission in ${TOKEN_PLACE} → Generate new token, tick ${permission}, and paste the new token here.`;
}

const unreachable = (graphBaseUrl: string, error: unknown): string => {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : 'no answer';
  return `Could not reach the Graph API at ${graphBaseUrl} (${cause}): check the address and the network, then try again.`;
};

function tokenWords(error: MetaApiError): string {
  if (error.metaSubcode === 463) return `The access token has expired. Generate a new one in ${TOKEN_PLACE} (choose "Never" as its expiry) and paste it here.`;
  return `Meta does not accept this access token (error ${error.metaCode}): it is mistyped, cut short or revoked. Generate a new one in ${TOKEN_PLACE} and paste all of it.`;
}

/** What the admin reads when Meta refused a lookup (`waba`: the WABA's numbers); `ids` names what was looked up. */
export function explainFailure(step: ConnectStepName | 'waba', error: unknown, ids: { wabaId: string; phoneNumberId: string; graphBaseUrl: string; callbackUrl: string | null }): string {
  if (isKaikuError(error) && error.code === 'network_error') return unreachable(ids.graphBaseUrl, error);
  if (!(error instanceof MetaApiError)) return `The check failed unexpectedly (${error instanceof Error ? error.message : String(error)}). Try again; if it keeps failing, look at the proxy's log.`;
  const code = error.metaCode;
  if (code === 190 || code === 0) return tokenWords(error);
  if (code === 10 || code === 3 || (code >= 200 && code <= 299) || code === 131005) {
    return `The token may not do this (Meta error ${code}): give the system user the whatsapp_business_management and whatsapp_business_messaging permissions and the WhatsApp account as an asset in ${TOKEN_PLACE}, then paste a new token.`;
  }
  if (code === 100 && error.metaSubcode === 33) {
    return step === 'phone_number'
      ? `Meta has no phone number id ${ids.phoneNumberId} that this token can see. Check the id (WhatsApp Manager → Phone numbers: the long number beside "Phone number ID", not the phone number itself) and that the system user has this WhatsApp account as an asset.`
      : `Meta has no WhatsApp Business Account ${ids.wabaId} that this token can see. Check the WABA id (WhatsApp Manager → Account tools → WhatsApp Business Account ID) and that the system user has it as an asset.`;
  }
  if (code === 2200) return `Meta could not verify the webhook at ${ids.callbackUrl ?? 'the public URL'}: it must answer from the internet. Check that KAIKU_PUBLIC_URL is this Kaiku's address as the internet reaches it, then connect the number again.`;
  if (code === 4 || code === 80007) return 'Meta is limiting calls for this app or WhatsApp account right now. Wait a few minutes and try again.';
  return `Meta refused (error ${code}): ${error.message}`;
}

/** A successful step. */
export function ok(step: ConnectStepName, message: string): ConnectStep {
  return { step, outcome: 'ok', message, meta_code: null };
}

/** A failed step. */
export function failed(step: ConnectStepName, message: string, error?: unknown): ConnectStep {
  return { step, outcome: 'failed', message, meta_code: error instanceof MetaApiError ? error.metaCode : null };
}

/** A step not taken, with why. */
export function skipped(step: ConnectStepName, message: string): ConnectStep {
  return { step, outcome: 'skipped', message, meta_code: null };
}
