/**
 * Every `/v1` operation as data: the one description that `/v1/openapi.json` and the Power Platform
 * connector (`power-platform-connector/scripts/`) are generated from. Bodies and records come from
 * `@kaiku/shared`'s schemas; the smaller answers are described here, in `componentSchemas`.
 */
import type { SchemaName } from '@kaiku/shared';
import { automationOperations } from './api-description-automations.js';
import { errors, idParam, inboundTypeTitles, ok, phoneNumberDropdown, statusTitles, templateDropdown } from './api-description-helpers.js';
import { reliabilityOperations } from './api-description-reliability.js';
import { consoleOperations, consoleUserOperations } from './api-description-console.js';
import { adminOperations } from './api-description-admin.js';
import { deliveryAdminOperations } from './api-description-deliveries.js';
import { automationTestOperations } from './api-description-automation-test.js';
import { usageOperations } from './api-description-usage.js';

/** A JSON Schema (draft 2020-12); `$ref`s point at `#/components/schemas/<Name>`. */
export type SchemaObject = Record<string, unknown>;

/** Where an operation sits for a maker: Power Platform's `x-ms-visibility`. */
export type Visibility = 'important' | 'advanced' | 'internal';

/** A dropdown filled at design time by another operation (`x-ms-dynamic-values`). */
export interface DynamicValues {
  operationId: string;
  /** Target parameter name → the caller's parameter (or body property) that supplies it. */
  parameters: Record<string, string>;
  collection: string;
  valuePath: string;
  titlePath: string;
}

/** Fields whose schema is fetched at design time from another operation (`x-ms-dynamic-schema`). */
export interface DynamicSchema {
  operationId: string;
  parameters: Record<string, string>;
}

/** A path, query or header parameter. */
export interface ApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  summary: string;
  description: string;
  schema: { type: 'string' | 'integer' | 'boolean'; enum?: string[]; format?: string; default?: string | number };
  visibility?: Visibility;
  dynamicValues?: DynamicValues;
}

/** Maker-facing extras for one top-level property of a request body. */
export interface BodyPropertyHints {
  visibility?: Visibility;
  dynamicValues?: DynamicValues;
  dynamicSchema?: DynamicSchema;
  /** The property receives Power Automate's callback URL (`x-ms-notification-url`). */
  notificationUrl?: boolean;
  /** Display names of an enum's values (`x-ms-enum-values`), in the enum's order. */
  enumTitles?: Record<string, string>;
  /** Hints for the properties of an object property (e.g. a trigger's filter). */
  properties?: Record<string, BodyPropertyHints>;
}

/** One answer of an operation. */
export interface ApiResponse {
  description: string;
  /** A component name from `componentSchemas` or `sharedComponents`. */
  schema?: string;
  headers?: Record<string, { description: string; type: 'string' | 'integer' }>;
  /** A non-JSON answer (a file, an event stream); default application/json. */
  contentType?: string;
}

/** A webhook subscription that Power Automate uses as a trigger. */
export interface ApiTrigger {
  event: 'inbound_message' | 'message_status';
  /** The component POSTed to the callback for each event. */
  notification: string;
  notificationDescription: string;
  hint: string;
}

/** One `/v1` operation. */
export interface ApiOperation {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express-free path with `{param}` placeholders, e.g. `/v1/templates/{id}`. */
  path: string;
  tag: string;
  summary: string;
  description: string;
  visibility?: Visibility;
  /** Whether the Power Platform connector offers this operation. */
  connector: boolean;
  /** Served without an API key (only the API's own description). */
  public?: boolean;
  parameters: ApiParameter[];
  /** `contentType` (default JSON) for a body that is a file: `schema` is then ignored. */
  requestBody?: { schema: string; summary: string; description: string; properties?: Record<string, BodyPropertyHints>; contentType?: string };
  responses: Record<string, ApiResponse>;
  trigger?: ApiTrigger;
}

/** The API's name and pitch, shared by both documents. */
export const apiInfo = {
  title: 'Kaiku Messaging',
  version: '1.0.0',
  description:
    'Kaiku sends WhatsApp Business template messages and replies for you, lists your approved templates ' +
    'with their variables, and starts your flows when customers write to your business number or when a ' +
    'message is delivered or read.',
  /** The contact's name; its URL is the deployment's support page (`@kaiku/shared/links`). */
  contactName: 'Kaiku support',
  categories: 'Communication;Sales and CRM',
} as const;

/** Shared schema files (and their `$defs`) as components: the root's component name per schema. */
export const sharedComponents: Record<SchemaName, string> = {
  'send-template': 'SendTemplateInput',
  reply: 'ReplyInput',
  'inbound-message': 'InboundMessage',
  'message-status': 'MessageStatus',
  'opt-in-request': 'OptInRequestInput',
};


