import { controlCharacterRefusal, publicUrlRefusal } from '../address.js';
import { KaikuError } from '../errors.js';
import type { WireTemplateComponent, WireTemplateParameter } from '../whatsapp/wire-send.js';
import { deriveTemplateInputs, otpButtonIndex } from './derive.js';
import type { MetaTemplate, TemplateInput, TemplateValues } from './types.js';
import { filenameOf, parseCurrency, parseLocation, parseMediaValue, textRuleProblem } from './values.js';

/** One problem with one template value. */
export interface TemplateFieldIssue {
  field: string;
  message: string;
}

type Built = { parameter: WireTemplateParameter } | { problem: string };

function named(input: TemplateInput, parameter: WireTemplateParameter): WireTemplateParameter {
  return input.parameterName ? { ...parameter, parameter_name: input.parameterName } : parameter;
}

function textParameter(input: TemplateInput, value: string): Built {
  const problem = textRuleProblem(value);
  return problem ? { problem } : { parameter: named(input, { type: 'text', text: value }) };
}

function mediaParameter(input: TemplateInput, value: string): Built {
  const media = parseMediaValue(value);
  if (!media) return { problem: 'must be a public HTTPS link (https://…) or a WhatsApp media id' };
  // parseMediaValue takes only https:// links, so the address check needs no scheme option.
  const refusal = 'link' in media ? publicUrlRefusal(media.link) : undefined;
  if (refusal !== undefined) return { problem: `${refusal}; Meta fetches the file from there, so it must be reachable from the internet` };
  if (input.kind === 'header_image') return { parameter: { type: 'image', image: media } };
  if (input.kind === 'header_video') return { parameter: { type: 'video', video: media } };
  const filename = 'link' in media ? filenameOf(media.link) : undefined;
  return { parameter: { type: 'document', document: filename ? { ...media, filename } : media } };
}

function buildParameter(input: TemplateInput, value: string): Built {
  const control = controlCharacterRefusal(value);
  if (control !== undefined) return { problem: control };
  switch (input.kind) {
    case 'currency': {
      const parsed = parseCurrency(value);
      if (!parsed) return { problem: 'must be an amount with its currency, e.g. "12.50 EUR" or "EUR 12.50"' };
      const currency = { fallback_value: value.trim(), code: parsed.code, amount_1000: parsed.amount1000 };
      return { parameter: named(input, { type: 'currency', currency }) };
    }
    case 'date_time':
      return { parameter: named(input, { type: 'date_time', date_time: { fallback_value: value } }) };
    case 'header_image':
    case 'header_video':
    case 'header_document':
      return mediaParameter(input, value);
    case 'header_location': {
      const location = parseLocation(value);
      return location ? { parameter: { type: 'location', location } } : { problem: 'must be "latitude,longitude" with an optional name, e.g. "60.1699,24.9384,Kamppi"' };
    }
    case 'url_suffix':
      return /\s/.test(value) ? { problem: 'must not contain spaces' } : { parameter: { type: 'text', text: value } };
    case 'copy_code':
      return /\s/.test(value) ? { problem: 'must not contain spaces' } : { parameter: { type: 'coupon_code', coupon_code: value } };
    case 'quick_reply_payload':
      return { parameter: { type: 'payload', payload: value } };
    default:
      return textParameter(input, value);
  }
}

function asText(value: TemplateValues[string]): string {
  return value === null || value === undefined ? '' : String(value);
}

const BUTTON_SUB_TYPE = { url_suffix: 'url', copy_code: 'copy_code', quick_reply_payload: 'quick_reply' } as const;

function assemble(template: MetaTemplate, built: Array<[TemplateInput, WireTemplateParameter]>): WireTemplateComponent[] {
  const header = built.filter(([input]) => input.component === 'header').map(([, p]) => p);
  const body = built.filter(([input]) => input.component === 'body').map(([, p]) => p);
  const components: WireTemplateComponent[] = [];
  if (header.length > 0) components.push({ type: 'header', parameters: header });
  if (body.length > 0) components.push({ type: 'body', parameters: body });
  const buttons: Array<[number, WireTemplateComponent]> = built
    .filter(([input]) => input.component === 'button')
    .map(([input, parameter]) => {
      const subType = BUTTON_SUB_TYPE[input.kind as keyof typeof BUTTON_SUB_TYPE];
      const index = input.buttonIndex ?? 0;
      return [index, { type: 'button', sub_type: subType, index: String(index), parameters: [parameter] }];
    });
  const otp = otpButtonIndex(template);
  const code = body[0];
  if (otp !== undefined && code?.type === 'text') {
    buttons.push([otp, { type: 'button', sub_type: 'url', index: String(otp), parameters: [{ type: 'text', text: code.text }] }]);
  }
  return [...components, ...buttons.sort((a, b) => a[0] - b[0]).map(([, component]) => component)];
}

/** The issues of a values map against a template's inputs: missing, unknown, too long or badly formatted values. */
export function templateValueIssues(inputs: TemplateInput[], values: TemplateValues): { issues: TemplateFieldIssue[]; built: Array<[TemplateInput, WireTemplateParameter]> } {
  const issues: TemplateFieldIssue[] = [];
  const built: Array<[TemplateInput, WireTemplateParameter]> = [];
  for (const input of inputs) {
    const value = asText(values[input.key]);
    if (value.trim() === '') {
      if (input.required) issues.push({ field: input.key, message: `is missing (${input.label})` });
      continue;
    }
    const length = [...value].length;
    if (length > (input.maxLength ?? Infinity)) {
      issues.push({ field: input.key, message: `is too long: at most ${input.maxLength} characters (it has ${length})` });
      continue;
    }
    const result = buildParameter(input, value);
    if ('problem' in result) issues.push({ field: input.key, message: result.problem });
    else built.push([input, result.parameter]);
  }
  const known = new Set(inputs.map((input) => input.key));
  for (const [key, value] of Object.entries(values)) {
    if (!known.has(key) && asText(value).trim() !== '') issues.push({ field: key, message: 'is not a variable of this template' });
  }
  return { issues, built };
}

/**
 * Builds the send-time `components` from a flat values map; throws KaikuError('template_variables_invalid')
 * naming every missing, unknown, too long or badly formatted field in `details.fields`.
 */
export function buildTemplateComponents(template: MetaTemplate, values: TemplateValues = {}): WireTemplateComponent[] {
  const { issues, built } = templateValueIssues(deriveTemplateInputs(template), values);
  if (issues.length > 0) {
    const list = issues.map((issue) => `${issue.field} ${issue.message}`).join('; ');
    throw new KaikuError('template_variables_invalid', `The variables of template "${template.name}" need fixing: ${list}.`, {
      details: { template: template.name, language: template.language, fields: issues },
    });
  }
  return assemble(template, built);
}
