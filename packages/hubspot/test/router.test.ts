import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Signature } from '@hubspot/api-client';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { runBlockedAction } from '../src/execution/execute.js';
import { createHubspotRouter } from '../src/router.js';
import type { BlockedActionRecord, HubspotDeps, ReplyInput, SendTemplateInput } from '../src/types.js';
import { startFakeHubspot, type FakeHubspot } from './fake-hubspot.js';
import { postAsHubspot } from './hubspot-request.js';

const SECRET = 'app-client-secret';
const PUBLIC_URL = 'https://kaiku.example.com';

/** An execution request as HubSpot sends it (fields seen in real payloads). */
function execution(inputFields: Record<string, unknown>, properties: Record<string, unknown> = { mobilephone: '+358 40 123 4567' }) {
  return {
    callbackId: 'ap-62515-2882-1-0',
    origin: { portalId: 62515, userId: null, actionDefinitionId: 9001, actionDefinitionVersion: 1, actionExecutionIndexIdentifier: { enrollmentId: 2882, actionExecutionIndex: 0 } },
    context: { source: 'WORKFLOWS', workflowId: 5511, actionId: 1 },
    object: { objectId: 4011, objectType: 'CONTACT', properties },
    fields: inputFields,
    inputFields,
  };
}

class RateLimited extends Error {
  code = 'throughput_limited';
  retryable = true;
  retryAfterMs = 5;
}

class WindowClosed extends Error {
  code = 'window_closed';
  retryable = false;
  details = { closed_at: '2026-11-24T10:00:00Z', field: 'to' };
}

let fake: FakeHubspot;
let server: Server;
let baseUrl: string;
let sent: Array<{ workspaceId: string; input: SendTemplateInput | ReplyInput }>;
/** Answers by idempotency key, replayed as the proxy replays them. */
let answered: Map<string, { id: string; wa_id: string; status: string }>;
let failures: Error[];
let scheduled: Array<() => Promise<void>>;
let errors: unknown[];

function deps(): HubspotDeps {
  return {
    clientSecret: SECRET, publicUrl: PUBLIC_URL, apiBaseUrl: fake.url,
    findAccountByPortalId: async (portalId) => (portalId === 62515 ? { workspaceId: 'ws_1', portalId, accessToken: fake.state.token, refreshToken: null, expiresAt: null, customEvents: false } : null),
    sendTemplate: async (workspaceId, input) => {
      const failure = failures.shift();
      if (failure) throw failure;
      const earlier = answered.get(input.idempotency_key ?? '');
      if (earlier !== undefined) return { ...earlier, preview: 'Hei Anna', replayed: true };
      sent.push({ workspaceId, input });
      const answer = { id: 'wamid.SENT1', wa_id: '358401234567', status: 'accepted' };
      answered.set(input.idempotency_key ?? '', answer);
      return { ...answer, preview: 'Hei Anna', replayed: false };
    },
    reply: async (workspaceId, input) => {
      const failure = failures.shift();
      if (failure) throw failure;
      sent.push({ workspaceId, input });
      return { id: 'wamid.REPLY1', wa_id: '358401234567', status: 'accepted', sent_as: 'free_form' };
    },
    requestOptIn: async () => Promise.reject(new Error('not asked in these tests')),
    listTemplates: async (_ws, query) => Array.from({ length: 25 }, (_, i) => ({
      id: `${query.phoneNumberId ?? 'default'}-${i}`, name: `order_update_${i}`, language: 'fi', label: `order_update_${i} (fi) — UTILITY`, preview: `Tilaus ${i}`,
      inputs: [
        { key: 'first_name', label: 'First name', description: 'Named body variable', example: 'Maria' },
        { key: 'order_id', label: 'Order id' },
      ],
    })),
    listPhoneNumbers: async () => [{ id: '106540352242922', display_phone_number: '+1 555 000 1234', verified_name: 'Kaiku Demo' }],
    schedule: (_delay, task) => void scheduled.push(task),
    onError: (_message, error) => void errors.push(error),
  };
}

