import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadSample } from '@kaiku/shared';
import { buildTemplateComponents, deriveTemplateInputs, templateInputsSchema } from '../src/templates/index.js';
import type { MetaTemplate } from '../src/templates/index.js';

const FIXTURES = ['order_shipped', 'appointment_reminder', 'spring_sale', 'invoice_ready', 'pickup_point', 'welcome_member', 'verification_code', 'hello_world'];
const fixture = (name: string) => loadSample(`templates/${name}`) as MetaTemplate;
const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addKeyword('x-kaiku-kind');

/** Each input's own example (media examples are Meta's sample links), which is what a connector pre-fills. */
function exampleValues(template: MetaTemplate): Record<string, string> {
  return Object.fromEntries(deriveTemplateInputs(template).map((input) => [input.key, input.example ?? '']));
}

describe('templateInputsSchema is a JSON Schema ajv compiles, agreeing with buildTemplateComponents', () => {
  it.each(FIXTURES)('%s: the examples pass both, an unknown key fails both', (name) => {
    const template = fixture(name);
    const validate = ajv.compile(templateInputsSchema(template));
    const values = exampleValues(template);
    expect(validate(values)).toBe(true);
    expect(() => buildTemplateComponents(template, values)).not.toThrow();
    expect(validate({ ...values, not_a_variable: 'x' })).toBe(false);
    expect(() => buildTemplateComponents(template, { ...values, not_a_variable: 'x' })).toThrow(/not_a_variable is not a variable of this template/);
  });

  it('every input of every fixture has a title, a description and an example', () => {
    for (const name of FIXTURES) {
      for (const property of Object.values(templateInputsSchema(fixture(name)).properties as Record<string, Record<string, unknown>>)) {
        expect(property).toMatchObject({ type: 'string', title: expect.any(String), description: expect.any(String), examples: [expect.any(String)] });
      }
    }
  });

  it('a missing required value fails the schema too', () => {
    const validate = ajv.compile(templateInputsSchema(fixture('verification_code')));
    expect(validate({})).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'required', params: { missingProperty: '1' } });
  });
});

describe('templateInputsSchema: per-property details', () => {
  const properties = (template: MetaTemplate) => templateInputsSchema(template).properties as Record<string, Record<string, unknown>>;

  it('describes the template by name and lower-case category', () => {
    expect(templateInputsSchema(fixture('order_shipped')).description).toBe('Values for the WhatsApp template "order_shipped" (utility).');
    expect(templateInputsSchema(fixture('spring_sale')).description).toBe('Values for the WhatsApp template "spring_sale" (marketing).');
  });

  it('lets an optional quick-reply payload be empty, but not a required value', () => {
    const { button_0_payload: payload, first_name: firstName } = properties(fixture('appointment_reminder'));
    expect(payload).not.toHaveProperty('minLength');
    expect(payload).toMatchObject({ maxLength: 1000 });
    expect(firstName).toMatchObject({ minLength: 1 });
  });

  it('has no examples for a placeholder without an example, and accepts any non-empty value for it', () => {
    const template: MetaTemplate = {
      id: '1', name: 'no_examples', language: 'en', status: 'APPROVED', category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Your code is {{1}}.' }],
    };
    const schema = templateInputsSchema(template);
    expect(Object.keys(properties(template)['1'] ?? {})).not.toContain('examples');
    expect(ajv.compile(schema)({ 1: 'A-1' })).toBe(true);
  });
});
