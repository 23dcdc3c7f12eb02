import { loadSample, loadSchema, sampleNames, schemaNames } from '../index.js';
import type { SchemaName } from '../index.js';
import { describeErrors, propertySchemas, schemaAjv, schemaId } from './schema-helpers.js';

const ajv = schemaAjv();

function validator(name: SchemaName, part: 'input' | 'output') {
  const ref = part === 'output' && (name === 'send-template' || name === 'reply' || name === 'opt-in-request') ? `${schemaId(name)}#/$defs/output` : schemaId(name);
  const validate = ajv.getSchema(ref);
  if (validate === undefined) throw new Error(`no schema at ${ref}`);
  return validate;
}

describe('operation schemas', () => {
  it.each(schemaNames)('%s is draft 2020-12 with an $id, a title and a description', (name) => {
    const schema = loadSchema(name);
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema', $id: `https://kaiku.app/schemas/${name}.schema.json`,
      title: expect.any(String), description: expect.any(String), type: 'object', additionalProperties: false,
    });
  });

  it.each(['send-template', 'reply', 'opt-in-request'] as const)('%s has its output under $defs.output', (name) => {
    expect(validator(name, 'output').schema).toMatchObject({ type: 'object', required: expect.arrayContaining(['id', 'wa_id', 'status']) });
  });

  const everyProperty = schemaNames.flatMap((name) => propertySchemas(loadSchema(name)).map(([pointer, schema]) => ({ name, pointer, schema })));

  it('finds the nested properties too', () => {
    expect(everyProperty.map((p) => `${p.name}${p.pointer}`)).toEqual(expect.arrayContaining([
      'reply/properties/buttons/properties/choices', 'reply/properties/list/properties/sections/items/properties/rows/items/properties/description',
      'send-template/$defs/output/properties/preview',
    ]));
  });

  it.each(everyProperty.map((p) => [`${p.name}${p.pointer}`, p] as const))('%s has a title, a description and valid examples', (_label, p) => {
    const { title, description, examples } = p.schema as { title?: unknown; description?: unknown; examples?: unknown };
    expect(typeof title === 'string' && title.length > 0).toBe(true);
    expect(typeof description === 'string' && description.length >= 20).toBe(true);
    expect(Array.isArray(examples) && examples.length > 0).toBe(true);
    const validate = ajv.getSchema(`${schemaId(p.name)}#${p.pointer}`);
    for (const example of examples as unknown[]) {
      expect({ example, errors: validate?.(example) === true ? [] : describeErrors(validate?.errors) }).toEqual({ example, errors: [] });
    }
  });
});

describe('samples validate against their schema', () => {
  const samples: [string, SchemaName, 'input' | 'output'][] = [
    ['send-template.input', 'send-template', 'input'],
    ['send-template.output', 'send-template', 'output'],
    ['reply.input', 'reply', 'input'],
    ['reply.input.media', 'reply', 'input'],
    ['reply.input.buttons', 'reply', 'input'],
    ['reply.input.list', 'reply', 'input'],
    ['reply.output', 'reply', 'output'],
    ['opt-in-request.input', 'opt-in-request', 'input'],
    ['opt-in-request.output', 'opt-in-request', 'output'],
    ['message-status', 'message-status', 'output'],
    ['message-status.failed', 'message-status', 'output'],
    ...['', '.text', '.text_username', '.image', '.video', '.audio', '.document', '.sticker', '.location', '.contacts', '.button', '.button_reply',
      '.list_reply', '.flow_reply', '.reaction', '.order', '.system', '.unsupported']
      .map((suffix): [string, SchemaName, 'output'] => [`inbound-message${suffix}`, 'inbound-message', 'output']),
  ];
  it('every sample file is in this table', () => {
    expect(sampleNames()).toEqual(samples.map(([sample]) => sample).sort());
  });

  it.each(samples)('%s', (sample, name, part) => {
    const validate = validator(name, part);
    const ok = validate(loadSample(sample));
    expect(describeErrors(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });
});
