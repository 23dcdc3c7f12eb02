/**
 * The `/v1` operations behind the console's Deliveries and Integrations pages (admins and API keys; usable by any
 * script): subscriptions with health and platform, the problem summary, a subscription's delivery log, test
 * events, and the integrations' facts and files. Part of the API description (`api-description.ts`).
 */
import type { ApiOperation, ApiResponse, SchemaObject } from './api-description.js';
import { idParam } from './api-description-helpers.js';

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, title: string, description: string, extra: SchemaObject = {}): SchemaObject => ({ type: [type, 'null'], title, description, ...extra });
const time = (title: string, description: string): SchemaObject => ({ type: 'string', format: 'date-time', title, description });
const count = (title: string, description: string): SchemaObject => ({ type: 'integer', title, description });

function errorsOf(...statuses: number[]): Record<string, ApiResponse> {
  const out: Record<string, ApiResponse> = {};
  for (const status of statuses) out[String(status)] = { description: 'See the error body: its message says what to fix.', schema: 'Error' };
  out.default = { description: 'An unexpected error; the body says what happened.' };
  return out;
}

const platformEnum = ['zapier', 'power_automate', 'hubspot', 'n8n', 'api'];

/** The deliveries and integrations operations, appended to the API's list. */
export const deliveryAdminOperations: readonly ApiOperation[] = [
  {
    operationId: 'ListSubscriptionOverview', method: 'get', path: '/v1/deliveries/subscriptions', tag: 'Deliveries', connector: false,
    summary: 'List subscriptions with their health',
    description: 'Every subscription of the workspace (and the HubSpot sync) with its health and the platform it serves.',
    parameters: [],
    responses: { '200': { description: 'The subscriptions.', schema: 'SubscriptionOverviewList' }, ...errorsOf(401, 403) },
  },
  {
    operationId: 'GetDeliverySummary', method: 'get', path: '/v1/deliveries/summary', tag: 'Deliveries', connector: false,
    summary: 'Count delivery problems',
    description: 'How many subscriptions are failing or paused, and how many dead deliveries and quarantined webhooks wait for a person.',
    parameters: [],
    responses: { '200': { description: 'The counts.', schema: 'DeliverySummary' }, ...errorsOf(401, 403) },
  },
  {
    operationId: 'ListSubscriptionDeliveries', method: 'get', path: '/v1/subscriptions/{id}/deliveries', tag: 'Deliveries', connector: false,
    summary: 'List a subscription\'s deliveries',
    description: 'The delivery log: each event, newest first, with every attempt\'s status code or error and duration, and when it is tried next.',
    parameters: [
      idParam('Subscription ID', 'The id of the subscription.'),
      { name: 'cursor', in: 'query', required: false, summary: 'Cursor', schema: { type: 'string' }, description: 'The next_cursor of the previous page.' },
      { name: 'limit', in: 'query', required: false, summary: 'Limit', schema: { type: 'integer', default: 25 }, description: 'The most deliveries to return, from 1 to 100.' },
    ],
    responses: { '200': { description: 'A page of the log.', schema: 'DeliveryLogPage' }, ...errorsOf(400, 401, 403, 404) },
  },
  {
    operationId: 'SendTestEvent', method: 'post', path: '/v1/subscriptions/{id}/test', tag: 'Deliveries', connector: false,
    summary: 'Send a test event',
    description: 'Puts a clearly marked test event (event id evt_test_…, header Kaiku-Test: true, sender 0000000000) in the subscription\'s queue; it is delivered and signed like any event.',
    parameters: [idParam('Subscription ID', 'The id of the subscription to test.')],
    responses: { '202': { description: 'Queued: it is delivered within a second while the subscription is active.', schema: 'TestEvent' }, ...errorsOf(401, 403, 404) },
  },
  {
    operationId: 'GetIntegrations', method: 'get', path: '/v1/integrations', tag: 'Integrations', connector: false,
    summary: 'Get what each platform needs',
    description: 'The address Zapier, Power Automate and n8n reach Kaiku at, HubSpot\'s state, the Power Platform files and the n8n package.',
    parameters: [],
    responses: { '200': { description: 'The integrations.', schema: 'Integrations' }, ...errorsOf(401, 403) },
  },
  {
    operationId: 'CreateHubspotInstallLink', method: 'post', path: '/v1/integrations/hubspot/install-link', tag: 'Integrations', connector: false,
    summary: 'Make a HubSpot install link',
    description: 'A one-time link (30 minutes) that installs Kaiku\'s HubSpot app in a HubSpot account for this workspace; open it as a HubSpot Super Admin.',
    parameters: [],
    responses: { '200': { description: 'The link.', schema: 'HubspotInstallLink' }, ...errorsOf(401, 403, 409) },
  },
  {
    operationId: 'GetPowerPlatformFile', method: 'get', path: '/v1/integrations/power-platform/{file}', tag: 'Integrations', connector: false,
    summary: 'Download a Power Platform file',
    description: 'apiDefinition.swagger.json or apiProperties.json of the custom connector, generated for this deployment\'s KAIKU_PUBLIC_URL (as pnpm connectors --public-url writes them).',
    parameters: [{
      name: 'file', in: 'path', required: true, summary: 'File', schema: { type: 'string', enum: ['apiDefinition.swagger.json', 'apiProperties.json'] },
      description: 'The file name.',
    }],
    responses: { '200': { description: 'The file, as an attachment.', contentType: 'application/json' }, ...errorsOf(401, 403, 404, 409) },
  },
];

