/**
 * The numbers page at its edges: an id the workspace does not have is not found even when it has others, a number
 * Meta cannot see is explained as the number (with its id), a field of exactly 1000 characters is accepted, a
 * missing new token is asked for in words, and a workspace's first number is checked for another holder first.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { connectNumber, disconnectNumber, numberStatus, rotateToken } from '../src/actions/phone-numbers-admin.js';
import { connectionInput } from './store-fixtures.js';
import { metaError, openActionFixture, refusal } from './action-deps-fixture.js';
import type { ActionFixture } from './action-deps-fixture.js';

const WABA = '102290129340398';
const PHONE = '106540352242922';

let fx: ActionFixture;
beforeEach(async () => {
  fx = await openActionFixture();
  // Rotating a token builds its own client: the fake answers it over loopback HTTP.
  const graphUrl = await fx.serveGraph();
  fx.connection = await fx.store.upsertConnection(connectionInput(fx.workspaceId, { graphBaseUrl: graphUrl, accessTokenEnc: fx.connection.accessTokenEnc, appSecretEnc: fx.connection.appSecretEnc }));
  fx.routes['GET /me/permissions'] = { body: { data: [{ permission: 'whatsapp_business_messaging', status: 'granted' }, { permission: 'whatsapp_business_management', status: 'granted' }] } };
  fx.routes[`GET /${PHONE}`] = { body: { id: PHONE, display_phone_number: '+1 555-000-1234', verified_name: 'Kaiku Shop' } };
  fx.routes[`GET /${WABA}/phone_numbers`] = { body: { data: [{ id: PHONE, display_phone_number: '+1 555-000-1234' }] } };
  fx.routes[`GET /${WABA}/subscribed_apps`] = { body: { data: [] } };
});
afterEach(async () => fx.cleanup());

describe('a number of the workspace', () => {
  it('is not found by an id the workspace does not have, and its own number stays connected', async () => {
    const error = await refusal(disconnectNumber(fx.deps, fx.workspaceId, '999999999999999'));
    expect(error).toMatchObject({ code: 'not_found', field: 'id' });
    expect(error.message).toContain('The phone number id "999999999999999"');
    expect(await fx.store.findConnectionByPhoneNumberId(PHONE)).not.toBeNull();
  });

  it('that Meta cannot see is explained as the number, naming its id', async () => {
    fx.routes[`GET /${PHONE}`] = metaError(400, 100, 'Unsupported get request', 33);
    const { problem } = await numberStatus(fx.deps, fx.connection);
    expect(problem).toMatch(new RegExp(`^Meta has no phone number id ${PHONE} that this token can see\\.`));
  });
});

describe('rotating a token', () => {
  it('accepts a token of exactly 1000 characters', async () => {
    const token = 't'.repeat(1000);
    await rotateToken(fx.deps, fx.workspaceId, PHONE, { access_token: token });
    const stored = await fx.store.findConnectionByPhoneNumberId(PHONE);
    expect(fx.deps.secrets.decrypt(stored?.accessTokenEnc ?? '')).toBe(token);
  });

  it('asks for the new token in words when it is missing', async () => {
    const error = await refusal(rotateToken(fx.deps, fx.workspaceId, PHONE, { access_token: '  ' }));
    expect(error).toMatchObject({ code: 'validation_failed', field: 'access_token', message: 'The field "access_token" is required: the new access token of the system user.' });
  });
});

describe('a workspace\'s first number', () => {
  it('is refused while another workspace holds it, before Meta is asked', async () => {
    const empty = await fx.store.createWorkspace({ name: 'No numbers yet' });
    const error = await refusal(connectNumber(fx.deps, empty.id, { waba_id: WABA, phone_number_id: PHONE, access_token: 'tok', app_secret: 'sec' }));
    expect(error).toMatchObject({ code: 'conflict', field: 'phone_number_id' });
    expect(error.message).toBe(`Phone number id ${PHONE} is connected to another workspace of this Kaiku. Ask its operator to move it (pnpm kaiku connection add … --move).`);
    expect(fx.calls).toEqual([]);
  });
});
