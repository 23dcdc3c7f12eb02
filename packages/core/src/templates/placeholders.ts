import type { MetaTemplate, MetaTemplateComponent } from './types.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The placeholder names of a text in order of first appearance: `["1", "2"]` or `["first_name"]`. */
export function placeholdersOf(text: string | undefined): string[] {
  if (!text) return [];
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!names.includes(name)) names.push(name);
  }
  return names.every((name) => /^\d+$/.test(name)) ? names.sort((a, b) => Number(a) - Number(b)) : names;
}

/** Replaces each `{{name}}` with `replace(name)`. */
export function fillPlaceholders(text: string, replace: (name: string) => string): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => replace(name));
}

/** True when the template uses named parameters (`parameter_format` or `{{first_name}}`-style placeholders). */
export function isNamedTemplate(template: MetaTemplate): boolean {
  if (template.parameter_format) return template.parameter_format.toUpperCase() === 'NAMED';
  return template.components.some((component) => placeholdersOf(component.text).some((name) => !/^\d+$/.test(name)));
}

/** The first component of a type (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`). */
export function componentOf(template: MetaTemplate, type: MetaTemplateComponent['type']): MetaTemplateComponent | undefined {
  return template.components.find((component) => component.type.toUpperCase() === type);
}

/** The example Meta keeps for a header or body placeholder, positional or named. */
export function exampleOf(component: MetaTemplateComponent, name: string, index: number): string | undefined {
  const example = component.example;
  if (!example) return undefined;
  const named = [...(example.body_text_named_params ?? []), ...(example.header_text_named_params ?? [])];
  const found = named.find((param) => param.param_name === name);
  if (found) return found.example;
  const position = /^\d+$/.test(name) ? Number(name) - 1 : index;
  if (component.type === 'HEADER') return example.header_text?.[position];
  return example.body_text?.[0]?.[position];
}

/** A few words of text around a placeholder, to show a no-code user where the value goes. */
export function contextOf(text: string, name: string): string {
  const at = text.search(new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`));
  if (at < 0) return text;
  let start = Math.max(0, at - 24);
  let end = Math.min(text.length, at + name.length + 4 + 28);
  if (start > 0) start = Math.min(at, text.indexOf(' ', start) + 1 || at);
  if (end < text.length) end = Math.max(at + name.length + 4, text.lastIndexOf(' ', end));
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
