/**
 * Subscriptions' edges: a filter on a number that is not the workspace's lists every business number, comma
 * separated, and deleting an unknown subscription names it.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createSubscription, deleteSubscription } from '../src/actions/subscriptions.js';
import { connectionInput } from './store-fixtures.js';
import { openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture({ config: { allowPrivateTargets: true } });
});
afterEach(async () => fx.cleanup());

describe('createSubscription', () => {
  it('lists every business number, comma separated, when the filter names another', async () => {
    await fx.store.upsertConnection(connectionInput(fx.workspaceId, { phoneNumberId: '106540352242933', displayPhoneNumber: '15550009999' }));
    const error = await refusal(createSubscription(fx.deps, fx.workspaceId, { event: 'inbound_message', target_url: 'http://127.0.0.1:1/hook', filter: { phone_number_id: '999' } }, 'api'));
    expect(error).toMatchObject({ code: 'invalid_filter', field: 'filter.phone_number_id' });
    const listed = /use one of: (.*)\.$/.exec(error.message)?.[1]?.split(', ');
    expect(listed?.sort()).toEqual(['106540352242922', '106540352242933']);
  });
});

describe('deleteSubscription', () => {
  it('names an unknown subscription in its 404', async () => {
    const error = await refusal(deleteSubscription(fx.deps, fx.workspaceId, 'sub_missing'));
    expect(error).toMatchObject({ code: 'not_found', field: 'id' });
    expect(error.message).toContain('The subscription "sub_missing"');
  });
});
