/**
 * Connecting a number at its edges: the operator's refusal for a number another workspace holds is a conflict on
 * the phone number id, and still reads when that workspace is deleted meanwhile; each check asks Meta at most
 * twice, so a Graph API that stays unavailable answers the connect form quickly.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { addConnection } from '../src/actions/manage-workspace.js';
import type { ConnectionInput } from '../src/actions/manage-workspace.js';
import type { Store } from '../src/store/index.js';
import { GRAPH_URL, metaError, openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

const WABA = '102290129340398';
const PHONE = '106540352242922';

let fx: ActionFixture;
let input: ConnectionInput;
beforeEach(async () => {
  fx = await openActionFixture();
  fx.routes['GET /me/permissions'] = { body: { data: [{ permission: 'whatsapp_business_messaging', status: 'granted' }, { permission: 'whatsapp_business_management', status: 'granted' }] } };
  fx.routes[`GET /${PHONE}`] = { body: { id: PHONE, display_phone_number: '+1 555-000-1234', verified_name: 'Kaiku Shop' } };
  fx.routes[`GET /${WABA}/phone_numbers`] = { body: { data: [{ id: PHONE, display_phone_number: '+1 555-000-1234' }] } };
  const newcomer = await fx.store.createWorkspace({ name: 'New shop' });
  input = { workspaceId: newcomer.id, wabaId: WABA, phoneNumberId: PHONE, accessToken: 'new-token', appSecret: 'new-secret', graphBaseUrl: GRAPH_URL, graphVersion: 'v24.0', publicUrl: null, fetch: fx.fetch };
});
afterEach(async () => fx.cleanup());

/** The store, where the workspace holding a number is deleted (by another process) right after it is looked up. */
function deletingHolder(store: Store): Store {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'findConnectionByPhoneNumberId') {
        return async (phoneNumberId: string) => {
          const holder = await target.findConnectionByPhoneNumberId(phoneNumberId);
          if (holder !== null) await target.deleteWorkspace(holder.workspaceId);
          return holder;
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('a number another workspace holds', () => {
  it('is refused to the operator as a conflict on the phone number id', async () => {
    const error = await refusal(addConnection(fx.store, fx.deps.secrets, { ...input, operator: true }));
    expect(error).toMatchObject({ code: 'conflict', field: 'phone_number_id', details: { field: 'phone_number_id' } });
    expect(error.message).toContain(`is connected to workspace ${fx.workspaceId} (Actions workspace).`);
  });

  it('is still explained to the operator when the holding workspace is deleted meanwhile', async () => {
    const error = await refusal(addConnection(deletingHolder(fx.store), fx.deps.secrets, { ...input, operator: true }));
    expect(error).toMatchObject({ code: 'conflict', field: 'phone_number_id' });
    expect(error.message).toBe(`Phone number id ${PHONE} is connected to workspace ${fx.workspaceId} (unnamed). `
      + `Run the command again with --move to move it to workspace ${input.workspaceId}; that workspace then stops sending and receiving with it.`);
  });
});

describe('a Graph API that stays unavailable', () => {
  it('is asked twice for the token\'s permissions, then the number lookup checks the token instead', async () => {
    await fx.store.deleteConnection(PHONE);
    fx.routes['GET /me/permissions'] = metaError(503, 2, 'Service temporarily unavailable');
    const result = await addConnection(fx.store, fx.deps.secrets, input);
    expect(fx.calls.filter((c) => c.path === '/me/permissions')).toHaveLength(2);
    expect(result.steps.map((s) => [s.step, s.outcome])).toEqual([['token', 'skipped'], ['phone_number', 'ok'], ['webhook', 'skipped']]);
  });
});
