import { describe, expect, it } from '@jest/globals';
import { toSwaggerSchema } from '../scripts/swagger-schema.js';

const components = {
  Media: { type: 'object', title: 'Media', description: 'A file.', properties: { url: { type: 'string', title: 'File URL', description: 'Link.' } } },
};

describe('JSON Schema 2020-12 → Swagger 2.0 schemas', () => {
  it.each([
    ['a null in the type list becomes x-nullable', { type: ['string', 'null'] }, { type: 'string', 'x-nullable': true }],
    ['const becomes a one-value enum', { type: 'string', const: 'text' }, { type: 'string', enum: ['text'] }],
    ['the first of examples becomes the example', { type: 'string', examples: ['a', 'b'] }, { type: 'string', example: 'a' }],
    ['a numeric exclusiveMinimum becomes minimum + true', { type: 'number', exclusiveMinimum: 0 }, { type: 'number', minimum: 0, exclusiveMinimum: true }],
    ['formats Power Platform lacks are dropped', { type: 'string', format: 'uri-reference' }, { type: 'string' }],
    ['keywords Swagger 2.0 lacks are dropped', { type: 'object', propertyNames: { pattern: 'x' }, dependentRequired: { a: ['b'] } }, { type: 'object' }],
    ['the title becomes the x-ms-summary', { type: 'string', title: 'To', description: 'Who.' }, { type: 'string', 'x-ms-summary': 'To', description: 'Who.' }],
  ])('%s', (_label, input, expected) => {
    expect(toSwaggerSchema(input, 'test', components)).toEqual(expected);
  });

  it('inlines $refs and lets the referring side override title and description', () => {
    const out = toSwaggerSchema({ type: 'object', properties: { media: { $ref: '#/components/schemas/Media', description: 'The photo.' } } }, 'test', components);
    expect(out.properties).toEqual({
      media: {
        type: 'object', 'x-ms-summary': 'Media', description: 'The photo.',
        properties: { url: { type: 'string', 'x-ms-summary': 'File URL', description: 'Link.' } },
      },
    });
  });

  it('drops a oneOf that only says which properties are required, keeping the properties', () => {
    const input = { type: 'object', properties: { text: { type: 'string' }, media: { type: 'string' } }, oneOf: [{ required: ['text'] }, { required: ['media'] }] };
    const out = toSwaggerSchema(input, 'test', components);
    expect(out).not.toHaveProperty('oneOf');
    expect(Object.keys(out.properties as object)).toEqual(['text', 'media']);
  });

  it('folds "a media or null" into a nullable media', () => {
    const out = toSwaggerSchema({ anyOf: [{ $ref: '#/components/schemas/Media' }, { type: 'null' }] }, 'test', components);
    expect(out).toMatchObject({ type: 'object', 'x-nullable': true });
  });

  it('names a property without a title after its key', () => {
    const out = toSwaggerSchema({ type: 'object', properties: { first_name: { type: 'string' } } }, 'test', components);
    expect(out.properties).toEqual({ first_name: { type: 'string', 'x-ms-summary': 'First Name' } });
  });

  it.each([
    ['differently shaped alternatives', { oneOf: [{ type: 'string' }, { type: 'object' }] }, /no oneOf\/anyOf/],
    ['several real types', { type: ['string', 'number'] }, /one of string, number/],
    ['an unknown $ref', { $ref: '#/components/schemas/Nope' }, /unknown \$ref/],
  ])('refuses what Swagger 2.0 cannot say: %s', (_label, input, message) => {
    expect(() => toSwaggerSchema(input, 'test', components)).toThrow(message);
  });
});
