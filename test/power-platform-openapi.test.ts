/**
 * `/v1/openapi.json` tells the truth: every answer the proxy gives over real HTTP has a status the document
 * declares for that operation and a body that validates against the declared schema (JSON Schema 2020-12),
 * with no field the document leaves out.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { withFormats } from '../power-platform-connector/test/ajv-formats.js';
import { eventually, startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';
import { buildOpenApiDocument } from '../packages/proxy/src/http/openapi.js';

type Json = Record<string, unknown>;

const DOC_ID = 'https://kaiku.test/openapi.json';
const doc = buildOpenApiDocument() as unknown as { paths: Record<string, Record<string, Json>>; components: Json };

/** Every object schema that lists its properties closes them, so that an undocumented answer field fails. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, closed(value)])) as Json;
  if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

const ajv = withFormats(new Ajv2020({ strict: false, allErrors: true }));
ajv.addSchema({ $id: DOC_ID, components: closed(doc.components) });

function operation(operationId: string): Json {
  for (const item of Object.values(doc.paths)) for (const op of Object.values(item)) if (op.operationId === operationId) return op;
  throw new Error(`The OpenAPI document has no ${operationId}.`);
}

/** The response must be one the operation declares, with a body its schema accepts. */
async function expectDeclared(operationId: string, response: Response): Promise<Json> {
  const declared = (operation(operationId).responses ?? {}) as Record<string, Json>;
  expect(Object.keys(declared)).toContain(String(response.status));
  const content = declared[String(response.status)]?.content as Record<string, { schema: { $ref: string } }> | undefined;
  const text = await response.text();
  if (!content) {
    expect(text).toBe('');
    return {};
  }
  const body = JSON.parse(text) as Json;
  const validate = ajv.getSchema(`${DOC_ID}${content['application/json']?.schema.$ref ?? ''}`);
  if (!validate) throw new Error(`No schema for ${operationId} ${response.status}.`);
  if (!validate(body)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    throw new Error(`${operationId} ${response.status} breaks its schema:\n${[...new Set(problems)].join('\n')}`);
  }
  return body;
}

/** A request body must fit the schema the operation declares for it. */
function declaredBody(operationId: string, body: Json): string {
  const ref = ((operation(operationId).requestBody as Json).content as Record<string, { schema: { $ref: string } }>)['application/json']?.schema.$ref;
  const validate = ajv.getSchema(`${DOC_ID}${ref ?? ''}`);
  if (!validate?.(body)) throw new Error(`The test's ${operationId} body breaks the declared schema: ${ajv.errorsText(validate?.errors)}`);
  return JSON.stringify(body);
}

describe('the OpenAPI document against the running proxy', () => {
  let kaiku: Kaiku;
  beforeAll(async () => {
    kaiku = await startKaiku();
  });
  afterAll(async () => {
    await kaiku.stop();
  });

  it('describes the workspace, numbers and templates as they are answered', async () => {
    await expectDeclared('GetMe', await kaiku.api('/v1/me'));
    await expectDeclared('ListPhoneNumbers', await kaiku.api('/v1/phone-numbers'));
    const list = await expectDeclared('ListTemplates', await kaiku.api('/v1/templates'));
    const template = (list.data as Json[]).find((t) => t.name === 'order_update');
    await expectDeclared('GetTemplate', await kaiku.api(`/v1/templates/${String(template?.id)}`));
    await expectDeclared('GetTemplateInputs', await kaiku.api(`/v1/templates/${String(template?.id)}/schema`));
    await expectDeclared('GetTemplate', await kaiku.api('/v1/templates/999999'));
    await expectDeclared('GetMe', await fetch(`${kaiku.proxyUrl}/v1/me`));
  });

  it('describes sends, replies and message details, errors included', async () => {
    const body = declaredBody('SendTemplateMessage', {
      to: '+358 40 222 3333', template: 'order_update', language: 'en_US',
      variables: { first_name: 'Aino', order_id: 'KA-1042', delivery_date: '28.11.2026' },
    });
    const sent = await expectDeclared('SendTemplateMessage', await kaiku.api('/v1/messages/template', { method: 'POST', body }));
    await expectDeclared('GetMessage', await kaiku.api(`/v1/messages/${encodeURIComponent(String(sent.id))}`));
    const closed = declaredBody('ReplyToCustomer', { to: '+358402223333', text: 'Hello again' });
    await expectDeclared('ReplyToCustomer', await kaiku.api('/v1/messages/reply', { method: 'POST', body: closed }));
    const invalid = await kaiku.api('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: 'nobody' }) });
    await expectDeclared('SendTemplateMessage', invalid);

    await kaiku.customer.send('358402223333', { type: 'text', text: { body: 'Thanks!' } });
    await eventually(async () => {
      const inbound = await kaiku.api('/v1/messages/inbound');
      return ((await expectDeclared('ListInboundMessages', inbound)).data as Json[]).length > 0;
    }, 10_000, 'the inbound message');
    const reply = declaredBody('ReplyToCustomer', { to: '+358402223333', text: 'You are welcome.' });
    await expectDeclared('ReplyToCustomer', await kaiku.api('/v1/messages/reply', { method: 'POST', body: reply }));
  });

  it('describes subscriptions, failed deliveries and consent', async () => {
    const body = declaredBody('CreateSubscription', { event: 'message_status', target_url: 'http://127.0.0.1:9/hook' });
    const created = await expectDeclared('CreateSubscription', await kaiku.api('/v1/subscriptions', { method: 'POST', body }));
    await expectDeclared('ListSubscriptions', await kaiku.api('/v1/subscriptions'));
    await expectDeclared('DeleteSubscription', await kaiku.api(`/v1/subscriptions/${String(created.id)}`, { method: 'DELETE' }));
    await expectDeclared('DeleteSubscription', await kaiku.api(`/v1/subscriptions/${String(created.id)}`, { method: 'DELETE' }));
    await expectDeclared('ListDeadDeliveries', await kaiku.api('/v1/deliveries/dead'));

    const consent = declaredBody('RecordConsent', { status: 'opted_in', source: 'web form', proof: 'form 7' });
    await expectDeclared('RecordConsent', await kaiku.api('/v1/contacts/+358402224444/consent', { method: 'PUT', body: consent }));
    const got = await expectDeclared('GetConsent', await kaiku.api('/v1/contacts/+358402224444/consent'));
    expect(got).toMatchObject({ wa_id: '358402224444', status: 'opted_in' });
  });
});
