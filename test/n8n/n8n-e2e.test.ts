/**
 * The Kaiku nodes inside a real n8n (the pinned version, installed once into a cache folder by `install.ts`),
 * run as a child process on loopback with its own user folder, against the real proxy and sandbox:
 * a Kaiku Trigger → Kaiku Reply workflow echoes what the customer writes; a Send Template workflow with
 * variables reaches the customer's phone; a delivery with a bad signature is answered 401. `pnpm test:n8n`.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startKaiku } from '../harness/index.js';
import type { Kaiku } from '../harness/index.js';
import { ensureN8n } from './install.js';
import { createN8n } from './n8n-process.js';
import type { N8nInstance } from './n8n-process.js';
import { echoWorkflow, kaikuCredentials, sendTemplateWorkflow } from './workflows.js';

const packageDir = resolve(fileURLToPath(import.meta.url), '../../../packages/n8n');
const customer = '358401234567';
const triggerWebhookId = randomUUID();

let kaiku: Kaiku;
let n8n: N8nInstance;

/** A check for `eventually` that asks at most twice a second (the proxy limits requests per API key, which n8n shares). */
function slowly<T>(check: () => Promise<T | undefined | false>): () => Promise<T | undefined | false> {
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return check();
  };
}

/** What the customer's phone shows, as text lines of the business's messages. */
async function businessMessages(): Promise<string[]> {
  const messages = await kaiku.customer.messages(customer);
  return messages.filter((message) => message.direction === 'outbound').map((message) => String(message.text ?? ''));
}

beforeAll(async () => {
  const install = await ensureN8n();
  kaiku = await startKaiku();
  const templates = (await (await kaiku.api('/v1/templates')).json()) as { data: Array<{ id: string; name: string; language: string }> };
  const template = templates.data.find((candidate) => candidate.name === 'order_confirmation' && candidate.language === 'en_US');
  if (!template) throw new Error('The sandbox has no order_confirmation (en_US) template.');
  n8n = await createN8n(install, { customPackage: packageDir });
  await n8n.importCredentials([kaikuCredentials(kaiku.proxyUrl, kaiku.apiKey)]);
  await n8n.importWorkflows([echoWorkflow(triggerWebhookId), sendTemplateWorkflow('kaiku-send-template', template.id)], ['kaikuEchoFlow001', 'kaikuSendFlow001']);
  await n8n.start();
}, 900_000);

afterAll(async () => {
  await n8n?.stop();
  await kaiku?.stop();
}, 60_000);

describe('n8n-nodes-kaiku in n8n', () => {
  it('activating the Kaiku Trigger subscribes n8n\'s webhook to text messages on Kaiku', async () => {
    const subscription = await eventually(slowly(async () => {
      const list = (await (await kaiku.api('/v1/subscriptions')).json()) as { data: Array<Record<string, unknown>> };
      return list.data.find((item) => String(item.target_url).startsWith(n8n.url));
    }), 60_000, 'the Kaiku Trigger\'s subscription');
    expect(subscription).toMatchObject({
      event: 'inbound_message', target_url: `${n8n.url}/webhook/${triggerWebhookId}/webhook`, filter: { type: 'text' }, has_secret: true,
    });
    // The node names itself (Kaiku-Client: n8n), so the console's Integrations page files it under n8n.
    const overview = (await (await kaiku.api('/v1/deliveries/subscriptions')).json()) as { data: Array<{ id: string; platform: string }> };
    expect(overview.data.find((item) => item.id === subscription?.id)).toMatchObject({ platform: 'n8n' });
  }, 90_000);

  it('echoes what the customer writes back to the customer\'s phone, through the trigger and a Reply', async () => {
    await kaiku.customer.send(customer, { type: 'text', text: { body: 'Hei n8n, onko paketti tulossa?' } });
    const lines = await eventually(slowly(async () => {
      const texts = await businessMessages();
      return texts.includes('Echo: Hei n8n, onko paketti tulossa?') ? texts : undefined;
    }), 60_000, `the echo on the customer's phone (n8n said: ${n8n.output().slice(-2000)})`);
    expect(lines.filter((line) => line.startsWith('Echo:'))).toEqual(['Echo: Hei n8n, onko paketti tulossa?']);
  }, 90_000);

  it('sends a template with its variables from a workflow, and the customer reads it', async () => {
    const answer = await fetch(`${n8n.url}/webhook/kaiku-send-template`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: `+${customer}`, order: 'KA-2077', total: '42.50 EUR' }),
    });
    expect({ status: answer.status, body: answer.status === 200 ? '' : await answer.text() }).toEqual({ status: 200, body: '' });
    const output = (await answer.json()) as Record<string, unknown>;
    expect(output).toMatchObject({ wa_id: customer });
    expect(String(output.id)).toMatch(/^wamid\./);
    const template = await eventually(slowly(async () => (await kaiku.customer.messages(customer)).find((message) => message.id === output.id)), 30_000, 'the template on the phone');
    expect(String(template.text)).toContain('KA-2077');
    expect(String(template.text)).toContain('42.50 EUR');
  }, 90_000);

  it('answers 401 to a delivery whose signature is not the subscription\'s, and runs nothing', async () => {
    const before = await businessMessages();
    const body = JSON.stringify({ id: 'wamid.forged', from: customer, type: 'text', text: 'forged' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const forged = await fetch(`${n8n.url}/webhook/${triggerWebhookId}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'evt_forged', 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${Buffer.from('not the signature').toString('base64')}` },
      body,
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const unsigned = await fetch(`${n8n.url}/webhook/${triggerWebhookId}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    // A real message afterwards is still echoed, and nothing was sent for the forged ones before it.
    await kaiku.customer.send(customer, { type: 'text', text: { body: 'toinen' } });
    await eventually(slowly(async () => (await businessMessages()).includes('Echo: toinen')), 60_000, 'the second echo');
    const sent = (await businessMessages()).slice(before.length);
    expect(sent).toEqual(['Echo: toinen']);
  }, 120_000);
});
