import type { KaikuErrorCode } from '../errors.js';

/**
 * The one table of Meta's error codes (Cloud API reference §2.3), used for synchronous Graph errors and for
 * `failed` statuses alike. Docs: https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 */

/** What Kaiku makes of one of Meta's error codes. */
export interface MetaErrorDescription {
  code: KaikuErrorCode;
  retryable: boolean;
  message: string;
}

interface Row {
  code: KaikuErrorCode;
  retryable: boolean;
  message: string;
  /** Append Meta's `error_data.details`: for request problems it names the field at fault. */
  showDetails?: boolean;
}

const row = (code: KaikuErrorCode, message: string, extra: Partial<Row> = {}): Row => ({
  code,
  retryable: false,
  message,
  ...extra,
});
const retry = { retryable: true } as const;
const details = { showDetails: true } as const;

const CONNECTION = 'WhatsApp rejected the access token of this connection';
const PERMISSION = "The WhatsApp connection's token lacks a permission it needs";

/** Meta's code → Kaiku's meaning. Ranges (200–299) are handled in `describeMetaError`. */
const TABLE: ReadonlyMap<number, Row> = new Map<number, Row>([
  [0, row('meta_auth_failed', `${CONNECTION} (expired or revoked). Reconnect your WhatsApp account with a new token.`)],
  [1, row('meta_unavailable', 'WhatsApp could not process the request right now. Try again in a few minutes.', { ...retry, ...details })],
  [2, row('meta_unavailable', 'WhatsApp is temporarily unavailable. Try again in a few minutes.', retry)],
  [3, row('meta_permission_denied', `${PERMISSION} for this action. Reconnect with a token that has whatsapp_business_messaging and whatsapp_business_management.`)],
  [4, row('rate_limited', 'Too many requests to WhatsApp from this app. Wait a few minutes and try again.', retry)],
  [10, row('meta_permission_denied', `${PERMISSION}, or this asset is not eligible. Check the token's permissions in Meta Business Suite.`)],
  [33, row('meta_invalid_request', 'This WhatsApp business phone number was deleted. Choose a phone number that still exists.')],
  [100, row('meta_invalid_request', 'WhatsApp rejected a field of this request as invalid. Check the values you mapped.', details)],
  [190, row('meta_auth_failed', `${CONNECTION} (expired or invalid). Reconnect your WhatsApp account with a new token.`)],
  [368, row('meta_permission_denied', 'Your WhatsApp Business Account is temporarily blocked for policy violations. Check Account Quality in Meta Business Suite.')],
  [80007, row('rate_limited', 'Too many management requests for this WhatsApp Business Account. Wait a few minutes and try again.', retry)],
  [130403, row('meta_error', 'Your business has blocked this customer. Unblock them in WhatsApp before messaging them.')],
  [130429, row('throughput_limited', 'WhatsApp is receiving messages from this number faster than it allows. The message will be retried shortly.', retry)],
  [130472, row('meta_error', "The customer's number is part of a WhatsApp experiment, so this marketing message was not sent. Do not resend it.")],
  [130497, row('meta_permission_denied', 'Your WhatsApp Business Account may not message customers in this country.')],
  [131000, row('meta_unavailable', 'Something went wrong at WhatsApp. Try again; if it keeps failing, contact support.', retry)],
  [131005, row('meta_permission_denied', `${PERMISSION} (access denied). Check the token's permissions in Meta Business Suite.`)],
  [131008, row('meta_invalid_request', 'A required field is missing from the message. Fill in every required field.', details)],
  [131009, row('meta_invalid_request', 'A value in the message is not valid for WhatsApp. Check the values you mapped.', details)],
  [131016, row('meta_unavailable', 'WhatsApp is temporarily unavailable. Try again in a few minutes.', retry)],
  [131021, row('meta_invalid_request', "The recipient is your own business number. Send to the customer's number instead.")],
  [131026, row('recipient_not_on_whatsapp', 'WhatsApp could not deliver the message: the number may not be on WhatsApp, or the customer must update WhatsApp or accept its terms.')],
  [131030, row('meta_permission_denied', "This recipient is not on your test number's allowed list. Add it in the WhatsApp Manager (test numbers allow up to 5).")],
  [131031, row('meta_permission_denied', 'Your WhatsApp Business Account is locked or restricted. Check its health in Meta Business Suite or contact support.')],
  [131037, row('meta_error', 'This phone number has no approved display name yet. Set one in the WhatsApp Manager.')],
  [131042, row('meta_error', 'WhatsApp refused the message because of a billing problem. Add or fix the payment method of your WhatsApp Business Account.')],
  [131045, row('meta_error', 'This phone number is not registered correctly with WhatsApp. Register it again in the WhatsApp Manager.')],
  [131047, row('window_closed', "The customer's last message was more than 24 hours ago; send a template instead.")],
  [131048, row('rate_limited', 'Messages from this number are limited because customers blocked or reported earlier ones. Slow down and improve message quality.')],
  [131049, row('meta_error', 'WhatsApp did not deliver this marketing message to keep engagement healthy. Wait at least 24 hours before trying this customer again.')],
  [131050, row('opted_out', 'The customer has stopped marketing messages from your business. Do not send them marketing templates.')],
  [131051, row('meta_invalid_request', 'WhatsApp does not support this message type. Use text, media, buttons, a list or a template.')],
  [131052, row('media_error', "WhatsApp could not download the customer's file (it may be over 100 MB). Ask the customer for a smaller file.")],
  [131053, row('media_error', 'WhatsApp could not use the media file: check that the URL is public HTTPS and the file type and size are supported.', details)],
  [131056, row('pair_rate_limited', 'Too many messages to this customer in a short time. The message will be retried after a pause.', retry)],
  [131057, row('meta_unavailable', 'Your WhatsApp Business Account is in maintenance for a moment. The message will be retried shortly.', retry)],
  [131062, row('meta_invalid_request', 'This message type cannot be sent to a customer known only by a WhatsApp username. Use their phone number.')],
  [131063, row('meta_permission_denied', 'Marketing templates are turned off for the Cloud API on this account. Re-enable them in the WhatsApp Manager.')],
  [131064, row('meta_error', 'Your messaging limit was reduced because templates were in the wrong category. Review your template categories.')],
  [132000, row('template_variables_invalid', "The number of template variables does not match the template. Fill in exactly the template's variables.", details)],
  [132001, row('template_not_found', 'This template does not exist in that language or is not approved yet. Check the template name and language.', details)],
  [132005, row('template_variables_invalid', 'The filled-in template is too long. Shorten the variable values.')],
  [132007, row('template_not_approved', "The template's content breaks WhatsApp policy. Edit the template in the WhatsApp Manager.")],
  [132008, row('template_variables_invalid', 'A template variable value is not valid. Check the values you mapped.', details)],
  [132012, row('template_variables_invalid', "A template variable has the wrong format (for example text where the header needs an image). Check the template's header and variables.", details)],
  [132015, row('template_not_approved', 'This template is paused because of low quality. Wait for it to resume or edit it.')],
  [132016, row('template_not_approved', 'This template was paused too many times and is now disabled. Create a new template.')],
  [132018, row('template_variables_invalid', 'A template variable contains a line break, a tab or more than 4 spaces in a row. Remove them from the value.', details)],
  [132068, row('meta_error', 'The WhatsApp Flow in this message is blocked. Fix the Flow in the WhatsApp Manager.')],
  [132069, row('rate_limited', 'This WhatsApp Flow was sent too often in the last hour. Wait before sending it again.')],
  [133000, row('meta_error', 'An earlier deregistration of this phone number failed. Deregister it again before registering.')],
  [133004, row('meta_unavailable', 'WhatsApp registration is temporarily unavailable. Try again in a few minutes.', retry)],
  [133005, row('meta_auth_failed', 'The two-step verification PIN is wrong. Enter the correct PIN for this phone number.')],
  [133006, row('meta_error', 'This phone number must be verified before it can be registered.')],
  [133008, row('rate_limited', 'Too many two-step verification PIN attempts. Wait before trying again.')],
  [133009, row('rate_limited', 'Two-step verification PIN was entered too fast. Wait before trying again.')],
  [133010, row('meta_error', 'This phone number is not registered with the WhatsApp Cloud API. Register it in the WhatsApp Manager.')],
  [133015, row('meta_error', 'This phone number is still being deleted. Wait about 5 minutes and try again.')],
  [133016, row('rate_limited', 'Too many register/deregister attempts for this phone number. Wait before trying again.')],
  [134011, row('meta_error', 'The WhatsApp Payments terms of service have not been accepted. Accept them in the WhatsApp Manager.')],
  [135000, row('meta_invalid_request', 'WhatsApp rejected the request parameters. Check the values you mapped.', details)],
]);

