/**
 * Phone numbers: any common way of writing a number → E.164 and the WhatsApp id, or an error that says
 * what is wrong and how to write it. Uses libphonenumber-js's full metadata (`/max`) for number types.
 */
import * as phoneLib from 'libphonenumber-js/core';
import type { CountryCode, NumberType, PhoneNumber } from 'libphonenumber-js/core';
// The full metadata as a JS module (`/max` itself imports it as JSON, which Node's ESM loaders warn about).
import metadata from 'libphonenumber-js/max/metadata';
import examples from 'libphonenumber-js/mobile/examples';
import { KaikuError } from './errors.js';

// Without a country (`defaultCountry: undefined`) only numbers written with their country code are read.
function parsePhoneNumberFromString(text: string, country?: CountryCode): PhoneNumber | undefined {
  return phoneLib.parsePhoneNumberFromString(text, { defaultCountry: country }, metadata);
}

function validatePhoneNumberLength(text: string, country?: CountryCode): ReturnType<typeof phoneLib.validatePhoneNumberLength> {
  return phoneLib.validatePhoneNumberLength(text, { defaultCountry: country }, metadata);
}

function getExampleNumber(country: CountryCode): PhoneNumber | undefined {
  return phoneLib.getExampleNumber(country, examples, metadata);
}

/** A number in E.164 (`+358401234567`) and as WhatsApp's id (`358401234567`). */
export interface NormalizedPhone {
  e164: string;
  waId: string;
}

/** Two-letter country code (ISO 3166-1 alpha-2) used for numbers written without a country code. */
export type { CountryCode };

const GENERIC_EXAMPLE = '+358 40 123 4567';

// Service numbers that cannot have WhatsApp. Mobiles, fixed lines, VoIP, personal and company (UAN) numbers
// can register a WhatsApp account, so they pass; Meta's 131026 reports the ones that have none.
const notReachable: Partial<Record<NumberType & string, string>> = {
  PREMIUM_RATE: 'a premium-rate number', TOLL_FREE: 'a toll-free number', SHARED_COST: 'a shared-cost number',
  PAGER: 'a pager number', VOICEMAIL: 'a voicemail access number',
};

function example(country: CountryCode | undefined): string {
  const sample = country && getExampleNumber(country);
  return sample === undefined ? GENERIC_EXAMPLE : sample.formatInternational();
}

const regions = new Intl.DisplayNames(['en'], { type: 'region' });

function regionName(country: CountryCode): string {
  return regions.of(country) ?? country;
}

function fail(input: string, problem: string, country?: CountryCode): never {
  const message = `The phone number "${input}" ${problem}. Write it with its country code, for example ${example(country)}.`;
  throw new KaikuError('invalid_phone', message, { details: { input, ...(country === undefined ? {} : { country }) } });
}

// "00358 40…" is the international prefix used across Europe: the same as "+358 40…".
function international(cleaned: string): string | null {
  if (cleaned.startsWith('+')) return cleaned;
  if (cleaned.startsWith('00')) return `+${cleaned.slice(2)}`;
  return null;
}

function parseCandidate(input: string, cleaned: string, defaultCountry?: CountryCode): PhoneNumber {
  const withPlus = international(cleaned);
  if (withPlus !== null) return parseChecked(input, withPlus);
  // A national number of the default country (without one, nothing is read here)…
  const national = parsePhoneNumberFromString(cleaned, defaultCountry);
  if (national?.isValid()) return national;
  // …else digits without "+" are read as an international number (as WhatsApp shows them: 358401234567; no
  // country code starts with 0, so "+0…" is never valid)…
  const asInternational = parsePhoneNumberFromString(`+${cleaned}`);
  if (asInternational?.isValid()) return asInternational;
  // …unless that fails: then it is a national number whose country we do not know.
  if (defaultCountry === undefined) fail(input, 'has no country code (it should start with + or 00)');
  return parseChecked(input, cleaned, defaultCountry);
}

function lengthProblem(input: string, text: string, country?: CountryCode): void {
  const problem = validatePhoneNumberLength(text, country);
  if (problem === 'TOO_SHORT') fail(input, 'is too short', country);
  if (problem === 'TOO_LONG') fail(input, 'is too long', country);
  if (problem === 'INVALID_COUNTRY') fail(input, 'starts with a country code that does not exist');
  if (problem !== undefined) fail(input, 'does not have the right number of digits', country);
}

// The length check refuses every text the parser cannot read, so the last refusal is a safety net only.
function parseChecked(input: string, text: string, country?: CountryCode): PhoneNumber {
  lengthProblem(input, text, country);
  return parsePhoneNumberFromString(text, country) ?? fail(input, 'is not a phone number', country);
}

/** A business-scoped user ID (BSUID, 2026): a country code, a dot and letters and digits, e.g. `US.13491208655302741918`. */
const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;

/**
 * True for a business-scoped user ID: how WhatsApp names a customer who uses a username and whose number it
 * does not share. Such a customer's messages carry it in `from`, and messages to them go to it.
 */
export function isBusinessScopedUserId(value: string): boolean {
  return BSUID.test(value);
}

/** Normalises a customer's number to E.164 and wa_id; throws `invalid_phone` with a fix-it message. */
export function normalizePhone(input: string, defaultCountry?: CountryCode): NormalizedPhone {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '') fail(String(input ?? ''), 'is empty', defaultCountry);
  if (isBusinessScopedUserId(text)) {
    throw new KaikuError('invalid_phone', `"${text}" is a WhatsApp user ID, not a phone number: this customer uses a WhatsApp username and WhatsApp has not shared their number. Where a phone number is needed, ask the customer for it.`, { details: { input: text, user_id: text } });
  }
  if (/[a-z]/i.test(text)) fail(text, 'contains letters; only digits, spaces, +, -, ( and ) are allowed', defaultCountry);
  if (!/^[+0-9 ()./\u00a0-]+$/.test(text)) fail(text, 'contains characters that are not part of a phone number', defaultCountry);
  const cleaned = text.replace(/[\s()./-]/g, '');
  if (cleaned.lastIndexOf('+') > 0) fail(text, 'has a + in the middle', defaultCountry);
  const parsed = parseCandidate(text, cleaned, defaultCountry);
  const country = parsed.country;
  if (!parsed.isValid()) {
    const where = country === undefined ? ` for the country code +${parsed.countryCallingCode}` : ` in ${regionName(country)}`;
    fail(text, `is not a valid number${where}`, country);
  }
  const type = parsed.getType();
  const kind = type && notReachable[type];
  if (kind !== undefined) fail(text, `is ${kind}, which cannot receive WhatsApp messages; use the customer's mobile number`, country);
  return { e164: parsed.number, waId: parsed.number.slice(1) };
}
