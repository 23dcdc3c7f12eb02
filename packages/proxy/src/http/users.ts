/** Handlers of /v1/users: the workspace's console users (admins only). */
import { createConsoleUser, removeConsoleUser, userView } from '../actions/console-users.js';
import type { Handler } from './context.js';
import { param, workspaceId } from './context.js';

function text(body: unknown, name: string): string {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/** GET /v1/users */
export const getUsers: Handler = async (_req, res, ctx) => {
  res.json({ data: (await ctx.deps.store.listConsoleUsers(workspaceId(ctx))).map(userView) });
};

/** POST /v1/users */
export const postUser: Handler = async (req, res, ctx) => {
  const body: unknown = req.body;
  res.status(201).json(await createConsoleUser(ctx.deps.store, { workspaceId: workspaceId(ctx), email: text(body, 'email'), role: text(body, 'role'), password: text(body, 'password') }));
};

/** DELETE /v1/users/{id} */
export const deleteUser: Handler = async (req, res, ctx) => {
  await removeConsoleUser(ctx.deps.store, workspaceId(ctx), param(req, 'id'));
  res.status(204).end();
};
