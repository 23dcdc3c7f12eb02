/**
 * "Request WhatsApp Consent": its fields come from the shared opt-in-request schema (labels, help text, types),
 * and `perform` posts the body the proxy expects to the customer's path. A small loopback server stands in for the
 * proxy: it records what arrives and answers as the proxy does.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSample, loadSchema } from '@kaiku/shared';
import type { PlainInputField } from 'zapier-platform-core';
import zapier from 'zapier-platform-core';
import app from '../src/index.js';
import { titleCase } from '../src/schema-fields.js';
import { failure } from './seen-error.js';
import { fieldProblems } from './style-lint.js';

interface Received { method: string; url: string; authorization: string; body: unknown }

const API_KEY = 'kaiku_test_consent_0123456789';
const schema = loadSchema('opt-in-request') as { properties: Record<string, { title: string; description: string; type: string }> };
const output = loadSample('opt-in-request.output') as Record<string, unknown>;
const action = app.creates.request_whatsapp_consent!;
const tester = zapier.createAppTester(app) as unknown as (method: unknown, bundle?: unknown) => Promise<unknown>;

describe('Request WhatsApp Consent', () => {
  let server: Server;
  let baseUrl = '';
  const received: Received[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: output };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        received.push({ method: request.method ?? '', url: request.url ?? '', authorization: String(request.headers.authorization), body: text === '' ? null : JSON.parse(text) });
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    answer = { status: 200, body: output };
  });

  const run = <T>(method: unknown, inputData: Record<string, unknown>) => tester(method, { authData: { base_url: baseUrl, api_key: API_KEY }, inputData }) as Promise<T>;

  it('labels every body field with the shared schema\'s title and help text, with dropdowns for number and template', async () => {
    const fields = await run<PlainInputField[]>(action.operation.inputFields, {});
    const byKey = new Map(fields.map((field) => [field.key, field]));
    for (const [key, property] of Object.entries(schema.properties).filter(([key]) => key !== 'variables')) {
      expect({ key, label: byKey.get(key)?.label, helpText: byKey.get(key)?.helpText }).toEqual({ key, label: titleCase(property.title), helpText: property.description });
    }
    expect(byKey.get('template')).toMatchObject({ dynamic: 'template_list.id.name', altersDynamicFields: true, required: true });
    expect(byKey.get('phone_number_id')).toMatchObject({ dynamic: 'phone_number_list.id.name', required: false });
    expect(byKey.get('to')).toMatchObject({ label: 'Recipient Phone Number', required: true });
    expect(byKey.get('agree_button')?.type).toBe('integer');
    expect(byKey.get('decline_opts_out')?.type).toBe('boolean');
    expect(fieldProblems('request_whatsapp_consent', fields)).toEqual([]);
    expect(received).toEqual([]);
  });

  it('posts the opt-in request to the customer\'s path with numbers as numbers and the template\'s variables gathered', async () => {
    const inputData = {
      to: '+358 40 123 4567', template: '1548372961875311', phone_number_id: '106540352242922', agree_button: '1', decline_button: '0',
      decline_opts_out: 'true', idempotency_key: 'campaign-7', variables__1: 'Aino', variables__2: '',
    };
    expect(await run(action.operation.perform, inputData)).toEqual(output);
    expect(received).toEqual([{
      method: 'POST', url: '/v1/contacts/%2B358%2040%20123%204567/opt-in-request', authorization: `Bearer ${API_KEY}`,
      body: { template: '1548372961875311', phone_number_id: '106540352242922', agree_button: 1, decline_button: 0, decline_opts_out: true, idempotency_key: 'campaign-7', variables: { 1: 'Aino' } },
    }]);
  });

  it('leaves out what the user left empty, so the proxy picks the buttons', async () => {
    await run(action.operation.perform, { to: '358401234567', template: 'marketing_consent', language: 'fi', agree_button: '', decline_opts_out: '' });
    expect(received[0]?.body).toEqual({ template: 'marketing_consent', language: 'fi' });
  });

  it('shows the proxy\'s words when the template cannot ask', async () => {
    answer = { status: 400, body: { error: { code: 'validation_failed', message: 'Template "order_confirmation" has no quick-reply buttons; choose one with a button such as "Yes, please".', details: { field: 'template' } } } };
    const seen = await failure(run(action.operation.perform, { to: '358401234567', template: 'order_confirmation' }));
    expect(seen).toMatchObject({ name: 'AppError', code: 'validation_failed', message: expect.stringContaining('has no quick-reply buttons') });
  });
});
