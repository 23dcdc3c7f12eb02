/**
 * Connecting one HubSpot account (the `kaiku hubspot connect` command): learn the portal id from the token
 * (`GET /account-info/v3/details`), create the documented contact properties if missing, and — for
 * Enterprise accounts that want it — the custom event definition.
 */
import { createApiClient, translateApiError, withRetries } from './api/client.js';
import { ensureContactProperties } from './crm/properties.js';
import { ensureEventDefinition } from './setup/event-definition.js';

/** What connecting found and created. */
export interface ConnectedAccount {
  portalId: number;
  createdProperties: string[];
}

async function portalIdOf(client: ReturnType<typeof createApiClient>): Promise<number> {
  const response = await client.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw translateApiError({ code: response.status, headers: Object.fromEntries(response.headers.entries()), body }, 'read the account details');
  }
  const details = (await response.json()) as { portalId?: unknown };
  const portalId = Number(details.portalId);
  if (!Number.isSafeInteger(portalId) || portalId <= 0) throw new Error('HubSpot did not say which account this token belongs to; pass the portal id (hub id) explicitly.');
  return portalId;
}

/** Checks the token against HubSpot and prepares the account; `portalId` is looked up when not given. */
export async function connectAccount(options: { apiBaseUrl: string; accessToken: string; portalId?: number }): Promise<ConnectedAccount> {
  const client = createApiClient({ baseUrl: options.apiBaseUrl, accessToken: options.accessToken });
  const portalId = options.portalId ?? (await withRetries(() => portalIdOf(client), { attempts: 3 }));
  const createdProperties = await withRetries(() => ensureContactProperties(client), { attempts: 5 });
  return { portalId, createdProperties };
}

/** Creates the custom event definition in the account if it has none (Enterprise tiers). */
export async function enableCustomEvents(options: { apiBaseUrl: string; accessToken: string }): Promise<boolean> {
  const client = createApiClient({ baseUrl: options.apiBaseUrl, accessToken: options.accessToken });
  return withRetries(() => ensureEventDefinition(client), { attempts: 5 });
}
