/**
 * A second outside client, @great-detail/whatsapp, talks to the sandbox as it talks to Meta. Its 9.x line calls
 * Graph without a version and needs Node 22; 8.4 runs on Node 20, and with `graphVersion: ''` it makes the same
 * unversioned calls (`{base}/{phone-number-id}/messages`), which Graph serves with the app's default version.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, MessageType } from '@great-detail/whatsapp';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import { PHONE, WABA } from './graph.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.stop();
});

/** The paths the client called, to show that they carry no version. */
const called: string[] = [];
const client = (graphVersion: string, token = 'sandbox-access-token') => new Client({
  prefixUrl: sandbox.url, graphVersion,
  request: { headers: { Authorization: `Bearer ${token}` }, retry: 0, hooks: { beforeRequest: [(request) => void called.push(new URL(request.url).pathname)] } },
});

describe('@great-detail/whatsapp against the sandbox', () => {
  it('sends text and a template with unversioned calls', async () => {
    const sdk = client('');
    const text = await sdk.message.createMessage({ phoneNumberID: PHONE, to: '+358401110030', type: MessageType.Text, text: { body: 'Hello from great-detail' } }).json();
    expect(text).toMatchObject({ messaging_product: 'whatsapp', contacts: [{ input: '+358401110030', wa_id: '358401110030' }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
    const template = await sdk.message.createMessage({
      phoneNumberID: PHONE, to: '358401110030', type: MessageType.Template,
      template: { name: 'order_confirmation', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: MessageType.Text, text: 'KA-1' }, { type: MessageType.Text, text: '5 EUR' }] }] },
    }).json();
    expect(template.messages[0]?.message_status).toBe('accepted');
    const phone = (await (await fetch(`${sandbox.url}/_sandbox/customers/358401110030/messages`)).json()) as { data: Array<{ text: string }> };
    expect(phone.data.map((m) => m.text)).toEqual(['Hello from great-detail', expect.stringContaining('KA-1')]);
    expect(called).toEqual([`/${PHONE}/messages`, `/${PHONE}/messages`]);
  });

  it('reads the phone number, the templates, the WABA and the business profile unversioned', async () => {
    const sdk = client('');
    expect(await sdk.phoneNumbers.getPhoneNumber({ phoneNumberID: PHONE, fields: ['display_phone_number'] }).json()).toEqual({ display_phone_number: '15550001234', id: PHONE });
    const templates = await sdk.template.list(WABA, { fields: ['name', 'status', 'quality_score'], limit: 2 }).json();
    expect(templates.data).toHaveLength(2);
    expect(templates.data[0]).toMatchObject({ status: 'APPROVED', quality_score: { score: 'GREEN' } });
    expect(await sdk.whatsappBusinessAccount.get(WABA, { fields: ['name'] }).json()).toMatchObject({ id: WABA });
    expect(await sdk.businessProfile.updateBusinessProfile({ phoneNumberID: PHONE, about: 'Kaiku test shop' }).json()).toEqual({ success: true });
    const profile = await sdk.businessProfile.getBusinessProfile({ phoneNumberID: PHONE, fields: ['about'] }).json();
    expect(profile.data[0]).toMatchObject({ about: 'Kaiku test shop' });
  });

  it('works with its own default version (v23.0), older than the sandbox\'s', async () => {
    const sdk = client('v23.0');
    const sent = await sdk.message.createMessage({ phoneNumberID: PHONE, to: '+358401110031', type: MessageType.Text, text: { body: 'v23' } }).json();
    expect(sent.contacts[0]?.wa_id).toBe('358401110031');
  });

  it('gets Meta\'s error envelope when the token is wrong', async () => {
    const failed = await client('', 'wrong-token').message.createMessage({ phoneNumberID: PHONE, to: '+358401110032', type: MessageType.Text, text: { body: 'x' } })
      .then(() => null, (error: unknown) => error as { response: Response });
    expect(failed?.response.status).toBe(401);
    expect(await failed?.response.json()).toMatchObject({ error: { code: 190, type: 'OAuthException' } });
  });
});
