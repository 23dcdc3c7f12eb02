/** The `/v1` operations of consent requests and automations, appended to `apiOperations`. */
import type { ApiOperation, ApiParameter, ApiResponse } from './api-description.js';

const phoneParam: ApiParameter = {
  name: 'phone', in: 'path', required: true, summary: 'Customer Phone', schema: { type: 'string' },
  description: 'The customer\'s phone number in international format, e.g. +358401234567.',
};

const error = (description: string): ApiResponse => ({ description, schema: 'Error' });

/** Consent requests and automations. */
export const automationOperations: readonly ApiOperation[] = [
  {
    operationId: 'RequestConsent', method: 'post', path: '/v1/contacts/{phone}/opt-in-request', tag: 'Consent', connector: true,
    visibility: 'important', summary: 'Request WhatsApp consent',
    description: 'Sends a template with quick-reply buttons asking the customer to opt in; their tap is recorded as consent with proof.',
    parameters: [phoneParam],
    requestBody: { schema: 'OptInRequestInput', summary: 'Opt-in Request', description: 'The template that asks, and which buttons agree and decline.' },
    responses: {
      '200': { description: 'The request was sent.', schema: 'OptInRequestOutput' },
      '400': error('The template has no quick-reply buttons, or a button position is wrong.'),
      '401': error('The API key is missing or wrong; copy it again from Kaiku.'),
      '403': error('The customer opted out; they are not asked again.'),
      '404': error('No such template.'),
      '422': error('The phone number, template or variables cannot be used; the message says why.'),
      '429': error('Too many messages right now; try again after Retry-After.'),
      default: { description: 'An unexpected error; the body says what happened.' },
    },
  },
];
