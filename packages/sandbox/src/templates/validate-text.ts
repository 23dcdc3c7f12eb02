/** Variable rules for template header and body text (reference §4.4, rules 1–7). */
import type { Json } from '../messages/fields.js';
import { isObject } from '../messages/fields.js';
import { SUBCODES, templateError } from './create-errors.js';
import { placeholders } from './placeholders.js';

const NAMED = /^[a-z][a-z0-9_]*$/;
const POSITIONAL = /^[1-9]\d*$/;

/** Checks placeholder syntax and numbering; returns the variable names in order. */
export function checkVariables(part: string, text: string, format: 'POSITIONAL' | 'NAMED'): string[] {
  const names = placeholders(text);
  for (const name of names) {
    const ok = format === 'NAMED' ? NAMED.test(name) && name.length <= 20 : POSITIONAL.test(name);
    if (!ok) {
      const expected = format === 'NAMED' ? 'lower-case names like {{first_name}}' : 'numbers like {{1}}';
      throw templateError(SUBCODES.variableFormat, 'Variable format incorrect', `${part}: the variable {{${name}}} is not valid; this template uses ${expected}.`);
    }
  }
  if (format === 'POSITIONAL') {
    const unique = [...new Set(names.map(Number))].sort((a, b) => a - b);
    if (unique.some((n, i) => n !== i + 1)) {
      throw templateError(SUBCODES.variableFormat, 'Variable numbering incorrect', `${part}: variables must be numbered {{1}}, {{2}}, … in sequence without gaps.`);
    }
    return unique.map(String);
  }
  if (new Set(names).size !== names.length) throw templateError(SUBCODES.variableFormat, 'Duplicate variable', `${part}: each named variable may appear only once.`);
  return names;
}

/** The body may not start or end with a variable; trailing punctuation does not count as text. */
export function checkEdges(text: string): void {
  const trimmed = text.trim();
  const startsWithVariable = /^\{\{[^{}]*\}\}/.test(trimmed);
  const endsWithVariable = /\{\{[^{}]*\}\}[\s\p{P}]*$/u.test(trimmed);
  if (startsWithVariable || endsWithVariable) {
    throw templateError(SUBCODES.leadingTrailingVariable, 'Variables at start or end', 'body: the text may not start or end with a variable; add words before the first and after the last variable.');
  }
}

/** Too many variables for the length: at least two words of text per variable, plus one. */
export function checkRatio(text: string, count: number): void {
  const words = text.replace(/\{\{[^{}]*\}\}/g, ' ').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (count > 0 && words.length < 2 * count + 1) {
    throw templateError(SUBCODES.tooManyVariables, 'Too many variables', `body: ${count} variables need at least ${2 * count + 1} words of text around them; this body has ${words.length}.`);
  }
}

/** Every variable needs an example of the right shape (`body_text` is an array of arrays). */
export function checkExamples(part: 'body' | 'header', example: unknown, names: string[], format: 'POSITIONAL' | 'NAMED'): void {
  if (names.length === 0) return;
  const key = `${part}_text${format === 'NAMED' ? '_named_params' : ''}`;
  const missing = () => templateError(SUBCODES.missingExample, 'Example missing', `${part}: add example.${key} with a sample value for every variable (${names.join(', ')}).`);
  if (!isObject(example)) throw missing();
  const value = example[key];
  if (format === 'NAMED') {
    if (!Array.isArray(value)) throw missing();
    const given = new Set(value.filter(isObject).map((p: Json) => p.param_name));
    if (names.some((n) => !given.has(n))) throw missing();
    return;
  }
  const samples = part === 'body' ? (Array.isArray(value) ? value[0] : undefined) : value;
  if (!Array.isArray(samples) || samples.length < names.length || samples.some((s) => typeof s !== 'string' || s === '')) throw missing();
}

/** Two variables with nothing but spaces between them: accepted, then REJECTED as INVALID_FORMAT in review. */
export function hasAdjacentVariables(text: string): boolean {
  return /\}\}\s*\{\{/.test(text);
}
