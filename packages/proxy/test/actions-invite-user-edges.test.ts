/**
 * Invitation links at their edges: attempts to accept an invitation spend the same per-client-address budget as
 * password sign-in (30 a minute), so that the link cannot be used to guess around the sign-in limit, while other
 * addresses keep theirs.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { acceptInvite, inviteUser } from '../src/actions/invite-user.js';
import { SIGN_IN_LIMITS, signIn } from '../src/actions/sign-in.js';
import type { ActionDeps } from '../src/actions/context.js';
import { MemoryTokenBuckets } from '../src/store/token-bucket.js';
import type { Store } from '../src/store/types.js';
import { openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

describe('the per-address limit on invitation links', () => {
  let fx: ActionFixture;
  let deps: ActionDeps;
  beforeEach(async () => {
    fx = await openActionFixture();
    // The store's own request buckets, on a clock that stands still: nothing refills while the test runs.
    const buckets = new MemoryTokenBuckets(() => 0);
    const store = Object.assign(Object.create(fx.store) as Store, {
      takeRequestToken: async (key: string, perMinute: number) => buckets.takeOrWait(key, perMinute, 60_000),
    });
    deps = { ...fx.deps, store };
  });
  afterEach(async () => fx.cleanup());

  it('shares the client address\'s sign-in budget, and leaves other addresses theirs', async () => {
    const { token } = await inviteUser(deps.store, { workspaceId: fx.workspaceId, email: 'joiner@example.com', role: 'agent' });
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perAddress; attempt += 1) {
      expect((await refusal(acceptInvite(deps, { token, password: 'short', address: '192.0.2.7' }))).code).toBe('validation_failed');
    }
    expect((await refusal(acceptInvite(deps, { token, password: 'short', address: '192.0.2.7' }))).code).toBe('rate_limited');
    const signingIn = await refusal(signIn(deps, { email: 'joiner@example.com', password: 'a long enough password', address: '192.0.2.7' }));
    expect(signingIn.code).toBe('rate_limited');
    expect(signingIn.message).toMatch(/^Too many sign-in attempts\. Wait \d+ s and try again/);
    expect((await refusal(acceptInvite(deps, { token, password: 'short', address: '192.0.2.8' }))).code).toBe('validation_failed');
  });
});
