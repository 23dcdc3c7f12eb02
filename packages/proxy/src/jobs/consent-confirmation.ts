/**
 * The reply that confirms an opt-out or opt-in (keyword or button), sent where the workspace enables it
 * (`confirmConsentChanges`), in the customer's language as far as it is known: the language of the keyword
 * or button, else the country of their number (Finland → Finnish, Sweden → Swedish), else English.
 * The customer has just written, so the free-form window is open.
 */
import type { KeywordLanguage } from '@kaiku/core';
import type { ActionDeps } from '../actions/context.js';
import { sendThrottled } from '../actions/throughput.js';
import type { ConsentConfirmer } from './webhook-applier.js';

/** What the customer reads after an opt-out or opt-in, per language. */
export const CONFIRMATIONS: Readonly<Record<KeywordLanguage, { opted_out: string; opted_in: string }>> = {
  en: {
    opted_out: 'You will no longer receive messages from us on WhatsApp. Reply START to subscribe again.',
    opted_in: 'You are subscribed to our WhatsApp messages again. Reply STOP to unsubscribe.',
  },
  fi: {
    opted_out: 'Et saa enää viestejämme WhatsAppissa. Vastaa ALOITA, jos haluat ne takaisin.',
    opted_in: 'Saat taas viestejämme WhatsAppissa. Vastaa LOPETA, jos haluat lopettaa.',
  },
  sv: {
    opted_out: 'Du får inte längre meddelanden från oss på WhatsApp. Svara STARTA för att prenumerera igen.',
    opted_in: 'Du prenumererar på våra WhatsApp-meddelanden igen. Svara SLUTA för att avsluta.',
  },
};

/** What the customer reads after STOP (English). */
export const OPT_OUT_CONFIRMATION = CONFIRMATIONS.en.opted_out;
/** What the customer reads after START (English). */
export const OPT_IN_CONFIRMATION = CONFIRMATIONS.en.opted_in;

/** The customer's language: the one their words or button were in, else their number's country, else English. */
export function customerLanguage(waId: string, spoken: KeywordLanguage | null): KeywordLanguage {
  if (spoken !== null) return spoken;
  if (waId.startsWith('358')) return 'fi';
  if (waId.startsWith('46')) return 'sv';
  return 'en';
}

/** Sends the confirmation through the connection that received the keyword and records it as an outbound message. */
export function createConsentConfirmer(deps: ActionDeps): ConsentConfirmer {
  return async ({ origin, waId, status }) => {
    const text = CONFIRMATIONS[customerLanguage(waId, origin.language)][status];
    const sent = await sendThrottled(deps, origin.connection, { type: 'text', to: waId, text });
    const state = sent.messageStatus ?? 'accepted';
    await deps.store.recordOutboundMessage({
      id: sent.messageId, workspaceId: origin.workspaceId, connectionId: origin.connection.id, waId: sent.waId, type: 'text',
      templateName: null, templateCategory: null, sentAs: 'free_form', status: state, idempotencyKey: null,
      response: { id: sent.messageId, wa_id: sent.waId, status: state, sent_as: 'free_form' },
    });
  };
}
