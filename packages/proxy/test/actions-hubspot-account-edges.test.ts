/**
 * The HubSpot number choice beside the workspace's other subscriptions: only the CRM sink's inbound-message
 * subscriptions say which numbers HubSpot hears, and choosing numbers never removes an ordinary webhook
 * subscription or a status subscription of the sink.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HUBSPOT_SINK_NAME } from '@kaiku/hubspot';
import { chooseHubspotNumbers, hubspotNumbers, linkHubspotAccount } from '../src/actions/hubspot-account.js';
import { createSecrets, generateEncryptionKey } from '../src/secrets.js';
import type { Store } from '../src/store/index.js';
import { connectionInput, openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

let t: TestStore;
let store: Store;
beforeAll(async () => {
  t = await openTestStore('sqlite');
  store = t.store;
});
afterAll(async () => t.cleanup());

const secrets = createSecrets(generateEncryptionKey());
const tokens = { accessToken: 'pat-na1-access', refreshToken: null, expiresAt: null };

async function linkedWorkspace(...numbers: string[]): Promise<string> {
  const { id } = await store.createWorkspace({ name: 'HubSpot edges' });
  for (const phoneNumberId of numbers) await store.upsertConnection(connectionInput(id, { phoneNumberId }));
  await linkHubspotAccount(store, secrets, id, 77, tokens);
  return id;
}

/** An ordinary webhook subscription to every inbound message. */
async function webhook(workspaceId: string) {
  return store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: 'https://hooks.example.com/a', sink: null, secret: null, filter: null, source: 'api' });
}

describe('the numbers HubSpot hears', () => {
  it('are the chosen ones even when an ordinary webhook hears every inbound message', async () => {
    const workspaceId = await linkedWorkspace('1111', '2222');
    await chooseHubspotNumbers(store, workspaceId, ['2222']);
    await webhook(workspaceId);
    expect(await hubspotNumbers(store, workspaceId)).toEqual(['2222']);
  });
});

describe('choosing the numbers HubSpot hears', () => {
  it('keeps an ordinary webhook of inbound messages and the sink\'s status subscription', async () => {
    const workspaceId = await linkedWorkspace('1111', '2222');
    const ordinary = await webhook(workspaceId);
    const statuses = await store.createSubscription({ workspaceId, event: 'message_status', targetUrl: null, sink: HUBSPOT_SINK_NAME, secret: null, filter: null, source: 'hubspot' });
    expect(await chooseHubspotNumbers(store, workspaceId, ['1111'])).toEqual(['1111']);
    const ids = (await store.listSubscriptions(workspaceId)).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([ordinary.id, statuses.id]));
    expect(ids).toHaveLength(3);
  });
});
