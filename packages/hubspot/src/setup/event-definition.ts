/**
 * The custom event definition for Enterprise accounts ("WhatsApp message received" on contacts).
 * `GET /events/v3/event-definitions/{eventName}`, `POST /events/v3/event-definitions`.
 */
import type { Client } from '@hubspot/api-client';
import { translateApiError } from '../api/client.js';
import { CUSTOM_EVENT_NAME } from '../crm/timeline.js';

/** The definition HubSpot receives; the properties match what the sink sends. */
export const EVENT_DEFINITION = {
  label: 'WhatsApp message received',
  name: CUSTOM_EVENT_NAME,
  description: 'A contact wrote to your WhatsApp business number (sent by Kaiku). Use it to enroll contacts in workflows.',
  primaryObject: 'CONTACT',
  propertyDefinitions: [
    { name: 'message_id', label: 'WhatsApp message ID', type: 'string' },
    { name: 'message_type', label: 'Message type', type: 'string' },
    { name: 'message_text', label: 'Message text', type: 'string' },
    { name: 'whatsapp_id', label: 'WhatsApp ID', type: 'string' },
  ],
};

async function request(client: Client, method: string, path: string, what: string, body?: unknown): Promise<number> {
  const response = await client.apiRequest({ method, path, ...(body ? { body } : {}) });
  if (response.ok || response.status === 404) return response.status;
  const headers = Object.fromEntries(response.headers.entries());
  throw translateApiError({ code: response.status, headers, body: await response.json().catch(() => null) }, what);
}

/** Creates the event definition if the account has none; true when it was created. */
export async function ensureEventDefinition(client: Client): Promise<boolean> {
  const status = await request(client, 'GET', `/events/v3/event-definitions/${CUSTOM_EVENT_NAME}`, 'read the custom event definition');
  if (status !== 404) return false;
  await request(client, 'POST', '/events/v3/event-definitions', 'create the custom event definition', EVENT_DEFINITION);
  return true;
}
