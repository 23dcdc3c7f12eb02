/** The send-time template check (`checkTemplateSend`): component defaults, Meta's 132000/132012/131009 answers and the rendered text and quick replies. */
import { describe, expect, it } from '@jest/globals';
import type { StoredTemplate, TemplateButton, TemplateComponent } from '../src/state.js';
import { checkTemplateSend } from '../src/templates/check-send.js';
import { failure } from './validator-errors.js';

function template(components: TemplateComponent[], parameterFormat: StoredTemplate['parameter_format'] = 'POSITIONAL'): StoredTemplate {
  return { id: '1', waba_id: '2', name: 't', language: 'en_US', status: 'APPROVED', category: 'UTILITY', parameter_format: parameterFormat, components };
}

const COUNT = '(#132000) Number of parameters does not match the expected number of params';
const FORMAT = '(#132012) Parameter format does not match format in the created template';
const body = (text: string): TemplateComponent => ({ type: 'BODY', text });
const buttons = (...list: TemplateButton[]): TemplateComponent => ({ type: 'BUTTONS', buttons: list });
const textParam = (text: string) => ({ type: 'text', text });

describe('components of the send request', () => {
  it('needs no components when the template has no variables', () => {
    expect(checkTemplateSend(template([body('Hello')]), {})).toEqual({ text: 'Hello', quickReplies: [] });
  });

  it('accepts a body component without a parameters array for a body without variables', () => {
    expect(checkTemplateSend(template([body('Hello')]), { components: [{ type: 'body' }] }).text).toBe('Hello');
  });

  it.each([['a string', 'x'], ['an array with a non-object', ['body']]])('rejects components that are %s (131009)', (_label, components) => {
    expect(failure(() => checkTemplateSend(template([body('Hello')]), { components }))).toEqual({
      status: 400,
      message: '(#131009) Parameter value is not valid',
      code: 131009,
      details: "Param template['components'] must be an array of objects.",
    });
  });
});

describe('header', () => {
  it('rejects header parameters when the template has no header (132000, expected 0)', () => {
    expect(failure(() => checkTemplateSend(template([body('Hello')]), { components: [{ type: 'header', parameters: [textParam('x')] }] }))).toEqual({
      status: 400,
      message: COUNT,
      code: 132000,
      details: 'header: number of localizable_params (1) does not match the expected number of params (0)',
    });
  });

  it('treats a header without a format as a TEXT header', () => {
    const stored = template([{ type: 'HEADER', text: 'Hi {{1}}' }, body('Body')]);
    expect(checkTemplateSend(stored, { components: [{ type: 'header', parameters: [textParam('Aino')] }] }).text).toBe('Hi Aino\nBody');
  });

  it('renders no header line for a TEXT header without text', () => {
    expect(checkTemplateSend(template([{ type: 'HEADER', format: 'TEXT' }, body('Body')]), {}).text).toBe('Body');
  });

  it('renders an empty body line when the template has no body', () => {
    expect(checkTemplateSend(template([{ type: 'HEADER', format: 'TEXT', text: 'Title' }]), {}).text).toBe('Title\n');
  });

  const image = template([{ type: 'HEADER', format: 'IMAGE' }, body('Body')]);
  const imageParam = { type: 'image', image: { link: 'https://example.com/a.jpg' } };

  it('renders an image header from exactly one parameter', () => {
    expect(checkTemplateSend(image, { components: [{ type: 'header', parameters: [imageParam] }] }).text).toBe('[image]\nBody');
  });

  it('rejects a media header without a parameter (132012, received UNKNOWN)', () => {
    expect(failure(() => checkTemplateSend(image, {}))).toEqual({ status: 400, message: FORMAT, code: 132012, details: 'header: Format mismatch, expected IMAGE, received UNKNOWN' });
  });

  it('rejects two parameters for a media header (132000, expected 1)', () => {
    expect(failure(() => checkTemplateSend(image, { components: [{ type: 'header', parameters: [imageParam, imageParam] }] }))).toEqual({
      status: 400,
      message: COUNT,
      code: 132000,
      details: 'header: number of localizable_params (2) does not match the expected number of params (1)',
    });
  });
});

describe('named parameters', () => {
  const named = template([body('Hi {{first_name}}, order {{order_id}}')], 'NAMED');
  const send = (parameters: unknown[]) => checkTemplateSend(named, { components: [{ type: 'body', parameters }] });

  it('fills placeholders by parameter_name, in any order', () => {
    expect(send([{ type: 'text', parameter_name: 'order_id', text: 'KA-1' }, { type: 'text', parameter_name: 'first_name', text: 'Aino' }]).text).toBe('Hi Aino, order KA-1');
  });

  it.each([
    ['without a parameter_name', { type: 'text', text: 'x' }, "body: parameter_name '' does not match any parameter of the template (expected: first_name, order_id)"],
    ['with a name the template lacks', { type: 'text', parameter_name: 'surname', text: 'x' }, "body: parameter_name 'surname' does not match any parameter of the template (expected: first_name, order_id)"],
  ])('rejects a parameter %s (132000)', (_label, param, details) => {
    expect(failure(() => send([param, { type: 'text', parameter_name: 'order_id', text: 'KA-1' }]))).toEqual({ status: 400, message: COUNT, code: 132000, details });
  });
});

