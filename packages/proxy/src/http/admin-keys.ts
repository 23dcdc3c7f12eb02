/** Handlers of /v1/keys (admins): the workspace's API keys with their last use; create one (shown once); revoke. */
import { createKey, listKeys, revokeKey } from '../actions/api-keys.js';
import type { Handler } from './context.js';
import { param, workspaceId } from './context.js';

/** GET /v1/keys */
export const getKeys: Handler = async (_req, res, ctx) => {
  res.json({ data: await listKeys(ctx.deps.store, workspaceId(ctx)) });
};

/** POST /v1/keys */
export const postKey: Handler = async (req, res, ctx) => {
  const created = await createKey(ctx.deps.store, workspaceId(ctx), ctx.validate.admin('ApiKeyInput', req.body));
  res.status(201).json(created);
};

/** DELETE /v1/keys/{id} */
export const deleteKey: Handler = async (req, res, ctx) => {
  await revokeKey(ctx.deps.store, workspaceId(ctx), param(req, 'id'));
  res.status(204).end();
};
