/**
 * Records when each API key was last used, for the API keys page. Each process writes a key's use at most once a
 * minute (and the store's update skips a fresher one), so a busy key costs no write per request.
 */
import { KEY_USE_RESOLUTION_MS } from '../store/admin-types.js';
import type { Store } from '../store/types.js';

const written = new WeakMap<Store, Map<string, number>>();

/** Notes a use of `keyId` now; never fails the request it belongs to. */
export function noteKeyUse(store: Store, keyId: string, now = Date.now()): void {
  const seen = written.get(store) ?? new Map<string, number>();
  written.set(store, seen);
  const last = seen.get(keyId);
  if (last !== undefined && now - last < KEY_USE_RESOLUTION_MS) return;
  seen.set(keyId, now);
  store.touchApiKey(keyId, new Date(now)).catch(() => seen.delete(keyId));
}
