/**
 * Plays Power Automate against a running proxy, using nothing but `apiDefinition.swagger.json` and a
 * connection (host + API key): requests are built from the declared paths, parameters and security, bodies
 * and answers are checked against the declared schemas, triggers subscribe with the callback URL in the
 * property marked `x-ms-notification-url` and unsubscribe by DELETE on the `Location` they answered. Given the
 * connector's `apiProperties.json`, its `setheader` policies set their request headers as the platform would.
 */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { withFormats } from './ajv-formats.js';
import { isObject, operations } from '../scripts/definition-walk.js';
import type { Schema } from '../scripts/swagger-schema.js';


/** What a maker's connection holds; `hostUrl` stands for the `dynamichosturl` policy's result. */
export interface Connection {
  hostUrl: string;
  apiKey: string;
}

/** The inputs of one action: parameters by name and the body. */
export interface ActionInputs {
  params?: Record<string, string | number>;
  body?: unknown;
}

/** Swagger's `x-nullable` as JSON Schema, so that ajv reads the schema as Power Automate does. */
function toValidationSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toValidationSchema);
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === 'properties' && isObject(value)
      ? Object.fromEntries(Object.entries(value).map(([name, child]) => [name, toValidationSchema(child)]))
      : key === 'example' || key.startsWith('x-ms-') ? value : toValidationSchema(value);
  }
  if (schema['x-nullable'] === true && typeof schema.type === 'string') out.type = [schema.type, 'null'];
  if (Array.isArray(out.enum) && schema['x-nullable'] === true) out.enum = [...out.enum, null];
  return out;
}

/** A Power Automate stand-in for one connector definition and one connection. */
export class PowerAutomate {
  private readonly ajv = withFormats(new Ajv({ strict: false, allErrors: true }));

  constructor(private readonly definition: Schema, private readonly connection: Connection, private readonly properties: Schema = {}) {}

  /** The declared operation (and its path) with this operationId. */
  operation(operationId: string): { path: string; method: string; op: Schema; item: Schema } {
    const found = operations(this.definition).find(({ op }) => op.operationId === operationId);
    if (!found) throw new Error(`The definition has no operation ${operationId}.`);
    return found;
  }

  /** Compiles a declared schema for checking. */
  validator(schema: unknown): ValidateFunction {
    return this.ajv.compile(toValidationSchema(schema) as Schema);
  }

  /** The body schema an operation declares. */
  bodySchema(operationId: string): Schema {
    const body = ((this.operation(operationId).op.parameters ?? []) as Schema[]).find((p) => p.in === 'body');
    if (!body || !isObject(body.schema)) throw new Error(`${operationId} declares no body.`);
    return body.schema;
  }

  /** The schema of one declared answer. */
  responseSchema(operationId: string, status: number): Schema | undefined {
    const response = ((this.operation(operationId).op.responses ?? {}) as Record<string, Schema>)[String(status)];
    return isObject(response?.schema) ? response.schema : undefined;
  }

  /** The payload schema a trigger declares for its notifications. */
  notificationSchema(operationId: string): Schema {
    const content = this.operation(operationId).item['x-ms-notification-content'];
    if (!isObject(content) || !isObject(content.schema)) throw new Error(`${operationId} declares no notification content.`);
    return content.schema;
  }

  /** The request headers of the `setheader` policies that apply to an operation (all of them when none is named). */
  private policyHeaders(operationId: string | null): Array<[string, string]> {
    const policies = (((this.properties.properties as Schema | undefined)?.policyTemplateInstances ?? []) as Schema[])
      .filter((policy) => String(policy.templateId).toLowerCase() === 'setheader');
    return policies.flatMap((policy) => {
      const parameters = (policy.parameters ?? {}) as Record<string, unknown>;
      const section = parameters['x-ms-apimTemplate-policySection'] ?? 'Request';
      const only = parameters['x-ms-apimTemplate-operationName'];
      if (section !== 'Request' || (Array.isArray(only) && (operationId === null || !only.includes(operationId)))) return [];
      return [[String(parameters['x-ms-apimTemplateParameter.name']), String(parameters['x-ms-apimTemplateParameter.value'])] as [string, string]];
    });
  }

