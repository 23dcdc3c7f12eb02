/** Identifiers shaped like Meta's: wamids, numeric media and template ids, fbtrace ids. */
import { randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** A business-scoped user ID as Meta writes them: a country code, a dot, letters and digits (`US.1349…`). */
export function isUserId(value: string): boolean {
  return /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/.test(value);
}

/** A `wamid.`-style id: opaque base64 that embeds the user's number, as Meta's do (URL-safe characters only). */
export function wamid(waId: string): string {
  const embedded = Buffer.from(waId).toString('base64').replace(/[+/=]/g, 'A');
  return `wamid.HBgM${embedded}FQIAERgS${randomBytes(9).toString('hex').toUpperCase()}AA==`;
}

/** A numeric id like Meta's media and template ids (15–16 digits). */
export function numericId(): string {
  return `${randomInt(1, 9)}${String(randomInt(0, 2 ** 47)).padStart(15, '0')}`;
}

/** The `fbtrace_id` Meta attaches to every error. */
export function fbtraceId(): string {
  return `A${alphanumeric(22)}`;
}

/** The random `hub.challenge` of a verification handshake. */
export function challenge(): string {
  return String(randomInt(100_000_000, 2_000_000_000));
}
