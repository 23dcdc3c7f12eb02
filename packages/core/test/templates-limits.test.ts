import { describe, expect, it } from '@jest/globals';
import { loadSample } from '@kaiku/shared';
import { buildTemplateComponents, deriveTemplateInputs, templateValueIssues } from '../src/templates/index.js';
import type { MetaTemplate, TemplateValues } from '../src/templates/index.js';

// Meta's limits for send-time template values (Cloud API reference §4.3, §4.6), at the limit and one over.
const fixture = (name: string) => loadSample(`templates/${name}`) as MetaTemplate;

function fieldsOf(name: string, values: TemplateValues): unknown[] {
  return templateValueIssues(deriveTemplateInputs(fixture(name)), values).issues;
}

const LINK = 'https://cdn.example.com/';
const URL_BASE = 'https://pay.example.com/i/'.length;

/** label, fixture, the other values it needs, the field, its limit, a value of n characters. */
const LIMITS: Array<[string, string, TemplateValues, string, number, (n: number) => string]> = [
  ['text header variable', 'order_shipped', { 1: 'A', 2: 'B', 3: '1 EUR', 4: 'today', button_1_url: 'x' }, 'header_1', 60, (n) => 'h'.repeat(n)],
  ['body variable', 'welcome_member', { header_first_name: 'A', member_number: '1', button_0_url: 'x' }, 'program', 1024, (n) => 'p'.repeat(n)],
  ['copy code', 'spring_sale', { header_video: '1', 1: 'a', 2: 'b', 3: 'April 30', button_2_url: 'x' }, 'button_1_code', 15, (n) => 'C'.repeat(n)],
  ['verification code', 'verification_code', {}, '1', 15, (n) => '7'.repeat(n)],
  ['URL suffix', 'invoice_ready', { header_document: '1', customer_name: 'A', invoice_number: 'I', amount: '1 EUR', due_date: 'd' }, 'button_0_url', 2000 - URL_BASE, (n) => 'x'.repeat(n)],
  ['quick-reply payload', 'appointment_reminder', { header_image: '1', first_name: 'A', clinic: 'K', appointment_time: 'Monday', price: '$1' }, 'button_0_payload', 1000, (n) => 'P'.repeat(n)],
  ['header media link', 'appointment_reminder', { first_name: 'A', clinic: 'K', appointment_time: 'Monday', price: '$1' }, 'header_image', 2048, (n) => LINK + 'a'.repeat(n - LINK.length)],
  ['header location', 'pickup_point', { 1: 'a', 2: 'b' }, 'header_location', 300, (n) => `60,24,${'n'.repeat(n - 6)}`],
];

describe('template values at their limits', () => {
  it.each(LIMITS)('%s (%s): at the limit passes, one over fails', (_label, name, others, field, max, value) => {
    expect(fieldsOf(name, { ...others, [field]: value(max) })).toEqual([]);
    expect(fieldsOf(name, { ...others, [field]: value(max + 1) })).toEqual([{ field, message: `is too long: at most ${max} characters (it has ${max + 1})` }]);
  });

  it('counts characters, not UTF-16 units', () => {
    const values = { 1: 'A', 2: 'B', 3: '1 EUR', 4: 'today', button_1_url: 'x' };
    expect(fieldsOf('order_shipped', { ...values, header_1: '😀'.repeat(60) })).toEqual([]);
  });

  it('a required value of spaces only is missing; an optional one may be left empty', () => {
    const values = { header_first_name: 'A', program: '   ', member_number: '1', button_0_url: 'x', button_1_payload: ' ' };
    expect(fieldsOf('welcome_member', values)).toEqual([{ field: 'program', message: 'is missing (Body {{program}})' }]);
  });

  it('null and undefined are missing, numbers are text', () => {
    const values = { header_first_name: null, program: undefined, member_number: 42, button_0_url: 'x' } as unknown as TemplateValues;
    expect(fieldsOf('welcome_member', values)).toEqual([
      { field: 'header_first_name', message: 'is missing (Header {{first_name}})' },
      { field: 'program', message: 'is missing (Body {{program}})' },
    ]);
  });

  it('an unknown key is named only when it has a value', () => {
    expect(fieldsOf('hello_world', { extra: '', other: null as unknown as string })).toEqual([]);
    expect(fieldsOf('hello_world', { extra: 'x' })).toEqual([{ field: 'extra', message: 'is not a variable of this template' }]);
  });
});