const PERMISSION_RANGE = row(
  'meta_permission_denied',
  `${PERMISSION} (or no token was sent). Reconnect your WhatsApp account and grant the requested permissions.`,
);

/** Template-management subcodes, sent as code 100 + error_subcode when creating templates. */
const TEMPLATE_SUBCODES: ReadonlyMap<number, string> = new Map([
  [33, 'The phone number, template or media id does not exist, or this connection cannot access it. Check the id.'],
  [2388019, 'Your WhatsApp Business Account has reached its template limit. Delete unused templates first.'],
  [2388023, 'The template name is invalid: use lowercase letters, digits and underscores only.'],
  [2388024, 'A template with this name and language already exists. Choose another name or language.'],
  [2388039, "The template's status does not allow this change (for example while it is in review)."],
  [2388040, 'A template field is longer than WhatsApp allows. Shorten it.'],
  [2388042, 'A template variable is formatted incorrectly. Use {{1}}, {{2}}… or {{lower_snake_case}} names.'],
  [2388043, 'A template variable has no example value. Add an example for every variable.'],
  [2388047, "The template header's format is incorrect. Check the header."],
  [2388072, "The template body's format is incorrect. Check the body text."],
  [2388073, "The template footer's format is incorrect. Check the footer (no variables allowed)."],
  [2388293, 'The template has too many variables for its length. Add more text or remove variables.'],
  [2388299, 'The template body may not start or end with a variable. Add text before the first and after the last variable.'],
]);

function lookup(code: number, subcode: number | undefined): Row {
  if (code === 100 && subcode !== undefined) {
    const message = TEMPLATE_SUBCODES.get(subcode);
    if (message !== undefined) return row('meta_invalid_request', message, details);
  }
  const found = TABLE.get(code);
  if (found) return found;
  if (code >= 200 && code <= 299) return PERMISSION_RANGE;
  return row('meta_error', `WhatsApp returned error ${code}. Check the request; if it keeps failing, contact support.`, details);
}

/** Describes Meta's error code (and subcode/details) as a Kaiku code, a retry decision and an actionable message. */
export function describeMetaError(code: number, subcode?: number, detailsText?: string): MetaErrorDescription {
  const found = lookup(code, subcode);
  const extra = found.showDetails && detailsText ? ` WhatsApp says: ${detailsText.trim()}` : '';
  return { code: found.code, retryable: found.retryable, message: found.message + extra };
}

/** Every Meta code the table knows explicitly (ranges excluded); for tests and documentation. */
export function knownMetaErrorCodes(): number[] {
  return [...TABLE.keys()];
}
