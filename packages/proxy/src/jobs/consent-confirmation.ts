/**
 * The reply that confirms a keyword opt-out or opt-in, sent where the workspace enables it
 * (`confirmConsentChanges`). The customer has just written, so the free-form window is open.
 */
import type { ActionDeps } from '../actions/context.js';
import { sendThrottled } from '../actions/throughput.js';
import type { ConsentConfirmer } from './webhook-applier.js';

/** What the customer reads after STOP. */
export const OPT_OUT_CONFIRMATION = 'You will no longer receive messages from us on WhatsApp. Reply START to subscribe again.';
/** What the customer reads after START. */
export const OPT_IN_CONFIRMATION = 'You are subscribed to our WhatsApp messages again. Reply STOP to unsubscribe.';

/** Sends the confirmation through the connection that received the keyword and records it as an outbound message. */
export function createConsentConfirmer(deps: ActionDeps): ConsentConfirmer {
  return async ({ origin, waId, status }) => {
    const text = status === 'opted_out' ? OPT_OUT_CONFIRMATION : OPT_IN_CONFIRMATION;
    const sent = await sendThrottled(deps, origin.connection, { type: 'text', to: waId, text });
    const state = sent.messageStatus ?? 'accepted';
    await deps.store.recordOutboundMessage({
      id: sent.messageId, workspaceId: origin.workspaceId, connectionId: origin.connection.id, waId: sent.waId, type: 'text',
      templateName: null, templateCategory: null, sentAs: 'free_form', status: state, idempotencyKey: null,
      response: { id: sent.messageId, wa_id: sent.waId, status: state, sent_as: 'free_form' },
    });
  };
}
