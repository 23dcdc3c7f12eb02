/** The dry run of automations (`POST /v1/automations/test`): its operation and components. */
import { inboundTypes } from '@kaiku/core';
import type { ApiOperation, SchemaObject } from './api-description.js';
import { errors, ok } from './api-description-helpers.js';

/** The dry-run operation, appended to `apiOperations`. */
export const automationTestOperations: readonly ApiOperation[] = [
  {
    operationId: 'TestAutomations', method: 'post', path: '/v1/automations/test', tag: 'Automations', connector: false,
    summary: 'Test automations (dry run)',
    description: 'Shows what a customer writing this message at this time would receive: from a saved rule (automation_id), an unsaved one (rule), '
      + 'or every enabled rule of a business number. Judged as a real message is (keywords, hours, opt-out, once per period), but nothing is sent, '
      + 'mailed or recorded. A fetch rule\'s URL is called with the sample message; called_urls lists them.',
    parameters: [],
    requestBody: { schema: 'AutomationTestInput', summary: 'Sample Message', description: 'The rule(s) to test and the sample message.' },
    responses: { ...ok('What each rule would do, and the reply the customer would receive.', 'AutomationTestResult'), ...errors(400, 401, 404) },
  },
];

const reply: SchemaObject = { type: ['object', 'null'], title: 'Reply', description: 'A reply as in "Reply to a customer" (text, media, buttons or list).', additionalProperties: true };

/** The dry run's body and answer. */
export const automationTestSchemas: Record<string, SchemaObject> = {
  AutomationTestInput: {
    type: 'object', required: ['message'], additionalProperties: false,
    properties: {
      automation_id: { type: 'string', title: 'Automation ID', description: 'Test this saved rule only.' },
      rule: { $ref: '#/components/schemas/AutomationInput', description: 'Test this rule without saving it (e.g. a form being edited).' },
      phone_number_id: { type: 'string', title: 'Business Number', description: 'Without automation_id or rule: test every enabled rule of this number (default: the first).' },
      message: {
        type: 'object', additionalProperties: false, title: 'Sample Message', description: 'What the customer writes.',
        properties: {
          text: { type: 'string', maxLength: 4096, title: 'Text', description: 'The message text.', examples: ['Aukioloajat?'] },
          type: { type: 'string', enum: [...inboundTypes], title: 'Type', description: 'The message type (default text).' },
          from: { type: 'string', title: 'Customer', description: 'The customer\'s WhatsApp id: their consent, last answer and earlier messages count (default: a new customer).', examples: ['358401234567'] },
          profile_name: { type: 'string', title: 'Customer Name', description: 'The customer\'s profile name (shown in forwarded e-mails).' },
        },
      },
      at: { type: 'string', format: 'date-time', title: 'At', description: 'When the message arrives (default now), e.g. 2026-12-24T18:30:00+02:00.' },
    },
  },
  AutomationTestResult: {
    type: 'object', required: ['at', 'phone_number_id', 'reply', 'rules', 'called_urls', 'sent'],
    properties: {
      at: { type: 'string', format: 'date-time', title: 'At', description: 'The time the rules were judged at (UTC).' },
      phone_number_id: { type: 'string', title: 'Business Number', description: 'The number whose rules were tested.' },
      reply: { ...reply, description: 'What the customer would receive, or null for nothing.' },
      rules: {
        type: 'array', title: 'Rules', description: 'Each rule in the order they are tried.',
        items: {
          type: 'object', required: ['automation_id', 'name', 'outcome', 'detail', 'reply', 'email'],
          properties: {
            automation_id: { type: ['string', 'null'], title: 'Automation ID', description: 'The rule (null for an unsaved one).' },
            name: { type: 'string', title: 'Name', description: 'The rule\'s name.' },
            outcome: {
              type: 'string', title: 'Outcome', description: 'What it would do: reply, fallback, no_reply, forward, failed, not_triggered, or skipped_… with the reason.',
              enum: ['reply', 'fallback', 'no_reply', 'forward', 'failed', 'not_triggered', 'skipped_opted_out', 'skipped_window_closed', 'skipped_loop', 'skipped_once_per_period', 'skipped_answered'],
            },
            detail: { type: ['string', 'null'], title: 'Detail', description: 'Why, in words.' },
            reply,
            email: {
              type: ['object', 'null'], title: 'E-mail', description: 'The forward it would mail.', required: ['to', 'subject'],
              properties: { to: { type: 'array', items: { type: 'string' } }, subject: { type: 'string' } },
            },
          },
        },
      },
      called_urls: { type: 'array', items: { type: 'string' }, title: 'Called URLs', description: 'Reply URLs that were called with the sample message.' },
      sent: { type: 'boolean', const: false, title: 'Sent', description: 'Always false: a dry run sends, mails and records nothing.' },
    },
  },
};
