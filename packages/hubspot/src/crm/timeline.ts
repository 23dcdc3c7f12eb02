/**
 * What lands on the contact's timeline: a communication (channel WhatsApp) associated with the contact,
 * and for Enterprise accounts a custom event that can enroll the contact in workflows.
 * https://developers.hubspot.com/docs/api/crm/communications — association type 81 = communication to contact.
 * https://developers.hubspot.com/docs/api/analytics/events — `POST /events/v3/send`.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@hubspot/api-client';
import type { SimplePublicObjectInputForCreate } from '@hubspot/api-client/lib/codegen/crm/objects/communications/index.js';
import { callHubspot } from '../api/client.js';
import { communicationBody, lastMessageText, type InboundRecord } from './inbound-record.js';

/** HubSpot-defined association type: communication → contact. */
export const COMMUNICATION_TO_CONTACT = 81;

/** The custom event's internal name; its fully qualified name is `pe<portalId>_<name>`. */
export const CUSTOM_EVENT_NAME = 'kaiku_whatsapp_message_received';

/** The communication HubSpot receives for one inbound message. */
export function communicationInput(record: InboundRecord, contactId: string): SimplePublicObjectInputForCreate {
  return {
    properties: {
      hs_communication_channel_type: 'WHATS_APP',
      hs_communication_logged_from: 'CRM',
      hs_communication_body: communicationBody(record),
      hs_timestamp: record.received_at,
    },
    associations: [{ to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: COMMUNICATION_TO_CONTACT }] }],
  } as SimplePublicObjectInputForCreate;
}

/** Logs the message on the contact's timeline; returns the communication id. */
export async function logCommunication(client: Client, record: InboundRecord, contactId: string): Promise<string> {
  const created = await callHubspot('log the message on the contact timeline', () =>
    client.crm.objects.communications.basicApi.create(communicationInput(record, contactId)),
  );
  return created.id;
}

/** A UUID derived from the message id, so that a retried event is deduplicated by HubSpot. */
export function eventUuid(messageId: string): string {
  const hex = createHash('sha256').update(messageId).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Sends the "WhatsApp message received" custom event for the contact. */
export async function sendCustomEvent(client: Client, portalId: number, record: InboundRecord, contactId: string): Promise<void> {
  const request = {
    eventName: `pe${portalId}_${CUSTOM_EVENT_NAME}`,
    objectId: contactId,
    occurredAt: new Date(record.received_at),
    uuid: eventUuid(record.id),
    properties: {
      message_id: record.id,
      message_type: record.type,
      message_text: lastMessageText(record).slice(0, 256),
      whatsapp_id: record.from,
    },
  };
  await callHubspot('send the WhatsApp custom event', () => client.events.send.basicApi.send(request));
}
