/**
 * HubSpot's inbound sync by business number, end to end: a company with a sales and a support number writes only the
 * numbers its admin chose into HubSpot (`pnpm kaiku hubspot numbers`). One customer writes to both numbers: per
 * customer the sync is in order, so once the support message is in HubSpot, a sales message sent before it would be
 * there too if it were synced.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hubspotConnect, hubspotNumbersCommand } from '../packages/proxy/src/cli/hubspot.js';
import { startFakeHubspot, type FakeHubspot } from '../packages/hubspot/test/fake-hubspot.js';
import { eventually, startKaiku, type Kaiku } from './harness/index.js';

const SALES = { id: '106540352242922', display_phone_number: '15550001234', verified_name: 'Kaiku Sales' };
const SUPPORT = { id: '106540352242923', display_phone_number: '15550001235', verified_name: 'Kaiku Support' };

describe.each(['sqlite', 'postgres'] as const)('HubSpot inbound sync of chosen business numbers (%s store)', (store) => {
  let fake: FakeHubspot;
  let kaiku: Kaiku;
  const cli = () => ({ config: kaiku.config, store: kaiku.store, secrets: kaiku.secrets });
  const numbers = (args: string[]) => hubspotNumbersCommand(cli(), { workspace: kaiku.workspaceId }, args);
  const logged = (text: string) => fake.state.communications.some((c) => JSON.stringify(c.body).includes(text));

  beforeAll(async () => {
    fake = await startFakeHubspot({ portalId: 62515 });
    kaiku = await startKaiku({ store, sandbox: { phoneNumbers: [SALES, SUPPORT] }, config: { hubspotClientSecret: 'secret', hubspotApiBaseUrl: fake.url, publicUrl: 'https://kaiku.example.com' } });
    await hubspotConnect(cli(), { workspace: kaiku.workspaceId, 'access-token': fake.state.token }, []);
  });
  afterAll(async () => {
    await kaiku.stop();
    await fake.stop();
  });

  it('syncs every number until the admin chooses, and refuses a number the workspace does not have', async () => {
    expect((await numbers([])).data).toMatchObject({ phone_number_ids: null });
    await expect(numbers(['999999999'])).rejects.toThrow(`999999999 is not a business number of workspace ${kaiku.workspaceId}; choose from: `);
    await expect(numbers([SALES.id, '999'])).rejects.toThrow(/999 is not a business number/);
    expect((await numbers([])).data).toMatchObject({ phone_number_ids: null });
  });

  it('writes only the chosen number\'s messages into HubSpot', async () => {
    expect((await numbers([SUPPORT.id])).lines[0]).toBe(`Inbound WhatsApp messages to business number ${SUPPORT.id} are written into HubSpot for workspace ${kaiku.workspaceId}.`);
    await kaiku.customer.send('358401250001', { type: 'text', text: { body: 'Hei myynti, onko tarjousta?' } });
    await kaiku.customer.send('358401250001', { type: 'text', text: { body: 'Hei tuki, laite ei käynnisty' }, to_phone_number_id: SUPPORT.id });
    await eventually(async () => logged('Hei tuki, laite ei käynnisty'), 10_000, 'the support message in HubSpot');
    expect(logged('Hei myynti')).toBe(false);
    const sinks = (await kaiku.store.listSubscriptions(kaiku.workspaceId)).filter((s) => s.sink === 'hubspot');
    expect(sinks.map((s) => s.filter)).toEqual([{ phone_number_id: SUPPORT.id }]);
  });

  it('goes back to every number with "all", and a message to sales reaches HubSpot again', async () => {
    expect((await numbers(['all'])).data).toMatchObject({ phone_number_ids: null });
    await kaiku.customer.send('358401250002', { type: 'text', text: { body: 'Myynnille taas' } });
    await eventually(async () => logged('Myynnille taas'), 10_000, 'the sales message in HubSpot');
    expect((await kaiku.store.listSubscriptions(kaiku.workspaceId)).filter((s) => s.sink === 'hubspot').map((s) => s.filter)).toEqual([null]);
  });
});
