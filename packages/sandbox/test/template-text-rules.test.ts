/** Template creation's text rules (variable format, numbering, edges, word ratio, examples, adjacent variables) with Meta's exact error fields. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import type { GraphResponse } from './graph.js';
import { graph, WABA } from './graph.js';
import type { Receiver } from './receiver.js';
import { startReceiver } from './receiver.js';

let sandbox: RunningSandbox;
let receiver: Receiver;
let serial = 0;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox({ callbackUrl: receiver.url, templateReviewMs: 10 });
});

afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

type Format = 'positional' | 'named';

/** Creates a UTILITY template with a unique name from the given components. */
function create(components: unknown[], format: Format = 'positional', name = `text_rule_${++serial}`): Promise<GraphResponse> {
  return graph(sandbox.url, 'POST', `/${WABA}/message_templates`, { name, language: 'en', category: 'UTILITY', parameter_format: format, components });
}

const body = (text: string, example?: unknown) => ({ type: 'BODY', text, ...(example === undefined ? {} : { example }) });
const named = (...names: string[]) => ({ body_text_named_params: names.map((n) => ({ param_name: n, example: 'Anna' })) });
const positional = (...values: unknown[]) => ({ body_text: [values] });

function expectAccepted(response: GraphResponse): void {
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ status: 'PENDING', category: 'UTILITY' });
}

function expectTemplateError(response: GraphResponse, subcode: number, title: string, message: string): void {
  expect(response.status).toBe(400);
  expect(response.body.error).toEqual({
    message: '(#100) Invalid parameter',
    type: 'OAuthException',
    code: 100,
    error_subcode: subcode,
    is_transient: false,
    error_user_title: title,
    error_user_msg: message,
    error_data: { messaging_product: 'whatsapp', details: message },
    fbtrace_id: expect.any(String),
  });
}

describe('variable format (2388042)', () => {
  const longest = 'a'.repeat(20);
  it.each([
    ['a 20-character name', longest],
    ['digits and underscores after the first letter', 'order_no_2'],
  ])('accepts %s', async (_label, name) => {
    expectAccepted(await create([body(`Hello {{${name}}}, your order has shipped.`, named(name))], 'named'));
  });

  it.each([
    ['a 21-character name', 'a'.repeat(21)],
    ['an upper-case name', 'First'],
    ['a name starting with a digit', '1st'],
    ['a bare number', '1'],
  ])('rejects %s in a named template', async (_label, name) => {
    const response = await create([body(`Hello {{${name}}}, your order has shipped.`, named(name))], 'named');
    expectTemplateError(response, 2388042, 'Variable format incorrect', `body: the variable {{${name}}} is not valid; this template uses lower-case names like {{first_name}}.`);
  });

  it('rejects a name in a positional template, naming numbers as the expected form', async () => {
    const response = await create([body('Hello {{name}}, your order has shipped.', positional('Anna'))]);
    expectTemplateError(response, 2388042, 'Variable format incorrect', 'body: the variable {{name}} is not valid; this template uses numbers like {{1}}.');
  });

  it('names the header part in a header variable error', async () => {
    const response = await create([{ type: 'HEADER', format: 'TEXT', text: 'Order {{0}}', example: { header_text: ['A'] } }, body('Your order has shipped today.')]);
    expectTemplateError(response, 2388042, 'Variable format incorrect', 'header: the variable {{0}} is not valid; this template uses numbers like {{1}}.');
  });
});

describe('variable numbering and uniqueness (2388042)', () => {
  it('accepts positional variables that appear out of order', async () => {
    expectAccepted(await create([body('Dear {{2}}, your order {{1}} ships today from our store.', positional('A-1', 'Anna'))]));
  });

  it('accepts three positional variables in reverse order', async () => {
    expectAccepted(await create([body('Dear {{3}}, your order {{2}} ships {{1}} from our store in town.', positional('a', 'b', 'c'))]));
  });

  it('accepts a positional variable used twice', async () => {
    expectAccepted(await create([body('Dear {{1}}, thank you {{1}} for shopping with us today.', positional('Anna'))]));
  });

  it('rejects numbering that does not start at 1', async () => {
    const response = await create([body('Dear {{2}}, your order ships today from our store.', positional('A'))]);
    expectTemplateError(response, 2388042, 'Variable numbering incorrect', 'body: variables must be numbered {{1}}, {{2}}, … in sequence without gaps.');
  });

  it('rejects a named variable used twice', async () => {
    const response = await create([body('Dear {{name}}, thank you {{name}} for shopping with us today.', named('name'))], 'named');
    expectTemplateError(response, 2388042, 'Duplicate variable', 'body: each named variable may appear only once.');
  });
});

describe('variables at the start or end of the body (2388299)', () => {
  const message = 'body: the text may not start or end with a variable; add words before the first and after the last variable.';
  it.each([
    ['a leading variable after spaces', '   {{1}}, your order has shipped today.', 'positional'],
    ['a leading named variable', '{{first_name}}, your order has shipped today.', 'named'],
    ['a trailing named variable', 'Your order has shipped today to {{first_name}}', 'named'],
    ['a trailing variable with nothing after it', 'Your order has shipped today to {{1}}', 'positional'],
    ['a trailing variable followed by spaced punctuation', 'Your order has shipped today to {{1}} !', 'positional'],
    ['a trailing variable followed by several marks', 'Your order has shipped today to {{1}}?!', 'positional'],
  ])('rejects %s', async (_label, text, format) => {
    const example = format === 'named' ? named('first_name') : positional('Anna');
    expectTemplateError(await create([body(text, example)], format as Format), 2388299, 'Variables at start or end', message);
  });

  it('accepts a variable followed by a word', async () => {
    expectAccepted(await create([body('Your order has shipped to {{1}} today.', positional('Anna'))]));
  });
});

