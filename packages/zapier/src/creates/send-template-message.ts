/**
 * "Send Template Message": pick a business number and an approved template from dropdowns; the
 * template's variables appear as their own fields; `POST /v1/messages/template`.
 */
import type { Bundle, Create, ZObject } from 'zapier-platform-core';
import { callProxy } from '../api.js';
import { buildBody } from '../request-body.js';
import { definitionOf, inputFieldsFrom, outputFieldsFrom, selectProperties } from '../schema-fields.js';
import { samples, schemas } from '../shared-data.js';
import { collectVariables, templateVariableFields } from './template-variables.js';

/** The action's own (static) fields, in the order the user fills them in. */
const STATIC_PROPERTIES = ['phone_number_id', 'template', 'to', 'language', 'idempotency_key'];

/** Prefix of the dynamic variable fields (`variables__1`, `variables__header_image`). */
const VARIABLES_PREFIX = 'variables';

/** Sends the template; the idempotency key also travels as the `Idempotency-Key` header. */
export async function perform(z: ZObject, bundle: Bundle): Promise<Record<string, unknown>> {
  const body = buildBody(selectProperties(schemas.sendTemplate, { only: STATIC_PROPERTIES }), bundle.inputData);
  const variables = collectVariables(bundle.inputData, VARIABLES_PREFIX);
  if (variables) body.variables = variables;
  const key = body.idempotency_key;
  const headers = typeof key === 'string' ? { 'Idempotency-Key': key } : undefined;
  return callProxy<Record<string, unknown>>(z, bundle, { method: 'POST', path: '/messages/template', body, ...(headers ? { headers } : {}) });
}

/** The action definition. */
export const sendTemplateMessage: Create = {
  key: 'send_template_message',
  noun: 'Template Message',
  display: {
    label: 'Send Template Message',
    description: 'Sends an approved WhatsApp template message to a customer, filling in its variables.',
  },
  operation: {
    inputFields: [
      ...inputFieldsFrom(schemas.sendTemplate, {
        only: STATIC_PROPERTIES,
        overrides: {
          phone_number_id: { dynamic: 'phone_number_list.id.name', required: false },
          template: { dynamic: 'template_list.id.name', altersDynamicFields: true, required: true },
        },
      }),
      templateVariableFields('template', VARIABLES_PREFIX),
    ],
    perform,
    sample: samples.sendTemplateOutput,
    outputFields: outputFieldsFrom(schemas.sendTemplate, definitionOf(schemas.sendTemplate, 'output')),
  },
};
