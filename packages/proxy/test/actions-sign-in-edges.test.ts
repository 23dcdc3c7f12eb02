/**
 * Sign-in at its edges: every refused attempt (a wrong password, an unknown address, an invited user who has no
 * password yet) leaves one `console_sign_in_refused` log line that names neither the e-mail address nor the
 * password tried; a successful sign-in leaves none.
 */
import { scryptSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { signIn } from '../src/actions/sign-in.js';
import { INVITED_PASSWORD_HASH } from '../src/store/admin-types.js';
import { openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

const PASSWORD = 'correct horse battery';

/** A cheap hash of `password` in the stored format (scrypt with N=1024), so that signing in costs little. */
function cheapHash(password: string): string {
  const salt = Buffer.alloc(16, 5);
  return ['scrypt', 1024, 8, 1, salt.toString('base64url'), scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64url')].join('$');
}

describe('logging refused console sign-ins', () => {
  let fx: ActionFixture;
  beforeEach(async () => {
    fx = await openActionFixture();
    await fx.store.createConsoleUser({ workspaceId: fx.workspaceId, email: 'aino@example.com', role: 'admin', passwordHash: cheapHash(PASSWORD) });
    await fx.store.createConsoleUser({ workspaceId: fx.workspaceId, email: 'new@example.com', role: 'agent', passwordHash: INVITED_PASSWORD_HASH });
  });
  afterEach(async () => fx.cleanup());

  const refusedLines = () => fx.logs.filter((line) => line.event === 'console_sign_in_refused');

  it.each([
    ['a wrong password', 'aino@example.com', 'wrong password, surely'],
    ['an unknown address', 'nobody@example.com', PASSWORD],
    ['an invited user who has no password yet', 'new@example.com', INVITED_PASSWORD_HASH],
  ])('logs one refusal for %s, without the address or the password', async (_label, email, password) => {
    const refused = await refusal(signIn(fx.deps, { email, password, address: '127.0.0.1' }));
    expect(refused.code).toBe('unauthorized');
    expect(refusedLines()).toEqual([expect.objectContaining({ event: 'console_sign_in_refused', msg: 'a console sign-in was refused' })]);
    const logged = JSON.stringify(fx.logs);
    expect(logged).not.toContain(email);
    expect(logged).not.toContain(password);
  });

  it('logs no refusal for a sign-in that succeeds', async () => {
    const started = await signIn(fx.deps, { email: 'aino@example.com', password: PASSWORD, address: '127.0.0.1' });
    expect(started.user.email).toBe('aino@example.com');
    expect(refusedLines()).toEqual([]);
  });
});