describe('buttons', () => {
  it('rejects a button component for an index the template lacks (131009)', () => {
    const stored = template([body('Body'), buttons({ type: 'QUICK_REPLY', text: 'Yes' })]);
    expect(failure(() => checkTemplateSend(stored, { components: [{ type: 'button', sub_type: 'quick_reply', index: '5', parameters: [] }] }))).toEqual({
      status: 400,
      message: '(#131009) Parameter value is not valid',
      code: 131009,
      details: 'buttons: there is no button at index 5 in the template.',
    });
  });

  it('uses the label as the quick-reply payload when none (or no string) is sent', () => {
    const stored = template([body('Body'), buttons({ type: 'QUICK_REPLY', text: 'Yes' }, { type: 'QUICK_REPLY' }, { type: 'QUICK_REPLY', text: 'No' })]);
    const rendered = checkTemplateSend(stored, { components: [{ type: 'button', sub_type: 'quick_reply', index: '2', parameters: [{ type: 'payload', payload: 7 }] }] });
    expect(rendered).toEqual({
      text: 'Body\n[Yes]\n[]\n[No]',
      quickReplies: [
        { index: 0, text: 'Yes', payload: 'Yes' },
        { index: 1, text: '', payload: '' },
        { index: 2, text: 'No', payload: 'No' },
      ],
    });
  });

  it('uses a sent quick-reply payload', () => {
    const stored = template([body('Body'), buttons({ type: 'QUICK_REPLY', text: 'Yes' })]);
    const rendered = checkTemplateSend(stored, { components: [{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'P-1' }] }] });
    expect(rendered.quickReplies).toEqual([{ index: 0, text: 'Yes', payload: 'P-1' }]);
  });

  const coupon = (code: string) => ({ components: [{ type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: code }] }] });

  it.each([
    ['with its own label', { type: 'COPY_CODE', text: 'Grab it' }, '[Grab it: SAVE10]'],
    ['without a label', { type: 'COPY_CODE' }, '[Copy offer code: SAVE10]'],
  ])('renders a COPY_CODE button %s with the sent coupon_code', (_label, button, line) => {
    expect(checkTemplateSend(template([body('Body'), buttons(button)]), coupon('SAVE10')).text).toBe(`Body\n${line}`);
  });

  it('requires the coupon_code of a COPY_CODE button (131008, type CopyCode)', () => {
    expect(failure(() => checkTemplateSend(template([body('Body'), buttons({ type: 'COPY_CODE', text: 'Copy offer code' })]), {}))).toEqual({
      status: 400,
      message: '(#131008) Required parameter is missing',
      code: 131008,
      details: 'buttons: Button at index 0 of type CopyCode requires a parameter',
    });
  });

  const suffix = (value: string) => ({ components: [{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: value }] }] });

  it.each([
    ['an OTP button without a label', { type: 'URL', url: 'https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}' }, '[Copy code: 123456]'],
    ['a dynamic URL button without a label', { type: 'URL', url: 'https://shop.example.com/{{1}}' }, '[Open: https://shop.example.com/123456]'],
    ['a dynamic URL button with a label', { type: 'URL', text: 'Shop', url: 'https://shop.example.com/{{1}}' }, '[Shop: https://shop.example.com/123456]'],
  ])('renders %s', (_label, button, line) => {
    expect(checkTemplateSend(template([body('Body'), buttons(button)]), suffix('123456')).text).toBe(`Body\n${line}`);
  });

  it.each([
    ['a phone button', { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+358401234567' }, '[Call: +358401234567]'],
    ['a button without a target', { type: 'PHONE_NUMBER', text: 'Call' }, '[Call]'],
    ['a button without a label or target', { type: 'PHONE_NUMBER' }, '[PHONE_NUMBER]'],
    ['a static URL button', { type: 'URL', text: 'Site', url: 'https://example.com' }, '[Site: https://example.com]'],
    ['a phone button whose url has a variable (only URL and COPY_CODE buttons take a parameter)', { type: 'PHONE_NUMBER', text: 'Call', url: 'https://example.com/{{1}}' }, '[Call: https://example.com/{{1}}]'],
  ])('renders %s as a static label without a parameter', (_label, button, line) => {
    expect(checkTemplateSend(template([body('Body'), buttons(button)]), {}).text).toBe(`Body\n${line}`);
  });
});
