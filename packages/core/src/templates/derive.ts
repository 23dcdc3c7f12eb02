import { componentOf, contextOf, exampleOf, isNamedTemplate, placeholdersOf } from './placeholders.js';
import type { MetaTemplate, MetaTemplateButton, MetaTemplateComponent, TemplateInput, TemplateInputKind } from './types.js';
import { looksLikeDate, parseCurrency } from './values.js';

/** Meta's limits for send-time values (Cloud API reference §4.3, §4.6). */
export const TEMPLATE_LIMITS = {
  bodyParameter: 1024,
  headerText: 60,
  urlTotal: 2000,
  copyCode: 15,
  otpCode: 15,
  quickReplyPayload: 1000,
  mediaValue: 2048,
  location: 300,
} as const;

/** The `{{1}}` that ends a dynamic URL button's link. */
const URL_SUFFIX_PLACEHOLDER = /\{\{\s*1\s*\}\}\s*$/;

/** A URL button whose link ends in `{{1}}` (the suffix is filled at send time). */
export function isDynamicUrl(button: MetaTemplateButton): boolean {
  return button.type === 'URL' && URL_SUFFIX_PLACEHOLDER.test(button.url ?? '');
}

/** The buttons of a template in order; none without a BUTTONS component. */
function buttonsOf(template: MetaTemplate): MetaTemplateButton[] {
  return componentOf(template, 'BUTTONS')?.buttons ?? [];
}

/** The one-time-password button of an authentication template (returned as `URL` after creation, `OTP` before). */
export function otpButtonIndex(template: MetaTemplate): number | undefined {
  const index = buttonsOf(template).findIndex((b) => b.type === 'OTP' || (template.category.toUpperCase() === 'AUTHENTICATION' && isDynamicUrl(b)));
  return index < 0 ? undefined : index;
}

function bodyKind(example: string | undefined): TemplateInputKind {
  if (example && parseCurrency(example)) return 'currency';
  if (example && looksLikeDate(example)) return 'date_time';
  return 'text';
}

const KIND_HINT: Partial<Record<TemplateInputKind, string>> = {
  currency: ' Write an amount with its currency, e.g. "12.50 EUR" or "EUR 12.50".',
  date_time: ' Written as given, e.g. "November 28, 2026".',
};

function textInputs(template: MetaTemplate, component: MetaTemplateComponent | undefined, named: boolean): TemplateInput[] {
  if (!component?.text || (component.type === 'HEADER' && component.format !== 'TEXT')) return [];
  const text = component.text;
  const isHeader = component.type === 'HEADER';
  const isAuth = template.category.toUpperCase() === 'AUTHENTICATION';
  return placeholdersOf(text).map((name, index) => {
    const example = exampleOf(component, name, index);
    const kind: TemplateInputKind = isHeader ? 'header_text' : isAuth ? 'text' : bodyKind(example);
    const where = isHeader ? 'header' : 'message';
    const input: TemplateInput = {
      key: isHeader ? `header_${name}` : name,
      kind,
      label: isAuth ? 'Verification code' : `${isHeader ? 'Header' : 'Body'} {{${name}}}`,
      description: `Fills {{${name}}} in the ${where}: "${contextOf(text, name)}".${KIND_HINT[kind] ?? ''}`,
      maxLength: isHeader ? TEMPLATE_LIMITS.headerText : isAuth ? TEMPLATE_LIMITS.otpCode : TEMPLATE_LIMITS.bodyParameter,
      required: true,
      component: isHeader ? 'header' : 'body',
    };
    if (example !== undefined) input.example = example;
    if (named) input.parameterName = name;
    return input;
  });
}

function mediaHeaderInput(header: MetaTemplateComponent | undefined): TemplateInput[] {
  const format = header?.format;
  if (format === 'LOCATION') {
    return [{
      key: 'header_location', kind: 'header_location', label: 'Header location', required: true, component: 'header',
      description: 'The place shown in the header, as "latitude,longitude,name", e.g. "60.1699,24.9384,Kamppi pickup point".',
      example: '60.1699,24.9384,Kamppi pickup point', maxLength: TEMPLATE_LIMITS.location,
    }];
  }
  if (format !== 'IMAGE' && format !== 'VIDEO' && format !== 'DOCUMENT') return [];
  const kind = `header_${format.toLowerCase()}` as 'header_image' | 'header_video' | 'header_document';
  const noun = format.toLowerCase();
  const input: TemplateInput = {
    key: kind, kind, label: `Header ${noun}`, required: true, component: 'header', maxLength: TEMPLATE_LIMITS.mediaValue,
    description: `The ${noun} shown in the header: a public HTTPS link to the file or an uploaded WhatsApp media id.`,
  };
  const example = header?.example?.header_handle?.[0];
  if (example?.startsWith('https://')) input.example = example;
  return [input];
}

function buttonInput(button: MetaTemplateButton, index: number): TemplateInput | undefined {
  const name = button.text ?? `button ${index + 1}`;
  if (isDynamicUrl(button)) {
    const base = (button.url ?? '').replace(URL_SUFFIX_PLACEHOLDER, '');
    const sample = Array.isArray(button.example) ? button.example[0] : button.example;
    const input: TemplateInput = {
      key: `button_${index}_url`, kind: 'url_suffix', label: `"${name}" button link ending`, required: true, component: 'button', buttonIndex: index,
      description: `Added to the end of ${base} when the customer taps "${name}".`, maxLength: TEMPLATE_LIMITS.urlTotal - base.length,
    };
    if (sample?.startsWith(base)) input.example = sample.slice(base.length);
    return input;
  }
  if (button.type === 'COPY_CODE') {
    const example = Array.isArray(button.example) ? button.example[0] : button.example;
    return {
      key: `button_${index}_code`, kind: 'copy_code', label: `"${name}" code`, required: true, component: 'button', buttonIndex: index,
      description: `The code the customer copies with the "${name}" button (at most ${TEMPLATE_LIMITS.copyCode} characters).`,
      maxLength: TEMPLATE_LIMITS.copyCode, ...(example ? { example } : {}),
    };
  }
  if (button.type === 'QUICK_REPLY') {
    return {
      key: `button_${index}_payload`, kind: 'quick_reply_payload', label: `"${name}" button payload (optional)`, required: false, component: 'button',
      buttonIndex: index, maxLength: TEMPLATE_LIMITS.quickReplyPayload, example: name.toUpperCase().replace(/\W+/g, '_').replace(/^_+|_+$/g, ''),
      description: `Sent back to you when the customer taps "${name}"; without it you receive the button's text.`,
    };
  }
  return undefined;
}

/** The inputs a template needs at send time: header, body variables and dynamic buttons, with examples and limits. */
export function deriveTemplateInputs(template: MetaTemplate): TemplateInput[] {
  const named = isNamedTemplate(template);
  const header = componentOf(template, 'HEADER');
  const otp = otpButtonIndex(template);
  const buttons = buttonsOf(template)
    .map((button, index) => (index === otp ? undefined : buttonInput(button, index)))
    .filter((input): input is TemplateInput => input !== undefined);
  return [
    ...textInputs(template, header, named),
    ...mediaHeaderInput(header),
    ...textInputs(template, componentOf(template, 'BODY'), named),
    ...buttons,
  ];
}
