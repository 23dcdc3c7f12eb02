/**
 * Every route of the proxy's own API in one table, with its auth. The OpenAPI description must list every
 * `/v1` route here (a test checks it). Order matters where paths overlap (`/inbound` before `/{id}`).
 */
import type { Handler } from './context.js';
import { getContactConsent, putContactConsent } from './contacts.js';
import { getInbound, getOutbound, postReply, postTemplateMessage } from './messages.js';
import {
  getDeadDeliveries, getSubscription, getSubscriptions, pauseSubscription, postInboundTrigger, postRotateSecret, postStatusTrigger, postSubscription,
  removeSubscription, replayDead, replayDeadOfSubscription, resumeSubscription,
} from './subscriptions.js';
import { getTemplate, getTemplateSchema, getTemplates } from './templates.js';
import { getHealth, getMe, getMetrics, getOpenApi, getPhoneNumbers } from './workspace.js';

/** HTTP methods the API uses. */
export type Method = 'get' | 'post' | 'put' | 'delete';

/** One route: `api_key` routes need a key and count against its rate limit. */
export interface Route {
  method: Method;
  /** Express path syntax (`:id`); `openApiPath` turns it into `{id}`. */
  path: string;
  auth: 'api_key' | 'none';
  handler: Handler;
}

/** The routes table. */
export const routes: readonly Route[] = [
  { method: 'get', path: '/healthz', auth: 'none', handler: getHealth },
  { method: 'get', path: '/metrics', auth: 'none', handler: getMetrics },
  { method: 'get', path: '/v1/openapi.json', auth: 'none', handler: getOpenApi },
  { method: 'get', path: '/v1/me', auth: 'api_key', handler: getMe },
  { method: 'get', path: '/v1/phone-numbers', auth: 'api_key', handler: getPhoneNumbers },
  { method: 'post', path: '/v1/messages/template', auth: 'api_key', handler: postTemplateMessage },
  { method: 'post', path: '/v1/messages/reply', auth: 'api_key', handler: postReply },
  { method: 'get', path: '/v1/messages/inbound', auth: 'api_key', handler: getInbound },
  { method: 'get', path: '/v1/messages/:id', auth: 'api_key', handler: getOutbound },
  { method: 'get', path: '/v1/templates', auth: 'api_key', handler: getTemplates },
  { method: 'get', path: '/v1/templates/:id', auth: 'api_key', handler: getTemplate },
  { method: 'get', path: '/v1/templates/:id/schema', auth: 'api_key', handler: getTemplateSchema },
  { method: 'post', path: '/v1/subscriptions', auth: 'api_key', handler: postSubscription },
  { method: 'post', path: '/v1/subscriptions/inbound_message', auth: 'api_key', handler: postInboundTrigger },
  { method: 'post', path: '/v1/subscriptions/message_status', auth: 'api_key', handler: postStatusTrigger },
  { method: 'get', path: '/v1/subscriptions', auth: 'api_key', handler: getSubscriptions },
  { method: 'delete', path: '/v1/subscriptions/:id', auth: 'api_key', handler: removeSubscription },
  { method: 'get', path: '/v1/deliveries/dead', auth: 'api_key', handler: getDeadDeliveries },
  { method: 'get', path: '/v1/contacts/:phone/consent', auth: 'api_key', handler: getContactConsent },
  { method: 'put', path: '/v1/contacts/:phone/consent', auth: 'api_key', handler: putContactConsent },
  { method: 'post', path: '/v1/subscriptions/:id/rotate-secret', auth: 'api_key', handler: postRotateSecret },
  { method: 'get', path: '/v1/subscriptions/:id', auth: 'api_key', handler: getSubscription },
  { method: 'post', path: '/v1/subscriptions/:id/pause', auth: 'api_key', handler: pauseSubscription },
  { method: 'post', path: '/v1/subscriptions/:id/resume', auth: 'api_key', handler: resumeSubscription },
  { method: 'post', path: '/v1/subscriptions/:id/replay-dead', auth: 'api_key', handler: replayDeadOfSubscription },
  { method: 'post', path: '/v1/deliveries/dead/:id/replay', auth: 'api_key', handler: replayDead },
];

/** `/v1/templates/:id/schema` → `/v1/templates/{id}/schema`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}
