/** What a route handler gets besides Express's request and response. */
import type { Request, Response } from 'express';
import type { ActionDeps } from '../actions/context.js';
import type { Caller } from './auth.js';
import type { BodyValidators } from './body-schemas.js';
import { ApiError } from './errors.js';

/** Per-request context of a handler. */
export interface HandlerContext {
  deps: ActionDeps;
  validate: BodyValidators;
  /** Set on routes whose auth is `api_key`. */
  caller: Caller | null;
}

/** A thin handler: parse → action → present. */
export type Handler = (req: Request, res: Response, ctx: HandlerContext) => Promise<void>;

/** The caller's workspace id (routes behind `api_key` only). */
export function workspaceId(ctx: HandlerContext): string {
  if (ctx.caller === null) throw new ApiError('unauthorized', 'This request needs a Kaiku API key.');
  return ctx.caller.workspaceId;
}

/** A route parameter as a string. */
export function param(req: Request, name: string): string {
  const value: unknown = req.params[name];
  return typeof value === 'string' ? value : '';
}

/** A query parameter as a string, or undefined. */
export function query(req: Request, name: string): string | undefined {
  const value: unknown = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

/** The absolute base URL of this proxy as the caller reaches it (KAIKU_PUBLIC_URL wins). */
export function baseUrl(req: Request, ctx: HandlerContext): string {
  if (ctx.deps.config.publicUrl !== null) return ctx.deps.config.publicUrl;
  return `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
}