const attempt: SchemaObject = {
  type: 'object', required: ['attempt', 'at', 'duration_ms', 'status_code', 'error', 'outcome'],
  properties: {
    attempt: count('Attempt', '1 for the first attempt.'), at: time('At', 'When it started (UTC).'),
    duration_ms: count('Duration', 'How long it took, in milliseconds.'),
    status_code: nullable('integer', 'Status Code', 'The subscriber\'s HTTP status; null when it did not answer.'),
    error: nullable('string', 'Error', 'Why it failed; null when delivered.'),
    outcome: { type: 'string', enum: ['done', 'retry', 'dead', 'gone'], title: 'Outcome', description: 'done; retry (tried again later); dead (given up); gone (the subscriber said 410 and the subscription was removed).' },
  },
};

/** The answers of the deliveries and integrations operations. */
export const deliveryAdminSchemas: Record<string, SchemaObject> = {
  SubscriptionOverview: {
    allOf: [ref('SubscriptionDetail'), {
      type: 'object', required: ['platform', 'http'],
      properties: {
        platform: { type: 'string', enum: platformEnum, title: 'Platform', description: 'Who the subscription serves, as far as Kaiku can tell (Kaiku-Client header, client, or target host); api otherwise.' },
        http: { type: 'boolean', title: 'HTTP', description: 'False for the HubSpot sync, which runs inside Kaiku (no URL; it cannot be paused or tested).' },
      },
    }],
  },
  SubscriptionOverviewList: { type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref('SubscriptionOverview') } } },
  DeliverySummary: {
    type: 'object', required: ['subscriptions', 'failing', 'paused', 'dead', 'quarantined', 'problems'],
    properties: {
      subscriptions: count('Subscriptions', 'How many there are.'), failing: count('Failing', 'Subscriptions failing now.'),
      paused: count('Paused', 'Subscriptions paused.'), dead: count('Dead', 'Deliveries given up on, not yet replayed.'),
      quarantined: count('Quarantined', 'Webhooks from WhatsApp in quarantine.'), problems: count('Problems', 'The sum: 0 when all is well.'),
    },
  },
  DeliveryAttempt: attempt,
  LoggedDelivery: {
    type: 'object', required: ['id', 'event_id', 'event_type', 'summary', 'test', 'state', 'attempts', 'last_error', 'created_at', 'next_attempt_at', 'log'],
    properties: {
      id: { type: 'string', title: 'Delivery ID' }, event_id: { type: 'string', title: 'Event ID', description: 'The webhook-id header of every attempt.' },
      event_type: { type: 'string', enum: ['inbound_message', 'message_status'] },
      summary: { type: 'string', title: 'Summary', description: 'What the event was, in one line.' },
      test: { type: 'boolean', title: 'Test', description: 'True for a test event.' },
      state: { type: 'string', enum: ['pending', 'done', 'dead'] }, attempts: count('Attempts', 'Attempts so far.'),
      last_error: nullable('string', 'Last Error', 'What the last failed attempt met.'), created_at: time('Created At', 'When the event was queued.'),
      next_attempt_at: nullable('string', 'Next Attempt', 'When it is tried next; null once done or dead, or while the subscription is paused.', { format: 'date-time' }),
      log: { type: 'array', items: ref('DeliveryAttempt'), description: 'The attempts, oldest first (the latest 20).' },
    },
  },
  DeliveryLogPage: {
    type: 'object', required: ['data', 'next_cursor'],
    properties: { data: { type: 'array', items: ref('LoggedDelivery') }, next_cursor: nullable('string', 'Next Cursor', 'Pass it back for older deliveries; null on the last page.') },
  },
  TestEvent: {
    type: 'object', required: ['delivery_id', 'event_id', 'event_type', 'test'],
    properties: { delivery_id: { type: 'string' }, event_id: { type: 'string' }, event_type: { type: 'string', enum: ['inbound_message', 'message_status'] }, test: { type: 'boolean', const: true } },
  },
  Integrations: {
    type: 'object', required: ['kaiku_url', 'public_url_set', 'hubspot', 'power_platform', 'n8n'],
    properties: {
      kaiku_url: { type: 'string', description: 'Paste it where Zapier, Power Automate and n8n ask for the Kaiku address.' },
      public_url_set: { type: 'boolean', description: 'False when KAIKU_PUBLIC_URL is not set (kaiku_url is then the address this request came to).' },
      hubspot: {
        type: 'object', required: ['app_configured', 'connected', 'portal_id', 'install_path'],
        properties: { app_configured: { type: 'boolean' }, connected: { type: 'boolean' }, portal_id: { type: ['integer', 'null'] }, install_path: { type: 'string' } },
      },
      power_platform: {
        type: 'object', required: ['files'],
        properties: { files: { type: 'array', items: { type: 'object', required: ['name', 'path'], properties: { name: { type: 'string' }, path: { type: 'string' } } } } },
      },
      n8n: { type: 'object', required: ['package'], properties: { package: { type: 'string' } } },
    },
  },
  HubspotInstallLink: {
    type: 'object', required: ['url', 'expires_at'],
    properties: { url: { type: 'string', description: 'Open it once, as a HubSpot Super Admin.' }, expires_at: time('Expires At', 'When the link stops working.') },
  },
};
