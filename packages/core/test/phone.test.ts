import { isKaikuError } from '../src/errors.js';
import type { CountryCode } from '../src/phone.js';
import { isBusinessScopedUserId, normalizePhone } from '../src/phone.js';

const fi = { e164: '+358401234567', waId: '358401234567' };

describe('normalizePhone accepts the common ways of writing a number', () => {
  const cases: [string, string, CountryCode | undefined, { e164: string; waId: string }][] = [
    ['E.164', '+358401234567', undefined, fi],
    ['spaces', '+358 40 123 4567', undefined, fi],
    ['dashes and brackets', '+358 (40) 123-4567', undefined, fi],
    ['dots and slashes', '+358.40/123.4567', undefined, fi],
    ['surrounding whitespace and a no-break space', '  +358\u00a040 123 4567 ', undefined, fi],
    ['00 international prefix', '00358401234567', undefined, fi],
    ['00 prefix with spaces', '00 358 40 123 4567', undefined, fi],
    ['digits as WhatsApp shows them (wa_id)', '358401234567', undefined, fi],
    ['national with a default country', '040 123 4567', 'FI', fi],
    ['national US with a default country', '(415) 555-0132', 'US', { e164: '+14155550132', waId: '14155550132' }],
    ['international ignores the default country', '+46 70 123 45 67', 'FI', { e164: '+46701234567', waId: '46701234567' }],
    ['wa_id form with a default country of another nation', '46701234567', 'FI', { e164: '+46701234567', waId: '46701234567' }],
    ['a fixed line (WhatsApp Business runs on landlines too)', '+358 9 123 4567', undefined, { e164: '+35891234567', waId: '35891234567' }],
    ['a UK mobile', '+44 7400 123456', undefined, { e164: '+447400123456', waId: '447400123456' }],
    ['a Finnish company number (UAN) may have WhatsApp', '+358 10 123 4567', undefined, { e164: '+358101234567', waId: '358101234567' }],
  ];
  it.each(cases)('%s: %s', (_label, input, country, expected) => {
    expect(normalizePhone(input, country)).toEqual(expected);
  });
});

describe('normalizePhone rejects numbers that cannot be WhatsApp recipients', () => {
  const cases: [string, string, CountryCode | undefined, RegExp][] = [
    ['empty', '', undefined, /is empty/],
    ['whitespace', '   ', undefined, /is empty/],
    ['letters', '+358 40 CALL ME', undefined, /contains letters/],
    ['an extension', '+358 40 123 4567 ext. 12', undefined, /contains letters/],
    ['other characters', '+358#401234567', undefined, /characters that are not part of a phone number/],
    ['a plus in the middle', '358+401234567', undefined, /\+ in the middle/],
    ['national without a default country', '040 123 4567', undefined, /has no country code/],
    ['too short', '+358 40 12', undefined, /is too short/],
    ['too long', '+358 40 123 4567 8901 23', undefined, /is too long/],
    ['a country code that does not exist', '+999 123 456 789', undefined, /country code that does not exist/],
    ['not a valid number for its country code', '+358 11 123 4567', undefined, /is not a valid number for the country code \+358/],
    ['not a valid national number in the default country', '040 12', 'FI', /is not a valid number in Finland/],
    ['Finnish premium rate', '+358 600 123456', undefined, /premium-rate number, which cannot receive WhatsApp/],
    ['Finnish toll free', '+358 800 123456', undefined, /toll-free number/],
    ['US toll free', '+1 800 555 0123', undefined, /toll-free number/],
    ['US premium rate', '+1 900 555 0123', undefined, /premium-rate number/],
    ['Polish shared cost', '+48 801 123 456', undefined, /shared-cost number/],
    ['a second +', '++358401234567', undefined, /\+ in the middle/],
  ];
  it.each(cases)('%s: "%s"', (_label, input, country, message) => {
    let thrown: unknown;
    try {
      normalizePhone(input, country);
    } catch (error) {
      thrown = error;
    }
    expect(isKaikuError(thrown) && thrown.code).toBe('invalid_phone');
    const text = (thrown as Error).message;
    expect(text).toMatch(message);
    expect(text).toMatch(/Write it with its country code, for example \+\d[\d ]+\.$/);
  });

  it('gives an example from the number\'s own country when it is known', () => {
    expect(() => normalizePhone('+358 600 123456')).toThrow(/for example \+358 /);
    expect(() => normalizePhone('040 12', 'FI')).toThrow(/for example \+358 /);
    expect(() => normalizePhone('', 'SE')).toThrow(/for example \+46 /);
  });

  it('keeps the input in the error details for the proxy to show', () => {
    try {
      normalizePhone('+358 40 12');
      throw new Error('expected invalid_phone');
    } catch (error) {
      expect(isKaikuError(error) && error.details).toEqual({ input: '+358 40 12' });
    }
  });
});

describe('a business-scoped user ID where a number was expected', () => {
  it('is told apart from a number', () => {
    expect(['US.13491208655302741918', 'GB.1', 'FI.abcDEF123'].map(isBusinessScopedUserId)).toEqual([true, true, true]);
    expect(['358401234567', '+358 40 123 4567', 'us.123', 'USA.123', 'US.', 'US.12-34'].map(isBusinessScopedUserId)).toEqual([false, false, false, false, false, false]);
  });

  it('is refused where a phone number is needed, with a message that says what it is', () => {
    expect(() => normalizePhone('US.13491208655302741918')).toThrow(expect.objectContaining({
      code: 'invalid_phone',
      message: '"US.13491208655302741918" is a WhatsApp user ID, not a phone number: this customer uses a WhatsApp username and WhatsApp has not shared their number. Where a phone number is needed, ask the customer for it.',
      details: { input: 'US.13491208655302741918', user_id: 'US.13491208655302741918' },
    }));
  });
});
