/**
 * Keyword rules: an exact word or phrase anywhere in the message, with case, accents and punctuation ignored
 * as for STOP (core's `normalizeKeywordText`), so "Aukioloajat?", "aukioloajat" and "AUKIOLOAJAT!" match alike
 * and Finnish, Swedish and English keywords can sit side by side in one rule.
 */
import { normalizeKeywordText } from '@kaiku/core';

function words(text: string): string {
  return ` ${normalizeKeywordText(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

/** The first keyword found as whole words in `text`, or null. */
export function matchKeyword(text: string | null, keywords: readonly string[]): string | null {
  if (text === null || text.length > 4096) return null;
  const haystack = words(text);
  return keywords.find((k) => {
    const needle = words(k);
    return needle.trim() !== '' && haystack.includes(needle);
  }) ?? null;
}