/** A trigger's filter: a dropdown of types (or statuses) with display names, and one of the business numbers. */
const filterHints = (titles: Record<string, string>): BodyPropertyHints => ({
  visibility: 'advanced',
  properties: { type: { enumTitles: titles }, phone_number_id: { dynamicValues: phoneNumberDropdown } },
});


const subscribed: Record<string, ApiResponse> = {
  '201': {
    description: 'Subscribed; Location names the subscription to delete.',
    schema: 'Subscription',
    headers: { Location: { description: 'The absolute URL of the subscription; DELETE it to unsubscribe.', type: 'string' } },
  },
};

/** Every `/v1` operation of the proxy, in the order the documents list them. */
export const apiOperations: readonly ApiOperation[] = [
  {
    operationId: 'SendTemplateMessage', method: 'post', path: '/v1/messages/template', tag: 'Messages', connector: true,
    summary: 'Send a template message',
    description: 'Sends an approved WhatsApp template to a customer, at any time, with its variables filled in.',
    visibility: 'important',
    parameters: [{
      // Internal for makers: the body's idempotency_key says the same in the connector's form.
      name: 'Idempotency-Key', in: 'header', required: false, visibility: 'internal', schema: { type: 'string' },
      summary: 'Idempotency Key',
      description: 'A unique value per message; repeating a request with the same key never sends twice.',
    }],
    requestBody: {
      schema: 'SendTemplateInput', summary: 'Template Message', description: 'The customer, the template and its variables.',
      properties: {
        to: { visibility: 'important' },
        template: {
          visibility: 'important',
          dynamicValues: templateDropdown,
        },
        variables: { dynamicSchema: { operationId: 'GetTemplateInputs', parameters: { id: 'template' } } },
        language: { visibility: 'advanced' },
        phone_number_id: { visibility: 'advanced', dynamicValues: phoneNumberDropdown },
        idempotency_key: { visibility: 'advanced' },
      },
    },
    responses: { ...ok('The message was accepted by WhatsApp.', 'SendTemplateOutput'), ...errors(400, 401, 403, 404, 409, 422, 429, 502, 503) },
  },
  {
    operationId: 'ReplyToCustomer', method: 'post', path: '/v1/messages/reply', tag: 'Messages', connector: true,
    summary: 'Reply to a customer',
    description: 'Sends text, media, buttons or a list to a customer who wrote to you in the last 24 hours.',
    visibility: 'important',
    parameters: [],
    requestBody: {
      schema: 'ReplyInput', summary: 'Reply', description: 'The customer and exactly one of text, media, buttons or list.',
      properties: {
        to: { visibility: 'important' },
        text: { visibility: 'important' },
        phone_number_id: { visibility: 'advanced', dynamicValues: phoneNumberDropdown },
        preview_url: { visibility: 'advanced' },
        reply_to: { visibility: 'advanced' },
        fallback_template: {
          visibility: 'advanced',
          // The same dropdown and per-template fields as Send a template message, one level down.
          properties: {
            template: { dynamicValues: { ...templateDropdown, parameters: { phone_number_id: 'phone_number_id' } } },
            variables: { dynamicSchema: { operationId: 'GetTemplateInputs', parameters: { id: 'fallback_template/template' } } },
            language: { visibility: 'advanced' },
          },
        },
        idempotency_key: { visibility: 'advanced' },
      },
    },
    responses: { ...ok('The reply was accepted by WhatsApp.', 'ReplyOutput'), ...errors(400, 401, 403, 409, 422, 429, 502, 503) },
  },
  {
    operationId: 'ListTemplates', method: 'get', path: '/v1/templates', tag: 'Templates', connector: true, visibility: 'internal',
    summary: 'List message templates',
    description: 'Lists your message templates with their variables; by default only the approved ones.',
    parameters: [
      {
        name: 'phone_number_id', in: 'query', required: false, summary: 'Business Number', schema: { type: 'string' },
        description: 'Only templates of the WhatsApp Business Account this number belongs to.',
      },
      {
        name: 'status', in: 'query', required: false, summary: 'Status', schema: { type: 'string', default: 'APPROVED' },
        description: 'Only templates with this review status, e.g. APPROVED.',
      },
    ],
    responses: { ...ok('The templates.', 'TemplateList'), ...errors(401, 502, 503) },
  },
  {
    operationId: 'GetTemplate', method: 'get', path: '/v1/templates/{id}', tag: 'Templates', connector: false,
    summary: 'Get a message template', description: 'Returns one template with its variables and preview.',
    parameters: [idParam('Template ID', 'The id of the template.')],
    responses: { ...ok('The template.', 'Template'), ...errors(401, 404, 502, 503) },
  },
  {
    operationId: 'GetTemplateInputs', method: 'get', path: '/v1/templates/{id}/schema', tag: 'Templates', connector: true,
    visibility: 'internal', summary: 'Get template variables',
    description: 'Returns a JSON Schema with one field per variable of the template, for the designer.',
    parameters: [idParam('Template ID', 'The id of the template whose variables to describe.')],
    responses: { ...ok('The schema of the template variables.', 'TemplateInputsSchema'), ...errors(401, 404, 502, 503) },
  },
  {
    operationId: 'ListPhoneNumbers', method: 'get', path: '/v1/phone-numbers', tag: 'Account', connector: true,
    visibility: 'internal', summary: 'List business numbers',
    description: 'Lists the WhatsApp business phone numbers connected to your Kaiku workspace.',
    parameters: [],
    responses: { ...ok('The business numbers.', 'PhoneNumberList'), ...errors(401) },
  },
  {
    operationId: 'GetMe', method: 'get', path: '/v1/me', tag: 'Account', connector: false,
    summary: 'Get the workspace', description: 'Returns the workspace of the API key and its business numbers.',
    parameters: [],
    responses: { ...ok('The workspace.', 'Me'), ...errors(401) },
  },
  {
    operationId: 'ListInboundMessages', method: 'get', path: '/v1/messages/inbound', tag: 'Messages', connector: true,
    visibility: 'advanced', summary: 'List recent customer messages',
    description: 'Lists messages customers sent to your business numbers, newest first.',
    parameters: [
      {
        name: 'since', in: 'query', required: false, summary: 'Since', schema: { type: 'string', format: 'date-time' },
        description: 'Only messages received after this time (ISO 8601).',
      },
      {
        name: 'limit', in: 'query', required: false, summary: 'Limit', schema: { type: 'integer', default: 50 },
        description: 'The most messages to return.',
      },
      {
        name: 'type', in: 'query', required: false, summary: 'Message Type', schema: { type: 'string' },
        description: 'Only messages of this type, e.g. text or image.',
      },
      {
        name: 'cursor', in: 'query', required: false, summary: 'Cursor', schema: { type: 'string' }, visibility: 'advanced',
        description: 'The next_cursor of the previous page: the older messages of the same query.',
      },
    ],
    responses: { ...ok('The messages.', 'InboundMessageList'), ...errors(400, 401) },
  },
  {
    operationId: 'ListMessageStatuses', method: 'get', path: '/v1/messages/statuses', tag: 'Messages', connector: false,
    summary: 'List recent status updates',
    description: 'Lists the latest delivery status updates of messages you sent, newest first, shaped as the status trigger delivers them.',
    parameters: [
      {
        name: 'limit', in: 'query', required: false, summary: 'Limit', schema: { type: 'integer', default: 25 },
        description: 'The most status updates to return, from 1 to 100.',
      },
      {
        name: 'phone_number_id', in: 'query', required: false, summary: 'Business Number', schema: { type: 'string' },
        description: 'Only updates of messages sent from this business number.',
      },
    ],
    responses: { ...ok('The status updates.', 'MessageStatusList'), ...errors(400, 401) },
  },
  {
    operationId: 'GetMessage', method: 'get', path: '/v1/messages/{id}', tag: 'Messages', connector: true,
    visibility: 'advanced', summary: 'Get message status',
    description: 'Returns a message you sent with its delivery status and status history, or a message a customer sent.',
    parameters: [idParam('Message ID', 'The id Kaiku returned when the message was sent.')],
    responses: { ...ok('The message.', 'MessageDetail'), ...errors(401, 404) },
  },
  {
    operationId: 'OnInboundMessage', method: 'post', path: '/v1/subscriptions/inbound_message', tag: 'Triggers', connector: true,
    summary: 'When a new WhatsApp message arrives',
    description: 'This operation triggers when a customer sends a WhatsApp message to one of your business numbers.',
    parameters: [],
    requestBody: {
      schema: 'InboundTriggerInput', summary: 'Subscription', description: 'Where to deliver new messages.',
      properties: { target_url: { visibility: 'internal', notificationUrl: true }, filter: filterHints(inboundTypeTitles) },
    },
    responses: { ...subscribed, ...errors(400, 401, 422) },
    trigger: {
      event: 'inbound_message', notification: 'InboundMessage',
      notificationDescription: 'The customer\'s message as one flat record.',
      hint: 'To see it work, send a WhatsApp message to your business number.',
    },
  },
  {
    operationId: 'OnMessageStatus', method: 'post', path: '/v1/subscriptions/message_status', tag: 'Triggers', connector: true,
    summary: 'When a message status changes',
    description: 'This operation triggers when a message you sent is sent, delivered, read or fails.',
    parameters: [],
    requestBody: {
      schema: 'StatusTriggerInput', summary: 'Subscription', description: 'Where to deliver status updates.',
      properties: { target_url: { visibility: 'internal', notificationUrl: true }, filter: filterHints(statusTitles) },
    },
    responses: { ...subscribed, ...errors(400, 401, 422) },
    trigger: {
      event: 'message_status', notification: 'MessageStatus',
      notificationDescription: 'The status update as one flat record.',
      hint: 'To see it work, send a template message and wait for it to be delivered.',
    },
  },
  {
    operationId: 'CreateSubscription', method: 'post', path: '/v1/subscriptions', tag: 'Triggers', connector: false,
    summary: 'Subscribe to events', description: 'Asks Kaiku to POST every new event of one kind to a URL.',
    parameters: [],
    requestBody: { schema: 'SubscriptionInput', summary: 'Subscription', description: 'The event and where to deliver it.' },
    responses: { ...subscribed, ...errors(400, 401, 422) },
  },
  {
    operationId: 'ListSubscriptions', method: 'get', path: '/v1/subscriptions', tag: 'Triggers', connector: false,
    summary: 'List subscriptions', description: 'Lists the event subscriptions of your workspace.',
    parameters: [],
    responses: { ...ok('The subscriptions.', 'SubscriptionList'), ...errors(401) },
  },
  {
    operationId: 'DeleteSubscription', method: 'delete', path: '/v1/subscriptions/{id}', tag: 'Triggers', connector: true,
    visibility: 'internal', summary: 'Delete a subscription',
    description: 'Stops deliveries to a subscription; Power Automate calls it when a flow is turned off.',
    parameters: [idParam('Subscription ID', 'The id of the subscription to delete.')],
    responses: { '204': { description: 'Deleted; no more deliveries.' }, ...errors(401, 404) },
  },
  {
    operationId: 'RotateSubscriptionSecret', method: 'post', path: '/v1/subscriptions/{id}/rotate-secret', tag: 'Triggers', connector: false,
    summary: 'Rotate a signing secret',
    description: 'Gives the subscription a new signing secret, returned once. The old secret keeps signing for 24 hours (a second v1 entry in webhook-signature), so the receiver can switch without losing deliveries.',
    parameters: [idParam('Subscription ID', 'The id of the subscription.')],
    responses: { ...ok('The new secret.', 'RotatedSecret'), ...errors(401, 404) },
  },
  {
    operationId: 'ListDeadDeliveries', method: 'get', path: '/v1/deliveries/dead', tag: 'Triggers', connector: false,
    summary: 'List failed deliveries',
    description: 'Lists events Kaiku gave up delivering after retrying for 24 hours, newest first.',
    parameters: [{
      name: 'limit', in: 'query', required: false, summary: 'Limit', schema: { type: 'integer', default: 50 },
      description: 'The most deliveries to return, from 1 to 500.',
    }],
    responses: { ...ok('The failed deliveries.', 'DeadDeliveryList'), ...errors(400, 401) },
  },
  {
    operationId: 'GetConsent', method: 'get', path: '/v1/contacts/{phone}/consent', tag: 'Consent', connector: true,
    visibility: 'advanced', summary: 'Get consent status',
    description: 'Returns whether a customer agreed to receive your messages, with the history of changes.',
    parameters: [{
      name: 'phone', in: 'path', required: true, summary: 'Customer Phone', schema: { type: 'string' },
      description: 'The customer\'s phone number in international format, e.g. +358401234567.',
    }],
    responses: { ...ok('The consent status.', 'Consent'), ...errors(401, 422) },
  },
  {
    operationId: 'RecordConsent', method: 'put', path: '/v1/contacts/{phone}/consent', tag: 'Consent', connector: true,
    visibility: 'advanced', summary: 'Record consent',
    description: 'Records that a customer opted in to or out of your WhatsApp messages, with where it happened.',
    parameters: [{
      name: 'phone', in: 'path', required: true, summary: 'Customer Phone', schema: { type: 'string' },
      description: 'The customer\'s phone number in international format, e.g. +358401234567.',
    }],
    requestBody: { schema: 'ConsentInput', summary: 'Consent', description: 'The customer\'s choice and where it was made.' },
    responses: { ...ok('The recorded consent.', 'Consent'), ...errors(400, 401, 422) },
  },
  ...reliabilityOperations,
  {
    operationId: 'GetOpenApiDocument', method: 'get', path: '/v1/openapi.json', tag: 'Account', connector: false, public: true,
    summary: 'Get the API description', description: 'Returns this OpenAPI document.',
    parameters: [],
    responses: ok('The OpenAPI document.', 'OpenApiDocument'),
  },
  ...automationOperations,
  ...consoleOperations,
  ...consoleUserOperations,
  ...adminOperations,
  ...deliveryAdminOperations,
  ...automationTestOperations,
  ...usageOperations,
];

export { componentSchemas } from './api-description-schemas.js';
