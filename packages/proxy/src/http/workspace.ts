/** Handlers that describe the caller: its workspace and business numbers; and the process: health, metrics. */
import type { Logger } from '../logger.js';
import type { Handler } from './context.js';
import { baseUrl, workspaceId } from './context.js';
import { buildOpenApiDocument } from './openapi.js';
import { notFound } from './errors.js';
import type { Store } from '../store/types.js';
import type { Config } from '../config.js';

const DAY_MS = 86_400_000;

async function healthProblems(store: Store, config: Config): Promise<string[]> {
  const now = Date.now();
  const backlog = await store.receiptBacklog(new Date(now - DAY_MS));
  const reasons: string[] = [];
  if (backlog.quarantined > config.healthMaxQuarantined) {
    reasons.push(`${backlog.quarantined} webhook receipt(s) failed to apply and were quarantined in the last 24 hours: see GET /v1/webhooks/quarantine.`);
  }
  const lag = backlog.oldestUnappliedAt === null ? 0 : Math.floor((now - backlog.oldestUnappliedAt.getTime()) / 1000);
  if (lag > config.healthMaxReceiptLagSeconds) {
    reasons.push(`The oldest webhook receipt not yet applied arrived ${lag} s ago (more than ${config.healthMaxReceiptLagSeconds} s): applying is behind or stuck.`);
  }
  return reasons;
}

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

/**
 * GET /healthz — 200 when the store answers (`degraded` with the reasons while receipts are quarantined or
 * wait too long to be applied: the process serves, but someone should look), 503 when the store does not answer.
 */
export const getHealth: Handler = async (_req, res, ctx) => {
  try {
    const reasons = await healthProblems(ctx.deps.store, ctx.deps.config);
    if (reasons.length === 0) res.json({ status: 'ok', store: ctx.deps.store.kind });
    else res.json({ status: 'degraded', store: ctx.deps.store.kind, reasons });
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
