import { describe, expect, it } from '@jest/globals';
import { deriveTemplateInputs } from '../src/templates/index.js';
import type { MetaTemplate, MetaTemplateComponent } from '../src/templates/index.js';
import { contextOf, exampleOf, placeholdersOf } from '../src/templates/placeholders.js';

const template = (components: MetaTemplateComponent[], format?: MetaTemplate['parameter_format']): MetaTemplate => ({
  id: '1', name: 'test', language: 'en', status: 'APPROVED', category: 'UTILITY', components, ...(format ? { parameter_format: format } : {}),
});
const body = (text: string, example?: MetaTemplateComponent['example']): MetaTemplateComponent => ({ type: 'BODY', text, ...(example ? { example } : {}) });
const inputs = (t: MetaTemplate) => deriveTemplateInputs(t).map(({ key, example, parameterName }) => ({ key, example, parameterName }));

const twelve = Array.from({ length: 12 }, (_, i) => String(i + 1));

describe('placeholder names', () => {
  it('lists a name used twice once, in order of first appearance', () => {
    const t = template([body('Hi {{first_name}}! {{first_name}}, your code is {{code}}.')], 'NAMED');
    expect(inputs(t).map(({ key }) => key)).toEqual(['first_name', 'code']);
  });

  it('orders numbered placeholders by their number, 10 after 9, and reads each example by its number', () => {
    const text = 'Items {{10}}, {{11}} and {{12}}; before them {{1}}, {{2}}, {{3}}, {{4}}, {{5}}, {{6}}, {{7}}, {{8}} and {{9}}.';
    const t = template([body(text, { body_text: [twelve.map((n) => `value ${n}`)] })]);
    expect(inputs(t)).toEqual(twelve.map((n) => ({ key: n, example: `value ${n}`, parameterName: undefined })));
  });

  it.each(['b', 'a1', '1a'])('keeps the order of appearance when a name like %p comes before numbers', (name) => {
    expect(placeholdersOf(`{{${name}}} {{2}} {{1}}`)).toEqual([name, '2', '1']);
  });
});

describe('named or positional', () => {
  it('follows parameter_format whatever the names look like', () => {
    expect(inputs(template([body('Hi {{first_name}}')], 'POSITIONAL'))[0]?.parameterName).toBeUndefined();
    expect(inputs(template([body('Hi {{1}}')], 'named'))[0]?.parameterName).toBe('1');
  });

  it.each(['order_7', '2nd_visit'])('without parameter_format, a name with digits like %p is a name', (name) => {
    expect(inputs(template([body(`See {{${name}}}`)]))[0]?.parameterName).toBe(name);
  });
});

describe('placeholder examples', () => {
  it.each([
    ['no example', undefined],
    ['an empty example', {}],
    ['an empty example list', { body_text: [] }],
  ])('a template with %s gives inputs without examples', (_label, example) => {
    const header: MetaTemplateComponent = { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', ...(example ? { example } : {}) };
    expect(inputs(template([header, body('Hi {{1}}', example)])).map(({ example: value }) => value)).toEqual([undefined, undefined]);
  });

  it('named placeholders without named examples take the positional examples by their place', () => {
    const t = template([body('Hi {{first_name}}, order {{order_5}} leaves on {{2nd_day}}.', { body_text: [['Aino', 'A-1042', 'Monday']] })], 'NAMED');
    expect(inputs(t).map(({ key, example }) => [key, example])).toEqual([['first_name', 'Aino'], ['order_5', 'A-1042'], ['2nd_day', 'Monday']]);
  });

  it('a numbered placeholder reads the example at its number, not at its place in the list', () => {
    const component = body('Code {{1}}, reference {{12}}', { body_text: [twelve.map((n) => `value ${n}`)] });
    expect(exampleOf(component, '12', 1)).toBe('value 12');
  });
});

describe('the words around a placeholder', () => {
  const code = '{{1}} is your verification code. For your security, do not share this code with anyone.';

  it('gives a short text whole, without ellipses', () => {
    expect(contextOf('Hi {{1}}, welcome aboard!', '1')).toBe('Hi {{1}}, welcome aboard!');
  });

  it('cuts only the end, at a word, when the placeholder opens the text', () => {
    expect(contextOf(code, '1')).toBe('{{1}} is your verification code.…');
  });

  it('leaves out the spaces at a cut', () => {
    expect(contextOf('Hi {{1}}, your order is ready.  Thank you for shopping with us today!', '1')).toBe('Hi {{1}}, your order is ready.…');
  });

  it('keeps the placeholder whole when no space follows it in reach', () => {
    expect(contextOf('Get it at shop.example.com/{{1}}/receipt-and-delivery-details-for-your-order now.', '1')).toBe('…it at shop.example.com/{{1}}…');
  });

  it('gives the whole text when the placeholder is not in it', () => {
    expect(contextOf(code, '2')).toBe(code);
  });
});
