/** The creation checklist of reference §4.3–4.4 for each component; throws Meta's template errors. */
import type { Json } from '../messages/fields.js';
import { isObject } from '../messages/fields.js';
import type { TemplateButton, TemplateComponent } from '../state.js';
import { SUBCODES, templateError } from './create-errors.js';
import { placeholders } from './placeholders.js';
import { checkEdges, checkExamples, checkRatio, checkVariables } from './validate-text.js';

type Format = 'POSITIONAL' | 'NAMED';

function tooLong(part: string, max: number): never {
  throw templateError(SUBCODES.characterLimit, 'Character limit exceeded', `${part} may have at most ${max} characters.`);
}

function textOf(component: Json, part: string, max: number, subcode: number): string {
  const text = component.text;
  if (typeof text !== 'string' || text.trim() === '') throw templateError(subcode, `${part} text missing`, `${part}: add the text.`);
  if ([...text].length > max) tooLong(part, max);
  return text;
}

/** Validates the non-authentication components and returns them in Meta's stored form. */
export function validateComponents(components: Json[], format: Format, category: string): TemplateComponent[] {
  const byType = (type: string) => components.filter((c) => String(c.type).toUpperCase() === type);
  const unknown = components.find((c) => !['HEADER', 'BODY', 'FOOTER', 'BUTTONS'].includes(String(c.type).toUpperCase()));
  if (unknown) throw templateError(undefined, 'Unknown component', `Component type '${String(unknown.type)}' is not one of HEADER, BODY, FOOTER, BUTTONS.`);
  if (byType('HEADER').length > 1 || byType('BODY').length !== 1 || byType('FOOTER').length > 1 || byType('BUTTONS').length > 1) {
    throw templateError(SUBCODES.bodyFormat, 'Components incorrect', 'A template needs exactly one BODY and at most one HEADER, FOOTER and BUTTONS component.');
  }
  const out: TemplateComponent[] = [];
  const header = byType('HEADER')[0];
  if (header) out.push(validateHeader(header, format, category));
  out.push(validateBody(byType('BODY')[0] as Json, format));
  const footer = byType('FOOTER')[0];
  if (footer) {
    const text = textOf(footer, 'footer', 60, SUBCODES.footerFormat);
    if (placeholders(text).length > 0) throw templateError(SUBCODES.footerFormat, 'Footer format incorrect', 'footer: variables are not allowed in the footer.');
    out.push({ type: 'FOOTER', text });
  }
  const buttons = byType('BUTTONS')[0];
  if (buttons) out.push({ type: 'BUTTONS', buttons: validateButtons(buttons) });
  return out;
}

