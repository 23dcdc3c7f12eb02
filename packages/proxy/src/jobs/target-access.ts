/**
 * Which HTTP client delivers for a workspace: the public-only one, or, for a workspace that may reach private
 * addresses (the sandbox demo, or every workspace when the operator allows it), the unrestricted one. The
 * workspace's flag is read from the store and kept for a minute, so that a delivery costs no extra query.
 */
import type { Config } from '../config.js';
import { mayTargetPrivate } from '../actions/check-target-url.js';
import type { Store } from '../store/types.js';
import type { HttpPost } from './http-post.js';

/** Picks a workspace's client. */
export type PostFor = (workspaceId: string) => Promise<HttpPost>;

/** Builds the picker from the two clients. */
export function postForWorkspace(store: Store, config: Pick<Config, 'allowPrivateTargets' | 'production'>, clients: { publicOnly: HttpPost; any: HttpPost }, ttlMs = 60_000): PostFor {
  if (config.allowPrivateTargets) return () => Promise.resolve(clients.any);
  const known = new Map<string, { at: number; allowed: boolean }>();
  return async (workspaceId) => {
    const now = Date.now();
    let entry = known.get(workspaceId);
    if (entry === undefined || now - entry.at > ttlMs) {
      entry = { at: now, allowed: mayTargetPrivate(config, await store.getWorkspace(workspaceId)) };
      known.set(workspaceId, entry);
    }
    return entry.allowed ? clients.any : clients.publicOnly;
  };
}
