/** Handlers of /v1/templates. */
import { findTemplateById, listTemplates, presentTemplate, templateSchema } from '../actions/templates.js';
import type { Handler } from './context.js';
import { param, query, workspaceId } from './context.js';

/** GET /v1/templates?phone_number_id=&status= */
export const getTemplates: Handler = async (req, res, ctx) => {
  const data = await listTemplates(ctx.deps, workspaceId(ctx), { phoneNumberId: query(req, 'phone_number_id'), status: query(req, 'status') });
  res.json({ data });
};

/** GET /v1/templates/{id} */
export const getTemplate: Handler = async (req, res, ctx) => {
  const { template, connection } = await findTemplateById(ctx.deps, workspaceId(ctx), param(req, 'id'));
  res.json(presentTemplate(template, connection));
};

/** GET /v1/templates/{id}/schema */
export const getTemplateSchema: Handler = async (req, res, ctx) => {
  res.json(await templateSchema(ctx.deps, workspaceId(ctx), param(req, 'id')));
};
