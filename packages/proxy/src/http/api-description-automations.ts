/** The `/v1` operations of consent requests and automations, appended to `apiOperations`. */
import type { ApiOperation, ApiParameter, ApiResponse } from './api-description.js';
import { phoneNumberDropdown, templateDropdown } from './api-description-helpers.js';

const phoneParam: ApiParameter = {
  name: 'phone', in: 'path', required: true, summary: 'Customer Phone', schema: { type: 'string' },
  description: 'The customer\'s phone number in international format, e.g. +358401234567.',
};

const error = (description: string): ApiResponse => ({ description, schema: 'Error' });

const automationId: ApiParameter = {
  name: 'id', in: 'path', required: true, summary: 'Automation ID', description: 'The rule\'s id.', schema: { type: 'string' },
};

const common = {
  '401': error('The API key is missing or wrong; copy it again from Kaiku.'),
  default: { description: 'An unexpected error; the body says what happened.' },
};

/** Consent requests and automations. */
export const automationOperations: readonly ApiOperation[] = [
  {
    operationId: 'RequestConsent', method: 'post', path: '/v1/contacts/{phone}/opt-in-request', tag: 'Consent', connector: true,
    visibility: 'important', summary: 'Request WhatsApp consent',
    description: 'Sends a template with quick-reply buttons asking the customer to opt in; their tap is recorded as consent with proof.',
    parameters: [phoneParam],
    requestBody: {
      schema: 'OptInRequestInput', summary: 'Opt-in Request', description: 'The template that asks, and which buttons agree and decline.',
      // The same template dropdown and per-template fields as Send a template message.
      properties: {
        template: { visibility: 'important', dynamicValues: templateDropdown },
        variables: { dynamicSchema: { operationId: 'GetTemplateInputs', parameters: { id: 'template' } } },
        language: { visibility: 'advanced' },
        phone_number_id: { visibility: 'advanced', dynamicValues: phoneNumberDropdown },
        agree_button: { visibility: 'advanced' },
        decline_button: { visibility: 'advanced' },
        idempotency_key: { visibility: 'advanced' },
      },
    },
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
  {
    operationId: 'CreateAutomation', method: 'post', path: '/v1/automations', tag: 'Automations', connector: false,
    summary: 'Create an automation',
    description: 'Adds a rule to a business number: out-of-hours reply, greeting, keyword reply.',
    parameters: [],
    requestBody: { schema: 'AutomationInput', summary: 'Automation', description: 'When the rule runs and what it does.' },
    responses: {
      '201': { description: 'Created; Location names the rule.', schema: 'Automation', headers: { Location: { description: 'The absolute URL of the rule.', type: 'string' } } },
      '400': error('The rule is invalid; the message names the field to fix.'), ...common,
    },
  },
  {
    operationId: 'ListAutomations', method: 'get', path: '/v1/automations', tag: 'Automations', connector: false,
    summary: 'List automations', description: 'Lists the rules, optionally of one business number.',
    parameters: [{ name: 'phone_number_id', in: 'query', required: false, summary: 'Business Number', description: 'Only this number\'s rules.', schema: { type: 'string' } }],
    responses: { '200': { description: 'The rules.', schema: 'AutomationList' }, ...common },
  },
  {
    operationId: 'ListAutomationRuns', method: 'get', path: '/v1/automations/runs', tag: 'Automations', connector: false,
    summary: 'List automation runs', description: 'What the rules did, newest first: the rule, the message, the outcome and what was sent.',
    parameters: [
      { name: 'automation_id', in: 'query', required: false, summary: 'Automation ID', description: 'Only this rule\'s runs.', schema: { type: 'string' } },
      { name: 'limit', in: 'query', required: false, summary: 'Limit', description: 'The most runs to return, from 1 to 500.', schema: { type: 'integer', default: 50 } },
    ],
    responses: { '200': { description: 'The runs.', schema: 'AutomationRunList' }, '400': error('The limit is not a whole number from 1 to 500.'), ...common },
  },
  {
    operationId: 'GetAutomation', method: 'get', path: '/v1/automations/{id}', tag: 'Automations', connector: false,
    summary: 'Get an automation', description: 'Returns one rule.', parameters: [automationId],
    responses: { '200': { description: 'The rule.', schema: 'Automation' }, '404': error('No such rule.'), ...common },
  },
  {
    operationId: 'ReplaceAutomation', method: 'put', path: '/v1/automations/{id}', tag: 'Automations', connector: false,
    summary: 'Replace an automation', description: 'Replaces a rule with the one given (to pause it, send it with enabled false).',
    parameters: [automationId],
    requestBody: { schema: 'AutomationInput', summary: 'Automation', description: 'When the rule runs and what it does.' },
    responses: { '200': { description: 'The rule.', schema: 'Automation' }, '400': error('The rule is invalid.'), '404': error('No such rule.'), ...common },
  },
  {
    operationId: 'DeleteAutomation', method: 'delete', path: '/v1/automations/{id}', tag: 'Automations', connector: false,
    summary: 'Delete an automation', description: 'Deletes a rule; its runs stay in the log.', parameters: [automationId],
    responses: { '204': { description: 'Deleted.' }, '404': error('No such rule.'), ...common },
  },
];
