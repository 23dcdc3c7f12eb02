/**
 * The answers of `/v1` that are not operation bodies in `@kaiku/shared`, as JSON Schemas (draft 2020-12)
 * with a title and description on every property: part of the API description (`api-description.ts`).
 */
import { inboundTypes, messageStatuses } from '@kaiku/core';
import type { SchemaObject } from './api-description.js';
import { automationSchemas } from './api-description-automations-schemas.js';
import { consoleSchemas, consoleUserSchemas } from './api-description-console.js';
import { adminSchemas } from './api-description-admin.js';
import { deliveryAdminSchemas } from './api-description-deliveries.js';
import { automationTestSchemas } from './api-description-automation-test.js';
import { usageSchemas } from './api-description-usage.js';

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const text = (title: string, description: string, example?: string): SchemaObject => ({
  type: 'string', title, description, ...(example === undefined ? {} : { examples: [example] }),
});
const phoneNumberFilter: SchemaObject = text('Business Number', 'Only events of this business number (its phone number id).', '106540352242922');
const listOf = (item: string, title: string, description: string): SchemaObject => ({
  type: 'object', required: ['data'],
  properties: { data: { type: 'array', title, description, items: ref(item) } },
});

/** The answers that are not operation bodies in `@kaiku/shared`. */
export const componentSchemas: Record<string, SchemaObject> = {
  Error: {
    type: 'object', required: ['error'],
    properties: {
      error: {
        type: 'object', title: 'Error', description: 'What went wrong and what to change.', required: ['code', 'message'],
        properties: {
          code: text('Error Code', 'A stable code, e.g. window_closed or invalid_phone.', 'window_closed'),
          message: text('Message', 'What went wrong, in words you can act on.'),
          details: { type: 'object', title: 'Details', description: 'Extra facts about the error, such as the fields to fix.' },
        },
      },
    },
  },
  PhoneNumber: {
    type: 'object', required: ['id', 'display_phone_number'],
    properties: {
      id: text('Phone Number ID', 'The business phone number id at Meta.', '106540352242922'),
      display_phone_number: text('Business Number', 'The business number as customers see it.', '15550001234'),
      verified_name: text('Verified Name', 'The business name Meta approved for this number.', 'Kaiku Demo'),
      waba_id: text('WhatsApp Business Account ID', 'The WhatsApp Business Account the number belongs to.', '102290129340398'),
    },
  },
  PhoneNumberList: listOf('PhoneNumber', 'Phone Numbers', 'Your business phone numbers.'),
  Me: {
    type: 'object', required: ['workspace', 'phone_numbers'],
    properties: {
      workspace: {
        type: 'object', title: 'Workspace', description: 'The Kaiku workspace of this API key.',
        properties: { id: text('Workspace ID', 'The workspace id.'), name: text('Workspace Name', 'The workspace name.') },
      },
      phone_numbers: { type: 'array', title: 'Phone Numbers', description: 'Connected business numbers.', items: ref('PhoneNumber') },
    },
  },
  TemplateInput: {
    type: 'object', required: ['key', 'kind', 'label', 'required'],
    properties: {
      key: text('Key', 'The key to use in Variables, e.g. 1 or first_name.', '1'),
      kind: text('Kind', 'What the value is: text, currency, date_time, header_image, url_suffix and so on.', 'text'),
      label: text('Label', 'A readable name for the variable.', 'Body variable 1'),
      description: text('Description', 'What to put in the variable.'),
      example: text('Example', 'An example value from the template.', 'Maria'),
      maxLength: { type: 'integer', title: 'Maximum Length', description: 'The longest value WhatsApp accepts.' },
      required: { type: 'boolean', title: 'Required', description: 'Whether the template needs this value.' },
      component: { type: 'string', enum: ['header', 'body', 'button'], title: 'Part', description: 'The part of the template the value goes in.' },
      buttonIndex: { type: 'integer', title: 'Button Index', description: 'For a button value: its position in the template, from 0.' },
      parameterName: text('Parameter Name', 'For a named variable: its name in the template.', 'first_name'),
    },
  },
  Template: {
    type: 'object', required: ['id', 'name', 'language', 'category', 'status', 'label'],
    properties: {
      id: text('Template ID', 'The template id; use it as Template when sending.', '1502948326730341'),
      name: text('Template Name', 'The template name.', 'order_update'),
      language: text('Language', 'The template language code.', 'en_US'),
      category: text('Category', 'MARKETING, UTILITY or AUTHENTICATION.', 'UTILITY'),
      status: text('Status', 'The review status at Meta; only APPROVED templates can be sent.', 'APPROVED'),
      quality: { type: 'string', enum: ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'], title: 'Quality', description: 'Meta\'s quality rating from how customers react: GREEN (high), YELLOW (medium), RED (low: the template may be paused), UNKNOWN (not rated yet).', example: 'GREEN' },
      label: text('Label', 'Name, language and category in one line.', 'order_update (en_US) — UTILITY'),
      preview: text('Preview', 'The text the customer reads, with variable placeholders.'),
      inputs: { type: 'array', title: 'Inputs', description: 'The variables the template needs.', items: ref('TemplateInput') },
      phone_number_id: text('Phone Number ID', 'The business number whose account holds the template.', '106540352242922'),
    },
  },
  TemplateList: listOf('Template', 'Templates', 'Your message templates.'),
  TemplateInputsSchema: {
    type: 'object', description: 'A JSON Schema with one property per template variable.', additionalProperties: true,
  },
  InboundMessageList: {
    ...listOf('InboundMessage', 'Messages', 'Recent customer messages, newest first.'),
    properties: {
      data: { type: 'array', title: 'Messages', description: 'Recent customer messages, newest first.', items: ref('InboundMessage') },
      next_cursor: { type: ['string', 'null'], title: 'Next Cursor', description: 'Pass it as cursor to get the older messages of the same query; null when there are none.' },
    },
  },
  MessageStatusList: listOf('MessageStatus', 'Status Updates', 'Recent status updates of sent messages, newest first.'),
  MessageDetail: {
    type: 'object', required: ['id', 'wa_id', 'status'],
    properties: {
      id: text('Message ID', 'The WhatsApp message id (wamid).'),
      direction: { type: 'string', enum: ['outbound', 'inbound'], title: 'Direction', description: 'outbound: you sent it; inbound: the customer did (the fields of an inbound message follow).' },
      wa_id: text('WhatsApp ID', 'The customer\'s WhatsApp id (digits only).', '358401234567'),
      type: text('Type', 'The kind of message, e.g. template or text.', 'template'),
      template: { type: ['string', 'null'], title: 'Template', description: 'The template name, when one was sent.' },
      status: text('Status', 'The latest delivery status.', 'delivered'),
      sent_as: { type: ['string', 'null'], title: 'Sent As', description: 'free_form, fallback_template or template.' },
      created_at: { type: 'string', format: 'date-time', title: 'Created At', description: 'When Kaiku sent it (UTC).' },
      statuses: {
        type: 'array', title: 'Status History', description: 'Every status update, oldest first.',
        items: {
          type: 'object',
          properties: {
            status: text('Status', 'sent, delivered, read, played or failed.', 'read'),
            timestamp: { type: 'string', format: 'date-time', title: 'Timestamp', description: 'When it happened (UTC).' },
            error_code: { type: ['integer', 'null'], title: 'Error Code', description: 'Meta\'s error code for a failure.' },
            error_message: { type: ['string', 'null'], title: 'Error Message', description: 'What went wrong, for a failure.' },
          },
        },
      },
    },
  },
  SubscriptionInput: {
    type: 'object', required: ['event', 'target_url'],
    properties: {
      event: { type: 'string', enum: ['inbound_message', 'message_status'], title: 'Event', description: 'Which events to deliver.' },
      target_url: { type: 'string', format: 'uri', title: 'Target URL', description: 'Where Kaiku POSTs each event.' },
      secret: text('Secret', 'The Standard Webhooks signing secret (whsec_…). Leave it out (or empty) and Kaiku generates one, returned once in the answer.'),
      filter: ref('SubscriptionFilter'),
    },
  },
  SubscriptionFilter: {
    type: 'object', title: 'Filter', description: 'Only deliver some events.', additionalProperties: false,
    properties: {
      type: {
        type: 'string', enum: [...inboundTypes, ...messageStatuses], title: 'Message Type or Status',
        description: 'Only messages of this type (inbound_message), or only this status (message_status).', examples: ['text'],
      },
      phone_number_id: phoneNumberFilter,
    },
  },
  InboundFilter: {
    type: 'object', title: 'Filter', description: 'Only deliver some messages.', additionalProperties: false,
    properties: {
      type: { type: 'string', enum: [...inboundTypes], title: 'Message Type', description: 'Only messages of this type.', examples: ['image'] },
      phone_number_id: phoneNumberFilter,
    },
  },
  StatusFilter: {
    type: 'object', title: 'Filter', description: 'Only deliver some status updates.', additionalProperties: false,
    properties: {
      type: { type: 'string', enum: [...messageStatuses], title: 'Status', description: 'Only updates to this status.', examples: ['failed'] },
      phone_number_id: phoneNumberFilter,
    },
  },
  InboundTriggerInput: {
    type: 'object', required: ['target_url'],
    properties: {
      target_url: { type: 'string', format: 'uri', title: 'Callback URL', description: 'Where Kaiku POSTs each new message.' },
      filter: ref('InboundFilter'),
    },
  },
  StatusTriggerInput: {
    type: 'object', required: ['target_url'],
    properties: {
      target_url: { type: 'string', format: 'uri', title: 'Callback URL', description: 'Where Kaiku POSTs each status update.' },
      filter: ref('StatusFilter'),
    },
  },
  Subscription: {
    type: 'object', required: ['id', 'event', 'target_url'],
    properties: {
      id: text('Subscription ID', 'The subscription id.'),
      event: text('Event', 'inbound_message or message_status.', 'inbound_message'),
      target_url: { type: ['string', 'null'], title: 'Target URL', description: 'Where Kaiku POSTs each event.' },
      filter: { anyOf: [ref('SubscriptionFilter'), { type: 'null' }], title: 'Filter', description: 'Only some events are delivered.' },
      has_secret: { type: 'boolean', title: 'Signed', description: 'Whether deliveries carry a webhook-signature header (always, for subscriptions to a URL).' },
      created_at: { type: 'string', format: 'date-time', title: 'Created At', description: 'When it was created (UTC).' },
      secret: text('Signing Secret', 'The whsec_… secret that signs deliveries (Standard Webhooks). Only in the answer that created the subscription: store it.'),
    },
  },
  RotatedSecret: {
    type: 'object', required: ['id', 'secret'],
    properties: {
      id: text('Subscription ID', 'The subscription id.'),
      secret: text('Signing Secret', 'The new whsec_… secret; shown only in this answer.'),
      previous_secret_valid_until: { type: ['string', 'null'], format: 'date-time', title: 'Previous Secret Valid Until', description: 'Until when the old secret also signs (UTC).' },
    },
  },
  SubscriptionList: listOf('Subscription', 'Subscriptions', 'The active subscriptions.'),
  DeadDelivery: {
    type: 'object', required: ['id', 'subscription_id', 'event_id', 'event_type', 'attempts', 'created_at', 'payload'],
    properties: {
      id: text('Delivery ID', 'The delivery id.'),
      subscription_id: text('Subscription ID', 'The subscription the event was for.'),
      event_id: text('Event ID', 'The webhook-id the deliveries carried.'),
      event_type: text('Event', 'inbound_message or message_status.', 'inbound_message'),
      attempts: { type: 'integer', title: 'Attempts', description: 'How many times Kaiku tried.' },
      last_error: { type: ['string', 'null'], title: 'Last Error', description: 'What the last attempt met.' },
      created_at: { type: 'string', format: 'date-time', title: 'Created At', description: 'When the event happened (UTC).' },
      payload: { type: 'object', title: 'Event', description: 'The record that was to be delivered.', additionalProperties: true },
    },
  },
  DeadDeliveryList: listOf('DeadDelivery', 'Deliveries', 'Deliveries given up, newest first.'),
  QuarantinedWebhook: {
    type: 'object', required: ['id', 'received_at', 'quarantined_at', 'attempts', 'error', 'body_bytes', 'body_preview'],
    properties: {
      id: text('Webhook ID', 'The id of the stored webhook.'),
      received_at: { type: 'string', format: 'date-time', title: 'Received At', description: 'When WhatsApp sent it (UTC).' },
      quarantined_at: { type: 'string', format: 'date-time', title: 'Quarantined At', description: 'When Kaiku set it aside (UTC).' },
      attempts: { type: 'integer', title: 'Attempts', description: 'How many times Kaiku tried to apply it.' },
      error: text('Error', 'What the last attempt met.'),
      body_bytes: { type: 'integer', title: 'Body Bytes', description: 'The size of the raw body, which Kaiku keeps.' },
      body_preview: text('Body', 'The raw body as text, cut after 4,096 characters.'),
    },
  },
  QuarantinedWebhookList: listOf('QuarantinedWebhook', 'Webhooks', 'Quarantined webhooks, newest first.'),
  QuarantineRetry: {
    type: 'object', required: ['id', 'status'],
    properties: { id: text('Webhook ID', 'The webhook sent back.'), status: text('Status', 'Always queued.', 'queued') },
  },
  SubscriptionHealth: {
    type: 'object', required: ['state', 'consecutive_failures', 'pending', 'dead'],
    properties: {
      state: { type: 'string', enum: ['active', 'failing', 'paused'], title: 'State', description: 'active; failing (deliveries wait behind one probe every few minutes); paused (kept until resumed).' },
      last_success_at: { type: ['string', 'null'], format: 'date-time', title: 'Last Success', description: 'When a delivery last succeeded (UTC).' },
      last_error: { type: ['string', 'null'], title: 'Last Error', description: 'What the last failed attempt met.' },
      last_error_at: { type: ['string', 'null'], format: 'date-time', title: 'Last Error At', description: 'When the last attempt failed (UTC).' },
      consecutive_failures: { type: 'integer', title: 'Failures In A Row', description: 'Failed attempts since the last success.' },
      failing_since: { type: ['string', 'null'], format: 'date-time', title: 'Failing Since', description: 'When the failures in a row began (UTC).' },
      next_probe_at: { type: ['string', 'null'], format: 'date-time', title: 'Next Probe', description: 'When a failing target is tried next (UTC).' },
      paused_reason: { type: ['string', 'null'], title: 'Paused Because', description: 'Why the subscription is paused.' },
      paused_at: { type: ['string', 'null'], format: 'date-time', title: 'Paused At', description: 'When it was paused (UTC).' },
      pending: { type: 'integer', title: 'Waiting', description: 'Events waiting to be delivered.' },
      dead: { type: 'integer', title: 'Failed', description: 'Events given up on (replayable).' },
    },
  },
  SubscriptionDetail: {
    allOf: [ref('Subscription'), {
      type: 'object', required: ['health'],
      properties: { health: { ...ref('SubscriptionHealth'), title: 'Health', description: 'How deliveries to it are going.' } },
    }],
  },
  ReplayResult: {
    type: 'object', required: ['replayed'],
    properties: { replayed: { type: 'integer', title: 'Replayed', description: 'How many failed deliveries were put back in their queues.' } },
  },
  ConsentInput: {
    type: 'object', required: ['status', 'source'],
    properties: {
      status: { type: 'string', enum: ['opted_in', 'opted_out'], title: 'Consent', description: 'Whether the customer agreed to receive messages.' },
      source: text('Source', 'Where the customer gave or withdrew consent, e.g. web form.', 'web form'),
      proof: text('Proof', 'A reference to the evidence, e.g. a form submission id.'),
    },
  },
  Consent: {
    type: 'object', required: ['wa_id', 'status'],
    properties: {
      wa_id: text('WhatsApp ID', 'The customer\'s WhatsApp id (digits only).', '358401234567'),
      status: text('Consent', 'opted_in, opted_out or unknown.', 'opted_in'),
      updated_at: { type: ['string', 'null'], format: 'date-time', title: 'Updated At', description: 'When consent last changed (UTC).' },
      history: {
        type: 'array', title: 'History', description: 'Every consent change, newest first.',
        items: {
          type: 'object', required: ['status', 'source', 'proof', 'recorded_at'],
          properties: {
            status: text('Consent', 'opted_in or opted_out.', 'opted_in'),
            source: text('Source', 'Where it was given: keyword, console, api, meta, …', 'keyword'),
            proof: { type: ['string', 'null'], title: 'Proof', description: 'What shows it: the message, the form, the call.' },
            recorded_at: { type: 'string', format: 'date-time', title: 'Recorded At', description: 'When it was given (UTC).' },
          },
        },
      },
    },
  },
  OpenApiDocument: { type: 'object', description: 'An OpenAPI 3.1 document.', additionalProperties: true },
  ...automationSchemas,
  ...consoleSchemas,
  ...consoleUserSchemas,
  ...adminSchemas,
  ...deliveryAdminSchemas,
  ...automationTestSchemas,
  ...usageSchemas,
};