/** Waits until the fake has seen what a best-effort background call sends. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

function post(path: string, body: unknown, options: { timestamp?: number; secret?: string; raw?: string } = {}) {
  return postAsHubspot(`${baseUrl}${path}`, `${PUBLIC_URL}${path}`, body, { secret: SECRET, ...options });
}

beforeEach(async () => {
  fake = await startFakeHubspot();
  fake.state.contacts.push({ id: '4011', properties: { mobilephone: '+358401234567' } });
  sent = [];
  answered = new Map();
  failures = [];
  scheduled = [];
  errors = [];
  const app = express();
  app.use('/hubspot', createHubspotRouter(deps()));
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fake.stop();
});

describe('HubSpot action URL', () => {
  it('sends the template to the record’s phone and answers with output fields', async () => {
    const answer = await post('/hubspot/actions/send-template', execution({ template: 'tpl-12', variable_1: 'Anna', more_variables: 'order=A-77\nheader_image=https://cdn.example.com/a.png' }));
    expect(answer).toEqual({ status: 200, body: { outputFields: { hs_execution_state: 'SUCCESS', message_id: 'wamid.SENT1', wa_id: '358401234567', status: 'accepted', sent_as: 'template' } } });
    expect(sent).toEqual([{ workspaceId: 'ws_1', input: {
      to: '+358 40 123 4567', template: 'tpl-12', variables: { 1: 'Anna', order: 'A-77', header_image: 'https://cdn.example.com/a.png' },
      idempotency_key: 'hubspot:ap-62515-2882-1-0',
    } }]);
  });

  it('replies to a contact without a phone through the WhatsApp user ID Kaiku set on it', async () => {
    await post('/hubspot/actions/reply', execution({ text: 'Hei' }, { kaiku_whatsapp_id: 'GB.13491208655302741918' }));
    expect(sent.map((s) => s.input.to)).toEqual(['GB.13491208655302741918']);
  });

  it('logs the sent template on the enrolled record’s timeline', async () => {
    await post('/hubspot/actions/send-template', execution({ template: 'tpl-12' }));
    await until(() => fake.state.communications.length > 0);
    expect(fake.state.communications[0]?.body).toEqual({
      properties: { hs_communication_channel_type: 'WHATS_APP', hs_communication_logged_from: 'CRM', hs_communication_body: 'Sent on WhatsApp: Hei Anna', hs_timestamp: expect.any(String) },
      associations: [{ to: { id: '4011' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 81 }] }],
    });
  });

  it('writes the timeline once for a replayed action: the log is part of the idempotent outcome', async () => {
    const body = execution({ template: 'tpl-12' });
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await post('/hubspot/actions/send-template', body));
    expect(new Set(answers.map((a) => (a.body.outputFields as Record<string, string>).message_id))).toEqual(new Set(['wamid.SENT1']));
    await until(() => fake.state.communications.length > 0);
    // The replays answered without calling HubSpot; a later, different action's entry arrives after them.
    fake.state.contacts.push({ id: '4012', properties: { mobilephone: '+358401234568' } });
    await post('/hubspot/actions/send-template', { ...body, callbackId: 'ap-62515-2882-1-9', object: { ...body.object, objectId: 4012 } });
    const on = (id: string) => fake.state.communications.filter((c) => JSON.stringify(c.body).includes(`"id":"${id}"`));
    await until(() => on('4012').length > 0);
    expect(on('4011')).toHaveLength(1);
    expect(sent).toHaveLength(2);
  });

  it('logs a reply on a deal with the deal association, and a failed log does not fail the send', async () => {
    const body = execution({ text: 'Tarjous liitteenä' });
    await post('/hubspot/actions/reply', { ...body, object: { objectId: 88, objectType: 'DEAL', properties: { phone: '+358401234567' } } });
    await until(() => fake.state.communications.length > 0);
    expect(fake.state.communications[0]?.body).toMatchObject({ associations: [{ to: { id: '88' }, types: [{ associationTypeId: 85 }] }] });
    fake.failNext(/communications$/, 500);
    const answer = await post('/hubspot/actions/reply', { ...body, callbackId: 'ap-62515-2882-1-1' });
    expect((answer.body.outputFields as Record<string, string>).hs_execution_state).toBe('SUCCESS');
  });

  it('sends a named-variable template through the variable slots, without the text box', async () => {
    const answer = await post('/hubspot/actions/send-template', execution({
      template: 'tpl-12', variable_1_name: 'first_name', variable_1: 'Aino', variable_2_name: 'order_id', variable_2: 'KA-1', variable_3: 'positional',
    }));
    expect(answer.status).toBe(200);
    expect(sent[0]?.input).toMatchObject({ variables: { first_name: 'Aino', order_id: 'KA-1', 3: 'positional' } });
  });

  it('replies with media and a fallback template', async () => {
    const answer = await post('/hubspot/actions/reply', execution({ text: 'Kuitti', media_type: 'document', media_url: 'https://cdn.example.com/r.pdf', fallback_template: 'tpl-9', fallback_variable_1: 'Anna' }));
    expect(answer.body).toEqual({ outputFields: { hs_execution_state: 'SUCCESS', message_id: 'wamid.REPLY1', wa_id: '358401234567', status: 'accepted', sent_as: 'free_form' } });
    expect(sent[0]?.input).toEqual({
      to: '+358 40 123 4567', media: { type: 'document', url: 'https://cdn.example.com/r.pdf', caption: 'Kuitti' },
      fallback_template: { template: 'tpl-9', variables: { 1: 'Anna' } }, idempotency_key: 'hubspot:ap-62515-2882-1-0',
    });
  });

  it('fails the action with a marketer’s message for business errors', async () => {
    failures.push(Object.assign(new WindowClosed('The 24-hour window closed at 2026-11-24T10:00:00Z.')));
    const answer = await post('/hubspot/actions/reply', execution({ text: 'Hei' }));
    expect(answer.body).toEqual({ outputFields: { hs_execution_state: 'FAIL_CONTINUE', error_code: 'window_closed', error_message: 'The 24-hour reply window with this contact closed at 2026-11-24T10:00:00Z. Choose a Fallback template in this action, or use the "Send WhatsApp template" action.' } });
  });

  it.each([
    ['no phone at all', execution({ template: 't' }, {}), 'missing_phone'],
    ['an opted-out contact', execution({ template: 't' }, { phone: '+358401234567', kaiku_whatsapp_opted_out: 'true' }), 'opted_out'],
    ['consent required but not given', execution({ template: 't', require_consent: true, consent: 'false' }), 'no_consent'],
  ])('fails without sending for %s', async (_label, body, code) => {
    const answer = await post('/hubspot/actions/send-template', body);
    expect((answer.body.outputFields as Record<string, string>).error_code).toBe(code);
    expect(sent).toEqual([]);
  });

  it('sends when the consent property says yes', async () => {
    await post('/hubspot/actions/send-template', execution({ template: 't', require_consent: 'true', consent: 'Yes' }));
    expect(sent).toHaveLength(1);
  });

  it('blocks on Meta rate limits and completes the callback after the retry, with the same idempotency key', async () => {
    failures.push(new RateLimited('Meta asks to slow down.'));
    const answer = await post('/hubspot/actions/send-template', execution({ template: 'tpl-12' }));
    expect(answer.body).toEqual({ outputFields: { hs_execution_state: 'BLOCK', hs_expiration_duration: 'P1D' } });
    expect(sent).toEqual([]);
    await scheduled.shift()?.();
    expect(sent.map((s) => s.input.idempotency_key)).toEqual(['hubspot:ap-62515-2882-1-0']);
    expect(fake.state.completions).toEqual([{ callbackId: 'ap-62515-2882-1-0', body: { outputFields: { hs_execution_state: 'SUCCESS', message_id: 'wamid.SENT1', wa_id: '358401234567', status: 'accepted', sent_as: 'template' } } }]);
    expect(fake.calls.find((c) => c.path.includes('/callbacks/'))?.auth).toBe(`Bearer ${fake.state.token}`);
  });

  it('keeps retrying a blocked action while Meta is limited, then fails it through the callback on a business error', async () => {
    failures.push(new RateLimited('slow down'), new RateLimited('still slow'), new WindowClosed('Window closed.'));
    await post('/hubspot/actions/reply', execution({ text: 'Hei' }));
    await scheduled.shift()?.();
    expect(fake.state.completions).toEqual([]);
    await scheduled.shift()?.();
    expect(fake.state.completions[0]?.body).toEqual({ outputFields: { hs_execution_state: 'FAIL_CONTINUE', error_code: 'window_closed', error_message: expect.stringContaining('Choose a Fallback template in this action') } });
  });

  it('answers 500 (HubSpot retries) when the proxy itself fails, without a message for the marketer', async () => {
    failures.push(Object.assign(new Error('connection terminated unexpectedly'), { code: 'ECONNRESET' }));
    const answer = await post('/hubspot/actions/send-template', execution({ template: 'tpl-12' }));
    expect(answer).toEqual({ status: 500, body: { error: { code: 'internal_error', message: expect.stringContaining('HubSpot will try again'), details: {} } } });
    expect(sent).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it('answers an unconnected portal with a failure naming the fix', async () => {
    const answer = await post('/hubspot/actions/send-template', { ...execution({ template: 't' }), origin: { portalId: 999 } });
    expect(answer.body.outputFields).toMatchObject({ hs_execution_state: 'FAIL_CONTINUE', error_code: 'not_connected', error_message: expect.stringContaining('Ask your Kaiku administrator for a link that installs the Kaiku app') });
  });
});

describe('blocked actions kept by the host', () => {
  /** A router whose blocked actions go to `kept` instead of an in-memory timer. */
  async function keepingRouter(kept: BlockedActionRecord[]): Promise<{ url: string; close: () => Promise<void>; deps: HubspotDeps }> {
    const keeping: HubspotDeps = { ...deps(), blocked: { save: async (action) => void kept.push(action) } };
    const app = express();
    app.use('/hubspot', createHubspotRouter(keeping));
    const listening: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    return { url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`, deps: keeping, close: () => new Promise((resolve) => listening.close(() => resolve())) };
  }

  it('keeps the request as received with its due time before answering BLOCK, and schedules nothing in memory', async () => {
    const kept: BlockedActionRecord[] = [];
    const router = await keepingRouter(kept);
    try {
      failures.push(Object.assign(new RateLimited('slow down'), { retryAfterMs: 5_000 }));
      const body = execution({ template: 'tpl-12' });
      const answer = await postAsHubspot(`${router.url}/hubspot/actions/send-template`, `${PUBLIC_URL}/hubspot/actions/send-template`, body, { secret: SECRET });
      expect(answer.body).toEqual({ outputFields: { hs_execution_state: 'BLOCK', hs_expiration_duration: 'P1D' } });
      expect(kept).toEqual([{
        callbackId: 'ap-62515-2882-1-0', workspaceId: 'ws_1', kind: 'send_template', request: JSON.stringify(body), blockedAt: expect.any(Date), dueAt: expect.any(Date),
      }]);
      const [action] = kept;
      expect(Math.abs((action?.blockedAt.getTime() ?? 0) - Date.now())).toBeLessThan(5_000);
      expect((action?.dueAt.getTime() ?? 0) - (action?.blockedAt.getTime() ?? 0)).toBe(5_000);
      expect(scheduled).toEqual([]);
    } finally {
      await router.close();
    }
  });

  it('runs a kept action: again later while Meta is limited, then sent with the same key and completed', async () => {
    const kept: BlockedActionRecord[] = [];
    const router = await keepingRouter(kept);
    try {
      failures.push(new RateLimited('slow down'));
      await postAsHubspot(`${router.url}/hubspot/actions/reply`, `${PUBLIC_URL}/hubspot/actions/reply`, execution({ text: 'Hei' }), { secret: SECRET });
      const [action] = kept;
      if (action === undefined) throw new Error('nothing was kept');
      failures.push(Object.assign(new RateLimited('still slow'), { retryAfterMs: 30_000 }));
      const now = Date.now();
      expect(await runBlockedAction(action, { ...router.deps, now: () => now })).toEqual({ done: false, dueAt: new Date(now + 30_000) });
      expect(fake.state.completions).toEqual([]);
      expect(await runBlockedAction(action, router.deps)).toEqual({ done: true });
      expect(sent.map((s) => s.input.idempotency_key)).toEqual(['hubspot:ap-62515-2882-1-0']);
      expect(fake.state.completions).toEqual([{ callbackId: 'ap-62515-2882-1-0', body: { outputFields: { hs_execution_state: 'SUCCESS', message_id: 'wamid.REPLY1', wa_id: '358401234567', status: 'accepted', sent_as: 'free_form' } } }]);
    } finally {
      await router.close();
    }
  });

  it('drops a kept action whose portal was disconnected meanwhile, saying why', async () => {
    const action: BlockedActionRecord = {
      callbackId: 'ap-999-1-1-0', workspaceId: 'ws_1', kind: 'reply', request: JSON.stringify({ ...execution({ text: 'Hei' }), origin: { portalId: 999 } }),
      blockedAt: new Date(), dueAt: new Date(),
    };
    const messages: string[] = [];
    expect(await runBlockedAction(action, { ...deps(), onError: (message) => void messages.push(message) })).toEqual({ done: true });
    expect(sent).toEqual([]);
    expect(messages).toEqual([expect.stringContaining('HubSpot account 999 was disconnected')]);
  });
});

describe('HubSpot request authentication', () => {
  it.each([
    ['a wrong secret', { secret: 'nope' }],
    ['a stale timestamp', { timestamp: Date.now() - 301_000 }],
  ])('rejects %s with 401 and sends nothing', async (_label, options) => {
    const answer = await post('/hubspot/actions/send-template', execution({ template: 't' }), options);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect(sent).toEqual([]);
  });

  it('accepts a request signed only with v2 (as the custom action guide describes), and refuses a wrong one', async () => {
    const raw = JSON.stringify({ origin: { portalId: 62515, actionDefinitionId: 9001, actionDefinitionVersion: 1 }, objectTypeId: '0-1', inputFieldName: 'phone_number_id', inputFields: {}, fetchOptions: {} });
    const call = (secret: string) => fetch(`${baseUrl}/hubspot/options`, {
      method: 'POST', body: raw,
      headers: {
        'content-type': 'application/json', 'x-hubspot-signature-version': 'v2',
        'x-hubspot-signature': Signature.getSignature('POST', 'v2', { signature: '', clientSecret: secret, requestBody: raw, url: `${PUBLIC_URL}/hubspot/options` }),
      },
    });
    expect((await call(SECRET)).status).toBe(200);
    expect((await call('nope')).status).toBe(401);
  });

  it('rejects a request without signature headers', async () => {
    const response = await fetch(`${baseUrl}/hubspot/options`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(401);
  });

  it.each([
    ['not JSON', '{"callbackId": '],
    ['no callbackId', JSON.stringify({ origin: { portalId: 62515 }, inputFields: {} })],
    ['no portal', JSON.stringify({ callbackId: 'x', inputFields: {} })],
    ['no inputFields', JSON.stringify({ callbackId: 'x', origin: { portalId: 62515 } })],
  ])('rejects a signed but malformed body (%s) with 400 and sends nothing', async (_label, raw) => {
    const answer = await post('/hubspot/actions/send-template', null, { raw });
    expect(answer.status).toBe(400);
    expect(sent).toEqual([]);
  });
});

describe('HubSpot options URL', () => {
  const fetchBody = (field: string, fetchOptions: Record<string, unknown> = {}, inputFields: Record<string, unknown> = {}) => ({
    origin: { portalId: 62515, actionDefinitionId: 9001, actionDefinitionVersion: 1 }, objectTypeId: '0-1', inputFieldName: field, inputFields, fetchOptions,
  });

  it('lists approved templates a page at a time, for the chosen sender', async () => {
    const first = await post('/hubspot/options', fetchBody('template', {}, { phone_number_id: { type: 'STATIC_VALUE', value: '1065' } }));
    expect(first.body).toMatchObject({ after: '20', searchable: true });
    const options = first.body.options as Array<{ value: string; label: string; description: string }>;
    expect(options).toHaveLength(20);
    expect(options[0]).toEqual({ value: '1065-0', label: 'order_update_0 (fi) — UTILITY', description: 'Tilaus 0' });
    const second = await post('/hubspot/options', fetchBody('template', { after: '20' }));
    expect((second.body.options as unknown[]).length).toBe(5);
    expect(second.body.after).toBeUndefined();
  });

  it('filters by the search text', async () => {
    const answer = await post('/hubspot/options', fetchBody('fallback_template', { q: 'UPDATE_2' }));
    expect((answer.body.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['default-2', 'default-20', 'default-21', 'default-22', 'default-23', 'default-24']);
  });

  it('lists business numbers', async () => {
    const answer = await post('/hubspot/options', fetchBody('phone_number_id'));
    expect(answer.body.options).toEqual([{ value: '106540352242922', label: '+1 555 000 1234 (Kaiku Demo)', description: '' }]);
  });

  it('lists the chosen template\'s own variables for each variable slot, and none before a template is chosen', async () => {
    const inputs = { phone_number_id: { type: 'STATIC_VALUE', value: '1065' }, template: { type: 'STATIC_VALUE', value: '1065-3' } };
    const answer = await post('/hubspot/options', fetchBody('variable_2_name', {}, inputs));
    expect(answer.body.options).toEqual([
      { value: 'first_name', label: 'First name — e.g. Maria', description: 'Named body variable' },
      { value: 'order_id', label: 'Order id', description: '' },
    ]);
    const fallback = await post('/hubspot/options', fetchBody('fallback_variable_1_name', {}, { fallback_template: { type: 'STATIC_VALUE', value: 'default-1' } }));
    expect((fallback.body.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['first_name', 'order_id']);
    expect((await post('/hubspot/options', fetchBody('variable_1_name'))).body.options).toEqual([]);
  });

  it('answers 400 for a field without options', async () => {
    expect((await post('/hubspot/options', fetchBody('text'))).status).toBe(400);
  });
});
