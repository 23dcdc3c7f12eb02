/** Building blocks of the operation descriptions: error answers, a 200 answer, the `{id}` parameter. */
import type { ApiParameter, ApiResponse, DynamicValues } from './api-description.js';

/** What each error status means, in words an API user can act on. */
const errorText: Record<number, string> = {
  400: 'The request is invalid; the message names the field to fix.',
  401: 'The API key is missing or wrong; copy it again from Kaiku.',
  403: 'The customer opted out or has not opted in, or the key may not do this.',
  404: 'Nothing with that id exists in your workspace.',
  409: 'The 24-hour reply window is closed (send a template instead), or the idempotency key was used before with other data.',
  413: 'The request is too large.',
  422: 'The phone number, template, variables or filter cannot be used, or a limit is reached; the message says why.',
  429: 'Too many messages right now; Kaiku retries after the seconds in Retry-After.',
  502: 'Meta refused the access token of this number; reconnect it in Kaiku.',
  503: 'WhatsApp could not be reached; try again shortly.',
};

/** The error answers an operation can give, each with the shared error body, plus `default`. */
export function errors(...statuses: number[]): Record<string, ApiResponse> {
  const out: Record<string, ApiResponse> = {};
  for (const status of statuses) {
    const headers = status === 429 ? { 'Retry-After': { description: 'Seconds to wait before retrying.', type: 'integer' as const } } : undefined;
    out[String(status)] = { description: errorText[status] ?? 'Error.', schema: 'Error', ...(headers ? { headers } : {}) };
  }
  out.default = { description: 'An unexpected error; the body says what happened.' };
  return out;
}

/** A 200 answer, with its schema when it has one. */
export const ok = (description: string, schema?: string): Record<string, ApiResponse> => ({
  '200': { description, ...(schema ? { schema } : {}) },
});

/** The `{id}` path parameter. */
export const idParam = (summary: string, description: string): ApiParameter => ({
  name: 'id', in: 'path', required: true, summary, description, schema: { type: 'string' },
});

/** The display names of the inbound message types, for the trigger's Message Type dropdown. */
export const inboundTypeTitles: Record<string, string> = {
  text: 'Text', image: 'Image', video: 'Video', audio: 'Audio or voice message', document: 'Document', sticker: 'Sticker',
  location: 'Location', contacts: 'Contact card', button: 'Template button tap', button_reply: 'Reply button tap',
  list_reply: 'List choice', flow_reply: 'Flow answer', reaction: 'Reaction', order: 'Order', system: 'System notice',
  unsupported: 'Unsupported by WhatsApp',
};

/** The display names of the delivery statuses, for the status trigger's Status dropdown. */
export const statusTitles: Record<string, string> = {
  sent: 'Sent', delivered: 'Delivered', read: 'Read', played: 'Played (voice message)', failed: 'Failed',
};

/** The business numbers of the workspace, as a dropdown (`x-ms-dynamic-values`). */
export const phoneNumberDropdown: DynamicValues = {
  operationId: 'ListPhoneNumbers', parameters: {}, collection: 'data', valuePath: 'id', titlePath: 'display_phone_number',
};

/** The approved templates of the chosen business number, shown as "name (language) — category". */
export const templateDropdown: DynamicValues = {
  operationId: 'ListTemplates', parameters: { phone_number_id: 'phone_number_id' }, collection: 'data', valuePath: 'id', titlePath: 'label',
};
