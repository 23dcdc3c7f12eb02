/**
 * The CRM sink: the proxy's delivery machinery hands it each inbound message of a workspace connected
 * to HubSpot (contract §4 `EventSink`). Failures that may pass (429, outages, token trouble) throw
 * `HubspotRetryError`, which the proxy's glue turns into its `SinkRetryError`: retried, not lost.
 */
import { accountClient } from '../api/tokens.js';
import type { HubspotSinkDeps } from '../types.js';
import { findOrCreateContact, updateContactProperties } from './contacts.js';
import { isInboundRecord, lastMessageText, type InboundRecord } from './inbound-record.js';
import { CONTACT_PROPERTY } from './properties.js';
import { logCommunication, sendCustomEvent } from './timeline.js';

/** One event as the delivery machinery hands it to a sink. */
export interface SinkEvent {
  workspaceId: string;
  eventId: string;
  eventType: string;
  record: unknown;
}

/** The contract's in-process sink shape. */
export interface HubspotSink {
  name: string;
  deliver(event: SinkEvent): Promise<void>;
}

/** The sink's registered name (a subscription with `sink = 'hubspot'` feeds it). */
export const HUBSPOT_SINK_NAME = 'hubspot';

/** Builds the HubSpot CRM sink. */
export function createHubspotSink(deps: HubspotSinkDeps): HubspotSink {
  const loggedPending = new Map<string, string>();
  return {
    name: HUBSPOT_SINK_NAME,
    async deliver(event) {
      if (event.eventType !== 'inbound_message') return;
      if (!isInboundRecord(event.record)) throw new Error(`Event ${event.eventId} is not an inbound message record.`);
      const account = await deps.findAccountByWorkspace(event.workspaceId);
      if (!account) return;
      const client = await accountClient(account, deps);
      await syncInbound(event.record, {
        client,
        portalId: account.portalId,
        customEvents: account.customEvents,
        consent: await deps.getConsent?.(event.workspaceId, event.record.from),
        loggedPending,
      });
    },
  };
}

interface SyncContext {
  client: Awaited<ReturnType<typeof accountClient>>;
  portalId: number;
  customEvents: boolean;
  consent: 'opted_in' | 'opted_out' | 'unknown' | undefined;
  /** Messages logged by this process whose property update has not succeeded yet (message id → communication id). */
  loggedPending: Map<string, string>;
}

/** Deliveries that are dead-lettered never clear their entry: keep the memory bounded. */
const MAX_PENDING = 10_000;

function remember(pending: Map<string, string>, messageId: string, communicationId: string): void {
  if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value ?? '');
  pending.set(messageId, communicationId);
}

/**
 * Contact, communication, properties, event — in this order: the properties carry the id of the last
 * logged message, and until they are written the process remembers the communication, so a retry after
 * a later step failed does not log the message twice (only a restart in between can).
 */
async function syncInbound(record: InboundRecord, context: SyncContext): Promise<void> {
  const { client } = context;
  const contact = await findOrCreateContact(client, record.from, record.profile_name);
  const alreadyLogged = contact.properties[CONTACT_PROPERTY.lastLoggedId] === record.id || context.loggedPending.has(record.id);
  if (!alreadyLogged) remember(context.loggedPending, record.id, await logCommunication(client, record, contact.id));
  const properties: Record<string, string> = {
    [CONTACT_PROPERTY.waId]: record.from,
    [CONTACT_PROPERTY.lastMessageAt]: record.received_at,
    [CONTACT_PROPERTY.lastMessageText]: lastMessageText(record),
    [CONTACT_PROPERTY.lastLoggedId]: record.id,
  };
  if (context.consent === 'opted_out') properties[CONTACT_PROPERTY.optedOut] = 'true';
  if (context.consent === 'opted_in') properties[CONTACT_PROPERTY.optedOut] = 'false';
  await updateContactProperties(client, contact.id, properties);
  context.loggedPending.delete(record.id);
  if (context.customEvents) await sendCustomEvent(client, context.portalId, record, contact.id);
}
