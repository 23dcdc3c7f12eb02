/**
 * Every route of the proxy's own API in one table, with its auth. The OpenAPI description must list every
 * `/v1` route here (a test checks it). Order matters where paths overlap (`/inbound` before `/{id}`).
 */
import type { Handler } from './context.js';
import { getContactConsent, postOptInRequest, putContactConsent } from './contacts.js';
import { getDocsHome, getDocsPage } from './docs.js';
import { getInbound, getOutbound, getStatuses, postReply, postTemplateMessage } from './messages.js';
import { getAutomationRuns, getAutomations, getOneAutomation, postAutomation, putAutomation, removeAutomation } from './automations.js';
import {
  getDeadDeliveries, getSubscription, getSubscriptions, pauseSubscription, postInboundTrigger, postRotateSecret, postStatusTrigger, postSubscription,
  removeSubscription, replayDead, replayDeadOfSubscription, resumeSubscription,
} from './subscriptions.js';
import { getTemplate, getTemplateSchema, getTemplates } from './templates.js';
import { getConversationMessages, getConversations, postConversationRead } from './conversations.js';
import { getEvents } from './events.js';
import { getMediaFile, postMedia } from './media.js';
import { deleteSession, getSession, postSession, postSessionInvite, postSessionLink } from './session.js';
import { deleteUser, getUsers, postInvite, postUser, putUserRole } from './users.js';
import { deletePhoneNumber, getPhoneNumber, postPhoneNumber, putPhoneNumberToken } from './admin-numbers.js';
import { deleteKey, getKeys, postKey } from './admin-keys.js';
import { getHealth, getMe, getMetrics, getOpenApi, getPhoneNumbers } from './workspace.js';
import { getQuarantine, postQuarantineRetry } from './webhook-quarantine.js';
import {
  getDeliverySummary, getIntegrations, getPowerPlatformFile, getSubscriptionDeliveries, getSubscriptionOverview, postHubspotInstallLink, postSubscriptionTest,
} from './deliveries-admin.js';
import { postAutomationTest } from './automation-test.js';
import { getUsageReport } from './usage.js';

/** HTTP methods the API uses. */
export type Method = 'get' | 'post' | 'put' | 'delete';

/**
 * One route: `api_key` routes need a key or a console session and count against its rate limit; `admin` ones
 * refuse console agents. An agent's session reaches only what the inbox, templates and contacts need; every other
 * route is `admin` (a test walks this table against the agent allowlist, so a new route is admin unless listed).
 */
export interface Route {
  method: Method;
  /** Express path syntax (`:id`); `openApiPath` turns it into `{id}`. */
  path: string;
  auth: 'api_key' | 'admin' | 'none';
  handler: Handler;
}

