/** The shape half of the certification lint: dropdown sources and webhook triggers are well-formed. */
import { eachProperty, isObject, operations } from './definition-walk.js';
import type { Problems } from './definition-walk.js';
import type { Schema } from './swagger-schema.js';

const dynamicKeys = ['x-ms-dynamic-values', 'x-ms-dynamic-schema', 'x-ms-dynamic-properties', 'x-ms-dynamic-list'];

function bodySchema(op: Schema): Schema | undefined {
  const body = ((op.parameters ?? []) as Schema[]).find((p) => p.in === 'body');
  return isObject(body?.schema) ? body.schema : undefined;
}

/** Checks that the answer of `target` has `collection` as an array whose items carry `paths`. */
function lintCollection(target: Schema, ext: Schema, where: string, problems: Problems): void {
  const ok = ((target.responses ?? {}) as Record<string, Schema>)['200'];
  const root = isObject(ok?.schema) ? ok.schema : {};
  const collection = String(ext['value-collection'] ?? '');
  const list = collection ? ((root.properties ?? {}) as Record<string, Schema>)[collection] : root;
  if (list?.type !== 'array' || !isObject(list.items)) {
    problems.push(`${where}: ${String(target.operationId)} answers no array at "${collection}".`);
    return;
  }
  const itemProps = (list.items.properties ?? {}) as Record<string, Schema>;
  for (const key of ['value-path', 'value-title']) {
    const path = String(ext[key] ?? '');
    if (!(path in itemProps)) problems.push(`${where}: the items of ${String(target.operationId)} have no "${path}" (${key}).`);
  }
}

function lintDynamicUse(doc: Schema, key: string, ext: Schema, where: string, problems: Problems): void {
  const target = operations(doc).find(({ op }) => op.operationId === ext.operationId)?.op;
  if (!target) {
    problems.push(`${where}: ${key} names ${String(ext.operationId)}, which does not exist.`);
    return;
  }
  if (target['x-ms-visibility'] !== 'internal') problems.push(`${where}: ${String(ext.operationId)} feeds a dropdown, so it must be internal.`);
  const names = new Set(((target.parameters ?? []) as Schema[]).map((p) => p.name));
  for (const name of Object.keys((ext.parameters ?? {}) as Schema)) {
    if (!names.has(name)) problems.push(`${where}: ${String(ext.operationId)} has no parameter "${name}".`);
  }
  if (key === 'x-ms-dynamic-values') lintCollection(target, ext, where, problems);
}

/** Every dynamic dropdown and schema names an existing, internal operation that answers what it expects. */
export function lintDynamic(doc: Schema, problems: Problems): void {
  for (const { path, method, op } of operations(doc)) {
    const where = `${method.toUpperCase()} ${path}`;
    const check = (entity: Schema, at: string): void => {
      for (const key of dynamicKeys) if (isObject(entity[key])) lintDynamicUse(doc, key, entity[key] as Schema, at, problems);
    };
    for (const parameter of (op.parameters ?? []) as Schema[]) {
      check(parameter, `${where} ${String(parameter.name)}`);
      eachProperty(parameter.schema, `${where} ${String(parameter.name)}`, check);
    }
  }
}

function lintWebhook(item: Schema, op: Schema, where: string, problems: Problems): void {
  const content = item['x-ms-notification-content'];
  if (!isObject(content) || !isObject(content.schema)) problems.push(`${where}: x-ms-notification-content with a schema missing on the path.`);
  const body = bodySchema(op);
  const props = (body?.properties ?? {}) as Record<string, Schema>;
  const urls = Object.entries(props).filter(([, p]) => p['x-ms-notification-url'] === true);
  if (urls.length !== 1) problems.push(`${where}: exactly one body property needs x-ms-notification-url (found ${urls.length}).`);
  for (const [name, property] of urls) {
    if (property['x-ms-visibility'] !== 'internal') problems.push(`${where}: ${name} must be internal.`);
    if (!((body?.required ?? []) as string[]).includes(name)) problems.push(`${where}: ${name} must be required.`);
  }
  const created = ((op.responses ?? {}) as Record<string, Schema>)['201'];
  if (!isObject((created?.headers as Schema | undefined)?.Location)) problems.push(`${where}: a 201 answer with a Location header is missing.`);
}

/** Triggers are named and described as the platform shows them, and webhook triggers are complete. */
export function lintTriggers(doc: Schema, problems: Problems): void {
  const all = operations(doc);
  const triggers = all.filter(({ op }) => 'x-ms-trigger' in op);
  for (const { path, method, op, item } of triggers) {
    const where = `${method.toUpperCase()} ${path}`;
    if (!['single', 'batch'].includes(String(op['x-ms-trigger']))) problems.push(`${where}: x-ms-trigger must be single or batch.`);
    if (!String(op.summary ?? '').startsWith('When ')) problems.push(`${where}: a trigger's summary starts with "When".`);
    if (!String(op.description ?? '').startsWith('This operation triggers when')) {
      problems.push(`${where}: a trigger's description starts with "This operation triggers when".`);
    }
    if (op['x-ms-trigger'] === 'single' && method === 'post') lintWebhook(item, op, where, problems);
  }
  const webhooks = triggers.some(({ op, method }) => op['x-ms-trigger'] === 'single' && method === 'post');
  const unsubscribe = all.some(({ method, op }) => method === 'delete' && op['x-ms-visibility'] === 'internal');
  if (webhooks && !unsubscribe) problems.push('paths: webhook triggers need an internal DELETE operation for their subscriptions.');
}
