import { describe, expect, it } from '@jest/globals';
import { loadSample } from '@kaiku/shared';
import { deriveTemplateInputs, parseCurrency, renderTemplatePreview, templateInputsSchema } from '../src/templates/index.js';
import type { MetaTemplate } from '../src/templates/index.js';

const fixture = (name: string) => loadSample(`templates/${name}`) as MetaTemplate;
const summary = (name: string) => deriveTemplateInputs(fixture(name)).map(({ key, kind, required, example, maxLength, component, buttonIndex, parameterName }) =>
  ({ key, kind, required, example, maxLength, component, buttonIndex, parameterName }));

describe('deriveTemplateInputs', () => {
  it('positional: header text, body kinds from the examples, only the dynamic URL button', () => {
    expect(summary('order_shipped')).toEqual([
      { key: 'header_1', kind: 'header_text', required: true, example: 'A-1042', maxLength: 60, component: 'header', buttonIndex: undefined, parameterName: undefined },
      { key: '1', kind: 'text', required: true, example: 'Aino', maxLength: 1024, component: 'body', buttonIndex: undefined, parameterName: undefined },
      { key: '2', kind: 'text', required: true, example: 'A-1042', maxLength: 1024, component: 'body', buttonIndex: undefined, parameterName: undefined },
      { key: '3', kind: 'currency', required: true, example: '12.50 EUR', maxLength: 1024, component: 'body', buttonIndex: undefined, parameterName: undefined },
      { key: '4', kind: 'date_time', required: true, example: 'November 28, 2026', maxLength: 1024, component: 'body', buttonIndex: undefined, parameterName: undefined },
      { key: 'button_1_url', kind: 'url_suffix', required: true, example: 'A-1042', maxLength: 2000 - 'https://shop.example.com/track/'.length, component: 'button', buttonIndex: 1, parameterName: undefined },
    ]);
  });

  it('named: media header, named keys with parameter names, optional quick-reply payloads', () => {
    expect(summary('appointment_reminder').map(({ key, kind, required, parameterName }) => [key, kind, required, parameterName])).toEqual([
      ['header_image', 'header_image', true, undefined],
      ['first_name', 'text', true, 'first_name'],
      ['clinic', 'text', true, 'clinic'],
      ['appointment_time', 'date_time', true, 'appointment_time'],
      ['price', 'currency', true, 'price'],
      ['button_0_payload', 'quick_reply_payload', false, undefined],
      ['button_1_payload', 'quick_reply_payload', false, undefined],
    ]);
    expect(deriveTemplateInputs(fixture('appointment_reminder'))[0]?.example).toMatch(/^https:\/\/scontent\.whatsapp\.net\//);
  });

  it('marketing: video header, quick reply, copy code with its example, URL suffix', () => {
    expect(summary('spring_sale').map(({ key, kind, example }) => [key, kind, example])).toEqual([
      ['header_video', 'header_video', expect.stringMatching(/\.mp4/)],
      ['1', 'text', 'SPRING25'],
      ['2', 'text', '25%'],
      ['3', 'date_time', 'April 30'],
      ['button_0_payload', 'quick_reply_payload', 'STOP_PROMOTIONS'],
      ['button_1_code', 'copy_code', 'SPRING25'],
      ['button_2_url', 'url_suffix', 'wa-spring'],
    ]);
  });

  it('named text header and location header keys', () => {
    expect(summary('welcome_member').map(({ key }) => key)).toEqual(['header_first_name', 'program', 'member_number', 'button_0_url', 'button_1_payload']);
    expect(summary('pickup_point').map(({ key, kind }) => [key, kind])).toEqual([['header_location', 'header_location'], ['1', 'text'], ['2', 'date_time']]);
  });

  it('authentication: one input, the code, and no separate OTP button input', () => {
    expect(deriveTemplateInputs(fixture('verification_code'))).toEqual([{
      key: '1', kind: 'text', label: 'Verification code', required: true, component: 'body', maxLength: 15, example: '123456',
      description: 'Fills {{1}} in the message: "*{{1}}* is your verification code.…".',
    }]);
  });

  it('no variables: no inputs', () => {
    expect(deriveTemplateInputs(fixture('hello_world'))).toEqual([]);
  });

  it('describes where a value goes, for a no-code user', () => {
    const [, first] = deriveTemplateInputs(fixture('order_shipped'));
    expect(first).toMatchObject({ label: 'Body {{1}}', description: 'Fills {{1}} in the message: "Hi {{1}}, your order {{2}} is on its…".' });
  });

  it('takes positional examples by number even when the placeholders appear out of order', () => {
    const template: MetaTemplate = {
      id: '1', name: 'swapped', language: 'en', status: 'APPROVED', category: 'UTILITY',
      components: [{ type: 'BODY', text: 'On {{2}} we ship {{1}} to you. Thanks!', example: { body_text: [['3 boxes', 'Friday']] } }],
    };
    expect(deriveTemplateInputs(template).map(({ key, example }) => [key, example])).toEqual([['1', '3 boxes'], ['2', 'Friday']]);
  });

  it('detects named placeholders even without parameter_format', () => {
    const { parameter_format: _format, ...template } = fixture('welcome_member');
    expect(deriveTemplateInputs(template).find((input) => input.key === 'program')?.parameterName).toBe('program');
  });
});

describe('templateInputsSchema', () => {
  it('gives one property per input with title, description, examples, maxLength and x-kaiku-kind', () => {
    const schema = templateInputsSchema(fixture('order_shipped'));
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'order_shipped (en_US)',
      type: 'object',
      additionalProperties: false,
      required: ['header_1', '1', '2', '3', '4', 'button_1_url'],
    });
    expect((schema.properties as Record<string, unknown>)['3']).toEqual({
      type: 'string', title: 'Body {{3}}', minLength: 1, maxLength: 1024, examples: ['12.50 EUR'], 'x-kaiku-kind': 'currency',
      description: 'Fills {{3}} in the message: "…is on its way. Total {{3}}, expected on {{4}}. Thank…". Write an amount with its currency, e.g. "12.50 EUR" or "EUR 12.50".',
    });
  });

  it('leaves optional quick-reply payloads out of required', () => {
    const schema = templateInputsSchema(fixture('appointment_reminder'));
    expect(schema.required).toEqual(['header_image', 'first_name', 'clinic', 'appointment_time', 'price']);
    expect(Object.keys(schema.properties as object)).toContain('button_1_payload');
  });
});

