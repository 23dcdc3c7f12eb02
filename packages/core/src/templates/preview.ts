import { componentOf, fillPlaceholders } from './placeholders.js';
import type { MetaTemplate, TemplateValues } from './types.js';

const MEDIA_LABEL: Readonly<Record<string, string>> = {
  IMAGE: '[Image]',
  VIDEO: '[Video]',
  DOCUMENT: '[Document]',
  LOCATION: '[Location]',
  GIF: '[GIF]',
};

function valueOf(values: TemplateValues, key: string): string | undefined {
  const value = values[key];
  return value === null || value === undefined || String(value) === '' ? undefined : String(value);
}

/**
 * Renders the text the customer reads: header, body, footer and buttons, with values filled in where given
 * and `{{placeholders}}` left visible where not.
 */
export function renderTemplatePreview(template: MetaTemplate, values: TemplateValues = {}): string {
  const parts: string[] = [];
  const header = componentOf(template, 'HEADER');
  if (header?.format === 'TEXT' && header.text) {
    parts.push(fillPlaceholders(header.text, (name) => valueOf(values, `header_${name}`) ?? `{{${name}}}`));
  } else if (header?.format) {
    const label = MEDIA_LABEL[header.format] ?? `[${header.format}]`;
    const location = header.format === 'LOCATION' ? valueOf(values, 'header_location')?.split(',').slice(2).join(',').trim() : undefined;
    parts.push(location ? `${label} ${location}` : label);
  }
  const body = componentOf(template, 'BODY')?.text;
  if (body) parts.push(fillPlaceholders(body, (name) => valueOf(values, name) ?? `{{${name}}}`));
  const footer = componentOf(template, 'FOOTER')?.text;
  if (footer) parts.push(footer);
  const buttons = componentOf(template, 'BUTTONS')?.buttons ?? [];
  if (buttons.length > 0) parts.push(buttons.map((button) => `[${button.text ?? button.type}]`).join(' '));
  return parts.join('\n\n');
}
