/**
 * Consent: recognising opt-out/opt-in keywords in what customers write, and deciding whether a template of a
 * given category may be sent to a customer with a given consent status.
 *
 * Keyword rule: the WHOLE message, once case, accents, surrounding punctuation/emoji and extra whitespace are
 * ignored, must be one of the phrases below. "STOP", "Lopetä!" and "  sluta. " count; "don't stop sending
 * me deals" or "stop by the shop tomorrow" do not, because a keyword inside a sentence is usually not a request.
 * Words that commonly answer other questions (CANCEL an appointment, YES to a question) are deliberately not
 * keywords, so that an ordinary conversation never changes consent by accident.
 */

/** What a message asks for: to stop, to start again, or nothing about consent. */
export type ConsentKeyword = 'opt_out' | 'opt_in';

/** A customer's recorded consent for business-initiated messages. */
export type ConsentStatus = 'opted_in' | 'opted_out' | 'unknown';

/** The languages whose keywords Kaiku knows. */
export type KeywordLanguage = 'en' | 'fi' | 'sv';

const optOut: Record<KeywordLanguage, string[]> = {
  en: ['stop', 'stop all', 'stopall', 'unsubscribe', 'opt out', 'optout', 'stop messages', 'stop messaging me', 'remove me', 'please stop', 'stop please'],
  // lopetä, lopeta and LOPETA are one after accents and case are ignored
  fi: ['lopeta', 'lopeta viestit', 'lopeta tilaus', 'peru tilaus', 'peruuta tilaus', 'ei kiitos viesteja', 'poista minut'],
  sv: ['sluta', 'stopp', 'avsluta', 'avregistrera', 'sluta skicka', 'avsluta prenumeration', 'ta bort mig'],
};

const optIn: Record<KeywordLanguage, string[]> = {
  en: ['start', 'unstop', 'subscribe', 'opt in', 'optin', 'resume'],
  fi: ['aloita', 'aloita uudelleen', 'tilaa', 'jatka'],
  sv: ['starta', 'borja', 'prenumerera', 'fortsatt'],
};

const keywords = new Map<string, { keyword: ConsentKeyword; language: KeywordLanguage }>();
for (const [lists, keyword] of [[optOut, 'opt_out'], [optIn, 'opt_in']] as const) {
  for (const language of ['en', 'fi', 'sv'] as const) for (const k of lists[language]) keywords.set(k, { keyword, language });
}

/** The message reduced to what the keyword rule compares: lower case, no accents, no outer punctuation. */
export function normalizeKeywordText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/[-_.,;:!?]+/g, ' ')
    .replace(/\s+/g, ' ');
}

/** `opt_out` for STOP, LOPETA, SLUTA…, `opt_in` for START, ALOITA, STARTA…, else null (see the rule above). */
export function consentKeyword(text: string | null | undefined): ConsentKeyword | null {
  if (typeof text !== 'string' || text.length > 200) return null;
  return keywords.get(normalizeKeywordText(text))?.keyword ?? null;
}

/** The language of a consent keyword (`LOPETA` → fi, `SLUTA` → sv, `STOP` → en), else null. */
export function consentKeywordLanguage(text: string | null | undefined): KeywordLanguage | null {
  if (typeof text !== 'string' || text.length > 200) return null;
  return keywords.get(normalizeKeywordText(text))?.language ?? null;
}

/** Options of the template decision. */
export interface ConsentPolicy {
  /** Marketing templates need a recorded opt-in (not merely the absence of an opt-out). */
  requireOptInForMarketing: boolean;
}

/** Whether a template may be sent, and if not, a stable code and a message the user can act on. */
export type ConsentDecision = { allowed: true } | { allowed: false; code: 'opted_out' | 'no_consent'; message: string };

type Category = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';

// An unknown or missing category is treated as marketing: the strictest reading is the safe one.
function categoryOf(category: string | null | undefined): Category {
  const upper = category?.toUpperCase();
  return upper === 'UTILITY' || upper === 'AUTHENTICATION' ? upper : 'MARKETING';
}

/**
 * The decision for one template send:
 * - opted out: every template is refused, authentication included: a customer who sent STOP is never
 *   messaged again until they opt in (a one-time code they need can reach them by another channel);
 * - unknown: allowed, except marketing when the policy requires an opt-in;
 * - opted in: allowed.
 */
export function templateConsentDecision(category: string | null | undefined, status: ConsentStatus, policy: ConsentPolicy): ConsentDecision {
  const kind = categoryOf(category);
  if (status === 'opted_out') {
    return {
      allowed: false, code: 'opted_out',
      message: `This customer has opted out of messages from you (they sent STOP or turned off marketing messages in WhatsApp), so this ${kind.toLowerCase()} template was not sent. They can opt in again by sending START.`,
    };
  }
  if (status === 'unknown' && kind === 'MARKETING' && policy.requireOptInForMarketing) {
    return {
      allowed: false, code: 'no_consent',
      message: 'This customer has not opted in to marketing messages, and your workspace requires an opt-in for marketing templates. Record their consent first, or send a utility template instead.',
    };
  }
  return { allowed: true };
}
