/** Which business number a request speaks for: the one named, or the workspace's only/first number. */
import { ApiError } from '../http/errors.js';
import type { Connection, Store } from '../store/types.js';

/** The workspace's connection for `phoneNumberId` (or its first); 404 / 422 with what to do otherwise. */
export async function resolveConnection(store: Store, workspaceId: string, phoneNumberId?: string | null): Promise<Connection> {
  const connections = await store.listConnections(workspaceId);
  if (phoneNumberId) {
    const found = connections.find((connection) => connection.phoneNumberId === phoneNumberId);
    if (found !== undefined) return found;
    throw new ApiError('not_found', `The business phone number id "${phoneNumberId}" is not connected to this workspace. Pick one from GET /v1/phone-numbers.`, { field: 'phone_number_id' });
  }
  const first = connections[0];
  if (first === undefined) {
    throw new ApiError('validation_failed', 'This workspace has no WhatsApp number connected yet. Connect one with: pnpm kaiku connection add.', { field: 'phone_number_id' });
  }
  return first;
}
