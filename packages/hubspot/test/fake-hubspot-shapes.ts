/** The fake's checks of request bodies against HubSpot's documented shapes; each returns an error or null. */

const CHANNEL_TYPES = ['WHATS_APP', 'LINKEDIN_MESSAGE', 'SMS'];
const OPERATORS = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `POST /crm/v3/objects/{type}/search`: at most 5 filter groups of at most 6 filters, 18 filters in all. */
export function checkSearch(body: unknown): string | null {
  if (!isObject(body) || !Array.isArray(body.filterGroups)) return 'filterGroups must be an array';
  if (body.filterGroups.length > 5) return 'at most 5 filterGroups';
  let total = 0;
  for (const group of body.filterGroups) {
    if (!isObject(group) || !Array.isArray(group.filters) || group.filters.length > 6) return 'each filter group needs 1–6 filters';
    for (const filter of group.filters) {
      total++;
      if (!isObject(filter) || typeof filter.propertyName !== 'string' || !OPERATORS.includes(String(filter.operator))) return 'bad filter';
    }
  }
  if (total > 18) return 'at most 18 filters';
  if (body.limit !== undefined && (typeof body.limit !== 'number' || body.limit > 200)) return 'limit is at most 200';
  return null;
}

/** `POST /crm/v3/objects/communications`: channel type, logged-from CRM, body, timestamp, associations. */
export function checkCommunication(body: unknown, contactExists: (id: string) => boolean): string | null {
  if (!isObject(body) || !isObject(body.properties)) return 'properties is required';
  const p = body.properties;
  if (!CHANNEL_TYPES.includes(String(p.hs_communication_channel_type))) return 'hs_communication_channel_type must be WHATS_APP, LINKEDIN_MESSAGE or SMS';
  if (p.hs_communication_logged_from !== 'CRM') return 'hs_communication_logged_from must be CRM';
  if (typeof p.hs_communication_body !== 'string') return 'hs_communication_body must be a string';
  if (typeof p.hs_timestamp !== 'string' || Number.isNaN(Date.parse(p.hs_timestamp))) return 'hs_timestamp must be a date';
  if (!Array.isArray(body.associations)) return null;
  for (const association of body.associations) {
    if (!isObject(association) || !isObject(association.to) || typeof association.to.id !== 'string') return 'association.to.id is required';
    const types = association.types;
    if (!Array.isArray(types) || types.length === 0) return 'association types are required';
    for (const type of types) {
      if (!isObject(type) || !['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED'].includes(String(type.associationCategory))) return 'bad associationCategory';
      if (typeof type.associationTypeId !== 'number') return 'associationTypeId must be a number';
      if (type.associationTypeId === 81 && !contactExists(association.to.id)) return `contact ${association.to.id} not found`;
    }
  }
  return null;
}

/** `POST /events/v3/send`: a fully qualified event name, one object identifier, ISO `occurredAt`, string properties. */
export function checkCustomEvent(body: unknown): string | null {
  if (!isObject(body)) return 'body must be an object';
  if (typeof body.eventName !== 'string' || !/^pe\d+_[a-z][a-z0-9_-]{0,49}$/.test(body.eventName)) return 'eventName must be pe<portalId>_<name>';
  if (typeof body.objectId !== 'string' && typeof body.email !== 'string' && typeof body.utk !== 'string') return 'objectId, email or utk is required';
  if (body.occurredAt !== undefined && (typeof body.occurredAt !== 'string' || Number.isNaN(Date.parse(body.occurredAt)))) return 'occurredAt must be ISO 8601';
  if (body.properties !== undefined) {
    if (!isObject(body.properties)) return 'properties must be an object';
    for (const value of Object.values(body.properties)) if (typeof value !== 'string' || value.length > 1024) return 'property values are strings';
  }
  return null;
}
