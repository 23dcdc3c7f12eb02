/**
 * Graph details outside clients rely on: unversioned and unknown versions, the missing-token error, usage
 * headers, template fields on request, national numbers, the blocklist, the business profile and registration.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import type { GraphResponse } from './graph.js';
import { graph, PHONE, text, WABA } from './graph.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.stop();
});

async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: GraphResponse['body'] }> {
  const response = await fetch(`${sandbox.url}${path}`, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphResponse['body'] };
}
const bearer = { authorization: 'Bearer sandbox-access-token', 'content-type': 'application/json' };
const customerWrites = (waId: string) => fetch(`${sandbox.url}/_sandbox/customers/${waId}/messages`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'text', text: { body: 'Hei' } }),
});

describe('versions', () => {
  it('serves an unversioned path with the default version', async () => {
    const sent = await raw(`/${PHONE}/messages`, { method: 'POST', headers: bearer, body: JSON.stringify(text('+358401110001', 'hi')) });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ messaging_product: 'whatsapp', contacts: [{ wa_id: '358401110001' }] });
    const templates = await raw(`/${WABA}/message_templates?fields=name&limit=1`, { headers: bearer });
    expect(templates.status).toBe(200);
    expect(templates.body.data).toHaveLength(1);
  });

  it('serves older versions and refuses one newer than any Graph has', async () => {
    expect((await raw(`/v21.0/${PHONE}?fields=display_phone_number`, { headers: bearer })).status).toBe(200);
    const future = await raw(`/v99.0/${PHONE}/messages`, { method: 'POST', headers: bearer, body: JSON.stringify(text('+358401110001', 'hi')) });
    expect(future.status).toBe(400);
    expect(future.body.error).toMatchObject({ code: 100, type: 'GraphMethodException', error_subcode: 33 });
    expect(future.body.error?.message).toContain("Object with ID 'v99.0' does not exist");
  });

  it('still answers 2500 for a path it does not know', async () => {
    const unknown = await raw('/v24.0/a/b/c', { headers: bearer });
    expect(unknown.body.error?.code).toBe(2500);
  });
});

describe('access tokens', () => {
  it('answers a request without a token with code 104', async () => {
    const missing = await raw(`/v24.0/${PHONE}`);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 104, type: 'OAuthException', message: 'An access token is required to request this resource.' });
    const wrong = await graph(sandbox.url, 'GET', `/${PHONE}`, undefined, 'not-the-token');
    expect(wrong.body.error?.code).toBe(190);
  });
});

describe('usage headers', () => {
  it('puts X-App-Usage and X-Business-Use-Case-Usage on management calls, not on sends', async () => {
    const listed = await raw(`/v24.0/${WABA}/message_templates?limit=1`, { headers: bearer });
    const app = JSON.parse(listed.headers.get('x-app-usage') ?? 'null') as Record<string, number>;
    expect(app).toEqual({ call_count: expect.any(Number), total_cputime: expect.any(Number), total_time: expect.any(Number) });
    expect(app.call_count).toBeGreaterThanOrEqual(1);
    const business = JSON.parse(listed.headers.get('x-business-use-case-usage') ?? 'null') as Record<string, Array<Record<string, unknown>>>;
    expect(business[WABA]?.[0]).toMatchObject({ type: 'whatsapp_business_management', call_count: expect.any(Number), estimated_time_to_regain_access: 0 });
    const sent = await raw(`/v24.0/${PHONE}/messages`, { method: 'POST', headers: bearer, body: JSON.stringify(text('+358401110002', 'hi')) });
    expect(sent.headers.get('x-app-usage')).toBeNull();
  });
});

describe('template fields', () => {
  it('returns quality_score and rejected_reason only when asked for', async () => {
    const plain = await graph(sandbox.url, 'GET', `/${WABA}/message_templates?name=order_update&language=en_US`);
    const template = (plain.body.data as Array<Record<string, unknown>>)[0] ?? {};
    expect(template).not.toHaveProperty('quality_score');
    expect(template).not.toHaveProperty('rejected_reason');
    const asked = await graph(sandbox.url, 'GET', `/${WABA}/message_templates?name=order_update&language=en_US&fields=name,quality_score,rejected_reason`);
    expect((asked.body.data as unknown[])[0]).toEqual({
      name: 'order_update', quality_score: { score: 'GREEN', date: expect.any(Number) }, rejected_reason: 'NONE', id: template.id,
    });
    await fetch(`${sandbox.url}/_sandbox/templates/${String(template.id)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'PAUSED' }) });
    const paused = await graph(sandbox.url, 'GET', `/${String(template.id)}?fields=quality_score`);
    expect(paused.body).toEqual({ quality_score: { score: 'RED', date: expect.any(Number) }, id: template.id });
    await fetch(`${sandbox.url}/_sandbox/templates/${String(template.id)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'APPROVED' }) });
  });
});

describe('national numbers', () => {
  it('resolves a number with a trunk 0 against the business number\'s country code', async () => {
    const us = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, text('0401234567', 'hi'));
    expect(us.body.contacts).toEqual([{ input: '0401234567', wa_id: '1401234567' }]);
    const finnish = await startSandbox({ phoneNumbers: [{ id: '200000000000001', display_phone_number: '358501234567', verified_name: 'Kauppa' }] });
    try {
      const sent = await graph(finnish.url, 'POST', '/200000000000001/messages', text('040 123 4567', 'hi'));
      expect(sent.body.contacts).toEqual([{ input: '040 123 4567', wa_id: '358401234567' }]);
      const phone = (await (await fetch(`${finnish.url}/_sandbox/customers/0401234567/messages`)).json()) as { data: unknown[] };
      expect(phone.data).toHaveLength(1);
    } finally {
      await finnish.stop();
    }
  });

  it('never answers a wa_id that starts with 0', async () => {
    const sent = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, text('+0401234567', 'hi'));
    expect(sent.status).toBe(400);
    expect(sent.body.error?.code).toBe(100);
  });
});

describe('block_users', () => {
  const block = (method: string, users: string[]) => graph(sandbox.url, method, `/${PHONE}/block_users`, { messaging_product: 'whatsapp', block_users: users.map((user) => ({ user })) });

  it('blocks a customer who wrote today: sends to them and their messages are refused until unblocked', async () => {
    await customerWrites('358401110010');
    const blocked = await block('POST', ['+358 40 111 0010']);
    expect(blocked.body).toEqual({ messaging_product: 'whatsapp', block_users: { added_users: [{ input: '+358 40 111 0010', wa_id: '358401110010' }] } });
    expect((await graph(sandbox.url, 'GET', `/${PHONE}/block_users`)).body.data).toEqual([{ block_users: [{ wa_id: '358401110010' }] }]);
    const refused = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, text('358401110010', 'hello'));
    expect(refused.body.error?.code).toBe(130403);
    expect((await customerWrites('358401110010')).status).toBe(400);
    const unblocked = await block('DELETE', ['358401110010']);
    expect(unblocked.body).toEqual({ messaging_product: 'whatsapp', block_users: { removed_users: [{ input: '358401110010', wa_id: '358401110010' }] } });
    expect((await graph(sandbox.url, 'POST', `/${PHONE}/messages`, text('358401110010', 'hello'))).status).toBe(200);
  });

  it('refuses to block someone who has not written in 24 hours, per user', async () => {
    await customerWrites('358401110011');
    const partly = await block('POST', ['358401110011', '358401110012']);
    expect(partly.status).toBe(400);
    expect(partly.body.error?.code).toBe(139100);
    expect(partly.body.block_users).toEqual({
      added_users: [{ input: '358401110011', wa_id: '358401110011' }],
      failed_users: [{ input: '358401110012', errors: [expect.objectContaining({ code: 139100 })] }],
    });
    expect((await block('POST', [])).body.error?.code).toBe(100);
  });
});

describe('whatsapp_business_profile', () => {
  it('reads and updates the profile, narrowed by fields, with Meta\'s limits', async () => {
    const path = `/${PHONE}/whatsapp_business_profile`;
    const updated = await graph(sandbox.url, 'POST', path, { messaging_product: 'whatsapp', about: 'Open 9–17', email: 'shop@example.com', websites: ['https://example.com'], vertical: 'RETAIL' });
    expect(updated.body).toEqual({ success: true });
    const read = await graph(sandbox.url, 'GET', `${path}?fields=about,email,websites,vertical`);
    expect(read.body).toEqual({ data: [{ about: 'Open 9–17', email: 'shop@example.com', websites: ['https://example.com'], vertical: 'RETAIL' }] });
    for (const bad of [{ about: 'x'.repeat(140) }, { email: 'not an email' }, { vertical: 'SPACESHIPS' }, { websites: ['a', 'b', 'c'] }]) {
      expect((await graph(sandbox.url, 'POST', path, { messaging_product: 'whatsapp', ...bad })).body.error?.code).toBe(100);
    }
  });
});

describe('register and deregister', () => {
  it('refuses sends with 133010 while the number is deregistered', async () => {
    expect((await graph(sandbox.url, 'POST', `/${PHONE}/deregister`, {})).body).toEqual({ success: true });
    expect((await graph(sandbox.url, 'POST', `/${PHONE}/messages`, text('358401110020', 'hi'))).body.error?.code).toBe(133010);
    expect((await graph(sandbox.url, 'POST', `/${PHONE}/register`, { messaging_product: 'whatsapp', pin: '12' })).body.error?.code).toBe(100);
    expect((await graph(sandbox.url, 'POST', `/${PHONE}/register`, { messaging_product: 'whatsapp', pin: '123456' })).body).toEqual({ success: true });
    expect((await graph(sandbox.url, 'POST', `/${PHONE}/messages`, text('358401110020', 'hi'))).status).toBe(200);
  });
});

describe("the customer's phone", () => {
  it('shows the ids of reply buttons and list rows, and the customer answers with one', async () => {
    const list = {
      messaging_product: 'whatsapp', to: '358401110040', type: 'interactive',
      interactive: { type: 'list', body: { text: 'Pick a slot' }, action: { button: 'Slots', sections: [{ rows: [{ id: 'slot-9', title: '9:00' }, { id: 'slot-10', title: '10:00', description: 'Late morning' }] }] } },
    };
    await customerWrites('358401110040');
    const sent = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, list);
    const id = (sent.body.messages as Array<{ id: string }>)[0]?.id;
    const shown = (await (await fetch(`${sandbox.url}/_sandbox/customers/358401110040/messages`)).json()) as { data: Array<Record<string, unknown>> };
    expect(shown.data.find((m) => m.id === id)).toMatchObject({ choices: [{ id: 'slot-9', title: '9:00' }, { id: 'slot-10', title: '10:00' }] });
    const tapped = await fetch(`${sandbox.url}/_sandbox/customers/358401110040/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'slot-10', title: '10:00' } }, context: { id } }),
    });
    expect(tapped.status).toBe(200);
    const buttons = { ...list, interactive: { type: 'button', body: { text: 'OK?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] } } };
    const second = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, buttons);
    const after = (await (await fetch(`${sandbox.url}/_sandbox/customers/358401110040/messages`)).json()) as { data: Array<Record<string, unknown>> };
    expect(after.data.find((m) => m.id === (second.body.messages as Array<{ id: string }>)[0]?.id)).toMatchObject({ choices: [{ id: 'yes', title: 'Yes' }] });
  });
});
