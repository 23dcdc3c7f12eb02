/**
 * Signing secrets at their edges: a `whsec_` secret is judged only by its decoded bytes (24 to 64, base64 from
 * end to end) even when it is long enough to pass as a raw secret; a raw secret must be printable from its first
 * character to its last; a previous secret without an end time never signs; an unreadable sealed value says so.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, openSigningSecrets, webhookSecretProblem, webhookSignature } from '../src/actions/webhook-secrets.js';
import { createSecrets } from '../src/secrets.js';

const WHSEC_PROBLEM = 'The field "secret" must be "whsec_" followed by the base64 of 24 to 64 random bytes (try: echo whsec_$(openssl rand -base64 32)), or be left out so that Kaiku makes one.';
const RAW_PROBLEM = 'The field "secret" is too weak to sign deliveries: leave it out and Kaiku generates one (returned once, in this answer), or give a Standard Webhooks secret "whsec_…" (try: echo whsec_$(openssl rand -base64 32)).';

const base64Of = (bytes: number): string => randomBytes(bytes).toString('base64');

describe('whsec_ secrets a caller chooses', () => {
  it.each([
    ['one of 20 bytes (34 printable characters, long enough for a raw secret)', `whsec_${base64Of(20)}`],
    ['one of 65 bytes', `whsec_${base64Of(65)}`],
    ['one with a stray character before the base64', `whsec_!${base64Of(32)}`],
    ['one with a stray character after the base64', `whsec_${base64Of(32)}!`],
    ['one with a line break after the base64', `whsec_${base64Of(32)}\n`],
  ])('refuses %s with the whsec_ advice', (_label, secret) => {
    expect(webhookSecretProblem(secret)).toBe(WHSEC_PROBLEM);
  });

  it('accepts 24 and 64 bytes, padded or not', () => {
    for (const secret of [`whsec_${base64Of(24)}`, `whsec_${base64Of(64)}`, `whsec_${base64Of(32)}`, `whsec_${base64Of(31)}`]) {
      expect([secret, webhookSecretProblem(secret)]).toEqual([secret, undefined]);
    }
  });
});

describe('raw secrets a caller chooses', () => {
  const printable = 'k7'.repeat(20);

  it('refuses one with a space or line break before or after 32+ printable characters', () => {
    for (const secret of [` ${printable}`, `\n${printable}`, `${printable} `, `${printable}\n`, `${printable} and more`]) {
      expect([secret, webhookSecretProblem(secret)]).toEqual([secret, RAW_PROBLEM]);
    }
  });

  it('accepts 32 printable characters and no fewer', () => {
    expect(webhookSecretProblem(printable.slice(0, 32))).toBeUndefined();
    expect(webhookSecretProblem(printable.slice(0, 31))).toBe(RAW_PROBLEM);
  });
});

describe('signing with a previous secret', () => {
  it('never signs with a previous secret that has no end time, whatever the signing time', () => {
    const keys = { current: generateWebhookSecret(), previous: generateWebhookSecret(), previousUntil: null };
    for (const at of [new Date('1969-07-20T20:17:40Z'), new Date('2026-12-03T10:00:00Z')]) {
      expect(webhookSignature(keys, 'evt_1', at, '{}')).toBe(new Webhook(keys.current).sign('evt_1', at, '{}'));
    }
  });
});

describe('opening sealed secrets', () => {
  const box = createSecrets(randomBytes(32));

  it('refuses a sealed value without a readable current secret, saying so', () => {
    for (const stored of [{ previous: generateWebhookSecret() }, { current: 42 }]) {
      expect(() => openSigningSecrets(box, box.encrypt(JSON.stringify(stored)))).toThrow('A subscription\'s stored signing secret is not readable.');
    }
  });

  it('reads a sealed value without a previous secret as having none', () => {
    const current = generateWebhookSecret();
    expect(openSigningSecrets(box, box.encrypt(JSON.stringify({ current })))).toEqual({ current, previous: null, previousUntil: null });
  });
});