  private headers(operationId: string | null = null): Headers {
    const headers = new Headers({ accept: 'application/json' });
    for (const scheme of Object.values((this.definition.securityDefinitions ?? {}) as Record<string, Schema>)) {
      if (scheme.type === 'apiKey' && scheme.in === 'header') headers.set(String(scheme.name), this.connection.apiKey);
    }
    for (const [name, value] of this.policyHeaders(operationId)) headers.set(name, value);
    return headers;
  }

  /** Calls an action the way the platform would: only declared parameters, checked body, declared auth. */
  async invoke(operationId: string, inputs: ActionInputs = {}): Promise<Response> {
    const { path, method, op } = this.operation(operationId);
    const declared = ((op.parameters ?? []) as Schema[]).filter((p) => p.in !== 'body');
    const given = inputs.params ?? {};
    for (const name of Object.keys(given)) if (!declared.some((p) => p.name === name)) throw new Error(`${operationId} has no parameter ${name}.`);
    const headers = this.headers(operationId);
    const query = new URLSearchParams();
    let url = `${this.definition.basePath === '/' ? '' : String(this.definition.basePath ?? '')}${path}`;
    for (const p of declared) {
      const value = given[String(p.name)];
      if (value === undefined) {
        if (p.required) throw new Error(`${operationId} needs ${String(p.name)}.`);
        continue;
      }
      if (p.in === 'path') url = url.replace(`{${String(p.name)}}`, encodeURIComponent(String(value)));
      if (p.in === 'query') query.set(String(p.name), String(value));
      if (p.in === 'header') headers.set(String(p.name), String(value));
    }
    let body: string | undefined;
    if (inputs.body !== undefined) {
      const check = this.validator(this.bodySchema(operationId));
      if (!check(inputs.body)) throw new Error(`${operationId} body breaks its declared schema: ${this.ajv.errorsText(check.errors)}`);
      body = JSON.stringify(inputs.body);
      headers.set('content-type', 'application/json');
    }
    const search = query.size > 0 ? `?${query.toString()}` : '';
    return fetch(`${this.connection.hostUrl}${url}${search}`, { method: method.toUpperCase(), headers, ...(body ? { body } : {}) });
  }

  /**
   * What the designer does for a body property with a dropdown (`x-ms-dynamic-values`) or dynamic fields
   * (`x-ms-dynamic-schema`): calls the named operation with parameters taken from the maker's other inputs.
   */
  async designerLookup(operationId: string, property: string, kind: 'x-ms-dynamic-values' | 'x-ms-dynamic-schema', inputs: Record<string, unknown> = {}): Promise<{ extension: Schema; answer: Schema }> {
    const target = ((this.bodySchema(operationId).properties ?? {}) as Record<string, Schema>)[property];
    const extension = target?.[kind];
    if (!isObject(extension)) throw new Error(`${operationId}.${property} has no ${kind}.`);
    const params: Record<string, string> = {};
    for (const [name, from] of Object.entries((extension.parameters ?? {}) as Record<string, { parameter?: string }>)) {
      const value = from.parameter === undefined ? undefined : inputs[from.parameter];
      if (value !== undefined) params[name] = String(value);
    }
    const response = await this.invoke(String(extension.operationId), { params });
    if (response.status !== 200) throw new Error(`${String(extension.operationId)} answered ${response.status}: ${await response.text()}`);
    return { extension, answer: (await response.json()) as Schema };
  }

  /** Saves a flow with this trigger: subscribes `callbackUrl`; answers the Location to delete later. */
  async subscribe(operationId: string, callbackUrl: string, extra: Record<string, unknown> = {}): Promise<{ response: Response; location: string }> {
    const properties = (this.bodySchema(operationId).properties ?? {}) as Record<string, Schema>;
    const urlProperty = Object.entries(properties).find(([, p]) => p['x-ms-notification-url'] === true)?.[0];
    if (!urlProperty) throw new Error(`${operationId} marks no property with x-ms-notification-url.`);
    const response = await this.invoke(operationId, { body: { ...extra, [urlProperty]: callbackUrl } });
    const location = response.headers.get('location') ?? '';
    return { response, location };
  }

  /** Turns the flow off: DELETE on the Location, with the connection's credentials. */
  async unsubscribe(location: string): Promise<Response> {
    return fetch(location, { method: 'DELETE', headers: this.headers() });
  }
}
