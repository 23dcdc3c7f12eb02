/**
 * Microsoft's certification wording and shape rules (connectors.md C.7), which its validator checks remotely,
 * as a local lint: `lintDefinition(doc, text)` returns one line per problem, empty when the definition passes.
 */
import { lintDynamic, lintTriggers } from './certification-lint-shapes.js';
import { eachProperty, isObject, operations } from './definition-walk.js';
import type { Problems } from './definition-walk.js';
import type { Schema } from './swagger-schema.js';

/** Words a title or description must not use: the platform's own names and products we do not own. */
const bannedInInfo = [/\bAPI\b/, /\bconnector\b/i, /Power\s*(Apps|Automate|Platform|BI|Pages|Virtual Agents)/i, /Logic\s*Apps/i, /Copilot/i, /Microsoft/i];
const bannedInTitle = [...bannedInInfo, /WhatsApp/i, /\bMeta\b/, /Facebook/i];
const summaryForbidden = /[/\\<>*%&?]/;

function lintInfo(doc: Schema, problems: Problems): void {
  const info = (doc.info ?? {}) as Schema;
  const title = String(info.title ?? '');
  const description = String(info.description ?? '');
  if (title.length === 0 || title.length > 30) problems.push(`info.title: ${title.length} characters; 1–30 allowed.`);
  for (const word of bannedInTitle) if (word.test(title)) problems.push(`info.title: must not contain ${word.source}.`);
  if (description.length < 30 || description.length > 500) problems.push(`info.description: ${description.length} characters; 30–500 allowed.`);
  for (const word of bannedInInfo) if (word.test(description)) problems.push(`info.description: must not contain ${word.source}.`);
  if (!isObject(info.contact)) problems.push('info.contact: missing.');
  const metadata = Array.isArray(doc['x-ms-connector-metadata']) ? (doc['x-ms-connector-metadata'] as Schema[]) : [];
  for (const name of ['Website', 'Privacy policy', 'Categories']) {
    if (!metadata.some((m) => m.propertyName === name && String(m.propertyValue ?? '').length > 0)) {
      problems.push(`x-ms-connector-metadata: "${name}" missing.`);
    }
  }
}

function lintNamed(entity: Schema, where: string, problems: Problems): void {
  const summary = entity['x-ms-summary'];
  if (typeof summary !== 'string' || summary.length === 0) problems.push(`${where}: x-ms-summary missing.`);
  else if (summary.length > 80) problems.push(`${where}: x-ms-summary longer than 80 characters.`);
  if (typeof entity.description !== 'string' || entity.description.length === 0) problems.push(`${where}: description missing.`);
}

function lintOperation(path: string, method: string, op: Schema, problems: Problems): void {
  const where = `${method.toUpperCase()} ${path}`;
  const summary = String(op.summary ?? '');
  const description = String(op.description ?? '');
  if (!/^[A-Z][A-Za-z0-9]*$/.test(String(op.operationId ?? ''))) problems.push(`${where}: operationId "${String(op.operationId)}" is not PascalCase.`);
  if (summary.length === 0 || summary.length > 80) problems.push(`${where}: summary must have 1–80 characters.`);
  if (summaryForbidden.test(summary)) problems.push(`${where}: summary contains one of / \\ < > * % & ?.`);
  if (/[\s.!,;:]$/.test(summary)) problems.push(`${where}: summary ends with punctuation or a space.`);
  if (!description.endsWith('.')) problems.push(`${where}: description must be a sentence ending with a period.`);
  if (description === summary) problems.push(`${where}: description repeats the summary.`);
  for (const [i, parameter] of ((op.parameters ?? []) as Schema[]).entries()) {
    const at = `${where} parameter ${String(parameter.name ?? i)}`;
    lintNamed(parameter, at, problems);
    eachProperty(parameter.schema, at, (property, w) => lintNamed(property, w, problems));
  }
  lintResponses(where, (op.responses ?? {}) as Record<string, Schema>, problems);
}

function lintResponses(where: string, responses: Record<string, Schema>, problems: Problems): void {
  const statuses = Object.keys(responses);
  if (!statuses.some((s) => /^2\d\d$/.test(s))) problems.push(`${where}: no 2xx response.`);
  for (const [status, response] of Object.entries(responses)) {
    if (status === 'default' && 'schema' in response) problems.push(`${where}: the default response must not have a schema.`);
    if (/^2\d\d$/.test(status) && !['202', '204'].includes(status) && !('schema' in response)) {
      problems.push(`${where}: response ${status} has no schema.`);
    }
    eachProperty(response.schema, `${where} response ${status}`, (property, w) => lintNamed(property, w, problems));
  }
}

/** Checks the raw file text: four-space indentation, no tabs, no trailing spaces. */
function lintText(text: string, problems: Problems): void {
  text.split('\n').forEach((line, i) => {
    if (/\s+$/.test(line)) problems.push(`line ${i + 1}: trailing whitespace.`);
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    if (indent % 4 !== 0 || line.startsWith('\t')) problems.push(`line ${i + 1}: indent with four spaces.`);
  });
}

/** All certification problems of a definition (and of its file text, when given). */
export function lintDefinition(doc: Schema, text?: string): string[] {
  const problems: Problems = [];
  lintInfo(doc, problems);
  const ids = new Set<string>();
  for (const { path, method, op } of operations(doc)) {
    lintOperation(path, method, op, problems);
    const id = String(op.operationId);
    if (ids.has(id)) problems.push(`${method.toUpperCase()} ${path}: operationId ${id} is used twice.`);
    ids.add(id);
  }
  lintDynamic(doc, problems);
  lintTriggers(doc, problems);
  if (text !== undefined) lintText(text, problems);
  return problems;
}
