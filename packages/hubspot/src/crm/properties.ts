/**
 * The documented contact properties Kaiku writes, in one group. Workflows enroll on changes of
 * `kaiku_whatsapp_last_message_at` (any tier with workflows); the setup and connect commands create
 * whatever is missing and never touch what exists.
 */
import type { Client } from '@hubspot/api-client';
import type { PropertyCreate } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { callHubspot } from '../api/client.js';

/** The property group holding Kaiku's contact properties. */
export const PROPERTY_GROUP = { name: 'kaiku_whatsapp', label: 'WhatsApp (Kaiku)', displayOrder: -1 };

/** Names of the contact properties Kaiku maintains. */
export const CONTACT_PROPERTY = {
  waId: 'kaiku_whatsapp_id',
  lastMessageAt: 'kaiku_whatsapp_last_message_at',
  lastMessageText: 'kaiku_whatsapp_last_message_text',
  optedOut: 'kaiku_whatsapp_opted_out',
  lastLoggedId: 'kaiku_whatsapp_last_logged_message_id',
} as const;

const BOOLEAN_OPTIONS = [
  { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
  { label: 'No', value: 'false', displayOrder: 1, hidden: false },
];

/** The property definitions as HubSpot's properties API takes them (`POST /crm/v3/properties/contacts`). */
export const CONTACT_PROPERTIES: PropertyCreate[] = [
  {
    name: CONTACT_PROPERTY.waId, label: 'WhatsApp ID', groupName: PROPERTY_GROUP.name, type: 'string', fieldType: 'text',
    hasUniqueValue: true,
    description: "The contact's WhatsApp number as digits with the country code (for example 358401234567), or their WhatsApp user ID (for example US.13491208655302741918) when they use a username and WhatsApp keeps the number back. Set by Kaiku.",
  },
  {
    name: CONTACT_PROPERTY.lastMessageAt, label: 'Last WhatsApp message at', groupName: PROPERTY_GROUP.name, type: 'datetime', fieldType: 'date',
    description: 'When the contact last wrote to you on WhatsApp. Use it as a workflow enrollment trigger (with re-enrollment on).',
  },
  {
    name: CONTACT_PROPERTY.lastMessageText, label: 'Last WhatsApp message text', groupName: PROPERTY_GROUP.name, type: 'string', fieldType: 'textarea',
    description: 'What the contact last wrote on WhatsApp (or the kind of media they sent).',
  },
  {
    name: CONTACT_PROPERTY.optedOut, label: 'Opted out of WhatsApp', groupName: PROPERTY_GROUP.name, type: 'enumeration', fieldType: 'booleancheckbox',
    options: BOOLEAN_OPTIONS,
    description: 'Yes when the contact asked on WhatsApp to receive no more messages (for example by writing STOP). Kaiku will not send to them.',
  },
  {
    name: CONTACT_PROPERTY.lastLoggedId, label: 'Last logged WhatsApp message id', groupName: PROPERTY_GROUP.name, type: 'string', fieldType: 'text',
    hidden: true,
    description: 'Internal: the last WhatsApp message Kaiku logged on the timeline, so that a retry never logs it twice.',
  },
] as PropertyCreate[];

/** Creates the property group and any missing contact properties; returns the names it created. */
export async function ensureContactProperties(client: Client): Promise<string[]> {
  const groups = await callHubspot('list contact property groups', () => client.crm.properties.groupsApi.getAll('contacts'));
  if (!groups.results.some((group) => group.name === PROPERTY_GROUP.name)) {
    await callHubspot('create the WhatsApp property group', () => client.crm.properties.groupsApi.create('contacts', PROPERTY_GROUP));
  }
  const existing = await callHubspot('list contact properties', () => client.crm.properties.coreApi.getAll('contacts'));
  const names = new Set(existing.results.map((property) => property.name));
  const created: string[] = [];
  for (const property of CONTACT_PROPERTIES) {
    if (names.has(property.name)) continue;
    await callHubspot(`create the contact property ${property.name}`, () => client.crm.properties.coreApi.create('contacts', property));
    created.push(property.name);
  }
  return created;
}
