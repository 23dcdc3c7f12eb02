/**
 * Console passwords and sign-in: the scrypt hash records its parameters and matches only its password, a
 * malformed hash never matches, weak or huge passwords are refused with the reason; signing in answers the same
 * for an unknown address, a wrong password and an invited user, is limited per e-mail and per client address,
 * and a one-time link works once.
 */
import { scryptSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { hashPassword, passwordProblem, verifyPassword } from '../src/actions/passwords.js';
import { SESSION_MS, SIGN_IN_LIMITS, createSignInToken, sessionOf, signIn, signInWithLink, signOut, startSession, tokenHash } from '../src/actions/sign-in.js';
import { ApiError } from '../src/http/errors.js';
import { INVITED_PASSWORD_HASH } from '../src/store/admin-types.js';
import type { Store } from '../src/store/types.js';
import type { ActionDeps } from '../src/actions/context.js';
import { openActionFixture } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

const PASSWORD = 'correct horse battery';

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('passwords', () => {
  it('hashes as scrypt$N$r$p$salt$hash and verifies only the same password', async () => {
    const hash = await hashPassword(PASSWORD);
    const [scheme, n, r, p, salt, key] = hash.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64url')).toHaveLength(32);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword(`${PASSWORD}!`, hash)).toBe(false);
    expect(await hashPassword(PASSWORD)).not.toBe(hash);
  });

  it('reads the parameters from the hash (so that they can be raised later)', async () => {
    const salt = Buffer.alloc(16, 7);
    const key = scryptSync(PASSWORD, salt, 32, { N: 1024, r: 4, p: 2 });
    const hash = ['scrypt', 1024, 4, 2, salt.toString('base64url'), key.toString('base64url')].join('$');
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword(PASSWORD, hash.replace('$1024$4$2$', '$1024$4$1$'))).toBe(false);
  });

  it('matches the same letters however the keyboard composed them (NFC)', async () => {
    const hash = await hashPassword('Sisu on \u00e4lyk\u00e4s ajatus');
    expect(await verifyPassword('Sisu on a\u0308lyka\u0308s ajatus', hash)).toBe(true);
  });

  it('never matches a malformed hash', async () => {
    const hash = await hashPassword(PASSWORD);
    const parts = hash.split('$');
    expect(await verifyPassword(PASSWORD, ['bcrypt', ...parts.slice(1)].join('$'))).toBe(false);
    expect(await verifyPassword(PASSWORD, parts.slice(0, 5).join('$'))).toBe(false);
    expect(await verifyPassword(PASSWORD, parts.slice(0, 4).join('$'))).toBe(false);
    // A key of another length (cut short) is a mismatch, not a crash.
    expect(await verifyPassword(PASSWORD, [...parts.slice(0, 5), (parts[5] ?? '').slice(0, 20)].join('$'))).toBe(false);
  });

  it('asks for 12 to 200 characters', () => {
    expect(passwordProblem('a'.repeat(11))).toMatch(/at least 12 characters/);
    expect(passwordProblem('a'.repeat(12))).toBeNull();
    expect(passwordProblem('a'.repeat(200))).toBeNull();
    expect(passwordProblem('a'.repeat(201))).toMatch(/at most 200 characters/);
  });
});