function validateHeader(header: Json, format: Format, category: string): TemplateComponent {
  const kind = String(header.format ?? '').toUpperCase();
  if (kind === 'TEXT') {
    const text = textOf(header, 'header', 60, SUBCODES.headerFormat);
    if (/[\n\r*_~`]/.test(text)) throw templateError(SUBCODES.headerFormat, 'Header format incorrect', 'header: newlines and formatting characters (* _ ~ `) are not allowed.');
    const names = checkVariables('header', text, format);
    if (names.length > 1) throw templateError(SUBCODES.headerFormat, 'Header format incorrect', 'header: at most one variable is allowed in the header.');
    checkExamples('header', header.example, names, format);
    return { type: 'HEADER', format: 'TEXT', text, ...(names.length > 0 ? { example: header.example as Json } : {}) };
  }
  if (['IMAGE', 'VIDEO', 'DOCUMENT'].includes(kind)) {
    const handles = isObject(header.example) ? header.example.header_handle : undefined;
    if (!Array.isArray(handles) || typeof handles[0] !== 'string') {
      throw templateError(SUBCODES.missingExample, 'Example missing', `header: a ${kind} header needs example.header_handle with an uploaded sample.`);
    }
    return { type: 'HEADER', format: kind, example: { header_handle: handles } };
  }
  if (kind === 'LOCATION' && category !== 'AUTHENTICATION') return { type: 'HEADER', format: 'LOCATION' };
  throw templateError(SUBCODES.headerFormat, 'Header format incorrect', 'header: format must be TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION.');
}

function validateBody(body: Json, format: Format): TemplateComponent {
  const text = textOf(body, 'body', 1024, SUBCODES.bodyFormat);
  const names = checkVariables('body', text, format);
  checkExamples('body', body.example, names, format);
  if (names.length > 0) checkEdges(text);
  checkRatio(text, names.length);
  return { type: 'BODY', text, ...(names.length > 0 ? { example: body.example as Json } : {}) };
}

const MAX_PER_TYPE: Record<string, number> = { QUICK_REPLY: 10, URL: 2, PHONE_NUMBER: 1, COPY_CODE: 1 };

function validateButtons(component: Json): TemplateButton[] {
  const buttons = component.buttons;
  if (!Array.isArray(buttons) || buttons.length === 0 || buttons.length > 10) {
    throw templateError(undefined, 'Buttons incorrect', 'buttons: add between 1 and 10 buttons.');
  }
  const types = buttons.map((b: unknown) => (isObject(b) ? String(b.type).toUpperCase() : ''));
  for (const [type, max] of Object.entries(MAX_PER_TYPE)) {
    if (types.filter((t) => t === type).length > max) throw templateError(undefined, 'Too many buttons', `buttons: at most ${max} ${type} button${max === 1 ? '' : 's'}.`);
  }
  const firstQr = types.indexOf('QUICK_REPLY');
  const lastQr = types.lastIndexOf('QUICK_REPLY');
  if (firstQr >= 0 && types.slice(firstQr, lastQr + 1).some((t) => t !== 'QUICK_REPLY')) {
    throw templateError(undefined, 'Buttons not grouped', 'buttons: quick-reply buttons must be next to each other (all before or all after the other buttons).');
  }
  return buttons.map((b: unknown, index: number) => validateButton(b as Json, index));
}

function validateButton(button: Json, index: number): TemplateButton {
  const type = isObject(button) ? String(button.type).toUpperCase() : '';
  if (!['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'].includes(type)) {
    throw templateError(undefined, 'Button type not supported', `buttons[${index}]: type must be QUICK_REPLY, URL, PHONE_NUMBER or COPY_CODE.`);
  }
  if (type === 'COPY_CODE') {
    if (typeof button.example !== 'string' || button.example === '' || button.example.length > 15) {
      throw templateError(SUBCODES.missingExample, 'Example missing', `buttons[${index}]: a COPY_CODE button needs an example code of at most 15 characters.`);
    }
    return { type, text: 'Copy offer code', example: [button.example] };
  }
  const text = textOf(button, `buttons[${index}]`, 25, SUBCODES.characterLimit);
  if (type === 'QUICK_REPLY') return { type, text };
  if (type === 'PHONE_NUMBER') {
    const phone = button.phone_number;
    if (typeof phone !== 'string' || phone === '' || phone.length > 20) throw templateError(SUBCODES.characterLimit, 'Phone number incorrect', `buttons[${index}]: phone_number is required, at most 20 characters.`);
    return { type, text, phone_number: phone };
  }
  return validateUrlButton(button, index, text);
}

function validateUrlButton(button: Json, index: number, text: string): TemplateButton {
  const url = button.url;
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) throw templateError(undefined, 'URL incorrect', `buttons[${index}]: url must be an http(s) URL.`);
  if (url.length > 2000) tooLong(`buttons[${index}].url`, 2000);
  const names = placeholders(url);
  if (names.length === 0) return { type: 'URL', text, url };
  if (names.length > 1 || names[0] !== '1' || !url.endsWith('{{1}}')) {
    throw templateError(SUBCODES.variableFormat, 'URL variable incorrect', `buttons[${index}]: a URL may have one variable, {{1}}, only at its end.`);
  }
  const example = Array.isArray(button.example) ? button.example[0] : button.example;
  if (typeof example !== 'string' || !/^https?:\/\//i.test(example)) {
    throw templateError(SUBCODES.missingExample, 'Example missing', `buttons[${index}]: add example with a full sample URL.`);
  }
  return { type: 'URL', text, url, example: [example] };
}

/** Authentication templates: preset BODY, optional FOOTER with 1–90 minutes, exactly one OTP button. */
export function validateAuthentication(components: Json[]): TemplateComponent[] {
  const body = components.find((c) => String(c.type).toUpperCase() === 'BODY');
  if (!body) throw templateError(SUBCODES.bodyFormat, 'Body missing', 'Authentication templates need a BODY component (with add_security_recommendation true or false).');
  if (body.text !== undefined) throw templateError(SUBCODES.bodyFormat, 'Body format incorrect', 'Authentication templates use preset text: remove body text, use add_security_recommendation.');
  const footer = components.find((c) => String(c.type).toUpperCase() === 'FOOTER');
  const minutes = footer?.code_expiration_minutes;
  if (footer && (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 90)) {
    throw templateError(SUBCODES.footerFormat, 'Footer format incorrect', 'footer: code_expiration_minutes must be a whole number from 1 to 90.');
  }
  if (components.some((c) => String(c.type).toUpperCase() === 'HEADER')) throw templateError(SUBCODES.headerFormat, 'Header not allowed', 'Authentication templates cannot have a header.');
  const buttons = components.find((c) => String(c.type).toUpperCase() === 'BUTTONS')?.buttons;
  const otp = Array.isArray(buttons) && buttons.length === 1 && isObject(buttons[0]) && buttons[0].type === 'OTP' ? buttons[0] : undefined;
  if (!otp || !['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'].includes(String(otp.otp_type))) {
    throw templateError(undefined, 'OTP button missing', 'Authentication templates need exactly one OTP button with otp_type COPY_CODE, ONE_TAP or ZERO_TAP.');
  }
  if (typeof otp.text === 'string' && otp.text.length > 25) tooLong('buttons[0].text', 25);
  const out: TemplateComponent[] = [{ type: 'BODY', add_security_recommendation: body.add_security_recommendation === true }];
  if (footer) out.push({ type: 'FOOTER', code_expiration_minutes: minutes as number });
  out.push({ type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: String(otp.otp_type), ...(typeof otp.text === 'string' ? { text: otp.text } : {}) }] });
  return out;
}
