/**
 * The examples in the OpenAPI document (from shared/) work against the sandbox's seed templates: every
 * `fallback_template` example sends, and every `variables` example fills at least one seed template.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadSample } from '@kaiku/shared';
import { startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

type Json = Record<string, unknown>;

/** Every distinct example under a property called `name`, anywhere in the document. */
function examplesOf(doc: unknown, name: string): Json[] {
  const found = new Map<string, Json>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node as Json)) {
      const examples = (value as { examples?: unknown } | null)?.examples;
      if (key === name && Array.isArray(examples)) for (const example of examples) found.set(JSON.stringify(example), example as Json);
      walk(value);
    }
  };
  walk(doc);
  return [...found.values()];
}

describe('OpenAPI examples against the seed templates', () => {
  let kaiku: Kaiku;
  let doc: unknown;
  beforeAll(async () => {
    kaiku = await startKaiku();
    doc = await (await fetch(`${kaiku.proxyUrl}/v1/openapi.json`)).json();
    // Marketing examples need the customer's opt-in.
    await kaiku.api('/v1/contacts/+358402250001/consent', { method: 'PUT', body: JSON.stringify({ status: 'opted_in', source: 'test' }) });
  });
  afterAll(async () => {
    await kaiku.stop();
  });

  it('sends every fallback_template example, as a template and as a reply\'s fallback', async () => {
    const examples = examplesOf(doc, 'fallback_template');
    expect(examples.length).toBeGreaterThanOrEqual(1);
    for (const example of examples) {
      const sent = await kaiku.api('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: '+358402250001', ...example }) });
      expect({ example, status: sent.status, body: (await sent.json()) as Json }).toMatchObject({ status: 200 });
      const reply = await kaiku.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ to: '+358402250002', text: 'Hello', fallback_template: example }) });
      expect({ example, status: reply.status, body: (await reply.json()) as Json }).toMatchObject({ status: 200, body: { sent_as: 'fallback_template' } });
    }
  });

  it('sends the shared samples of a template send and of a reply\'s fallback', async () => {
    const send = loadSample('send-template.input') as Json;
    const sent = await kaiku.api('/v1/messages/template', { method: 'POST', body: JSON.stringify({ ...send, to: '+358402250001', phone_number_id: kaiku.phoneNumberId, idempotency_key: 'sample-send' }) });
    expect({ status: sent.status, body: (await sent.json()) as Json }).toMatchObject({ status: 200 });
    const reply = loadSample('reply.input') as Json;
    const { reply_to: _quoted, ...withoutQuote } = reply;
    const answered = await kaiku.api('/v1/messages/reply', { method: 'POST', body: JSON.stringify({ ...withoutQuote, to: '+358402250003', phone_number_id: kaiku.phoneNumberId, idempotency_key: 'sample-reply' }) });
    expect({ status: answered.status, body: (await answered.json()) as Json }).toMatchObject({ status: 200, body: { sent_as: 'fallback_template' } });
  });

  it('fills a seed template with every variables example', async () => {
    const examples = examplesOf(doc, 'variables');
    expect(examples.length).toBeGreaterThanOrEqual(2);
    const templates = ((await (await kaiku.api('/v1/templates')).json()) as { data: Array<{ name: string; language: string }> }).data;
    for (const variables of examples) {
      const accepted: string[] = [];
      for (const template of templates) {
        const sent = await kaiku.api('/v1/messages/template', { method: 'POST', body: JSON.stringify({ to: '+358402250001', template: template.name, language: template.language, variables }) });
        if (sent.status === 200) accepted.push(`${template.name}/${template.language}`);
      }
      expect({ variables, accepted: accepted.length > 0 }).toEqual({ variables, accepted: true });
    }
  });
});