/** The routes table. */
export const routes: readonly Route[] = [
  { method: 'get', path: '/healthz', auth: 'none', handler: getHealth },
  { method: 'get', path: '/metrics', auth: 'none', handler: getMetrics },
  { method: 'get', path: '/v1/openapi.json', auth: 'none', handler: getOpenApi },
  { method: 'get', path: '/v1/me', auth: 'api_key', handler: getMe },
  { method: 'get', path: '/v1/phone-numbers', auth: 'admin', handler: getPhoneNumbers },
  { method: 'post', path: '/v1/messages/template', auth: 'api_key', handler: postTemplateMessage },
  { method: 'post', path: '/v1/messages/reply', auth: 'api_key', handler: postReply },
  { method: 'get', path: '/v1/messages/inbound', auth: 'admin', handler: getInbound },
  // Before /v1/messages/:id, which would take "statuses" for a message id.
  { method: 'get', path: '/v1/messages/statuses', auth: 'admin', handler: getStatuses },
  { method: 'get', path: '/v1/messages/:id', auth: 'admin', handler: getOutbound },
  { method: 'get', path: '/v1/templates', auth: 'api_key', handler: getTemplates },
  { method: 'get', path: '/v1/templates/:id', auth: 'api_key', handler: getTemplate },
  { method: 'get', path: '/v1/templates/:id/schema', auth: 'api_key', handler: getTemplateSchema },
  { method: 'post', path: '/v1/subscriptions', auth: 'admin', handler: postSubscription },
  { method: 'post', path: '/v1/subscriptions/inbound_message', auth: 'admin', handler: postInboundTrigger },
  { method: 'post', path: '/v1/subscriptions/message_status', auth: 'admin', handler: postStatusTrigger },
  { method: 'get', path: '/v1/subscriptions', auth: 'admin', handler: getSubscriptions },
  { method: 'delete', path: '/v1/subscriptions/:id', auth: 'admin', handler: removeSubscription },
  { method: 'get', path: '/v1/deliveries/dead', auth: 'admin', handler: getDeadDeliveries },
  { method: 'get', path: '/v1/contacts/:phone/consent', auth: 'api_key', handler: getContactConsent },
  { method: 'put', path: '/v1/contacts/:phone/consent', auth: 'api_key', handler: putContactConsent },
  { method: 'post', path: '/v1/subscriptions/:id/rotate-secret', auth: 'admin', handler: postRotateSecret },
  { method: 'get', path: '/docs', auth: 'none', handler: getDocsHome },
  { method: 'get', path: '/docs/:lang', auth: 'none', handler: getDocsPage },
  { method: 'get', path: '/docs/:lang/:page', auth: 'none', handler: getDocsPage },
  { method: 'get', path: '/v1/webhooks/quarantine', auth: 'admin', handler: getQuarantine },
  { method: 'post', path: '/v1/webhooks/quarantine/:id/retry', auth: 'admin', handler: postQuarantineRetry },
  { method: 'post', path: '/v1/contacts/:phone/opt-in-request', auth: 'api_key', handler: postOptInRequest },
  { method: 'post', path: '/v1/automations', auth: 'admin', handler: postAutomation },
  { method: 'get', path: '/v1/automations', auth: 'admin', handler: getAutomations },
  { method: 'get', path: '/v1/automations/runs', auth: 'admin', handler: getAutomationRuns },
  { method: 'get', path: '/v1/automations/:id', auth: 'admin', handler: getOneAutomation },
  { method: 'put', path: '/v1/automations/:id', auth: 'admin', handler: putAutomation },
  { method: 'delete', path: '/v1/automations/:id', auth: 'admin', handler: removeAutomation },
  { method: 'get', path: '/v1/conversations', auth: 'api_key', handler: getConversations },
  { method: 'get', path: '/v1/conversations/:customer/messages', auth: 'api_key', handler: getConversationMessages },
  { method: 'post', path: '/v1/conversations/:customer/read', auth: 'api_key', handler: postConversationRead },
  { method: 'get', path: '/v1/media/:id', auth: 'api_key', handler: getMediaFile },
  { method: 'post', path: '/v1/media', auth: 'api_key', handler: postMedia },
  { method: 'get', path: '/v1/events', auth: 'api_key', handler: getEvents },
  { method: 'post', path: '/v1/session', auth: 'none', handler: postSession },
  { method: 'post', path: '/v1/session/link', auth: 'none', handler: postSessionLink },
  { method: 'get', path: '/v1/session', auth: 'api_key', handler: getSession },
  { method: 'delete', path: '/v1/session', auth: 'none', handler: deleteSession },
  { method: 'get', path: '/v1/users', auth: 'admin', handler: getUsers },
  { method: 'post', path: '/v1/users', auth: 'admin', handler: postUser },
  { method: 'delete', path: '/v1/users/:id', auth: 'admin', handler: deleteUser },
  { method: 'get', path: '/v1/subscriptions/:id', auth: 'admin', handler: getSubscription },
  { method: 'post', path: '/v1/subscriptions/:id/pause', auth: 'admin', handler: pauseSubscription },
  { method: 'post', path: '/v1/subscriptions/:id/resume', auth: 'admin', handler: resumeSubscription },
  { method: 'post', path: '/v1/subscriptions/:id/replay-dead', auth: 'admin', handler: replayDeadOfSubscription },
  { method: 'post', path: '/v1/deliveries/dead/:id/replay', auth: 'admin', handler: replayDead },
  { method: 'post', path: '/v1/phone-numbers', auth: 'admin', handler: postPhoneNumber },
  { method: 'get', path: '/v1/phone-numbers/:id', auth: 'admin', handler: getPhoneNumber },
  { method: 'delete', path: '/v1/phone-numbers/:id', auth: 'admin', handler: deletePhoneNumber },
  { method: 'put', path: '/v1/phone-numbers/:id/token', auth: 'admin', handler: putPhoneNumberToken },
  { method: 'get', path: '/v1/keys', auth: 'admin', handler: getKeys },
  { method: 'post', path: '/v1/keys', auth: 'admin', handler: postKey },
  { method: 'delete', path: '/v1/keys/:id', auth: 'admin', handler: deleteKey },
  { method: 'post', path: '/v1/users/invite', auth: 'admin', handler: postInvite },
  { method: 'put', path: '/v1/users/:id/role', auth: 'admin', handler: putUserRole },
  { method: 'post', path: '/v1/session/invite', auth: 'none', handler: postSessionInvite },
  { method: 'get', path: '/v1/deliveries/subscriptions', auth: 'admin', handler: getSubscriptionOverview },
  { method: 'get', path: '/v1/deliveries/summary', auth: 'admin', handler: getDeliverySummary },
  { method: 'get', path: '/v1/subscriptions/:id/deliveries', auth: 'admin', handler: getSubscriptionDeliveries },
  { method: 'post', path: '/v1/subscriptions/:id/test', auth: 'admin', handler: postSubscriptionTest },
  { method: 'get', path: '/v1/integrations', auth: 'admin', handler: getIntegrations },
  { method: 'post', path: '/v1/integrations/hubspot/install-link', auth: 'admin', handler: postHubspotInstallLink },
  { method: 'get', path: '/v1/integrations/power-platform/:file', auth: 'admin', handler: getPowerPlatformFile },
  { method: 'post', path: '/v1/automations/test', auth: 'admin', handler: postAutomationTest },
  { method: 'get', path: '/v1/usage', auth: 'admin', handler: getUsageReport },
];

/** `/v1/templates/:id/schema` → `/v1/templates/{id}/schema`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}
