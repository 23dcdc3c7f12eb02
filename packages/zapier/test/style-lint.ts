/**
 * Zapier's integration checks that can run offline (connectors.md A.9–A.10), as a lint over a
 * definition: each finding names the check, where it is and what is wrong.
 */
import type { PlainInputField, PlainOutputField } from 'zapier-platform-core';

/** The parts of an app definition the checks read. */
export interface LintableApp {
  authentication?: { fields?: { key: string; label?: string; helpText?: string }[]; connectionLabel?: unknown };
  triggers?: Record<string, LintableAction>;
  creates?: Record<string, LintableAction>;
}

/** A trigger or create as the checks see it. */
export interface LintableAction {
  key: string;
  noun?: string;
  display?: { label?: string; description?: string; hidden?: boolean };
  operation?: {
    type?: string;
    inputFields?: unknown[];
    outputFields?: unknown[];
    sample?: Record<string, unknown>;
    performList?: unknown;
    performSubscribe?: unknown;
    performUnsubscribe?: unknown;
  };
}

const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'via', 'with']);
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** D018: every word capitalised except small words after the first. */
export function isTitleCase(label: string): boolean {
  const words = label.split(/\s+/);
  return words.every((word, index) => {
    if (!/^[a-z]/i.test(word)) return true;
    const inside = index > 0 && index < words.length - 1;
    if (inside && SMALL_WORDS.has(word.toLowerCase())) return word === word.toLowerCase();
    return /^[A-Z]/.test(word);
  });
}

function plainFields<T>(fields: unknown[] | undefined): T[] {
  return (fields ?? []).filter((field): field is T => typeof field === 'object' && field !== null);
}

/** D011 and D018 for a list of input fields (also used on dynamic fields a test fetched). */
export function fieldProblems(where: string, fields: PlainInputField[]): string[] {
  return fields.flatMap((field) => {
    const problems: string[] = [];
    if (field.type !== 'copy' && !field.label) problems.push(`${where}.${field.key}: no label`);
    if (field.label && !isTitleCase(field.label)) problems.push(`D018 ${where}.${field.key}: label "${field.label}" is not Title Case`);
    if (field.helpText && field.label && field.helpText.trim().toLowerCase() === field.label.trim().toLowerCase()) problems.push(`D011 ${where}.${field.key}: help text equals the label`);
    if (/api[_-]?key|token|secret|password/i.test(field.key)) problems.push(`D001 ${where}.${field.key}: credentials belong in authentication`);
    const isId = /[^_]_id$/.test(field.key) || field.key === 'template' || field.key.endsWith('__template');
    if (isId && !field.dynamic && !field.choices) problems.push(`D004 ${where}.${field.key}: an id field needs a dropdown`);
    return problems;
  });
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

const OUTPUT_TYPES: Record<string, string[]> = { string: ['string'], datetime: ['string'], number: ['number', 'integer'], integer: ['integer'], boolean: ['boolean'] };

function sampleProblems(where: string, action: LintableAction): string[] {
  const sample = action.operation?.sample ?? {};
  const problems: string[] = [];
  const outputs = plainFields<PlainOutputField>(action.operation?.outputFields);
  if (action.operation?.type !== undefined && !('id' in sample)) problems.push(`D010 ${where}: sample has no id`);
  outputs.forEach((field) => {
    if (!(field.key in sample)) problems.push(`D024 ${where}: sample lacks output field ${field.key}`);
    const value = sample[field.key];
    const allowed = field.type ? OUTPUT_TYPES[field.type] : undefined;
    if (allowed && value !== null && value !== undefined && !allowed.includes(jsonType(value))) problems.push(`D024 ${where}.${field.key}: sample is ${jsonType(value)}, output field says ${field.type}`);
    if (!field.label) problems.push(`${where}.${field.key}: output field has no label`);
    else if (!isTitleCase(field.label)) problems.push(`D018 ${where}.${field.key}: output label "${field.label}" is not Title Case`);
  });
  Object.entries(sample).forEach(([key, value]) => {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && !ISO_WITH_OFFSET.test(value)) problems.push(`D023 ${where}.${key}: sample date "${value}" lacks ISO 8601 with offset`);
  });
  return problems;
}

function displayProblems(where: string, action: LintableAction, kind: 'trigger' | 'create'): string[] {
  const { label = '', description = '' } = action.display ?? {};
  const problems: string[] = [];
  if (!action.noun) problems.push(`${where}: no noun`);
  if (!label) problems.push(`${where}: no label`);
  else if (!isTitleCase(label)) problems.push(`D018 ${where}: label "${label}" is not Title Case`);
  if (!description.endsWith('.')) problems.push(`${where}: description must end with a period`);
  if (kind === 'trigger' && !description.startsWith('Triggers when ')) problems.push(`D021 ${where}: description must start with "Triggers when "`);
  if (kind === 'create' && !/^[A-Z][a-z]+s\b/.test(description)) problems.push(`${where}: description must start with a plural verb ("Sends …")`);
  if (/zapier/i.test(description)) problems.push(`${where}: description mentions Zapier`);
  return problems;
}

function actionProblems(action: LintableAction, kind: 'trigger' | 'create'): string[] {
  const where = `${kind}s.${action.key}`;
  const problems = [...displayProblems(where, action, kind), ...fieldProblems(where, plainFields<PlainInputField>(action.operation?.inputFields))];
  if (action.display?.hidden) return problems;
  if (!action.operation?.sample || Object.keys(action.operation.sample).length === 0) problems.push(`D012 ${where}: no sample`);
  if ((action.operation?.outputFields ?? []).length === 0) problems.push(`${where}: no output fields`);
  if (action.operation?.type === 'hook' && !(action.operation.performList && action.operation.performSubscribe && action.operation.performUnsubscribe)) {
    problems.push(`D006/D016 ${where}: a REST hook needs performSubscribe, performUnsubscribe and performList`);
  }
  if (kind === 'create' && plainFields(action.operation?.inputFields).length === 0) problems.push(`D022 ${where}: no static input fields`);
  return [...problems, ...sampleProblems(where, action)];
}

function urlProblems(definition: unknown): string[] {
  const text = JSON.stringify(definition);
  const insecure = [...text.matchAll(/http:\/\/[^\s"')]+/g)].map((match) => `D007 insecure URL ${match[0]}`);
  const links = [...text.matchAll(/\]\(([^)]*)\)/g)].filter((match) => !/^https:\/\/[^\s]+$/.test(match[1] ?? '')).map((match) => `D008 bad Markdown link ${match[1]}`);
  return [...insecure, ...links];
}

/** Every finding for an app; an empty list means the offline checks pass. */
export function styleProblems(app: LintableApp): string[] {
  const auth = app.authentication;
  const authProblems = (auth?.fields ?? []).flatMap((field) => {
    const problems: string[] = [];
    if (!field.label || !isTitleCase(field.label)) problems.push(`D018 authentication.${field.key}: label not Title Case`);
    if (field.helpText?.trim() === field.label?.trim()) problems.push(`D011 authentication.${field.key}: help text equals the label`);
    if (!/\]\(https:\/\//.test(field.helpText ?? '')) problems.push(`D002 authentication.${field.key}: help text must link to where it is found`);
    return problems;
  });
  if (!auth?.connectionLabel) authProblems.push('D003 authentication: no connection label');
  const triggers = Object.values(app.triggers ?? {}).flatMap((trigger) => actionProblems(trigger, 'trigger'));
  const creates = Object.values(app.creates ?? {}).flatMap((create) => actionProblems(create, 'create'));
  return [...authProblems, ...triggers, ...creates, ...urlProblems(app)];
}