/** A cheap hash of `password` in the same format (scrypt with N=1024), so that signing in costs little. */
function cheapHash(password: string): string {
  const salt = Buffer.alloc(16, 3);
  return ['scrypt', 1024, 8, 1, salt.toString('base64url'), scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64url')].join('$');
}

describe('sign-in', () => {
  let fx: ActionFixture;
  let deps: ActionDeps;
  /** The attempt budgets sign-in asked the store for, and the wait the store answers per key (0: allowed). */
  let asked: Array<[string, number]>;
  let waits: Record<string, number>;
  beforeEach(async () => {
    fx = await openActionFixture();
    await fx.store.createConsoleUser({ workspaceId: fx.workspaceId, email: 'aino@example.com', role: 'admin', passwordHash: cheapHash(PASSWORD) });
    await fx.store.createConsoleUser({ workspaceId: fx.workspaceId, email: 'new@example.com', role: 'agent', passwordHash: INVITED_PASSWORD_HASH });
    asked = [];
    waits = {};
    const store = Object.assign(Object.create(fx.store) as Store, {
      takeRequestToken: async (key: string, perMinute: number) => {
        asked.push([key, perMinute]);
        return waits[key] ?? 0;
      },
    });
    deps = { ...fx.deps, store };
  });
  afterEach(async () => fx.cleanup());

  it('starts a 12-hour session whose cookie finds the user until sign-out', async () => {
    const before = Date.now();
    const started = await signIn(deps, { email: '  Aino@Example.COM ', password: PASSWORD, address: '127.0.0.1' });
    expect(started.user.email).toBe('aino@example.com');
    expect(started.session.idHash).toBe(tokenHash(started.cookieValue));
    expect(started.session.idHash).not.toContain(started.cookieValue);
    expect(started.session.csrfToken.length).toBeGreaterThanOrEqual(32);
    expect(started.session.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(started.session.expiresAt.getTime() - started.session.createdAt.getTime()).toBe(SESSION_MS);
    expect(SESSION_MS).toBe(12 * 3_600_000);
    const found = await sessionOf(deps, started.cookieValue);
    expect(found?.user.id).toBe(started.user.id);
    expect(found?.session.csrfToken).toBe(started.session.csrfToken);
    await signOut(deps, started.cookieValue);
    expect(await sessionOf(deps, started.cookieValue)).toBeNull();
  });

  it('gives one answer for a wrong password, an unknown address and an invited user without a password', async () => {
    const wrong = await refusal(signIn(deps, { email: 'aino@example.com', password: 'wrong password!', address: 'a' }));
    const unknown = await refusal(signIn(deps, { email: 'nobody@example.com', password: PASSWORD, address: 'a' }));
    const invited = await refusal(signIn(deps, { email: 'new@example.com', password: INVITED_PASSWORD_HASH, address: 'a' }));
    for (const error of [wrong, unknown, invited]) {
      expect(error.code).toBe('unauthorized');
      expect(error.message).toBe('The e-mail address or the password is wrong. Check both and try again.');
    }
  });

  it('spends 30 attempts a minute per client address and 5 per e-mail address', async () => {
    await signIn(deps, { email: ' Aino@Example.com', password: PASSWORD, address: '192.0.2.1' });
    expect(asked).toEqual([['sign-in-address:192.0.2.1', 30], ['sign-in-email:aino@example.com', 5]]);
    expect(SIGN_IN_LIMITS).toEqual({ perEmail: 5, perAddress: 30 });
  });

  it('refuses when the address has spent its attempts, without spending the e-mail\'s, and says how long to wait', async () => {
    waits['sign-in-address:192.0.2.1'] = 12_001;
    const limited = await refusal(signIn(deps, { email: 'aino@example.com', password: PASSWORD, address: '192.0.2.1' }));
    expect(limited.code).toBe('rate_limited');
    expect(limited.message).toMatch(/^Too many sign-in attempts\. Wait 13 s and try again; an admin can reset a forgotten password with: pnpm kaiku user reset-password\.$/);
    expect(asked).toEqual([['sign-in-address:192.0.2.1', 30]]);
  });

  it('refuses when the e-mail address has spent its attempts, even with the right password', async () => {
    waits['sign-in-email:aino@example.com'] = 500;
    const limited = await refusal(signIn(deps, { email: 'AINO@example.com', password: PASSWORD, address: '192.0.2.1' }));
    expect(limited.code).toBe('rate_limited');
    expect(limited.message).toMatch(/Wait 1 s/);
  });

  it('limits one-time links per client address too', async () => {
    waits['sign-in-address:192.0.2.9'] = 2_000;
    expect((await refusal(signInWithLink(deps, { token: 'x', address: '192.0.2.9' }))).code).toBe('rate_limited');
    expect(asked).toEqual([['sign-in-address:192.0.2.9', 30]]);
  });

  it('signs in once with a one-time link', async () => {
    const user = await fx.store.findConsoleUserByEmail('aino@example.com');
    const token = await createSignInToken(deps, user?.id ?? '');
    const started = await signInWithLink(deps, { token, address: '127.0.0.1' });
    expect(started.user.email).toBe('aino@example.com');
    const again = await refusal(signInWithLink(deps, { token, address: '127.0.0.1' }));
    expect(again.code).toBe('unauthorized');
    expect(again.message).toMatch(/already used or has expired/);
    expect((await refusal(signInWithLink(deps, { token: 'never-made', address: '127.0.0.1' }))).code).toBe('unauthorized');
  });

  it('refuses a link whose user was deleted', async () => {
    const user = await fx.store.findConsoleUserByEmail('aino@example.com');
    const token = await createSignInToken(deps, user?.id ?? '');
    await fx.store.deleteConsoleUser(user?.id ?? '');
    expect((await refusal(signInWithLink(deps, { token, address: '127.0.0.1' }))).code).toBe('unauthorized');
  });

  it('startSession makes a different cookie each time', async () => {
    const user = await fx.store.findConsoleUserByEmail('aino@example.com');
    if (user === null) throw new Error('fixture user missing');
    const [a, b] = [await startSession(deps, user), await startSession(deps, user)];
    expect(a.cookieValue).not.toBe(b.cookieValue);
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
  });
});