describe('renderTemplatePreview', () => {
  it('fills header, body, footer and lists the buttons', () => {
    const values = { header_1: 'A-1042', 1: 'Aino', 2: 'A-1042', 3: '12.50 EUR', 4: 'November 28, 2026' };
    expect(renderTemplatePreview(fixture('order_shipped'), values)).toBe(
      'Order A-1042 shipped\n\nHi Aino, your order A-1042 is on its way. Total 12.50 EUR, expected on November 28, 2026. Thank you for shopping with us!' +
        '\n\nKaiku Shop\n\n[Visit shop] [Track parcel] [Call us]',
    );
  });

  it('keeps placeholders visible when values are missing, and labels media headers', () => {
    expect(renderTemplatePreview(fixture('appointment_reminder'), { first_name: 'Aino' })).toBe(
      '[Image]\n\nHello Aino, your appointment at {{clinic}} is on {{appointment_time}}. The visit costs {{price}}. See you soon!' +
        '\n\nReply to confirm or reschedule\n\n[Confirm] [Reschedule]',
    );
  });

  it('names the location and renders named headers', () => {
    expect(renderTemplatePreview(fixture('pickup_point'), { header_location: '60.1,24.9,Kamppi', 1: 'P1', 2: 'Friday' }).split('\n\n')[0]).toBe('[Location] Kamppi');
    expect(renderTemplatePreview(fixture('welcome_member'), { header_first_name: 'Aino' }).split('\n\n')[0]).toBe('Welcome, Aino!');
  });
});

describe('parseCurrency', () => {
  it.each([
    ['12.50 EUR', 'EUR', 12500],
    ['EUR 12.50', 'EUR', 12500],
    ['eur12,5', 'EUR', 12500],
    ['$149.90', 'USD', 149900],
    ['12,50 €', 'EUR', 12500],
    ['1,234.50 USD', 'USD', 1234500],
    ['1.234,50 EUR', 'EUR', 1234500],
    ['1,234 SEK', 'SEK', 1234000],
    ['100 JPY', 'JPY', 100000],
    ['£0.99', 'GBP', 990],
  ])('%s → %s %i', (text, code, amount1000) => {
    expect(parseCurrency(text)).toEqual({ code, amount1000 });
  });

  it.each(['twelve euros', '12.50', 'EUR', '12.50 EURO', ''])('rejects %p', (text) => {
    expect(parseCurrency(text)).toBeUndefined();
  });
});
