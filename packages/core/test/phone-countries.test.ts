import { describe, expect, it } from '@jest/globals';
import type { CountryCode } from '../src/phone.js';
import { normalizePhone } from '../src/phone.js';

// Which country a number lands in: the default country for national numbers, the written code otherwise.
describe('the default country decides what a national number means', () => {
  it('reads "479 234 5678" as a US number when the default country is the US, not as Norway\'s +47 92 34 56 78', () => {
    expect(normalizePhone('479 234 5678', 'US')).toEqual({ e164: '+14792345678', waId: '14792345678' });
  });

  it('reads the same digits without a default country as WhatsApp writes them: +47 (Norway)', () => {
    expect(normalizePhone('4792345678')).toEqual({ e164: '+4792345678', waId: '4792345678' });
  });

  it('a number written with its country code goes to that country whatever the default', () => {
    expect(normalizePhone('+47 92345678', 'US')).toEqual({ e164: '+4792345678', waId: '4792345678' });
    expect(normalizePhone('0044 20 7946 0958', 'FI')).toEqual({ e164: '+442079460958', waId: '442079460958' });
  });

  it('a Finnish national number with Sweden as the default country goes to Sweden: the default is trusted', () => {
    expect(normalizePhone('040 123 4567', 'SE')).toEqual({ e164: '+46401234567', waId: '46401234567' });
    expect(normalizePhone('040 123 4567', 'FI')).toEqual({ e164: '+358401234567', waId: '358401234567' });
  });
});

describe('length problems are named, with an example from the country when it is known', () => {
  const cases: Array<[string, CountryCode | undefined, string, Record<string, string>]> = [
    ['0', 'FI', 'is too short. Write it with its country code, for example +358 41 2345678.', { country: 'FI' }],
    ['12', 'FI', 'is too short. Write it with its country code, for example +358 41 2345678.', { country: 'FI' }],
    ['0401234567890123', 'FI', 'is too long. Write it with its country code, for example +358 41 2345678.', { country: 'FI' }],
    ['+1 415 555 01', undefined, 'is too short. Write it with its country code, for example +358 40 123 4567.', {}],
    ['+44 7400 1234567', undefined, 'is too long. Write it with its country code, for example +358 40 123 4567.', {}],
    ['+', undefined, 'does not have the right number of digits. Write it with its country code, for example +358 40 123 4567.', {}],
    ['00', undefined, 'does not have the right number of digits. Write it with its country code, for example +358 40 123 4567.', {}],
    ['+44 7400 12345', undefined, 'is not a valid number for the country code +44. Write it with its country code, for example +358 40 123 4567.', {}],
    ['1234567', 'FI', 'is not a valid number in Finland. Write it with its country code, for example +358 41 2345678.', { country: 'FI' }],
    ['', 'SE', 'is empty. Write it with its country code, for example +46 70 123 45 67.', { country: 'SE' }],
  ];

  it.each(cases)('"%s" (default %s)', (input, country, problem, extra) => {
    expect(() => normalizePhone(input, country)).toThrow(expect.objectContaining({
      code: 'invalid_phone',
      message: `The phone number "${input}" ${problem}`,
      details: { input, ...extra },
    }));
  });

  it('a premium-rate number is refused with its country known from the number', () => {
    expect(() => normalizePhone('+358 600 123456')).toThrow(expect.objectContaining({ details: { input: '+358 600 123456', country: 'FI' } }));
  });

  it('a non-string input is treated as empty', () => {
    expect(() => normalizePhone(undefined as unknown as string)).toThrow(expect.objectContaining({ message: expect.stringMatching(/^The phone number "" is empty\./), details: { input: '' } }));
    expect(() => normalizePhone(358401234567 as unknown as string)).toThrow(expect.objectContaining({ details: { input: '358401234567' } }));
  });
});

describe('details and digits', () => {
  it('names no country in the details when none is known', () => {
    let thrown: unknown;
    try {
      normalizePhone('+1 415 555 01');
    } catch (error) {
      thrown = error;
    }
    expect(Object.keys((thrown as { details: object }).details)).toEqual(['input']);
  });

  it('reads digits ending in 0 as WhatsApp writes them', () => {
    expect(normalizePhone('358401234560')).toEqual({ e164: '+358401234560', waId: '358401234560' });
  });
});
