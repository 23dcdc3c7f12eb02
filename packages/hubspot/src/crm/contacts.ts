/**
 * Finding or creating the HubSpot contact behind a WhatsApp number, and writing Kaiku's properties.
 * https://developers.hubspot.com/docs/api/crm/search — up to five filter groups, ORed.
 */
import type { Client } from '@hubspot/api-client';
import type { PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { isBusinessScopedUserId } from '@kaiku/core';
import { callHubspot, HubspotApiError } from '../api/client.js';
import { CONTACT_PROPERTY } from './properties.js';

/** The contact a message belongs to, with the Kaiku properties it had before this message. */
export interface FoundContact {
  id: string;
  created: boolean;
  properties: Record<string, string | null>;
}

const READ_PROPERTIES = ['phone', 'mobilephone', 'firstname', CONTACT_PROPERTY.waId, CONTACT_PROPERTY.lastLoggedId, CONTACT_PROPERTY.optedOut];

/** A WhatsApp number; not the user ID (BSUID) of a customer whose number WhatsApp keeps back. */
function isNumber(waId: string): boolean {
  return !isBusinessScopedUserId(waId);
}

/** The search HubSpot receives: the WhatsApp id, or (for a number) the phone or mobile phone in E.164. */
export function contactSearch(waId: string): PublicObjectSearchRequest {
  const e164 = `+${waId}`;
  const eq = (propertyName: string, value: string) => ({ filters: [{ propertyName, operator: 'EQ', value }] });
  return {
    filterGroups: isNumber(waId) ? [eq(CONTACT_PROPERTY.waId, waId), eq('phone', e164), eq('mobilephone', e164)] : [eq(CONTACT_PROPERTY.waId, waId)],
    properties: READ_PROPERTIES,
    limit: 5,
  } as PublicObjectSearchRequest;
}

/**
 * Finds the contact by WhatsApp id or phone (E.164), or creates one named after the WhatsApp profile. Search
 * lags writes by a few seconds, so a second message right after the first may not find the new contact; the
 * unique WhatsApp id property turns that into a 409 and a read by id instead of a duplicate contact.
 */
export async function findOrCreateContact(client: Client, waId: string, profileName: string | null): Promise<FoundContact> {
  const found = await callHubspot('search for the contact by phone number', () => client.crm.contacts.searchApi.doSearch(contactSearch(waId)));
  // Prefer the contact that already carries the (unique) WhatsApp id over one that merely has the phone.
  const first = found.results.find((c) => c.properties[CONTACT_PROPERTY.waId] === waId) ?? found.results[0];
  if (first) return { id: first.id, created: false, properties: first.properties };
  const properties: Record<string, string> = { ...(isNumber(waId) ? { phone: `+${waId}` } : {}), [CONTACT_PROPERTY.waId]: waId };
  if (profileName) properties.firstname = profileName;
  try {
    const created = await callHubspot('create the contact', () => client.crm.contacts.basicApi.create({ properties, associations: [] }));
    return { id: created.id, created: true, properties: created.properties };
  } catch (error) {
    // The WhatsApp id is a unique property: a 409 means the contact exists but search has not indexed it yet.
    if (!(error instanceof HubspotApiError) || error.status !== 409) throw error;
    const existing = await callHubspot('read the contact by WhatsApp id', () =>
      client.crm.contacts.basicApi.getById(waId, READ_PROPERTIES, undefined, undefined, false, CONTACT_PROPERTY.waId),
    );
    return { id: existing.id, created: false, properties: existing.properties };
  }
}

/** Writes Kaiku's contact properties (the enrollment trigger among them). */
export async function updateContactProperties(client: Client, contactId: string, properties: Record<string, string>): Promise<void> {
  await callHubspot('update the contact properties', () => client.crm.contacts.basicApi.update(contactId, { properties }));
}