describe('variables for the length of the body (2388293): at least 2 × variables + 1 words', () => {
  it.each([
    ['1 variable, 3 words', 'Hello {{1}} there friend', ['a']],
    ['2 variables, 5 words', 'Hi {{1}} and {{2}} are here now', ['a', 'b']],
    ['a variable glued to the words around it', 'Hello{{1}}world today', ['a']],
    ['a body without variables and without words', '👍', []],
  ])('accepts %s', async (_label, text, values) => {
    expectAccepted(await create([body(text, values.length > 0 ? positional(...values) : undefined)]));
  });

  it.each([
    ['1 variable, 2 words', 'Hello {{1}} friend', ['a'], 1, 3, 2],
    ['2 variables, 4 words', 'Hi {{1}} and {{2}} are here', ['a', 'b'], 2, 5, 4],
    ['emoji between the variables are not words', 'Hi {{1}} 🙂 🙂 🙂 ok', ['a'], 1, 3, 2],
  ])('rejects %s', async (_label, text, values, count, needed, has) => {
    const response = await create([body(text, positional(...values))]);
    expectTemplateError(response, 2388293, 'Too many variables', `body: ${count} variables need at least ${needed} words of text around them; this body has ${has}.`);
  });

  it('does not count a named variable as a word', async () => {
    const response = await create([body('Hi {{first_name}} ok', named('first_name'))], 'named');
    expectTemplateError(response, 2388293, 'Too many variables', 'body: 1 variables need at least 3 words of text around them; this body has 2.');
  });
});

describe('examples (2388043)', () => {
  const two = 'Dear {{1}}, your order {{2}} ships today from our store.';
  const missingTwo = 'body: add example.body_text with a sample value for every variable (1, 2).';
  it.each([
    ['no example object', undefined],
    ['body_text missing', {}],
    ['body_text not an array of arrays', { body_text: ['Anna', 'A-1'] }],
    ['too few samples', positional('Anna')],
    ['an empty sample', positional('Anna', '')],
    ['a number as a sample', positional('Anna', 5)],
    ['null as a sample', positional(null, 'A-1')],
  ])('rejects a positional body with %s', async (_label, example) => {
    expectTemplateError(await create([body(two, example)]), 2388043, 'Example missing', missingTwo);
  });

  it('accepts a positional body with a sample for each variable', async () => {
    expectAccepted(await create([body(two, positional('Anna', 'A-1'))]));
  });

  it('accepts a positional text header with header_text as a flat array', async () => {
    expectAccepted(await create([{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['A-1'] } }, body('Your order has shipped today.')]));
  });

  it('rejects a positional text header whose header_text is an array of arrays', async () => {
    const response = await create([{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: [['A-1']] } }, body('Your order has shipped today.')]);
    expectTemplateError(response, 2388043, 'Example missing', 'header: add example.header_text with a sample value for every variable (1).');
  });

  const twoNamed = 'Dear {{first_name}}, your order {{order_id}} ships today from our store.';
  const missingNamed = 'body: add example.body_text_named_params with a sample value for every variable (first_name, order_id).';
  it.each([
    ['body_text_named_params missing', {}],
    ['body_text_named_params not an array', { body_text_named_params: { param_name: 'first_name', example: 'Anna' } }],
    ['one of two names missing', named('first_name')],
    ['entries that are not objects', { body_text_named_params: [null, 'first_name', 'order_id'] }],
  ])('rejects a named body with %s', async (_label, example) => {
    expectTemplateError(await create([body(twoNamed, example)], 'named'), 2388043, 'Example missing', missingNamed);
  });

  it('accepts a named body with an example for every name', async () => {
    expectAccepted(await create([body(twoNamed, named('order_id', 'first_name'))], 'named'));
  });
});

describe('review of adjacent variables', () => {
  function updates(name: string) {
    return receiver.received.flatMap((r) => r.body.entry.map((e) => e.changes[0])).filter((c) => c?.field === 'message_template_status_update' && c.value.message_template_name === name);
  }

  it('rejects variables separated only by spaces as INVALID_FORMAT, and approves variables with a word between them', async () => {
    await create([body('Dear customer {{1}} {{2}} your parcel is waiting at the shop.', positional('a', 'b'))], 'positional', 'spaced_vars');
    await create([body('Dear customer {{1}} and {{2}} your parcel is waiting at the shop.', positional('a', 'b'))], 'positional', 'worded_vars');
    await receiver.waitFor(() => updates('spaced_vars').length > 0 && updates('worded_vars').length > 0, 'both reviews');
    expect(updates('spaced_vars')[0]?.value).toMatchObject({ event: 'REJECTED', reason: 'INVALID_FORMAT' });
    expect(updates('worded_vars')[0]?.value).toMatchObject({ event: 'APPROVED', reason: 'NONE' });
  });
});
