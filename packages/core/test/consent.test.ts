import { readWebhookFixture } from '@kaiku/shared';
import type { ConsentStatus } from '../src/consent.js';
import { consentKeyword, consentKeywordLanguage, templateConsentDecision } from '../src/consent.js';
import { parseWebhook, parseWebhookBody } from '../src/whatsapp/webhook.js';

describe('consentKeyword', () => {
  const cases: [string, string | null | undefined, 'opt_out' | 'opt_in' | null][] = [
    ['English STOP', 'STOP', 'opt_out'],
    ['lower case', 'stop', 'opt_out'],
    ['surrounding punctuation and whitespace', '  Stop!!! ', 'opt_out'],
    ['surrounding emoji', '🛑 stop 🙏', 'opt_out'],
    ['full-width letters', 'ＳＴＯＰ', 'opt_out'],
    ['UNSUBSCRIBE', 'Unsubscribe.', 'opt_out'],
    ['opt-out with a hyphen', 'opt-out', 'opt_out'],
    ['stop, please', 'Stop, please', 'opt_out'],
    ['Finnish LOPETA', 'LOPETA', 'opt_out'],
    ['Finnish with an accent', 'lopetä', 'opt_out'],
    ['Finnish with an accent and punctuation', '"Lopetä."', 'opt_out'],
    ['Finnish phrase', 'Lopeta viestit', 'opt_out'],
    ['Finnish phrase joined by a hyphen', 'lopeta-viestit', 'opt_out'],
    ['Swedish SLUTA', 'SLUTA', 'opt_out'],
    ['Swedish STOPP', 'stopp', 'opt_out'],
    ['Swedish AVSLUTA', 'Avsluta!', 'opt_out'],
    ['English START', 'START', 'opt_in'],
    ['UNSTOP', 'unstop', 'opt_in'],
    ['Finnish ALOITA', 'Aloita', 'opt_in'],
    ['Swedish STARTA', 'starta', 'opt_in'],
    ['Swedish BÖRJA', 'BÖRJA', 'opt_in'],
    ['Swedish börja written without the accent', 'borja', 'opt_in'],
    ['Swedish FORTSÄTT', 'Fortsätt', 'opt_in'],
    ['a keyword inside a sentence', "don't stop sending me deals", null],
    ['another sentence starting with the keyword', 'stop by the shop tomorrow', null],
    ['a question containing it', 'How do I stop the subscription?', null],
    ['Finnish sentence', 'Älä lopeta tarjousten lähettämistä', null],
    ['a word containing the keyword', 'stopwatch', null],
    ['CANCEL answers other questions', 'CANCEL', null],
    ['YES answers other questions', 'yes', null],
    ['the keyword twice', 'stop stop', null],
    ['empty', '', null],
    ['only punctuation', '!!!', null],
    ['null', null, null],
    ['undefined', undefined, null],
    ['very long text', `stop${' '.repeat(300)}`, null],
    // Only a message of at most 200 characters can be a keyword.
    ['200 characters', `stop${' '.repeat(196)}`, 'opt_out'],
    ['201 characters', `stop${' '.repeat(197)}`, null],
  ];
  it.each(cases)('%s: %j → %s', (_label, text, expected) => {
    expect(consentKeyword(text)).toBe(expected);
  });

  it('works on the text of a real inbound message', () => {
    const texts = parseWebhook(parseWebhookBody(readWebhookFixture('message.batch'))).map((e) => (e.kind === 'message' ? e.message.text : null));
    expect(texts.map(consentKeyword)).toEqual([null, 'opt_out']);
  });
});

describe('consentKeywordLanguage', () => {
  it.each([
    ['STOP', 'en'], ['Start!', 'en'], ['Lopetä.', 'fi'], ['aloita', 'fi'], ['SLUTA', 'sv'], ['Börja', 'sv'],
    [`sluta${' '.repeat(195)}`, 'sv'], [`sluta${' '.repeat(196)}`, null],
    ['stop by the shop tomorrow', null], ['', null], [null, null], [undefined, null],
  ])('%j → %s', (text, language) => {
    expect(consentKeywordLanguage(text)).toBe(language);
  });
});

describe('templateConsentDecision', () => {
  const strict = { requireOptInForMarketing: true };
  const lenient = { requireOptInForMarketing: false };
  const cases: [string | null, ConsentStatus, typeof strict, true | 'opted_out' | 'no_consent'][] = [
    ['MARKETING', 'opted_in', strict, true],
    ['MARKETING', 'unknown', lenient, true],
    ['MARKETING', 'unknown', strict, 'no_consent'],
    ['MARKETING', 'opted_out', lenient, 'opted_out'],
    ['MARKETING', 'opted_out', strict, 'opted_out'],
    ['UTILITY', 'opted_in', strict, true],
    ['UTILITY', 'unknown', strict, true],
    ['UTILITY', 'opted_out', lenient, 'opted_out'],
    ['AUTHENTICATION', 'opted_out', strict, 'opted_out'],
    ['AUTHENTICATION', 'unknown', strict, true],
    ['utility', 'unknown', strict, true],
    ['marketing', 'unknown', strict, 'no_consent'],
    [null, 'unknown', strict, 'no_consent'],
    ['SOMETHING_NEW', 'unknown', lenient, true],
    ['SOMETHING_NEW', 'opted_out', lenient, 'opted_out'],
  ];
  it.each(cases)('%s template, customer %s, %o → %s', (category, status, policy, expected) => {
    const decision = templateConsentDecision(category, status, policy);
    if (expected === true) {
      expect(decision).toEqual({ allowed: true });
      return;
    }
    expect(decision).toEqual({ allowed: false, code: expected, message: expect.any(String) });
  });

  it('explains what to do in its messages', () => {
    const out = templateConsentDecision('MARKETING', 'opted_out', { requireOptInForMarketing: false });
    const none = templateConsentDecision('MARKETING', 'unknown', { requireOptInForMarketing: true });
    expect(!out.allowed && out.message).toMatch(/opted out.*marketing template was not sent.*sending START/);
    expect(!none.allowed && none.message).toMatch(/not opted in.*Record their consent first, or send a utility template/);
  });
});