describe('buildTemplateComponents at the limit', () => {
  it('sends a 60-character header and a 1,024-character body value', () => {
    const header = 'h'.repeat(60);
    const program = 'p'.repeat(1024);
    const components = buildTemplateComponents(fixture('welcome_member'), { header_first_name: header, program, member_number: '1', button_0_url: 'x' });
    expect(components.slice(0, 2)).toEqual([
      { type: 'header', parameters: [{ type: 'text', parameter_name: 'first_name', text: header }] },
      { type: 'body', parameters: [{ type: 'text', parameter_name: 'program', text: program }, { type: 'text', parameter_name: 'member_number', text: '1' }] },
    ]);
  });

  it('names the template and its language in the error details', () => {
    expect(() => buildTemplateComponents(fixture('verification_code'), {})).toThrow(expect.objectContaining({
      code: 'template_variables_invalid',
      details: { template: 'verification_code', language: fixture('verification_code').language, fields: [{ field: '1', message: 'is missing (Verification code)' }] },
    }));
  });

  it('refuses spaces in a copy code and in a URL suffix, but not in a quick-reply payload', () => {
    const sale = { header_video: '1', 1: 'a', 2: 'b', 3: 'April 30', button_1_code: 'A B', button_2_url: 'a b' };
    expect(fieldsOf('spring_sale', sale)).toEqual([
      { field: 'button_1_code', message: 'must not contain spaces' },
      { field: 'button_2_url', message: 'must not contain spaces' },
    ]);
    const reminder = { header_image: '1', first_name: 'A', clinic: 'K', appointment_time: 'Monday', price: '$1', button_0_payload: 'YES PLEASE' };
    expect(fieldsOf('appointment_reminder', reminder)).toEqual([]);
  });

  it('applies the 132018 text rule to header values too', () => {
    const values = { 1: 'A', 2: 'B', 3: '1 EUR', 4: 'today', button_1_url: 'x', header_1: 'a\rb' };
    expect(fieldsOf('order_shipped', values)).toEqual([{ field: 'header_1', message: 'must not contain line breaks' }]);
  });

  it('a document linked without a file extension is sent without a file name', () => {
    const values = { header_document: 'https://files.example.com/download', customer_name: 'A', invoice_number: 'I', amount: '1 EUR', due_date: 'd', button_0_url: 'x' };
    expect(buildTemplateComponents(fixture('invoice_ready'), values)[0]).toEqual({ type: 'header', parameters: [{ type: 'document', document: { link: 'https://files.example.com/download' } }] });
    const byId = { ...values, header_document: '778' };
    expect(buildTemplateComponents(fixture('invoice_ready'), byId)[0]).toEqual({ type: 'header', parameters: [{ type: 'document', document: { id: '778' } }] });
  });
});

describe('buttons are sent in the order of the template', () => {
  it('the one-time-password button comes before a later quick reply, though it is filled in last', () => {
    const template = {
      name: 'login_code', language: 'en', status: 'APPROVED', category: 'AUTHENTICATION', id: '1',
      components: [
        { type: 'BODY', text: '{{1}} is your code.', example: { body_text: [['123456']] } },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }, { type: 'QUICK_REPLY', text: 'Not me' }] },
      ],
    } as unknown as MetaTemplate;
    expect(buildTemplateComponents(template, { 1: '482913', button_1_payload: 'NOT_ME' })).toEqual([
      { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
      { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'NOT_ME' }] },
    ]);
  });

  it('a currency keeps the value as written, without outer spaces, as its fallback', () => {
    const values = { header_document: '1', customer_name: 'A', invoice_number: 'I', amount: '  12.50 EUR ', due_date: 'd', button_0_url: 'x' };
    const body = buildTemplateComponents(fixture('invoice_ready'), values)[1] as { parameters: unknown[] };
    expect(body.parameters[2]).toEqual({ type: 'currency', parameter_name: 'amount', currency: { fallback_value: '12.50 EUR', code: 'EUR', amount_1000: 12500 } });
  });
});
