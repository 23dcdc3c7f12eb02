/** The `/v1` operations of the pipeline's reliability: quarantined webhooks, subscription health, replays. */
import type { ApiOperation } from './api-description.js';
import { errors, idParam, ok } from './api-description-helpers.js';

/** Quarantine, subscription health, pause and resume, and replay of dead deliveries. */
export const reliabilityOperations: readonly ApiOperation[] = [
  {
    operationId: 'ListQuarantinedWebhooks', method: 'get', path: '/v1/webhooks/quarantine', tag: 'Webhooks', connector: false,
    summary: 'List quarantined webhooks',
    description: 'Lists webhooks from WhatsApp that Kaiku stored but could not apply after several tries, newest first, with the error and the start of the raw body.',
    parameters: [{
      name: 'limit', in: 'query', required: false, summary: 'Limit', schema: { type: 'integer', default: 50 },
      description: 'The most webhooks to return, from 1 to 500.',
    }],
    responses: { ...ok('The quarantined webhooks.', 'QuarantinedWebhookList'), ...errors(400, 401) },
  },
  {
    operationId: 'RetryQuarantinedWebhook', method: 'post', path: '/v1/webhooks/quarantine/{id}/retry', tag: 'Webhooks', connector: false,
    summary: 'Retry a quarantined webhook',
    description: 'Sends a quarantined webhook back to be applied, e.g. after an upgrade that fixes what it met.',
    parameters: [{
      name: 'id', in: 'path', required: true, summary: 'Webhook ID', schema: { type: 'string' },
      description: 'The id from the quarantine list.',
    }],
    responses: { '202': { description: 'Queued: it is applied within a second.', schema: 'QuarantineRetry' }, ...errors(401, 404) },
  },
  {
    operationId: 'GetSubscription', method: 'get', path: '/v1/subscriptions/{id}', tag: 'Triggers', connector: false,
    summary: 'Get a subscription and its health',
    description: 'Shows whether deliveries to the subscription work: state (active, failing, paused), last success, last error, failures in a row, and how many events wait.',
    parameters: [idParam('Subscription ID', 'The id of the subscription.')],
    responses: { ...ok('The subscription with its health.', 'SubscriptionDetail'), ...errors(401, 404) },
  },
  {
    operationId: 'PauseSubscription', method: 'post', path: '/v1/subscriptions/{id}/pause', tag: 'Triggers', connector: false,
    summary: 'Pause a subscription',
    description: 'Stops deliveries to the subscription; new events are kept and delivered in order when it is resumed.',
    parameters: [idParam('Subscription ID', 'The id of the subscription to pause.')],
    responses: { ...ok('The paused subscription.', 'SubscriptionDetail'), ...errors(401, 404) },
  },
  {
    operationId: 'ResumeSubscription', method: 'post', path: '/v1/subscriptions/{id}/resume', tag: 'Triggers', connector: false,
    summary: 'Resume a subscription',
    description: 'Delivers again to a paused or failing subscription at once: the kept events go out in order per customer.',
    parameters: [idParam('Subscription ID', 'The id of the subscription to resume.')],
    responses: { ...ok('The resumed subscription.', 'SubscriptionDetail'), ...errors(401, 404) },
  },
  {
    operationId: 'ReplaySubscriptionDeadDeliveries', method: 'post', path: '/v1/subscriptions/{id}/replay-dead', tag: 'Triggers', connector: false,
    summary: 'Replay failed deliveries of a subscription',
    description: 'Puts every delivery Kaiku gave up on for this subscription back in its queue, to be retried for another 24 hours.',
    parameters: [idParam('Subscription ID', 'The id of the subscription.')],
    responses: { ...ok('How many deliveries were put back.', 'ReplayResult'), ...errors(401, 404) },
  },
  {
    operationId: 'ReplayDeadDelivery', method: 'post', path: '/v1/deliveries/dead/{id}/replay', tag: 'Triggers', connector: false,
    summary: 'Replay a failed delivery',
    description: 'Puts one delivery Kaiku gave up on back in its queue, to be retried for another 24 hours.',
    parameters: [idParam('Delivery ID', 'The id of the failed delivery, from the list of failed deliveries.')],
    responses: { ...ok('One delivery was put back.', 'ReplayResult'), ...errors(401, 404) },
  },
];
