/**
 * Logs a message sent by a workflow action on the enrolled record's timeline (a WhatsApp communication),
 * so that the team sees what went out. Best effort: a failure here never fails the send.
 */
import type { Client } from '@hubspot/api-client';
import type { SimplePublicObjectInputForCreate } from '@hubspot/api-client/lib/codegen/crm/objects/communications/index.js';
import { callHubspot } from '../api/client.js';
import { escapeHtml } from './inbound-record.js';

/** HubSpot-defined association types from a communication to the records the actions run on. */
export const COMMUNICATION_ASSOCIATION: Readonly<Record<string, number>> = { CONTACT: 81, DEAL: 85, TICKET: 83 };

/** What went out, and on which record. */
export interface SentMessage {
  objectType: string;
  objectId: string;
  /** Plain text: the template preview, the reply text, or the media link. */
  text: string;
  sentAt: Date;
}

/** The communication for a sent message, or null when the record type cannot hold one. */
export function sentCommunication(sent: SentMessage): SimplePublicObjectInputForCreate | null {
  const associationTypeId = COMMUNICATION_ASSOCIATION[sent.objectType.toUpperCase()];
  if (associationTypeId === undefined || !/^\d+$/.test(sent.objectId)) return null;
  return {
    properties: {
      hs_communication_channel_type: 'WHATS_APP',
      hs_communication_logged_from: 'CRM',
      hs_communication_body: `Sent on WhatsApp: ${escapeHtml(sent.text)}`,
      hs_timestamp: sent.sentAt.toISOString(),
    },
    associations: [{ to: { id: sent.objectId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }] }],
  } as SimplePublicObjectInputForCreate;
}

/** Logs the sent message on the record's timeline (nothing for record types without communications). */
export async function logSentMessage(client: Client, sent: SentMessage): Promise<void> {
  const input = sentCommunication(sent);
  if (input === null) return;
  await callHubspot('log the sent message on the record timeline', () => client.crm.objects.communications.basicApi.create(input));
}
