/**
 * The connector's files against Microsoft's own schemas and a Swagger 2.0 parser, and the served OpenAPI 3.1
 * document against an OpenAPI parser: the offline half of what certification checks (connectors.md D).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import SwaggerParser from '@apidevtools/swagger-parser';
import AjvDraft04Module from 'ajv-draft-04';
import { Ajv } from 'ajv';
import { withFormats } from '../power-platform-connector/test/ajv-formats.js';
import { parse as parseJsonc } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import type { OpenAPI } from 'openapi-types';
import { buildOpenApiDocument } from '../packages/proxy/src/http/openapi.js';
import { connectorDir } from '../power-platform-connector/scripts/generate.js';

type Json = Record<string, unknown>;
// ajv-draft-04 is CommonJS: its class is also its `default` property.
const AjvDraft04 = AjvDraft04Module.default;

function readJsonc(path: string): Json {
  const errors: ParseError[] = [];
  const value = parseJsonc(readFileSync(path, 'utf8'), errors, { allowTrailingComma: true }) as Json;
  if (errors.length > 0) throw new Error(`${path} is not valid JSONC (${errors.length} errors)`);
  return value;
}

const schemaFile = (name: string): Json => readJsonc(`${connectorDir}/test/schemas/${name}`);
const connectorFile = (name: string): Json => JSON.parse(readFileSync(`${connectorDir}/${name}`, 'utf8')) as Json;

type Check = (doc: unknown) => string[];

function checker(validate: ((doc: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null }): Check {
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

/** Microsoft's apiDefinition schema (draft-04, JSONC); compiled once, it is large. */
const definitionValidator = ((): (() => Check) => {
  let check: Check | undefined;
  return () => (check ??= checker(new AjvDraft04({ strict: false, allErrors: true, validateFormats: false })
    .compile(schemaFile('apiDefinition.swagger.schema.json'))));
})();

/** Microsoft's apiProperties schema: declares draft-07 but names itself with `id`. */
function propertiesValidator(): Check {
  const { id, ...schema } = schemaFile('paconn-apiProperties.schema.json');
  const ajv = withFormats(new Ajv({ strict: false, allErrors: true }));
  return checker(ajv.compile({ ...schema, $id: String(id) }));
}

describe('apiDefinition.swagger.json', () => {
  it('is valid Swagger 2.0 for swagger-parser', async () => {
    const api = await SwaggerParser.validate(structuredClone(connectorFile('apiDefinition.swagger.json')) as unknown as OpenAPI.Document);
    expect((api as { swagger?: string }).swagger).toBe('2.0');
  });

  it("passes Microsoft's connector definition schema", () => {
    expect(definitionValidator()(connectorFile('apiDefinition.swagger.json'))).toEqual([]);
  });

  it("Microsoft's schema does reject what Power Platform cannot read", () => {
    const doc = connectorFile('apiDefinition.swagger.json') as { paths: Record<string, Record<string, Json>> };
    const send = doc.paths['/v1/messages/template']?.post as Json;
    send['x-ms-visibility'] = 'hidden';
    send['x-ms-trigger'] = 'webhook';
    const problems = definitionValidator()(doc);
    expect(problems.join('\n')).toMatch(/x-ms-visibility/);
    expect(problems.join('\n')).toMatch(/x-ms-trigger/);
  });
});

describe('apiProperties.json', () => {
  it("passes Microsoft's apiProperties schema", () => {
    expect(propertiesValidator()(connectorFile('apiProperties.json'))).toEqual([]);
  });

  it('keeps the API key secret and pairs it with the definition\'s key header', () => {
    const props = connectorFile('apiProperties.json').properties as Json;
    const params = props.connectionParameters as Record<string, { type: string }>;
    expect(params.api_key?.type).toBe('securestring');
    const security = connectorFile('apiDefinition.swagger.json').securityDefinitions as Record<string, Json>;
    expect(Object.keys(security)).toEqual(['api_key']);
    expect(security.api_key).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(String(props.iconBrandColor)).toMatch(/^#[0-9a-f]{6}$/i);
    expect(['#007ee5', '#ffffff']).not.toContain(String(props.iconBrandColor).toLowerCase());
  });

  it("Microsoft's schema does reject an unknown connection parameter type", () => {
    const doc = connectorFile('apiProperties.json') as { properties: { connectionParameters: Record<string, Json> } };
    doc.properties.connectionParameters.api_key = { type: 'password' };
    expect(propertiesValidator()(doc)).not.toEqual([]);
  });
});

describe('/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document with every operation', async () => {
    const doc = buildOpenApiDocument({ serverUrl: 'https://kaiku.example.com' });
    const api = (await SwaggerParser.validate(structuredClone(doc) as OpenAPI.Document)) as { paths: Record<string, Json> };
    const ids = Object.values(api.paths).flatMap((item) => Object.values(item).map((op) => (op as Json).operationId));
    expect(ids).toEqual(expect.arrayContaining(['SendTemplateMessage', 'ReplyToCustomer', 'OnInboundMessage', 'GetOpenApiDocument']));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves every schema reference, including the shared schemas\' own $defs', async () => {
    const doc = await SwaggerParser.dereference(structuredClone(buildOpenApiDocument()) as OpenAPI.Document);
    expect(JSON.stringify(doc)).not.toContain('"$ref"');
    const components = (doc as unknown as { components: { schemas: Record<string, Json> } }).components.schemas;
    expect(Object.keys(components)).toEqual(expect.arrayContaining(['SendTemplateInput', 'SendTemplateOutput', 'ReplyInput', 'ReplyOutput', 'InboundMessage', 'MessageStatus']));
  });
});
