/** Handlers of /v1/users: the workspace's console users (admins only). */
import { createConsoleUser, removeConsoleUser, setConsoleUserRole, userView } from '../actions/console-users.js';
import { inviteUser } from '../actions/invite-user.js';
import type { Handler } from './context.js';
import { baseUrl, param, workspaceId } from './context.js';

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

/** PUT /v1/users/{id}/role */
export const putUserRole: Handler = async (req, res, ctx) => {
  res.json(await setConsoleUserRole(ctx.deps.store, workspaceId(ctx), param(req, 'id'), text(ctx.validate.admin('RoleInput', req.body), 'role')));
};

/** POST /v1/users/invite: the link goes to the console's invitation page, the token after `#` (never sent to a server log). */
export const postInvite: Handler = async (req, res, ctx) => {
  const body = ctx.validate.admin('InviteInput', req.body);
  const invitation = await inviteUser(ctx.deps.store, { workspaceId: workspaceId(ctx), email: text(body, 'email'), role: text(body, 'role') });
  res.status(201).json({ user: invitation.user, invite_url: `${baseUrl(req, ctx)}/invite#token=${invitation.token}`, expires_at: invitation.expires_at });
};
