import { describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { GRAPH, PHONE_ID, testClient, TOKEN, VERSION, WABA_ID, useNock } from './client-helpers.js';

const auth = { reqheaders: { authorization: `Bearer ${TOKEN}` } };

useNock();

describe('media', () => {
  it('uploads multipart form data with messaging_product, type and the file', async () => {
    const { client } = testClient();
    let contentType = '';
    let body = '';
    nock(GRAPH, auth)
      .post(`/${VERSION}/${PHONE_ID}/media`, (raw: string) => {
        body = raw;
        return true;
      })
      .reply(function reply() {
        contentType = String(this.req.headers['content-type']);
        return [200, { id: '1290457731993215' }];
      });
    const data = new TextEncoder().encode('%PDF-1.4 hello');
    await expect(client.uploadMedia(PHONE_ID, { data, mimeType: 'application/pdf', filename: 'invoice.pdf' })).resolves.toEqual({ id: '1290457731993215' });
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(body).toMatch(/name="messaging_product"\r\n\r\nwhatsapp\r\n/);
    expect(body).toMatch(/name="type"\r\n\r\napplication\/pdf\r\n/);
    expect(body).toMatch(/name="file"; filename="invoice.pdf"\r\nContent-Type: application\/pdf\r\n\r\n%PDF-1.4 hello\r\n/);
  });

  it('looks up a media URL scoped to the phone number', async () => {
    const { client } = testClient();
    const info = { messaging_product: 'whatsapp', url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1', mime_type: 'image/jpeg', sha256: 'abc', file_size: 48213, id: '1' };
    nock(GRAPH, auth).get(`/${VERSION}/1`).query({ phone_number_id: PHONE_ID }).reply(200, info);
    await expect(client.getMedia('1', PHONE_ID)).resolves.toEqual(info);
  });

  it("downloads from Meta's media host with the Bearer token", async () => {
    const { client } = testClient();
    nock('https://lookaside.fbsbx.com', auth).get('/whatsapp_business/attachments/').query({ mid: '1' })
      .reply(200, Buffer.from([0xff, 0xd8, 0xff]), { 'content-type': 'image/jpeg' });
    const file = await client.downloadMedia('https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1');
    expect(file.mimeType).toBe('image/jpeg');
    expect([...file.data]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('downloads from the configured Graph origin (the sandbox)', async () => {
    const { client } = testClient({ baseUrl: 'http://127.0.0.1:4010' });
    nock('http://127.0.0.1:4010', auth).get('/media/1').reply(200, 'abc', { 'content-type': 'text/plain' });
    const file = await client.downloadMedia('http://127.0.0.1:4010/media/1');
    expect(new TextDecoder().decode(file.data)).toBe('abc');
  });

  it('refuses to send the token to any other host', async () => {
    const { client } = testClient();
    await expect(client.downloadMedia('https://evil.example/steal')).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/evil\.example is not WhatsApp's/) });
  });

  it('maps an expired media URL (404) to an error', async () => {
    const { client } = testClient();
    nock('https://lookaside.fbsbx.com').get('/x').reply(404, graphErr(100, 'expired'));
    await expect(client.downloadMedia('https://lookaside.fbsbx.com/x')).rejects.toMatchObject({ httpStatus: 404, retryable: false });
  });

  it('deletes media', async () => {
    const { client } = testClient();
    const scope = nock(GRAPH, auth).delete(`/${VERSION}/1`).reply(200, { success: true });
    await client.deleteMedia('1');
    scope.done();
  });
});

function graphErr(code: number, message: string) {
  return { error: { message, type: 'OAuthException', code, fbtrace_id: 'T' } };
}

describe('templates', () => {
  const template = (name: string) => ({ id: `${name.length}00`, name, language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi' }] });

  it('lists every page by following the after cursor on the configured host', async () => {
    const { client } = testClient();
    const path = `/${VERSION}/${WABA_ID}/message_templates`;
    nock(GRAPH, auth)
      .get(path).query((q) => q.status === 'APPROVED' && q.after === undefined && typeof q.fields === 'string')
      .reply(200, { data: [template('a'), template('bb')], paging: { cursors: { before: 'B1', after: 'A1' }, next: `https://graph.facebook.com${path}?after=A1` } })
      .get(path).query((q) => q.after === 'A1')
      .reply(200, { data: [template('ccc')], paging: { cursors: { before: 'B2', after: 'A2' } } });
    const list = await client.listTemplates(WABA_ID, { status: 'APPROVED' });
    expect(list.map((t) => t.name)).toEqual(['a', 'bb', 'ccc']);
  });

  it('gets, creates and deletes templates', async () => {
    const { client } = testClient();
    const created: unknown[] = [];
    const body = { name: 'order_update', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your order {{1}} shipped.', example: { body_text: [['A-1']] } }] };
    const scope = nock(GRAPH, auth)
      .get(`/${VERSION}/594425479261596`).query(true).reply(200, template('order_update'))
      .post(`/${VERSION}/${WABA_ID}/message_templates`, (b: unknown) => created.push(b) > 0).reply(200, { id: '594425479261596', status: 'PENDING', category: 'UTILITY' })
      .delete(`/${VERSION}/${WABA_ID}/message_templates`).query({ name: 'order_update', hsm_id: '594425479261596' }).reply(200, { success: true })
      .delete(`/${VERSION}/${WABA_ID}/message_templates`).query({ name: 'order_update' }).reply(200, { success: true });
    await expect(client.getTemplate('594425479261596')).resolves.toMatchObject({ name: 'order_update' });
    await expect(client.createTemplate(WABA_ID, body)).resolves.toEqual({ id: '594425479261596', status: 'PENDING', category: 'UTILITY' });
    expect(created).toEqual([body]);
    await client.deleteTemplate(WABA_ID, { name: 'order_update', hsmId: '594425479261596' });
    await client.deleteTemplate(WABA_ID, { name: 'order_update' });
    scope.done();
  });

  it('explains a duplicate template (100 / 2388024)', async () => {
    const { client } = testClient();
    nock(GRAPH).post(`/${VERSION}/${WABA_ID}/message_templates`).reply(400, {
      error: { message: 'Invalid parameter', type: 'OAuthException', code: 100, error_subcode: 2388024, is_transient: false,
        error_user_title: 'Message template already exists', error_user_msg: 'There is already English (US) content for this template.', fbtrace_id: 'Z' },
    });
    await expect(client.createTemplate(WABA_ID, { name: 'x' })).rejects.toMatchObject({
      code: 'meta_invalid_request', metaSubcode: 2388024, details: { meta_user_title: 'Message template already exists' },
    });
  });
});

describe('phone numbers and subscriptions', () => {
  it('reads and lists phone numbers', async () => {
    const { client } = testClient();
    const number = { id: PHONE_ID, display_phone_number: '15550001234', verified_name: 'Kaiku Demo', quality_rating: 'GREEN' };
    nock(GRAPH, auth).get(`/${VERSION}/${PHONE_ID}`).reply(200, number)
      .get(`/${VERSION}/${WABA_ID}/phone_numbers`).reply(200, { data: [number], paging: { cursors: { before: 'a', after: 'b' } } });
    await expect(client.getPhoneNumber(PHONE_ID)).resolves.toEqual(number);
    await expect(client.listPhoneNumbers(WABA_ID)).resolves.toEqual([number]);
  });

  it('subscribes with an override callback, lists and unsubscribes', async () => {
    const { client } = testClient();
    const bodies: unknown[] = [];
    const scope = nock(GRAPH, auth)
      .post(`/${VERSION}/${WABA_ID}/subscribed_apps`, (b: unknown) => bodies.push(b) > 0).reply(200, { success: true })
      .get(`/${VERSION}/${WABA_ID}/subscribed_apps`).reply(200, { data: [{ whatsapp_business_api_data: { id: '1', name: 'Kaiku' } }] })
      .delete(`/${VERSION}/${WABA_ID}/subscribed_apps`).reply(200, { success: true });
    await client.subscribeApp(WABA_ID, { overrideCallbackUri: 'https://kaiku.example/webhooks/meta', verifyToken: 'vt-1' });
    expect(bodies).toEqual([{ override_callback_uri: 'https://kaiku.example/webhooks/meta', verify_token: 'vt-1' }]);
    await expect(client.listSubscribedApps(WABA_ID)).resolves.toEqual([{ whatsapp_business_api_data: { id: '1', name: 'Kaiku' } }]);
    await client.unsubscribeApp(WABA_ID);
    scope.done();
  });
});
