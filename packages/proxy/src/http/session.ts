/** Handlers of /v1/session: sign in (password or one-time link), who is signed in, sign out. */
import type { Request, Response } from 'express';
import { acceptInvite } from '../actions/invite-user.js';
import { signIn, signInWithLink, signOut } from '../actions/sign-in.js';
import type { NewSession } from '../actions/sign-in.js';
import type { ActionDeps } from '../actions/context.js';
import type { Handler, HandlerContext } from './context.js';
import { checkOrigin, cookie, SESSION_COOKIE, setSessionCookie } from './console-auth.js';
import { ApiError } from './errors.js';

function field(body: unknown, name: string): string {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  if (typeof value === 'string' && value !== '' && value.length <= 500) return value;
  throw new ApiError('validation_failed', `The field "${name}" is required: a JSON body such as {"email": "…", "password": "…"}.`, { field: name });
}

async function answer(req: Request, res: Response, ctx: HandlerContext, made: NewSession): Promise<void> {
  setSessionCookie(req, res, ctx.deps, made.cookieValue, made.session.expiresAt.getTime() - made.session.createdAt.getTime());
  res.json(await sessionView(ctx.deps, made.user, made.session.csrfToken));
}

async function sessionView(deps: ActionDeps, user: { id: string; email: string; role: string; workspaceId?: string }, csrfToken: string, workspaceId = user.workspaceId ?? '') {
  const workspace = await deps.store.getWorkspace(workspaceId);
  return { user: { id: user.id, email: user.email, role: user.role }, workspace: { id: workspaceId, name: workspace?.name ?? '' }, csrf_token: csrfToken };
}

const address = (req: Request): string => req.ip ?? 'unknown';

/** POST /v1/session */
export const postSession: Handler = async (req, res, ctx) => {
  checkOrigin(req);
  await answer(req, res, ctx, await signIn(ctx.deps, { email: field(req.body, 'email'), password: field(req.body, 'password'), address: address(req) }));
};

/** POST /v1/session/link */
export const postSessionLink: Handler = async (req, res, ctx) => {
  checkOrigin(req);
  await answer(req, res, ctx, await signInWithLink(ctx.deps, { token: field(req.body, 'token'), address: address(req) }));
};

/** GET /v1/session */
export const getSession: Handler = async (req, res, ctx) => {
  const user = ctx.caller?.user;
  if (user === undefined || ctx.caller === null) throw new ApiError('unauthorized', 'No one is signed in to the console with this request (an API key is not a console user).');
  res.json(await sessionView(ctx.deps, user, user.csrfToken, ctx.caller.workspaceId));
};

/** DELETE /v1/session */
export const deleteSession: Handler = async (req, res, ctx) => {
  const value = cookie(req, SESSION_COOKIE);
  if (value) await signOut(ctx.deps, value);
  setSessionCookie(req, res, ctx.deps, null);
  res.status(204).end();
};

/** POST /v1/session/invite: accepts an invitation with the password the invitee chose, and signs them in. */
export const postSessionInvite: Handler = async (req, res, ctx) => {
  checkOrigin(req);
  await answer(req, res, ctx, await acceptInvite(ctx.deps, { token: field(req.body, 'token'), password: field(req.body, 'password'), address: address(req) }));
};
