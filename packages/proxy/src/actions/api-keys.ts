/** Use cases of the API keys page (`/v1/keys`, admins): list with last use, create (shown once), revoke. */
import { ApiError, notFound } from '../http/errors.js';
import type { ApiKey, Store } from '../store/types.js';
import { createApiKey } from './manage-workspace.js';

/** A key as lists show it: never the key, at most its first 8 characters. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** The public form of a key. */
export function keyView(key: ApiKey): ApiKeyView {
  return {
    id: key.id, name: key.name, prefix: key.prefix, created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt?.toISOString() ?? null, revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}

/** The workspace's keys, newest first. */
export async function listKeys(store: Store, workspaceId: string): Promise<ApiKeyView[]> {
  return (await store.listApiKeys(workspaceId)).map(keyView).reverse();
}

/** Creates a named key; the answer is the only place the key is ever shown. */
export async function createKey(store: Store, workspaceId: string, body: Record<string, unknown>): Promise<ApiKeyView & { key: string }> {
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (name === '' || name.length > 100) {
    throw new ApiError('validation_failed', 'Give the key a name of 1 to 100 characters that says who uses it, e.g. "Zapier (sales team)".', { field: 'name' });
  }
  const { key, record } = await createApiKey(store, workspaceId, name);
  return { ...keyView(record), key };
}

/** Revokes a key of the workspace: requests with it get 401 from now on. */
export async function revokeKey(store: Store, workspaceId: string, keyId: string): Promise<void> {
  if (!(await store.revokeApiKey(workspaceId, keyId))) throw notFound(`The API key "${keyId}"`, { field: 'id' });
}
