/**
 * Builds `apiDefinition.swagger.json` (Swagger 2.0 with Microsoft's `x-ms-*` extensions) from the proxy's
 * API description and the shared schemas: the operations the connector offers, their maker-facing hints,
 * the webhook triggers and the dropdowns.
 */
import { apiInfo, apiOperations } from '../../packages/proxy/src/http/api-description.js';
import type {
  ApiOperation, ApiParameter, ApiResponse, BodyPropertyHints, DynamicSchema, DynamicValues,
} from '../../packages/proxy/src/http/api-description.js';
import { schemaComponents } from '../../packages/proxy/src/http/openapi.js';
import { connectorLinks, DEFAULT_PUBLIC_URL } from '../../shared/links.js';
import { toSwaggerSchema } from './swagger-schema.js';
import type { Components, Schema } from './swagger-schema.js';

/** Fixed facts of the connector: the key header, the brand colour and the publisher. */
export const connectorSettings = {
  apiKeyHeader: 'X-API-Key',
  brandColor: '#0B6E69',
  publisher: 'Kaiku',
} as const;

const ref = (component: string): Schema => ({ $ref: `#/components/schemas/${component}` });

function dynamicValues(dv: DynamicValues): Schema {
  const parameters = Object.fromEntries(Object.entries(dv.parameters).map(([name, from]) => [name, { parameter: from }]));
  return {
    operationId: dv.operationId, parameters,
    'value-collection': dv.collection, 'value-path': dv.valuePath, 'value-title': dv.titlePath,
  };
}

/** Both generations of dynamic schema: `x-ms-dynamic-schema` (v1) and `x-ms-dynamic-properties` (v2). */
function dynamicSchema(ds: DynamicSchema): Schema {
  const v1 = Object.fromEntries(Object.entries(ds.parameters).map(([name, from]) => [name, { parameter: from }]));
  const v2 = Object.fromEntries(Object.entries(ds.parameters).map(([name, from]) => [name, { parameterReference: `body/${from}` }]));
  return {
    'x-ms-dynamic-schema': { operationId: ds.operationId, parameters: v1 },
    'x-ms-dynamic-properties': { operationId: ds.operationId, parameters: v2 },
  };
}

function toParameter(p: ApiParameter): Schema {
  return {
    name: p.name, in: p.in, required: p.required, type: p.schema.type,
    ...(p.schema.format ? { format: p.schema.format } : {}),
    ...(p.schema.enum ? { enum: p.schema.enum } : {}),
    ...(p.schema.default === undefined ? {} : { default: p.schema.default }),
    description: p.description, 'x-ms-summary': p.summary,
    ...(p.visibility ? { 'x-ms-visibility': p.visibility } : {}),
    ...(p.dynamicValues ? { 'x-ms-dynamic-values': dynamicValues(p.dynamicValues) } : {}),
  };
}

/** `x-ms-enum-values` from an enum and its display names; every value needs one. */
function enumValues(property: Schema, titles: Record<string, string>, where: string): Schema[] {
  const values = Array.isArray(property.enum) ? (property.enum as string[]) : [];
  if (values.length === 0) throw new Error(`${where}: display names are given for a property without an enum.`);
  return values.map((value) => {
    const displayName = titles[value];
    if (!displayName) throw new Error(`${where}: the enum value "${value}" has no display name.`);
    return { value, displayName };
  });
}

/** Puts the description's hints (visibility, dropdowns, callback URL, enum names) on a body's properties. */
function annotateBody(schema: Schema, hints: Record<string, BodyPropertyHints>, where: string): Schema {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [name, hint] of Object.entries(hints)) {
    const property = properties[name];
    if (!property) throw new Error(`${where}: the API description gives hints for "${name}", which the body schema lacks.`);
    if (hint.visibility) property['x-ms-visibility'] = hint.visibility;
    if (hint.dynamicValues) property['x-ms-dynamic-values'] = dynamicValues(hint.dynamicValues);
    if (hint.dynamicSchema) Object.assign(property, dynamicSchema(hint.dynamicSchema));
    if (hint.notificationUrl) property['x-ms-notification-url'] = true;
    if (hint.enumTitles) property['x-ms-enum-values'] = enumValues(property, hint.enumTitles, `${where}.${name}`);
    if (hint.properties) annotateBody(property, hint.properties, `${where}.${name}`);
  }
  return schema;
}

function bodyParameter(op: ApiOperation, components: Components): Schema[] {
  if (!op.requestBody) return [];
  const where = `${op.operationId} body`;
  const schema = annotateBody(toSwaggerSchema(ref(op.requestBody.schema), where, components), op.requestBody.properties ?? {}, where);
  return [{
    name: 'body', in: 'body', required: true,
    description: op.requestBody.description, 'x-ms-summary': op.requestBody.summary, schema,
  }];
}

function toResponse(response: ApiResponse, where: string, components: Components): Schema {
  const headers = Object.entries(response.headers ?? {}).map(([name, h]) => [name, { type: h.type, description: h.description }]);
  return {
    description: response.description,
    ...(response.schema ? { schema: toSwaggerSchema(ref(response.schema), where, components) } : {}),
    ...(headers.length > 0 ? { headers: Object.fromEntries(headers) } : {}),
  };
}

function toOperation(op: ApiOperation, components: Components): Schema {
  const responses = Object.fromEntries(
    Object.entries(op.responses).map(([status, r]) => [status, toResponse(r, `${op.operationId} ${status}`, components)]),
  );
  return {
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    operationId: op.operationId,
    ...(op.visibility ? { 'x-ms-visibility': op.visibility } : {}),
    ...(op.trigger ? { 'x-ms-trigger': 'single', 'x-ms-trigger-hint': op.trigger.hint } : {}),
    parameters: [...op.parameters.map(toParameter), ...bodyParameter(op, components)],
    responses,
  };
}

/**
 * The whole `apiDefinition.swagger.json` document for the deployment at `publicUrl`: its host (each connection
 * may still set its own) and the links of the listing (website, privacy policy, support) to its help pages.
 */
export function buildApiDefinition(publicUrl: string = DEFAULT_PUBLIC_URL): Schema {
  const links = connectorLinks(publicUrl);
  const components = schemaComponents();
  const paths: Record<string, Schema> = {};
  for (const op of apiOperations.filter((o) => o.connector)) {
    const item = (paths[op.path] ??= {});
    if (op.trigger) {
      item['x-ms-notification-content'] = {
        description: op.trigger.notificationDescription,
        schema: toSwaggerSchema(ref(op.trigger.notification), `${op.operationId} notification`, components),
      };
    }
    item[op.method] = toOperation(op, components);
  }
  const tags = [...new Set(apiOperations.filter((o) => o.connector).map((o) => o.tag))].map((name) => ({ name }));
  return {
    swagger: '2.0',
    info: { title: apiInfo.title, description: apiInfo.description, version: apiInfo.version, contact: { name: apiInfo.contactName, url: links.support } },
    host: new URL(publicUrl).host,
    basePath: '/',
    schemes: ['https'],
    consumes: ['application/json'],
    produces: ['application/json'],
    paths,
    definitions: {},
    parameters: {},
    responses: {},
    securityDefinitions: {
      api_key: { type: 'apiKey', in: 'header', name: connectorSettings.apiKeyHeader, description: 'Your Kaiku API key.' },
    },
    security: [{ api_key: [] }],
    tags,
    'x-ms-connector-metadata': [
      { propertyName: 'Website', propertyValue: links.website },
      { propertyName: 'Privacy policy', propertyValue: links.privacyPolicy },
      { propertyName: 'Categories', propertyValue: apiInfo.categories },
    ],
  };
}
