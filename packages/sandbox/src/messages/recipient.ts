/**
 * Turning a `to` into a wa_id as Meta does: punctuation stripped, and a national number (a leading trunk 0, no
 * `+`) resolved against the business number's country calling code, so that a wa_id never starts with 0.
 */
import { invalidParameter } from '../graph-error.js';

// Calling codes are prefix-free: these are the one- and two-digit ones; every other code has three digits.
const SHORT_CODES = new Set(['1', '7', '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49',
  '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98']);

/** The country calling code an international number (digits only) starts with. */
export function callingCode(digits: string): string {
  for (const length of [1, 2]) {
    const prefix = digits.slice(0, length);
    if (SHORT_CODES.has(prefix)) return prefix;
  }
  return digits.slice(0, 3);
}

/** The wa_id for `to`; `business` is the sending number (digits), whose country a national number belongs to. */
export function toWaId(to: string, business?: string): string {
  let digits = to.replace(/[\s+\-().]/g, '');
  if (!to.trim().startsWith('+') && digits.startsWith('0') && business !== undefined) {
    digits = callingCode(business) + digits.replace(/^0+/, '');
  }
  if (!/^[1-9]\d{6,14}$/.test(digits)) {
    throw invalidParameter(`Param to '${to}' is not a valid phone number: use the international format with the country code, e.g. +358401234567.`);
  }
  return digits;
}
