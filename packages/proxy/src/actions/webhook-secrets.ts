/**
 * Signing secrets of subscriptions, per the Standard Webhooks specification: `whsec_` + base64 of random bytes,
 * sealed at rest with the installation's key (`secrets.ts`), and rotated with the old secret kept for 24 hours
 * so that a subscriber can switch without losing a delivery. Signatures are made with node:crypto (about 6× the
 * speed of the reference library's pure-JavaScript HMAC); the tests check them with the reference library.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Secrets } from '../secrets.js';

/** The prefix Standard Webhooks libraries strip before base64-decoding a secret. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** How long the previous secret still signs after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** The signing secrets of one subscription, as sealed in its `secret` column. */
export interface SigningSecrets {
  current: string;
  previous: string | null;
  /** Epoch ms until which `previous` still signs. */
  previousUntil: number | null;
}

/** A new secret: 32 random bytes (256 bits). */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * Why a secret a caller chose cannot sign, or undefined when it can: a Standard Webhooks secret (`whsec_` +
 * base64 of 24 to 64 bytes), or, as earlier Kaiku versions and Zapier's app used, at least 32 printable
 * characters used as raw key bytes.
 */
export function webhookSecretProblem(secret: string): string | undefined {
  if (secret.startsWith(WEBHOOK_SECRET_PREFIX)) {
    const body = secret.slice(WEBHOOK_SECRET_PREFIX.length);
    const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(body) ? Buffer.from(body, 'base64').length : 0;
    if (bytes >= 24 && bytes <= 64) return undefined;
    return 'The field "secret" must be "whsec_" followed by the base64 of 24 to 64 random bytes (try: echo whsec_$(openssl rand -base64 32)), or be left out so that Kaiku makes one.';
  }
  if (/^[\x21-\x7e]{32,}$/.test(secret)) return undefined;
  return 'The field "secret" is too weak to sign deliveries: leave it out and Kaiku generates one (returned once, in this answer), or give a Standard Webhooks secret "whsec_…" (try: echo whsec_$(openssl rand -base64 32)).';
}

/** Seals the secrets for storage. */
export function sealSigningSecrets(secrets: Secrets, keys: SigningSecrets): string {
  return secrets.encrypt(JSON.stringify(keys));
}

/** Opens a subscription's sealed secrets. */
export function openSigningSecrets(secrets: Secrets, sealed: string): SigningSecrets {
  const parsed = JSON.parse(secrets.decrypt(sealed)) as Partial<SigningSecrets>;
  if (typeof parsed.current !== 'string') throw new Error('A subscription\'s stored signing secret is not readable.');
  return { current: parsed.current, previous: parsed.previous ?? null, previousUntil: parsed.previousUntil ?? null };
}

/** Opened secrets per installation key and ciphertext: a delivery then costs no decryption (bounded; cleared when full). */
const opened = new WeakMap<Secrets, Map<string, SigningSecrets>>();

/** `openSigningSecrets`, remembered per sealed value (a rotation seals a new value, so nothing stale is kept). */
export function openSigningSecretsCached(secrets: Secrets, sealed: string): SigningSecrets {
  let known = opened.get(secrets);
  if (known === undefined) opened.set(secrets, (known = new Map()));
  const hit = known.get(sealed);
  if (hit !== undefined) return hit;
  const keys = openSigningSecrets(secrets, sealed);
  if (known.size >= 10_000) known.clear();
  known.set(sealed, keys);
  return keys;
}

/** The secrets after a rotation at `now`: a new current one, the old one kept for 24 hours. */
export function rotatedSecrets(old: SigningSecrets | null, now: Date, next = generateWebhookSecret()): SigningSecrets {
  if (old === null) return { current: next, previous: null, previousUntil: null };
  return { current: next, previous: old.current, previousUntil: now.getTime() + ROTATION_OVERLAP_MS };
}

/** The HMAC key of a secret: a `whsec_` secret's base64-decoded bytes, or the UTF-8 bytes of an older raw secret. */
function signingKey(secret: string): Buffer {
  if (secret.startsWith(WEBHOOK_SECRET_PREFIX)) return Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64');
  return Buffer.from(secret);
}

/**
 * The `webhook-signature` header: `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` for the current secret,
 * and for the previous one while it is valid.
 */
export function webhookSignature(keys: SigningSecrets, webhookId: string, at: Date, body: string): string {
  const valid = [keys.current];
  if (keys.previous !== null && keys.previousUntil !== null && at.getTime() < keys.previousUntil) valid.push(keys.previous);
  const signed = `${webhookId}.${Math.floor(at.getTime() / 1000)}.`;
  return valid.map((secret) => `v1,${createHmac('sha256', signingKey(secret)).update(signed).update(body).digest('base64')}`).join(' ');
}

/** The deprecated `Kaiku-Signature` (`v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`), sent for one more release. */
export function legacyKaikuSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
