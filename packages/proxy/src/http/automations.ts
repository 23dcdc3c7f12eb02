/** Handlers of /v1/automations. */
import {
  createAutomation, deleteAutomation, getAutomation, listAutomationRuns, listAutomations, replaceAutomation,
} from '../actions/automations.js';
import { ApiError } from './errors.js';
import type { Handler } from './context.js';
import { baseUrl, param, query, workspaceId } from './context.js';

/** POST /v1/automations → 201 with Location. */
export const postAutomation: Handler = async (req, res, ctx) => {
  const rule = await createAutomation(ctx.deps, workspaceId(ctx), ctx.validate.automation(req.body));
  res.status(201).location(`${baseUrl(req, ctx)}/v1/automations/${encodeURIComponent(rule.id)}`).json(rule);
};

/** GET /v1/automations?phone_number_id= */
export const getAutomations: Handler = async (req, res, ctx) => {
  res.json({ data: await listAutomations(ctx.deps, workspaceId(ctx), query(req, 'phone_number_id')) });
};

/** GET /v1/automations/{id} */
export const getOneAutomation: Handler = async (req, res, ctx) => {
  res.json(await getAutomation(ctx.deps, workspaceId(ctx), param(req, 'id')));
};

/** PUT /v1/automations/{id} */
export const putAutomation: Handler = async (req, res, ctx) => {
  res.json(await replaceAutomation(ctx.deps, workspaceId(ctx), param(req, 'id'), ctx.validate.automation(req.body)));
};

/** DELETE /v1/automations/{id} → 204 */
export const removeAutomation: Handler = async (req, res, ctx) => {
  await deleteAutomation(ctx.deps, workspaceId(ctx), param(req, 'id'));
  res.status(204).end();
};

/** GET /v1/automations/runs?automation_id=&limit= */
export const getAutomationRuns: Handler = async (req, res, ctx) => {
  const limit = Number(query(req, 'limit') ?? '50');
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new ApiError('validation_failed', 'The field "limit" must be a whole number from 1 to 500.', { field: 'limit' });
  }
  const automationId = query(req, 'automation_id');
  res.json({ data: await listAutomationRuns(ctx.deps, workspaceId(ctx), { limit, ...(automationId === undefined ? {} : { automationId }) }) });
};
