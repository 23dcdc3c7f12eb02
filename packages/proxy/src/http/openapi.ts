/**
 * `/v1/openapi.json`: the OpenAPI 3.1 document built from the API description and `@kaiku/shared`'s schemas.
 * JSON Schema 2020-12 is OpenAPI 3.1's own dialect, so the shared schemas go in unchanged; only their
 * `$defs` move to `components.schemas` so that every `$ref` resolves inside one document.
 */
import type { OpenAPIV3, OpenAPIV3_1 } from 'openapi-types';
import { loadSchema } from '@kaiku/shared';
import type { SchemaName } from '@kaiku/shared';
import { docsUrl } from '@kaiku/shared/links';
import { apiInfo, apiOperations, componentSchemas, sharedComponents } from './api-description.js';
import type { ApiOperation, ApiResponse, SchemaObject } from './api-description.js';

const componentsBase = '#/components/schemas/';

function pascalCase(name: string): string {
  return name.split(/[-_\s]+/).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

/** The component name of a shared schema's `$defs` entry, e.g. reply's `media` → `ReplyMedia`. */
function defComponentName(schema: SchemaName, def: string): string {
  return def === 'output' ? `${pascalCase(schema)}Output` : `${pascalCase(schema)}${pascalCase(def)}`;
}

/** Points a shared schema's `$ref` (`#/$defs/x`, `other.schema.json#/$defs/x`) at its component. */
function componentRef(ref: string, within: SchemaName): string {
  const match = /^(?:([a-z-]+)\.schema\.json)?#(?:\/\$defs\/([^/]+))?$/.exec(ref);
  if (!match) throw new Error(`The shared schema "${within}" has a $ref the API description cannot place: ${ref}`);
  const schema = (match[1] ?? within) as SchemaName;
  if (!(schema in sharedComponents)) throw new Error(`The shared schema "${within}" refers to an unknown schema: ${ref}`);
  return componentsBase + (match[2] ? defComponentName(schema, match[2]) : sharedComponents[schema]);
}

function rewriteRefs(value: unknown, within: SchemaName): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, within));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof child === 'string' ? componentRef(child, within) : rewriteRefs(child, within);
  }
  return out;
}

/** The shared schemas as components: each root under its `sharedComponents` name, its `$defs` beside it. */
function sharedSchemaComponents(): Record<string, SchemaObject> {
  const out: Record<string, SchemaObject> = {};
  for (const [name, component] of Object.entries(sharedComponents) as [SchemaName, string][]) {
    const { $defs, $schema: _schema, $id: _id, ...root } = loadSchema(name);
    out[component] = rewriteRefs(root, name) as SchemaObject;
    for (const [def, schema] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      out[defComponentName(name, def)] = rewriteRefs(schema, name) as SchemaObject;
    }
  }
  return out;
}

/** Every schema the description names, keyed by component name; `$ref`s point at `#/components/schemas/`. */
export function schemaComponents(): Record<string, SchemaObject> {
  return { ...sharedSchemaComponents(), ...componentSchemas };
}

const jsonContent = (component: string): Record<string, OpenAPIV3_1.MediaTypeObject> => ({
  'application/json': { schema: { $ref: componentsBase + component } },
});

function toResponse(response: ApiResponse): OpenAPIV3_1.ResponseObject {
  const headers: Record<string, OpenAPIV3_1.HeaderObject> = {};
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    headers[name] = { description: header.description, schema: { type: header.type } };
  }
  return {
    description: response.description,
    ...(response.headers ? { headers } : {}),
    ...(response.contentType !== undefined
      ? { content: { [response.contentType]: response.schema ? { schema: { $ref: componentsBase + response.schema } } : {} } }
      : response.schema ? { content: jsonContent(response.schema) } : {}),
  };
}

/** The deliveries a subscription leads to, as an OpenAPI callback on the subscribe operation. */
function deliveryCallback(notification: string, description: string): OpenAPIV3_1.CallbackObject {
  const post: OpenAPIV3_1.OperationObject = {
    summary: 'Event delivery',
    description: `${description} Standard Webhooks headers webhook-id, webhook-timestamp and webhook-signature (verify with the secret returned at subscription), and Kaiku-Event-Type, come with it.`,
    requestBody: { required: true, content: jsonContent(notification) },
    responses: {
      '200': { description: 'Received; any 2xx answer will do.' },
      '410': { description: 'Gone: Kaiku deletes the subscription and stops delivering.' },
    },
  };
  return { '{$request.body#/target_url}': { post } as OpenAPIV3_1.PathItemObject };
}

function toOperation(op: ApiOperation): OpenAPIV3_1.OperationObject {
  const responses: OpenAPIV3_1.ResponsesObject = {};
  for (const [status, response] of Object.entries(op.responses)) responses[status] = toResponse(response);
  const callbacks = op.trigger
    ? { [op.trigger.event]: deliveryCallback(op.trigger.notification, op.trigger.notificationDescription) }
    : undefined;
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description,
    tags: [op.tag],
    parameters: op.parameters.map((p) => ({
      name: p.name, in: p.in, required: p.required, description: p.description,
      schema: { ...p.schema } as OpenAPIV3.SchemaObject,
    })),
    ...(op.requestBody
      ? {
        requestBody: {
          required: true, description: op.requestBody.description,
          content: op.requestBody.contentType === undefined ? jsonContent(op.requestBody.schema) : { [op.requestBody.contentType]: { schema: { type: 'string', contentMediaType: op.requestBody.contentType } } },
        },
      }
      : {}),
    responses,
    ...(callbacks ? { callbacks } : {}),
    ...(op.public ? { security: [] } : {}),
  };
}

/** Options for the served document. */
export interface OpenApiOptions {
  /** The proxy's public base URL (without `/v1`), listed as the server. */
  serverUrl?: string;
}

/** The OpenAPI 3.1 document of every `/v1` operation, served at `/v1/openapi.json`. */
export function buildOpenApiDocument(options: OpenApiOptions = {}): OpenAPIV3_1.Document {
  const paths: OpenAPIV3_1.PathsObject = {};
  for (const op of apiOperations) {
    paths[op.path] = { ...paths[op.path], [op.method]: toOperation(op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: apiInfo.title, version: apiInfo.version, description: apiInfo.description,
      ...(options.serverUrl ? { contact: { name: apiInfo.contactName, url: docsUrl(options.serverUrl, 'support') } } : {}),
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [...new Set(apiOperations.map((op) => op.tag))].map((name) => ({ name })),
    security: [{ apiKey: [] }, { bearer: [] }],
    paths,
    components: {
      schemas: schemaComponents() as Record<string, OpenAPIV3_1.SchemaObject>,
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Your Kaiku API key.' },
        bearer: { type: 'http', scheme: 'bearer', description: 'Your Kaiku API key as a bearer token.' },
      },
    },
  };
}
