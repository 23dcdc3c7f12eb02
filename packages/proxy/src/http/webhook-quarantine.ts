/** Handlers of /v1/webhooks/quarantine: the receipts that failed to apply, and retrying one by hand. */
import { listQuarantine, retryQuarantined } from '../actions/webhook-quarantine.js';
import { ApiError } from './errors.js';
import type { Handler } from './context.js';
import { param, query, workspaceId } from './context.js';

/** GET /v1/webhooks/quarantine?limit= */
export const getQuarantine: Handler = async (req, res, ctx) => {
  const raw = query(req, 'limit') ?? '50';
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new ApiError('validation_failed', 'The field "limit" must be a whole number from 1 to 500.', { field: 'limit' });
  }
  res.json({ data: await listQuarantine(ctx.deps, workspaceId(ctx), limit) });
};

/** POST /v1/webhooks/quarantine/{id}/retry → 202: the receipt is applied again on the applier's next round. */
export const postQuarantineRetry: Handler = async (req, res, ctx) => {
  const id = param(req, 'id');
  await retryQuarantined(ctx.deps, workspaceId(ctx), id);
  res.status(202).json({ id, status: 'queued' });
};
