/**
 * "Request WhatsApp Consent": sends an approved template with quick-reply buttons that asks the customer to opt
 * in to marketing messages; their tap on the agree button records the opt-in with proof (template, message,
 * button, time). `POST /v1/contacts/{phone}/opt-in-request`.
 */
import type { Bundle, Create, ZObject } from 'zapier-platform-core';
import { callProxy, segment } from '../api.js';
import { buildBody } from '../request-body.js';
import { definitionOf, inputFieldsFrom, outputFieldsFrom, selectProperties } from '../schema-fields.js';
import { samples, schemas } from '../shared-data.js';
import { collectVariables, templateVariableFields } from './template-variables.js';

/** The body's own (static) fields, in the order the user fills them in; the customer goes in the path. */
const STATIC_PROPERTIES = ['phone_number_id', 'template', 'language', 'agree_button', 'decline_button', 'decline_opts_out', 'idempotency_key'];

/** The customer's field: the same "to" as Send Template Message (schema, label and help text). */
const CUSTOMER_KEY = 'to';

/** Prefix of the dynamic variable fields (`variables__1`, `variables__first_name`). */
const VARIABLES_PREFIX = 'variables';

/** Kaiku sets the quick replies' payloads itself (they carry the answer), so they are no fields. */
const isButtonPayload = (key: string): boolean => /^button_\d+_payload$/.test(key);

/** Asks the customer; the answer names the message and the buttons whose tap records the choice. */
export async function perform(z: ZObject, bundle: Bundle): Promise<Record<string, unknown>> {
  const body = buildBody(selectProperties(schemas.optInRequest, { only: STATIC_PROPERTIES }), bundle.inputData);
  const variables = collectVariables(bundle.inputData, VARIABLES_PREFIX);
  if (variables) body.variables = variables;
  const customer = String(bundle.inputData[CUSTOMER_KEY] ?? '').trim();
  return callProxy<Record<string, unknown>>(z, bundle, { method: 'POST', path: `/contacts/${segment(customer)}/opt-in-request`, body });
}

/** The action definition. */
export const requestWhatsappConsent: Create = {
  key: 'request_whatsapp_consent',
  noun: 'Consent Request',
  display: {
    label: 'Request WhatsApp Consent',
    description: 'Asks a customer on WhatsApp, with a template\'s quick-reply buttons, whether they want marketing messages; their tap records the consent.',
  },
  operation: {
    inputFields: [
      ...inputFieldsFrom(schemas.optInRequest, {
        only: ['phone_number_id', 'template'],
        overrides: {
          phone_number_id: { dynamic: 'phone_number_list.id.name', required: false },
          template: { dynamic: 'template_list.id.name', altersDynamicFields: true, required: true },
        },
      }),
      ...inputFieldsFrom(schemas.sendTemplate, { only: [CUSTOMER_KEY] }),
      ...inputFieldsFrom(schemas.optInRequest, { only: STATIC_PROPERTIES.slice(2) }),
      templateVariableFields('template', VARIABLES_PREFIX, isButtonPayload),
    ],
    perform,
    sample: samples.optInRequestOutput,
    outputFields: outputFieldsFrom(schemas.optInRequest, definitionOf(schemas.optInRequest, 'output')),
  },
};
