/**
 * Consent given or withdrawn by tapping a button: a quick reply the workspace marks as opt-out ("Stop
 * promotions", "Ei mainoksia", Meta's marketing opt-out button), and the answers of an opt-in request
 * (`POST /v1/contacts/{phone}/opt-in-request`), whose payloads Kaiku set when it sent the request.
 */
import { normalizeKeywordText } from '@kaiku/core';
import type { InboundMessageRecord, KeywordLanguage } from '@kaiku/core';
import type { ConsentChange } from '../store/types.js';

/** Starts the quick-reply payload of an opt-in request's buttons. */
export const OPT_IN_PAYLOAD_PREFIX = 'kaiku_consent';

/** What an opt-in request's button means: agree, decline (nothing recorded) or decline as an opt-out. */
export type OptInAnswer = 'yes' | 'no' | 'no_opt_out';

/** The payload Kaiku puts on an opt-in request's button (the template's name is part of the proof). */
export function optInPayload(answer: OptInAnswer, template: string): string {
  return `${OPT_IN_PAYLOAD_PREFIX}:${answer}:${template}`;
}

/** Meta's marketing opt-out button as customers read it in English, Finnish and Swedish. */
export const DEFAULT_OPT_OUT_BUTTONS: Readonly<Record<string, KeywordLanguage>> = {
  'Stop promotions': 'en', 'Ei mainoksia': 'fi', 'Stoppa kampanjer': 'sv',
};

/** What a button lookup may need from the store. */
export interface ButtonContext {
  /** The workspace's opt-out buttons (payloads or texts). */
  optOutButtons: readonly string[];
  /** The template of the message the customer answered, when Kaiku sent it. */
  templateOf: (messageId: string) => Promise<string | null>;
}

/** A consent change decided by a tap, with the language the button was in (when known). */
export interface ButtonDecision {
  change: ConsentChange;
  language: KeywordLanguage | null;
}

const BUTTON_TYPES = new Set(['button', 'button_reply']);

function parseOptIn(payload: string | null): { answer: OptInAnswer; template: string } | null {
  if (payload === null || !payload.startsWith(`${OPT_IN_PAYLOAD_PREFIX}:`)) return null;
  const [, answer, ...rest] = payload.split(':');
  if (answer !== 'yes' && answer !== 'no' && answer !== 'no_opt_out') return null;
  return { answer, template: rest.join(':') };
}

function proofOf(message: InboundMessageRecord, template: string | null): string {
  const request = message.reply_to_message_id === null ? '' : ` on message ${message.reply_to_message_id}`;
  const from = template === null ? '' : ` of template "${template}"`;
  return `Tapped "${(message.reply_title ?? message.text ?? '').slice(0, 100)}"${from}${request} (WhatsApp message ${message.id}) at ${message.received_at}`;
}

function change(message: InboundMessageRecord, status: 'opted_in' | 'opted_out', source: string, template: string | null): ConsentChange {
  return {
    waId: message.from, dedupeKey: `msg:${message.id}`,
    event: { status, source, proof: proofOf(message, template), recordedAt: new Date(message.received_at) },
  };
}

function languageOfButton(label: string): KeywordLanguage | null {
  const wanted = normalizeKeywordText(label);
  const found = Object.entries(DEFAULT_OPT_OUT_BUTTONS).find(([text]) => normalizeKeywordText(text) === wanted);
  return found?.[1] ?? null;
}

/** The consent change a tapped button makes, or null (not a button, or not one about consent). */
export async function buttonDecision(message: InboundMessageRecord, context: ButtonContext): Promise<ButtonDecision | null> {
  if (!BUTTON_TYPES.has(message.type)) return null;
  const optIn = parseOptIn(message.reply_id);
  if (optIn !== null) {
    if (optIn.answer === 'no') return null;
    const status = optIn.answer === 'yes' ? 'opted_in' : 'opted_out';
    return { change: change(message, status, 'whatsapp_opt_in_request', optIn.template), language: null };
  }
  const marked = new Set(context.optOutButtons.map(normalizeKeywordText));
  const tapped = [message.reply_id, message.reply_title ?? message.text].filter((v): v is string => v !== null && marked.has(normalizeKeywordText(v)));
  if (tapped.length === 0) return null;
  const template = message.reply_to_message_id === null ? null : await context.templateOf(message.reply_to_message_id);
  return { change: change(message, 'opted_out', 'whatsapp_opt_out_button', template), language: languageOfButton(message.reply_title ?? message.text ?? '') };
}
