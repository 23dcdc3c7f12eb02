/**
 * The send-time rules of a template message (reference §4.6): a component for every part with variables,
 * parameter counts (132000) and formats (132012), required button parameters (131008), parameter text rules
 * (132018); then the text the customer reads.
 */
import { GraphError, invalidParameter, invalidValue, missingParameter } from '../graph-error.js';
import type { Json } from '../messages/fields.js';
import { isObject } from '../messages/fields.js';
import type { StoredTemplate, TemplateButton, TemplateComponent } from '../state.js';
import { fill, placeholders } from './placeholders.js';
import { checkParameterText, mediaParameter, parameterValue } from './parameters.js';

/** What a template send renders to on the customer's phone. */
export interface RenderedTemplate {
  text: string;
  quickReplies: Array<{ index: number; text: string; payload: string }>;
}

function countMismatch(part: string, given: number, expected: number): GraphError {
  return new GraphError(132000, 'Number of parameters does not match the expected number of params', {
    status: 400,
    details: `${part}: number of localizable_params (${given}) does not match the expected number of params (${expected})`,
  });
}

function formatMismatch(part: string, expected: string, received: string): GraphError {
  return new GraphError(132012, 'Parameter format does not match format in the created template', {
    status: 400,
    details: `${part}: Format mismatch, expected ${expected}, received ${received}`,
  });
}

function requestComponents(request: Json): Json[] {
  const components = request.components ?? [];
  if (!Array.isArray(components) || !components.every(isObject)) throw invalidValue("Param template['components'] must be an array of objects.");
  const unknown = components.find((c) => !['header', 'body', 'button'].includes(String(c.type).toLowerCase()));
  if (unknown) throw invalidParameter(`Param template['components'] has a component of type '${String(unknown.type)}'; use header, body or button.`);
  return components;
}

function paramsOf(component: Json | undefined): unknown[] {
  if (!component) return [];
  return Array.isArray(component.parameters) ? component.parameters : [];
}

/** Checks a send request against an approved template and renders it. */
export function checkTemplateSend(template: StoredTemplate, request: Json): RenderedTemplate {
  const components = requestComponents(request);
  const sent = (type: string) => components.filter((c) => String(c.type).toLowerCase() === type);
  const lines: string[] = [];
  const header = template.components.find((c) => c.type === 'HEADER');
  const headerLine = renderHeader(header, template.parameter_format, sent('header')[0]);
  if (headerLine) lines.push(headerLine);
  const body = template.components.find((c) => c.type === 'BODY');
  lines.push(renderText('body', body?.text ?? '', template.parameter_format, sent('body')[0]));
  const footer = template.components.find((c) => c.type === 'FOOTER');
  if (footer?.text) lines.push(footer.text);
  const buttons = template.components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  const rendered = renderButtons(buttons, sent('button'));
  lines.push(...rendered.labels);
  return { text: lines.join('\n'), quickReplies: rendered.quickReplies };
}

function renderHeader(header: TemplateComponent | undefined, parameterFormat: string, sent: Json | undefined): string | undefined {
  if (!header) {
    if (paramsOf(sent).length > 0) throw countMismatch('header', paramsOf(sent).length, 0);
    return undefined;
  }
  const format = header.format ?? 'TEXT';
  if (format === 'TEXT') return renderText('header', header.text ?? '', parameterFormat, sent);
  const params = paramsOf(sent);
  if (params.length === 0) throw formatMismatch('header', format, 'UNKNOWN');
  if (params.length > 1) throw countMismatch('header', params.length, 1);
  return mediaParameter(params[0], format);
}

function renderText(part: string, text: string, format: string, sent: Json | undefined): string {
  const names = placeholders(text).map((n) => n.trim());
  const params = paramsOf(sent);
  if (params.length !== names.length) throw countMismatch(part, params.length, names.length);
  const values = new Map<string, string>();
  params.forEach((param, index) => {
    const { value, name } = parameterValue(part, param);
    checkParameterText(part, value);
    const key = format === 'NAMED' ? name : String(index + 1);
    if (format === 'NAMED' && (!name || !names.includes(name))) {
      throw new GraphError(132000, 'Number of parameters does not match the expected number of params', {
        status: 400,
        details: `${part}: parameter_name '${name ?? ''}' does not match any parameter of the template (expected: ${names.join(', ')})`,
      });
    }
    values.set(key ?? '', value);
  });
  return fill(text, values);
}

const SUB_TYPES: Record<string, string> = { URL: 'url', QUICK_REPLY: 'quick_reply', COPY_CODE: 'copy_code' };

function renderButtons(buttons: TemplateButton[], sent: Json[]): { labels: string[]; quickReplies: RenderedTemplate['quickReplies'] } {
  for (const component of sent) {
    const index = Number(component.index);
    const button = Number.isInteger(index) ? buttons[index] : undefined;
    if (!button) throw invalidValue(`buttons: there is no button at index ${String(component.index)} in the template.`);
    const expected = SUB_TYPES[button.type];
    if (expected && String(component.sub_type).toLowerCase() !== expected) {
      throw invalidValue(`buttons: the button at index ${index} is of type ${button.type}; send it with sub_type '${expected}', not '${String(component.sub_type)}'.`);
    }
  }
  const labels: string[] = [];
  const quickReplies: RenderedTemplate['quickReplies'] = [];
  buttons.forEach((button, index) => {
    const given = sent.find((c) => Number(c.index) === index);
    const param = paramsOf(given)[0];
    if (button.type === 'QUICK_REPLY') {
      const payload = isObject(param) && typeof param.payload === 'string' ? param.payload : (button.text ?? '');
      quickReplies.push({ index, text: button.text ?? '', payload });
      labels.push(`[${button.text ?? ''}]`);
      return;
    }
    labels.push(renderActionButton(button, index, param));
  });
  return { labels, quickReplies };
}

function renderActionButton(button: TemplateButton, index: number, param: unknown): string {
  const kind = button.type === 'URL' ? 'Url' : button.type === 'COPY_CODE' ? 'CopyCode' : undefined;
  const dynamic = button.type === 'COPY_CODE' || placeholders(button.url).length > 0;
  const target = button.url ?? button.phone_number;
  if (!kind || !dynamic) return `[${button.text ?? button.type}${target ? `: ${target}` : ''}]`;
  const key = button.type === 'COPY_CODE' ? 'coupon_code' : 'text';
  if (!isObject(param) || typeof param[key] !== 'string' || param[key] === '') {
    throw missingParameter(`buttons: Button at index ${index} of type ${kind} requires a parameter`);
  }
  const value = param[key] as string;
  if (button.type === 'COPY_CODE') return `[${button.text ?? 'Copy offer code'}: ${value}]`;
  if (button.url?.includes('/otp/code/')) return `[${button.text ?? 'Copy code'}: ${value}]`;
  return `[${button.text ?? 'Open'}: ${fill(button.url ?? '', new Map([['1', value]]))}]`;
}
