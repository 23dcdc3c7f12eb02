/**
 * Components of the automation and consent-request operations (`api-description-automations.ts`), part of the
 * API description's `componentSchemas`.
 */
import type { SchemaObject } from './api-description.js';

const text = (title: string, description: string, example?: string): SchemaObject => ({
  type: 'string', title, description, ...(example === undefined ? {} : { examples: [example] }),
});

const period: SchemaObject = {
  type: 'object', required: ['from', 'to'], additionalProperties: false, title: 'Opening Period', description: 'Open from "from" until "to", local time.',
  properties: {
    from: { type: 'string', pattern: '^\\d{2}:\\d{2}$', title: 'From', description: 'Opening time, HH:MM.', examples: ['08:00'] },
    to: { type: 'string', pattern: '^\\d{2}:\\d{2}$', title: 'To', description: 'Closing time, HH:MM (24:00 for midnight).', examples: ['16:00'] },
  },
};
const periods = (title: string, description: string): SchemaObject => ({ type: 'array', title, description, items: period });
const day = (name: string): SchemaObject => periods(name, `Opening periods on ${name}; leave out for closed.`);

/** Automation rules, their runs and their lists. */
export const automationSchemas: Record<string, SchemaObject> = {
  AutomationTrigger: {
    type: 'object', required: ['type'], additionalProperties: false, title: 'Trigger', description: 'What starts the rule.',
    properties: {
      type: { type: 'string', enum: ['out_of_hours', 'first_contact', 'keyword', 'any_message'], title: 'Trigger', description: 'out_of_hours, first_contact (greeting), keyword or any_message.' },
      time_zone: text('Time Zone', 'The time zone of the opening hours (default Europe/Helsinki).', 'Europe/Helsinki'),
      opening_hours: {
        type: 'object', additionalProperties: false, title: 'Opening Hours', description: 'Per weekday; a day left out is closed.',
        properties: { mon: day('Monday'), tue: day('Tuesday'), wed: day('Wednesday'), thu: day('Thursday'), fri: day('Friday'), sat: day('Saturday'), sun: day('Sunday') },
      },
      exceptions: {
        type: 'array', title: 'Exception Dates', description: 'Public holidays and closures: other hours that day (an empty list = closed).',
        items: {
          type: 'object', required: ['date', 'hours'], additionalProperties: false,
          properties: {
            date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: 'Date', description: 'YYYY-MM-DD, local.', examples: ['2026-12-24'] },
            hours: periods('Hours', 'Opening periods that day; empty for closed.'),
          },
        },
      },
      after_days: { type: 'number', exclusiveMinimum: 0, title: 'After Days', description: 'Greeting: also greet a customer who has not written for this many days.' },
      keywords: {
        type: 'array', minItems: 1, maxItems: 50, title: 'Keywords', description: 'Words or phrases, in any of your languages; case, accents and punctuation are ignored.',
        items: { type: 'string', minLength: 1, maxLength: 100 }, examples: [['aukioloajat', 'öppettider', 'opening hours']],
      },
    },
  },
  AutomationAction: {
    type: 'object', required: ['type'], additionalProperties: false, title: 'Action', description: 'What the rule does.',
    properties: {
      type: {
        type: 'string', enum: ['reply', 'fetch', 'email', 'whatsapp'], title: 'Action',
        description: 'reply: answer with the reply below; fetch: ask your URL what to answer; email: forward the message to staff; whatsapp: forward it to a staff member\'s WhatsApp number as a utility template.',
      },
      staff_phone: {
        type: 'string', minLength: 1, title: 'Staff WhatsApp Number',
        description: 'whatsapp: the staff member\'s number, with the country code. A template may go at any time; a staff number that sent STOP gets nothing.',
        examples: ['+358401234567'],
      },
      template: {
        type: 'string', minLength: 1, title: 'Template',
        description: 'whatsapp: an approved utility template whose only variables are the customer\'s name and the text.', examples: ['staff_forward'],
      },
      language: { type: 'string', minLength: 2, title: 'Template Language', description: 'whatsapp: the template\'s language, when it exists in several.', examples: ['fi'] },
      name_variable: { type: 'string', minLength: 1, title: 'Name Variable', description: 'whatsapp: the template variable that gets the customer\'s name and number (default "1").' },
      text_variable: { type: 'string', minLength: 1, title: 'Text Variable', description: 'whatsapp: the template variable that gets the message text (default "2").' },
      to: {
        type: 'array', minItems: 1, maxItems: 20, title: 'E-mail To', description: 'email: the addresses to forward to (media attached).',
        items: { type: 'string', format: 'email' }, examples: [['myynti@example.fi']],
      },
      url: {
        type: 'string', format: 'uri', title: 'Reply URL',
        description: 'fetch: Kaiku POSTs the inbound message here (signed like deliveries) and sends back {"reply": {…}}; 204 = no reply.',
        examples: ['https://shop.example.com/kaiku/answer'],
      },
      secret: {
        type: 'string', minLength: 1, title: 'Signing Secret',
        description: 'fetch: signs each request as deliveries are signed (Standard Webhooks "whsec_…"); left out, Kaiku makes one and answers it once.',
      },
      has_secret: { type: 'boolean', title: 'Signed', description: 'fetch: whether requests are signed (answers only).' },
      timeout_ms: { type: 'integer', minimum: 100, maximum: 30_000, title: 'Timeout (ms)', description: 'fetch: how long the URL has to answer (default 5000).' },
      fallback_text: { type: 'string', minLength: 1, title: 'Fallback Text', description: 'fetch: sent when the URL fails or does not answer in time.' },
      reply: {
        type: 'object', additionalProperties: false, title: 'Reply', description: 'Exactly one of text, media, buttons or list, as in "Reply to a customer".',
        properties: {
          text: { type: 'string', minLength: 1, title: 'Text', description: 'The reply text.' },
          preview_url: { type: 'boolean', title: 'Preview URL', description: 'Show a preview of the first link.' },
          media: { type: 'object', title: 'Media', description: 'An image, video, audio, document or sticker by public HTTPS link or media id.' },
          buttons: { type: 'object', title: 'Buttons', description: 'A body and up to three reply buttons.' },
          list: { type: 'object', title: 'List', description: 'A list message.' },
        },
      },
    },
  },
  AutomationInput: {
    type: 'object', required: ['name', 'trigger', 'action'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 200, title: 'Name', description: 'A name you recognise the rule by.', examples: ['Closed for the night'] },
      phone_number_id: text('Business Number', 'The business number the rule answers for (default: the workspace\'s first).'),
      enabled: { type: 'boolean', title: 'Enabled', description: 'Whether the rule runs (default true).' },
      trigger: { $ref: '#/components/schemas/AutomationTrigger' },
      action: { $ref: '#/components/schemas/AutomationAction' },
      once_per_hours: {
        type: ['number', 'null'], minimum: 0, title: 'Once Per Hours',
        description: 'At most one run per customer in this many hours (default 12 for out of hours and greetings; null for no limit).',
      },
    },
  },
  Automation: {
    type: 'object', required: ['id', 'name', 'phone_number_id', 'enabled', 'trigger', 'action'],
    properties: {
      id: text('Automation ID', 'The rule\'s id.'),
      name: text('Name', 'The rule\'s name.'),
      phone_number_id: text('Business Number', 'The business number it answers for.'),
      enabled: { type: 'boolean', title: 'Enabled', description: 'Whether the rule runs.' },
      trigger: { $ref: '#/components/schemas/AutomationTrigger' },
      action: { $ref: '#/components/schemas/AutomationAction' },
      once_per_hours: { type: ['number', 'null'], title: 'Once Per Hours', description: 'At most one run per customer in this many hours.' },
      created_at: { type: 'string', format: 'date-time', title: 'Created At', description: 'When it was created (UTC).' },
      updated_at: { type: 'string', format: 'date-time', title: 'Updated At', description: 'When it last changed (UTC).' },
      secret: text('Signing Secret', 'A fetch rule\'s signing secret (Standard Webhooks), only in the answer that created or replaced the rule.'),
    },
  },
  AutomationList: {
    type: 'object', required: ['data'],
    properties: { data: { type: 'array', title: 'Automations', description: 'The rules.', items: { $ref: '#/components/schemas/Automation' } } },
  },
  AutomationRun: {
    type: 'object', required: ['id', 'automation_id', 'message_id', 'wa_id', 'outcome', 'created_at'],
    properties: {
      id: text('Run ID', 'The run\'s id.'),
      automation_id: text('Automation ID', 'The rule that ran.'),
      message_id: text('Message ID', 'The inbound message it ran on.'),
      wa_id: text('WhatsApp ID', 'The customer.'),
      outcome: text('Outcome', 'replied, fallback, no_reply, forwarded, failed, or skipped_… with the reason.', 'replied'),
      detail: { type: ['string', 'null'], title: 'Detail', description: 'Why it ran or why it did not act.' },
      sent: { type: ['object', 'null'], title: 'Sent', description: 'What was sent, when something was.', additionalProperties: true },
      created_at: { type: 'string', format: 'date-time', title: 'Ran At', description: 'When it ran (UTC).' },
    },
  },
  AutomationRunList: {
    type: 'object', required: ['data'],
    properties: { data: { type: 'array', title: 'Runs', description: 'Runs, newest first.', items: { $ref: '#/components/schemas/AutomationRun' } } },
  },
};
