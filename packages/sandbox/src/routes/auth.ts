/** The Bearer token check of the Graph surface (Meta also accepts `access_token` in the query). */
import type { NextFunction, Request, Response } from 'express';
import type { Sandbox } from '../context.js';
import { GraphError } from '../graph-error.js';
import { checkPermission, permissionsOf } from '../tokens.js';

/** Meta's answer to a wrong access token: code 190, HTTP 401. */
export function invalidToken(): GraphError {
  return new GraphError(190, 'Invalid OAuth access token', {
    status: 401,
    noErrorData: true,
    message: 'Invalid OAuth access token - Cannot parse access token',
  });
}

/** The token a request carries, from `Authorization: Bearer …` or `?access_token=`. */
export function tokenOf(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const query = req.query.access_token;
  return typeof query === 'string' ? query : undefined;
}

/** Graph's answer to a request with no access token at all: code 104, HTTP 400. */
export function missingToken(): GraphError {
  return new GraphError(104, 'An access token is required to request this resource.', {
    status: 400,
    noErrorData: true,
    message: 'An access token is required to request this resource.',
  });
}

/** Express middleware rejecting every request without a token the sandbox issued, or beyond that token's permissions. */
export function requireToken(sandbox: Sandbox) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const token = tokenOf(req);
    if (token === undefined || token === '') return next(missingToken());
    const permissions = permissionsOf(sandbox, token);
    if (permissions === null) return next(invalidToken());
    res.locals.permissions = permissions;
    checkPermission(sandbox, req, permissions);
    next();
  };
}
