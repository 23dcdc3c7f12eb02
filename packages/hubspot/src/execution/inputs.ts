/**
 * Maps a HubSpot execution's inputs (and the enrolled record's properties) onto the shared
 * `send-template`, `reply` and `opt-in-request` inputs. Problems a marketer must fix become an `ActionFailure`.
 */
import { CONTACT_PROPERTY } from '../crm/properties.js';
import { MEDIA_TYPES, NUMBERED_VARIABLES, variableNameField } from '../definitions/fields.js';
import type { OptInRequestInput, ReplyInput, SendTemplateInput } from '../types.js';
import type { ExecutionRequest } from './request.js';

/** A business failure: the action fails (the workflow continues) with a code an execution rule names. */
export class ActionFailure extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ActionFailure';
    this.code = code;
  }
}

const CONSENT_YES = new Set(['true', 'yes', '1', 'opted_in', 'granted', 'kyllä', 'on']);

/** The idempotency key of an execution: HubSpot's callback id, unique per action run. */
export function idempotencyKey(request: ExecutionRequest): string {
  return `hubspot:${request.callbackId}`;
}

function recipient(request: ExecutionRequest): string {
  // Last, the WhatsApp ID Kaiku set: the only address of a customer who uses a username and kept their number back.
  const to = request.inputs.phone ?? request.properties.mobilephone ?? request.properties.phone ?? request.properties[CONTACT_PROPERTY.waId];
  if (!to) throw new ActionFailure('missing_phone', 'The record has no phone number. Map the "Phone number" field to a phone property of the record.');
  if (request.properties[CONTACT_PROPERTY.optedOut] === 'true') {
    throw new ActionFailure('opted_out', 'The contact has opted out of WhatsApp messages ("Opted out of WhatsApp" is Yes).');
  }
  return to;
}

/**
 * Template variables from the slots (`variable_N` under the name chosen in `variable_N_name`, or {{N}} when none
 * is chosen) and "name=value" lines of `more_variables`.
 */
export function templateVariables(inputs: Record<string, string>, prefix: '' | 'fallback_'): Record<string, string> | undefined {
  const variables: Record<string, string> = {};
  for (let i = 1; i <= NUMBERED_VARIABLES; i++) {
    const value = inputs[`${prefix}variable_${i}`];
    const name = inputs[variableNameField(prefix, i)]?.trim();
    if (value !== undefined) variables[name || String(i)] = value;
  }
  for (const line of (inputs[`${prefix}more_variables`] ?? '').split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (line.trim() === '') continue;
    if (at <= 0) throw new ActionFailure('template_variables_invalid', `"More variables" needs one name=value per line; "${line.trim()}" has no "=".`);
    variables[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return Object.keys(variables).length > 0 ? variables : undefined;
}

/** The send-template input for an execution of "Send WhatsApp template". */
export function sendTemplateInput(request: ExecutionRequest): SendTemplateInput {
  const { inputs } = request;
  const to = recipient(request);
  if (!inputs.template) throw new ActionFailure('template_not_found', 'No template is chosen. Choose a template in the action.');
  if (inputs.require_consent === 'true' && !CONSENT_YES.has((inputs.consent ?? '').toLowerCase())) {
    throw new ActionFailure('no_consent', 'The contact has not consented to WhatsApp messages (the Consent field is not yes).');
  }
  const variables = templateVariables(inputs, '');
  return {
    to,
    template: inputs.template,
    ...(variables ? { variables } : {}),
    ...(inputs.phone_number_id ? { phone_number_id: inputs.phone_number_id } : {}),
    idempotency_key: idempotencyKey(request),
  };
}

function media(inputs: Record<string, string>): ReplyInput['media'] {
  if (!inputs.media_url) return undefined;
  const type = inputs.media_type ?? 'document';
  if (!(MEDIA_TYPES as readonly string[]).includes(type)) throw new ActionFailure('failed', `Media type "${type}" is not one of ${MEDIA_TYPES.join(', ')}.`);
  return { type: type as (typeof MEDIA_TYPES)[number], url: inputs.media_url, ...(inputs.text ? { caption: inputs.text } : {}) };
}

/** The reply input for an execution of "Reply on WhatsApp". */
export function replyInput(request: ExecutionRequest): ReplyInput {
  const { inputs } = request;
  const to = recipient(request);
  const attached = media(inputs);
  if (!attached && !inputs.text) throw new ActionFailure('failed', 'The reply is empty. Fill in "Message text" or "Media URL".');
  const variables = templateVariables(inputs, 'fallback_');
  return {
    to,
    ...(attached ? { media: attached } : { text: inputs.text }),
    ...(inputs.fallback_template ? { fallback_template: { template: inputs.fallback_template, ...(variables ? { variables } : {}) } } : {}),
    ...(inputs.phone_number_id ? { phone_number_id: inputs.phone_number_id } : {}),
    idempotency_key: idempotencyKey(request),
  };
}

/** The customer and the opt-in request for an execution of "Request WhatsApp consent". */
export function requestConsentInput(request: ExecutionRequest): { phone: string; input: OptInRequestInput } {
  const { inputs } = request;
  const phone = recipient(request);
  if (!inputs.template) throw new ActionFailure('template_not_found', 'No template is chosen. Choose a template with quick-reply buttons in the action.');
  const variables = templateVariables(inputs, '');
  return {
    phone,
    input: {
      template: inputs.template,
      ...(variables ? { variables } : {}),
      ...(inputs.phone_number_id ? { phone_number_id: inputs.phone_number_id } : {}),
      ...(inputs.decline_opts_out === 'true' ? { decline_opts_out: true } : {}),
      idempotency_key: idempotencyKey(request),
    },
  };
}
