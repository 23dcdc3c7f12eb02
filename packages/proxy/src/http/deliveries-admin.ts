/** Handlers behind the console's Deliveries and Integrations pages (`auth: 'admin'`; API keys may call them too). */
import { deliverySummary, listSubscriptionOverview } from '../actions/deliveries-overview.js';
import { listSubscriptionDeliveries, sendTestEvent } from '../actions/delivery-log.js';
import { hubspotInstallLink, integrationsOverview, powerPlatformFile } from '../actions/integrations.js';
import type { Handler } from './context.js';
import { baseUrl, param, query, workspaceId } from './context.js';

/** GET /v1/deliveries/subscriptions */
export const getSubscriptionOverview: Handler = async (_req, res, ctx) => {
  res.json({ data: await listSubscriptionOverview(ctx.deps, workspaceId(ctx)) });
};

/** GET /v1/deliveries/summary */
export const getDeliverySummary: Handler = async (_req, res, ctx) => {
  res.json(await deliverySummary(ctx.deps, workspaceId(ctx)));
};

/** GET /v1/subscriptions/{id}/deliveries?cursor=&limit= */
export const getSubscriptionDeliveries: Handler = async (req, res, ctx) => {
  res.json(await listSubscriptionDeliveries(ctx.deps, workspaceId(ctx), param(req, 'id'), { cursor: query(req, 'cursor'), limit: query(req, 'limit') }));
};

/** POST /v1/subscriptions/{id}/test → 202 */
export const postSubscriptionTest: Handler = async (req, res, ctx) => {
  res.status(202).json(await sendTestEvent(ctx.deps, workspaceId(ctx), param(req, 'id')));
};

/** GET /v1/integrations */
export const getIntegrations: Handler = async (req, res, ctx) => {
  res.json(await integrationsOverview(ctx.deps, workspaceId(ctx), baseUrl(req, ctx)));
};

/** POST /v1/integrations/hubspot/install-link */
export const postHubspotInstallLink: Handler = async (_req, res, ctx) => {
  res.json(await hubspotInstallLink(ctx.deps, workspaceId(ctx)));
};

/** GET /v1/integrations/power-platform/{file}: a download. */
export const getPowerPlatformFile: Handler = async (req, res, ctx) => {
  const name = param(req, 'file');
  const content = powerPlatformFile(ctx.deps, name);
  res.type('application/json').attachment(name).set('cache-control', 'no-store').send(content);
};
