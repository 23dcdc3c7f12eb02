/** Signing secrets: the signatures are the reference library's, rotation overlaps for 24 h, weak secrets are refused. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, openSigningSecrets, rotatedSecrets, sealSigningSecrets, webhookSecretProblem, webhookSignature } from '../src/actions/webhook-secrets.js';
import { createSecrets } from '../src/secrets.js';

const body = JSON.stringify({ id: 'wamid.X', text: 'Hyvää päivää 🎉' });
const at = new Date('2026-12-03T10:00:00Z');

describe('webhookSignature', () => {
  it('is exactly what the standardwebhooks library makes, for a whsec_ secret and for an older raw secret', () => {
    const secret = generateWebhookSecret();
    expect(webhookSignature({ current: secret, previous: null, previousUntil: null }, 'evt_1', at, body)).toBe(new Webhook(secret).sign('evt_1', at, body));
    const raw = 'f'.repeat(64);
    expect(webhookSignature({ current: raw, previous: null, previousUntil: null }, 'evt_1', at, body))
      .toBe(new Webhook(new Uint8Array(Buffer.from(raw)), { format: 'raw' }).sign('evt_1', at, body));
  });

  it('signs with the old secret too until 24 h after a rotation, then with the new one only', () => {
    const first = { current: generateWebhookSecret(), previous: null, previousUntil: null };
    const rotated = rotatedSecrets(first, at);
    expect(rotated.previous).toBe(first.current);
    const during = webhookSignature(rotated, 'evt_2', new Date(at.getTime() + 23 * 3_600_000), body).split(' ');
    expect(during).toHaveLength(2);
    const after = webhookSignature(rotated, 'evt_2', new Date(at.getTime() + 24 * 3_600_000), body).split(' ');
    expect(after).toEqual([new Webhook(rotated.current).sign('evt_2', new Date(at.getTime() + 24 * 3_600_000), body)]);
  });
});

describe('secrets of subscriptions', () => {
  it('are 256-bit whsec_ secrets, sealed so that the stored text does not contain them', () => {
    const secret = generateWebhookSecret();
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    const box = createSecrets(randomBytes(32));
    const sealed = sealSigningSecrets(box, { current: secret, previous: null, previousUntil: null });
    expect(sealed).not.toContain(secret.slice(6));
    expect(openSigningSecrets(box, sealed).current).toBe(secret);
  });

  it.each([
    ['whsec_ with too few bytes', `whsec_${Buffer.alloc(16).toString('base64')}`],
    ['whsec_ that is not base64', 'whsec_not base64 at all!!'],
    ['a short password', 'hunter2'],
    ['a long one with spaces', 'correct horse battery staple and more words'],
  ])('refuses %s, saying how to make a good one', (_label, secret) => {
    expect(webhookSecretProblem(secret)).toMatch(/whsec_/);
  });

  it('accepts a whsec_ secret of 24 to 64 bytes and an older raw secret of 32+ printable characters', () => {
    expect(webhookSecretProblem(`whsec_${randomBytes(24).toString('base64')}`)).toBeUndefined();
    expect(webhookSecretProblem(`whsec_${randomBytes(64).toString('base64')}`)).toBeUndefined();
    expect(webhookSecretProblem(randomBytes(32).toString('hex'))).toBeUndefined();
  });
});
