/** Template sends over real HTTP on loopback: Meta's error envelope for the 132000/132012/132018/131008 send rules and what the customer's phone shows. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import { graph, PHONE } from './graph.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ statusDelaysMs: { sent: 5, delivered: 10, read: 15 } });
});

afterAll(async () => {
  await sandbox.stop();
});

function send(to: string, name: string, components: unknown[]): Record<string, unknown> {
  return { messaging_product: 'whatsapp', to, type: 'template', template: { name, language: { code: 'en_US' }, components } };
}

const named = (pairs: Array<[string | undefined, string]>) => [
  { type: 'body', parameters: pairs.map(([name, text]) => ({ type: 'text', text, ...(name === undefined ? {} : { parameter_name: name }) })) },
];

describe('send-rule errors in Meta\'s envelope', () => {
  it.each([
    ['a named parameter without its name', send('358405559001', 'order_update', named([[undefined, 'Aino'], ['order_id', 'KA-1'], ['delivery_date', 'today']])), 132000, 'Number of parameters does not match the expected number of params', "body: parameter_name '' does not match any parameter of the template (expected: first_name, order_id, delivery_date)"],
    ['header parameters for a template without a header', send('358405559001', 'order_confirmation', [{ type: 'header', parameters: [{ type: 'text', text: 'x' }] }, { type: 'body', parameters: [{ type: 'text', text: 'KA-1' }, { type: 'text', text: '10 EUR' }] }]), 132000, 'Number of parameters does not match the expected number of params', 'header: number of localizable_params (1) does not match the expected number of params (0)'],
    ['an image parameter in the body', send('358405559001', 'order_confirmation', [{ type: 'body', parameters: [{ type: 'image', image: { link: 'https://example.com/a.jpg' } }, { type: 'text', text: 'x' }] }]), 132012, 'Parameter format does not match format in the created template', 'body: Format mismatch, expected TEXT, received IMAGE'],
    ['five consecutive spaces in a parameter', send('358405559001', 'order_confirmation', [{ type: 'body', parameters: [{ type: 'text', text: 'KA     1' }, { type: 'text', text: 'x' }] }]), 132018, 'There was an issue with the parameters in your template.', 'body: Param text cannot have new-line/tab characters or more than 4 consecutive spaces'],
    ['a currency parameter without fallback_value', send('358405559001', 'order_confirmation', [{ type: 'body', parameters: [{ type: 'currency', currency: { code: 'EUR', amount_1000: 10000 } }, { type: 'text', text: 'x' }] }]), 131008, 'Required parameter is missing', "body: a currency parameter requires 'currency.fallback_value'."],
  ])('%s', async (_label, request, code, title, details) => {
    const response = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, request);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ message: `(#${code}) ${title}`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details } });
  });
});

describe('what the customer sees', () => {
  it('shows the filled body and the quick replies, with the sent payload or else the label', async () => {
    const request = send('358405559002', 'order_update', [
      ...named([['delivery_date', 'Friday'], ['first_name', 'Aino'], ['order_id', 'KA-1042']]),
      { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'HELP-KA-1042' }] },
    ]);
    const response = await graph(sandbox.url, 'POST', `/${PHONE}/messages`, request);
    expect(response.status).toBe(200);
    const phone = (await (await fetch(`${sandbox.url}/_sandbox/customers/358405559002/messages`)).json()) as { data: Array<{ text: string; buttons: Array<{ index: number; text: string; payload: string }> }> };
    const shown = phone.data[0];
    expect(shown?.text).toContain('Aino');
    expect(shown?.text).toContain('KA-1042');
    expect(shown?.text).toContain('Friday');
    const labels = (shown?.buttons ?? []).map((b) => b.text);
    expect(labels).toHaveLength(2);
    expect(shown?.buttons).toEqual([
      { index: 0, text: labels[0], payload: labels[0] },
      { index: 1, text: labels[1], payload: 'HELP-KA-1042' },
    ]);
  });
});
