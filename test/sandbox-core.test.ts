/**
 * Sandbox and core check each other (neither imports the other): core's Cloud API client, template builder,
 * error table and webhook parser run against the sandbox's own implementation of Meta's rules.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MetaTemplate, TemplateValues } from '@kaiku/core';
import { buildTemplateComponents, CloudApiClient, deriveTemplateInputs, MetaApiError, parseWebhook, parseWebhookBody, renderTemplatePreview, verifyWebhookSignature } from '@kaiku/core';
import type { RunningSandbox } from '@kaiku/sandbox';
import { startSandbox } from '@kaiku/sandbox';
import { createServer } from 'node:http';
import type { Server } from 'node:http';

const PHONE = '106540352242922';
const WABA = '102290129340398';
let sandbox: RunningSandbox;
let client: CloudApiClient;
let receiver: Server;
const bodies: Array<{ raw: Buffer; signature: string | undefined }> = [];

async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !predicate(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!predicate()) throw new Error(`Timed out waiting for ${what}`);
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ raw: Buffer.concat(chunks), signature: req.headers['x-hub-signature-256'] as string | undefined });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  sandbox = await startSandbox({ callbackUrl: `http://127.0.0.1:${port}/`, statusDelaysMs: { sent: 5, delivered: 10, read: 15 } });
  client = new CloudApiClient({ baseUrl: sandbox.config.graph_base_url, version: sandbox.config.graph_version, accessToken: sandbox.config.access_token, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
});

afterAll(async () => {
  await sandbox.stop();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

function sampleValues(template: MetaTemplate): TemplateValues {
  const entries = deriveTemplateInputs(template).map((input) => [input.key, input.kind === 'header_image' ? 'https://example.com/header.jpg' : (input.example ?? 'X1')]);
  return Object.fromEntries(entries) as TemplateValues;
}

describe('core builds what the sandbox accepts', () => {
  it('sends every seed template with components built by core, and both render the same body text', async () => {
    const templates = await client.listTemplates(WABA, { status: 'APPROVED' });
    expect(templates.length).toBeGreaterThanOrEqual(8);
    const mismatches: Array<{ template: string; shown: string; expected: string | undefined }> = [];
    for (const template of templates) {
      const values = sampleValues(template);
      const result = await client.sendMessage(PHONE, { type: 'template', to: '358400000701', name: template.name, language: template.language, components: buildTemplateComponents(template, values) });
      const phone = (await (await fetch(`${sandbox.url}/_sandbox/customers/358400000701/messages`)).json()) as { data: Array<{ id: string; text: string }> };
      const shown = phone.data.find((m) => m.id === result.messageId)?.text ?? '';
      const preview = renderTemplatePreview(template, values);
      const body = template.components.find((c) => c.type === 'BODY')?.text ?? '';
      const fragments = body.split(/\{\{[^{}]*\}\}/);
      const bodyLine = preview.split('\n').find((line) => fragments.every((fragment) => line.includes(fragment)));
      // The customer's phone must show core's rendering of the body, with every variable filled in.
      if (bodyLine === undefined || !shown.includes(bodyLine) || shown.includes('{{')) {
        mismatches.push({ template: `${template.name} (${template.language})`, shown, expected: bodyLine });
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("core's error table reads the sandbox's errors", () => {
  const send = (msg: Parameters<CloudApiClient['sendMessage']>[1]) => client.sendMessage(PHONE, msg);

  it('maps synchronous errors to the same Kaiku codes', async () => {
    const cases: Array<[() => Promise<unknown>, number, string]> = [
      [() => send({ type: 'template', to: '358400000702', name: 'nope', language: 'en_US', components: [] }), 132001, 'template_not_found'],
      [() => send({ type: 'template', to: '358400000702', name: 'order_confirmation', language: 'en_US', components: [] }), 132000, 'template_variables_invalid'],
      [() => new CloudApiClient({ baseUrl: sandbox.url, version: 'v24.0', accessToken: 'wrong', retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }).getPhoneNumber(PHONE), 190, 'meta_auth_failed'],
    ];
    for (const [call, metaCode, code] of cases) {
      const error = await call().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(MetaApiError);
      expect([(error as MetaApiError).metaCode, (error as MetaApiError).code]).toEqual([metaCode, code]);
    }
  });

  it('parses the failed status webhook of a closed window as window_closed, with a valid signature', async () => {
    const result = await send({ type: 'text', to: '358400000703', text: 'Hello?' });
    await until(() => bodies.some((b) => b.raw.toString().includes(result.messageId) && b.raw.toString().includes('failed')), 'the failed status');
    const delivery = bodies.find((b) => b.raw.toString().includes(result.messageId)) as { raw: Buffer; signature: string };
    expect(verifyWebhookSignature(delivery.raw, delivery.signature, sandbox.config.app_secret)).toBe(true);
    const events = parseWebhook(parseWebhookBody(delivery.raw));
    expect(events).toEqual([expect.objectContaining({ kind: 'status', wabaId: WABA, status: expect.objectContaining({ id: result.messageId, status: 'failed', error_code: 131047, recipient_id: '358400000703' }) })]);
  });

  it('parses an inbound message from a simulated customer into the flat record', async () => {
    const response = await fetch(`${sandbox.url}/_sandbox/customers/358400000704/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'text', text: { body: 'Päivää! 👋' }, profile_name: 'Eino' }) });
    const { id } = (await response.json()) as { id: string };
    await until(() => bodies.some((b) => b.raw.toString().includes(id)), 'the inbound webhook');
    const delivery = bodies.find((b) => b.raw.toString().includes(id)) as { raw: Buffer; signature: string };
    expect(verifyWebhookSignature(delivery.raw, delivery.signature, sandbox.config.app_secret)).toBe(true);
    expect(parseWebhook(parseWebhookBody(delivery.raw))).toEqual([
      expect.objectContaining({ kind: 'message', message: expect.objectContaining({ id, from: '358400000704', profile_name: 'Eino', type: 'text', text: 'Päivää! 👋', phone_number_id: PHONE }) }),
    ]);
  });
});
