/** Usage (`GET /v1/usage`): its operation and component. */
import type { ApiOperation, SchemaObject } from './api-description.js';
import { errors } from './api-description-helpers.js';

const dateParam = (name: 'from' | 'to', description: string) => ({
  name, in: 'query' as const, required: false, summary: name === 'from' ? 'From' : 'To', description, schema: { type: 'string' as const, format: 'date' },
});

/** The usage operation, appended to `apiOperations`. */
export const usageOperations: readonly ApiOperation[] = [
  {
    operationId: 'GetUsage', method: 'get', path: '/v1/usage', tag: 'Account', connector: false,
    summary: 'Get usage per day',
    description: 'Messages received and sent per day, the sent ones by what Meta bills them as (template category: marketing, utility, authentication; '
      + 'free-form replies inside the window are service; every message WhatsApp accepted), and messages WhatsApp later reported failed, per day and by reason. JSON, or CSV (one row per day) with '
      + 'format=csv or Accept: text/csv. Admins only.',
    parameters: [
      dateParam('from', 'The first day, YYYY-MM-DD (default: 29 days before "to").'),
      dateParam('to', 'The last day, included, YYYY-MM-DD (default: today). At most 366 days.'),
      { name: 'time_zone', in: 'query', required: false, summary: 'Time Zone', description: 'Where the days start and end (default UTC, as Meta bills), e.g. Europe/Helsinki.', schema: { type: 'string', default: 'UTC' } },
      { name: 'format', in: 'query', required: false, summary: 'Format', description: 'json (default) or csv.', schema: { type: 'string', enum: ['json', 'csv'] } },
    ],
    responses: {
      '200': { description: 'The usage (application/json), or the CSV (text/csv).', schema: 'Usage' },
      ...errors(400, 401, 403),
    },
  },
];

const counts = (description: string): SchemaObject => ({
  type: 'object', description, required: ['received', 'sent', 'failed'],
  properties: {
    received: { type: 'integer', title: 'Received', description: 'Messages from customers.' },
    sent: {
      type: 'object', title: 'Sent', description: 'Messages sent, by billing category (unknown: a template whose category Kaiku did not learn).',
      required: ['marketing', 'utility', 'authentication', 'service', 'unknown'],
      properties: Object.fromEntries(['marketing', 'utility', 'authentication', 'service', 'unknown'].map((c) => [c, { type: 'integer' }])),
    },
    failed: { type: 'integer', title: 'Failed', description: 'Messages WhatsApp reported as failed.' },
  },
});

/** The usage answer. */
export const usageSchemas: Record<string, SchemaObject> = {
  Usage: {
    type: 'object', required: ['from', 'to', 'time_zone', 'days', 'totals', 'failures'],
    properties: {
      from: { type: 'string', format: 'date', title: 'From', description: 'The first day.' },
      to: { type: 'string', format: 'date', title: 'To', description: 'The last day (included).' },
      time_zone: { type: 'string', title: 'Time Zone', description: 'The time zone of the days.' },
      days: {
        type: 'array', title: 'Days', description: 'Every day of the range, oldest first (days without messages count zero).',
        items: { allOf: [counts('One day.'), { type: 'object', required: ['date'], properties: { date: { type: 'string', format: 'date' } } }] },
      },
      totals: counts('The whole range.'),
      failures: {
        type: 'array', title: 'Failures', description: 'Failed messages by WhatsApp\'s error, most frequent first.',
        items: {
          type: 'object', required: ['code', 'reason', 'count'],
          properties: {
            code: { type: ['integer', 'null'], title: 'Code', description: 'WhatsApp\'s error code.' },
            reason: { type: 'string', title: 'Reason', description: 'WhatsApp\'s error, in words.' },
            count: { type: 'integer', title: 'Count', description: 'How many messages failed so.' },
          },
        },
      },
    },
  },
};
