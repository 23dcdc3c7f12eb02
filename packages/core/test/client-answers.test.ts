/** CloudApiClient beyond the usual answers: sparse send answers, token permissions, the queries of reads, paging edges, bare subscriptions. */
import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { CloudApiClient } from '../src/whatsapp/client.js';
import type { GraphRequestLog } from '../src/whatsapp/client-http.js';
import { captureSend, GRAPH, PHONE_ID, testClient, TOKEN, VERSION, WABA_ID, useNock } from './client-helpers.js';

const TO = '+358401234567';
const text = { to: TO, type: 'text' as const, text: 'Hei' };
const auth = { reqheaders: { authorization: `Bearer ${TOKEN}` } };
const number = { id: PHONE_ID, display_phone_number: '15550001234', verified_name: 'Kaiku Demo' };

useNock();

describe('sendMessage: what Meta answered', () => {
  it.each([
    ['no messages array', { messaging_product: 'whatsapp', contacts: [{ input: TO, wa_id: '358401234567' }] }],
    ['an empty messages array', { messaging_product: 'whatsapp', messages: [] }],
    ['a message without id', { messaging_product: 'whatsapp', messages: [{ message_status: 'accepted' }] }],
  ])('an answer with %s is an error that says to check the status later', async (_label, answer) => {
    const { client } = testClient();
    captureSend(answer);
    await expect(client.sendMessage(PHONE_ID, text)).rejects.toMatchObject({
      code: 'meta_error',
      message: 'WhatsApp accepted the request but returned no message id. Check the message status later.',
    });
  });

  it('an answer without contacts gives no wa_id and echoes the recipient that was sent', async () => {
    const { client } = testClient();
    captureSend({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.N1' }] });
    const result = await client.sendMessage(PHONE_ID, text);
    expect(result).toStrictEqual({ messageId: 'wamid.N1', waId: '', input: TO });
  });

  it("a contact without wa_id or user_id gives no wa_id and keeps Meta's echo of the input", async () => {
    const { client } = testClient();
    captureSend({ messaging_product: 'whatsapp', contacts: [{ input: '358 40 1234567' }], messages: [{ id: 'wamid.N2' }] });
    const result = await client.sendMessage(PHONE_ID, text);
    expect(result).toStrictEqual({ messageId: 'wamid.N2', waId: '', input: '358 40 1234567' });
  });

  it('a send without message_status has no messageStatus field at all', async () => {
    const { client } = testClient();
    captureSend({ messaging_product: 'whatsapp', contacts: [{ input: TO, wa_id: '358401234567' }], messages: [{ id: 'wamid.N3' }] });
    const result = await client.sendMessage(PHONE_ID, text);
    expect(Object.keys(result)).toEqual(['messageId', 'waId', 'input']);
  });
});

describe('grantedPermissions', () => {
  it("returns only the granted permissions, in Meta's order", async () => {
    const { client } = testClient();
    nock(GRAPH, auth).get(`/${VERSION}/me/permissions`).reply(200, { data: [
      { permission: 'whatsapp_business_messaging', status: 'granted' },
      { permission: 'business_management', status: 'declined' },
      { permission: 'whatsapp_business_management', status: 'granted' },
      { permission: 'public_profile', status: 'expired' },
    ] });
    await expect(client.grantedPermissions()).resolves.toEqual(['whatsapp_business_messaging', 'whatsapp_business_management']);
  });

  it('returns none when Meta lists none', async () => {
    const { client } = testClient();
    nock(GRAPH).get(`/${VERSION}/me/permissions`).reply(200, { data: [{ permission: 'public_profile', status: 'declined' }] });
    await expect(client.grantedPermissions()).resolves.toEqual([]);
    nock(GRAPH).get(`/${VERSION}/me/permissions`).reply(200, {});
    await expect(client.grantedPermissions()).resolves.toEqual([]);
  });
});

describe('the queries of reads and deletes', () => {
  it('lists templates 100 at a time unless told otherwise', async () => {
    const { client } = testClient();
    const limits: unknown[] = [];
    nock(GRAPH).get(`/${VERSION}/${WABA_ID}/message_templates`).twice().query((q) => limits.push(q.limit) > 0).reply(200, { data: [] });
    await client.listTemplates(WABA_ID);
    await client.listTemplates(WABA_ID, { limit: 5 });
    expect(limits).toEqual(['100', '5']);
  });

  it('reads a template with the fields Kaiku needs', async () => {
    const { client } = testClient();
    let fields = '';
    nock(GRAPH).get(`/${VERSION}/594425479261596`).query((q) => {
      fields = String(q.fields);
      return true;
    }).reply(200, { id: '594425479261596', name: 'order_update' });
    await client.getTemplate('594425479261596');
    expect(fields.split(',')).toEqual(expect.arrayContaining(['name', 'language', 'status', 'category', 'parameter_format', 'components']));
  });

  it("reads a phone number with the requested fields, or Meta's default set without a query", async () => {
    const { client } = testClient();
    const scope = nock(GRAPH, auth)
      .get(`/${VERSION}/${PHONE_ID}`).query({ fields: 'id,throughput,health_status' }).reply(200, { ...number, throughput: { level: 'STANDARD' } })
      .get(`/${VERSION}/${PHONE_ID}`).reply(200, number);
    await expect(client.getPhoneNumber(PHONE_ID, 'id,throughput,health_status')).resolves.toMatchObject({ throughput: { level: 'STANDARD' } });
    await expect(client.getPhoneNumber(PHONE_ID)).resolves.toEqual(number);
    scope.done();
  });

  it('deletes media scoped to the phone number', async () => {
    const { client } = testClient();
    const scope = nock(GRAPH, auth).delete(`/${VERSION}/1290457731993215`).query({ phone_number_id: PHONE_ID }).reply(200, { success: true });
    await client.deleteMedia('1290457731993215', PHONE_ID);
    scope.done();
  });

  const READS: Array<[string, (client: CloudApiClient) => Promise<unknown>, string]> = [
    ['getMedia', (c) => c.getMedia('1', PHONE_ID), '/1'],
    ['listTemplates', (c) => c.listTemplates(WABA_ID), `/${WABA_ID}/message_templates`],
    ['getTemplate', (c) => c.getTemplate('7'), '/7'],
    ['getPhoneNumber', (c) => c.getPhoneNumber(PHONE_ID, 'id'), `/${PHONE_ID}`],
    ['grantedPermissions', (c) => c.grantedPermissions(), '/me/permissions'],
    ['listPhoneNumbers', (c) => c.listPhoneNumbers(WABA_ID), `/${WABA_ID}/phone_numbers`],
    ['listSubscribedApps', (c) => c.listSubscribedApps(WABA_ID), `/${WABA_ID}/subscribed_apps`],
  ];

  it.each(READS)('%s is a GET, as reported to onRequest', async (_label, call, path) => {
    const logs: GraphRequestLog[] = [];
    const { client } = testClient({ onRequest: (log) => logs.push(log) });
    nock(GRAPH).get(`/${VERSION}${path}`).query(true).reply(200, { data: [], id: '1' });
    await call(client);
    expect(logs.map((log) => [log.method, log.path.split('?')[0]])).toEqual([['GET', `/${VERSION}${path}`]]);
  });
});

describe('paging', () => {
  const path = `/${VERSION}/${WABA_ID}/phone_numbers`;

  it('stops following a paging loop after 100 pages', async () => {
    const { client } = testClient();
    const loop = { data: [number], paging: { cursors: { after: 'SAME' }, next: `https://graph.facebook.com${path}?after=SAME` } };
    const scope = nock(GRAPH).get(path).query(true).times(100).reply(200, loop);
    const list = await client.listPhoneNumbers(WABA_ID);
    expect(list).toHaveLength(100);
    scope.done();
  });

  it('stops when a page names a next page but no cursor, and takes a page without data as empty', async () => {
    const { client } = testClient();
    nock(GRAPH).get(path).reply(200, { data: [number], paging: { next: `https://graph.facebook.com${path}?after=X` } });
    await expect(client.listPhoneNumbers(WABA_ID)).resolves.toEqual([number]);
    nock(GRAPH).get(`/${VERSION}/${WABA_ID}/subscribed_apps`).reply(200, {});
    await expect(client.listSubscribedApps(WABA_ID)).resolves.toEqual([]);
  });
});

describe('subscribeApp', () => {
  it('subscribes without a body when nothing is overridden', async () => {
    const { client } = testClient();
    const seen: Array<[string, unknown]> = [];
    const scope = nock(GRAPH, auth).post(`/${VERSION}/${WABA_ID}/subscribed_apps`).reply(function reply(_uri, body) {
      seen.push([String(this.req.headers['content-type'] ?? ''), body]);
      return [200, { success: true }];
    });
    await client.subscribeApp(WABA_ID);
    expect(seen).toEqual([['', '']]);
    scope.done();
  });
});

describe('downloadMedia', () => {
  it('refuses a media URL that is not a URL, naming it', async () => {
    const { client } = testClient();
    await expect(client.downloadMedia('lookaside.fbsbx.com/x?mid=1')).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'The media URL "lookaside.fbsbx.com/x?mid=1" is not a valid URL. Use the url returned by the media lookup.',
    });
  });
});
