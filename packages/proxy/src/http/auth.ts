/**
 * API key authentication (`Authorization: Bearer <key>` or `X-API-Key`) and the per-key rate limit.
 * Keys are looked up by their SHA-256 hash; the key itself is never stored or logged.
 */
import type { Request } from 'express';
import type { Store } from '../store/types.js';
import { hashApiKey } from '../secrets.js';
import { ApiError } from './errors.js';
import { noteKeyUse } from './key-use.js';

/** Who is calling: set on every authenticated request. */
export interface Caller {
  workspaceId: string;
  keyId: string;
  /** Set when a console user calls with their session cookie (http/console-auth.ts). */
  user?: { id: string; email: string; role: 'admin' | 'agent'; csrfToken: string };
}

function presentedKey(req: Request): string | null {
  const header = req.get('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] !== undefined) return match[1];
    throw new ApiError('unauthorized', 'The Authorization header must be "Bearer <your Kaiku API key>".');
  }
  const key = req.get('x-api-key')?.trim();
  return key ? key : null;
}

/** Finds the workspace of the presented key; throws 401 with what to do. */
export async function authenticate(req: Request, store: Store): Promise<Caller> {
  const key = presentedKey(req);
  if (key === null) {
    throw new ApiError('unauthorized', 'This request needs a Kaiku API key: send it as "Authorization: Bearer <key>" or in the X-API-Key header. Create one with: pnpm kaiku key create.');
  }
  const found = await store.findApiKeyByHash(hashApiKey(key));
  if (found === null || found.revokedAt !== null) {
    throw new ApiError('unauthorized', 'This Kaiku API key is not valid (mistyped, revoked or from another installation). Create a new one with: pnpm kaiku key create.');
  }
  noteKeyUse(store, found.id);
  return { workspaceId: found.workspaceId, keyId: found.id };
}

/** Takes one request of a key's budget: 0, or the ms until the next is there (the store's, shared by every process). */
export type RequestTokens = (keyId: string, perMinute: number) => Promise<number>;

/** The per-key limit: `perMinute` requests, refilled continuously, counted by `tokens`. */
export class RateLimiter {
  constructor(private readonly perMinute: number, private readonly tokens: RequestTokens) {}

  /** Takes one request for `keyId`; throws 429 with the wait when the budget is spent. */
  async take(keyId: string): Promise<void> {
    const waitMs = await this.tokens(keyId, this.perMinute);
    if (waitMs === 0) return;
    throw new ApiError('rate_limited', `This API key made more than ${this.perMinute} requests in a minute. Wait ${Math.ceil(waitMs / 1000)} s and try again, or spread the calls out.`, { limit_per_minute: this.perMinute }, waitMs);
  }
}
