/** Handlers that describe the caller: its workspace and business numbers; and the process: health, metrics. */
import type { Logger } from '../logger.js';
import type { Handler } from './context.js';
import { baseUrl, workspaceId } from './context.js';
import { buildOpenApiDocument } from './openapi.js';
import { notFound } from './errors.js';

/** GET /v1/me — also what connectors call to test a connection. */
export const getMe: Handler = async (_req, res, ctx) => {
  const id = workspaceId(ctx);
  const [workspace, connections] = await Promise.all([ctx.deps.store.getWorkspace(id), ctx.deps.store.listConnections(id)]);
  if (workspace === null) throw notFound('The workspace of this API key');
  res.json({
    workspace: { id: workspace.id, name: workspace.name },
    phone_numbers: connections.map((c) => ({ id: c.phoneNumberId, display_phone_number: c.displayPhoneNumber, verified_name: c.verifiedName })),
  });
};

/** GET /v1/phone-numbers */
export const getPhoneNumbers: Handler = async (_req, res, ctx) => {
  const connections = await ctx.deps.store.listConnections(workspaceId(ctx));
  res.json({
    data: connections.map((c) => ({ id: c.phoneNumberId, display_phone_number: c.displayPhoneNumber, verified_name: c.verifiedName, waba_id: c.wabaId })),
  });
};

/** GET /healthz — 200 when the store answers, 503 (for load balancers) when it does not. */
export const getHealth: Handler = async (_req, res, ctx) => {
  try {
    await ctx.deps.store.listWorkspaces();
    res.json({ status: 'ok', store: ctx.deps.store.kind });
  } catch (error) {
    (res.locals.log as Logger).error({ err: error }, 'health check: the store does not answer');
    res.status(503).json({ status: 'unavailable', store: ctx.deps.store.kind });
  }
};

/** GET /metrics — Prometheus text. */
export const getMetrics: Handler = async (_req, res, ctx) => {
  res.type(ctx.deps.metrics.contentType).send(await ctx.deps.metrics.text());
};

/** GET /v1/openapi.json — public, so that platforms can import the API before they have a key. */
export const getOpenApi: Handler = async (req, res, ctx) => {
  res.json(buildOpenApiDocument({ serverUrl: baseUrl(req, ctx) }));
};
