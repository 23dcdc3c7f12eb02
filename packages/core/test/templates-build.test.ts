import { describe, expect, it } from '@jest/globals';
import { loadSample } from '@kaiku/shared';
import { buildTemplateComponents, deriveTemplateInputs, templateValueIssues } from '../src/templates/index.js';
import type { MetaTemplate, TemplateValues } from '../src/templates/index.js';

const fixture = (name: string) => loadSample(`templates/${name}`) as MetaTemplate;
const IMG = 'https://cdn.example.com/clinic.jpg';

/** label, fixture, values, the exact `components` Meta must receive. */
const CASES: Array<[string, string, TemplateValues, unknown[]]> = [
  ['positional: text header, currency, date_time, URL suffix (static URL and phone get nothing)', 'order_shipped',
    { header_1: 'A-1042', 1: 'Aino', 2: 'A-1042', 3: '12.50 EUR', 4: 'November 28, 2026', button_1_url: 'A-1042' },
    [
      { type: 'header', parameters: [{ type: 'text', text: 'A-1042' }] },
      { type: 'body', parameters: [
        { type: 'text', text: 'Aino' },
        { type: 'text', text: 'A-1042' },
        { type: 'currency', currency: { fallback_value: '12.50 EUR', code: 'EUR', amount_1000: 12500 } },
        { type: 'date_time', date_time: { fallback_value: 'November 28, 2026' } },
      ] },
      { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'A-1042' }] },
    ]],
  ['named: image header by link, parameter_name on every body parameter, quick-reply payload', 'appointment_reminder',
    { header_image: IMG, first_name: 'Aino', clinic: 'Kamppi Health', appointment_time: '2026-12-01 10:00', price: 'EUR 45.00', button_0_payload: 'CONFIRM_118' },
    [
      { type: 'header', parameters: [{ type: 'image', image: { link: IMG } }] },
      { type: 'body', parameters: [
        { type: 'text', parameter_name: 'first_name', text: 'Aino' },
        { type: 'text', parameter_name: 'clinic', text: 'Kamppi Health' },
        { type: 'date_time', parameter_name: 'appointment_time', date_time: { fallback_value: '2026-12-01 10:00' } },
        { type: 'currency', parameter_name: 'price', currency: { fallback_value: 'EUR 45.00', code: 'EUR', amount_1000: 45000 } },
      ] },
      { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'CONFIRM_118' }] },
    ]],
  ['named: quick-reply payloads are optional', 'appointment_reminder',
    { header_image: '1290457731993215', first_name: 'Aino', clinic: 'K', appointment_time: 'Monday 10:00', price: '$149.90' },
    [
      { type: 'header', parameters: [{ type: 'image', image: { id: '1290457731993215' } }] },
      { type: 'body', parameters: [
        { type: 'text', parameter_name: 'first_name', text: 'Aino' },
        { type: 'text', parameter_name: 'clinic', text: 'K' },
        { type: 'date_time', parameter_name: 'appointment_time', date_time: { fallback_value: 'Monday 10:00' } },
        { type: 'currency', parameter_name: 'price', currency: { fallback_value: '$149.90', code: 'USD', amount_1000: 149900 } },
      ] },
    ]],
  ['positional: video header, copy code and URL suffix in button order', 'spring_sale',
    { header_video: 'https://cdn.example.com/spring.mp4', 1: 'SPRING25', 2: '25%', 3: 'April 30', button_1_code: 'SPRING25', button_2_url: 'wa-spring' },
    [
      { type: 'header', parameters: [{ type: 'video', video: { link: 'https://cdn.example.com/spring.mp4' } }] },
      { type: 'body', parameters: [{ type: 'text', text: 'SPRING25' }, { type: 'text', text: '25%' }, { type: 'date_time', date_time: { fallback_value: 'April 30' } }] },
      { type: 'button', sub_type: 'copy_code', index: '1', parameters: [{ type: 'coupon_code', coupon_code: 'SPRING25' }] },
      { type: 'button', sub_type: 'url', index: '2', parameters: [{ type: 'text', text: 'wa-spring' }] },
    ]],
  ['named: document header takes its file name from the link', 'invoice_ready',
    { header_document: 'https://files.example.com/inv/INV-2026-118.pdf', customer_name: 'Aino Virtanen', invoice_number: 'INV-2026-118', amount: '1,234.50 USD', due_date: 'December 15, 2026', button_0_url: 'INV-2026-118' },
    [
      { type: 'header', parameters: [{ type: 'document', document: { link: 'https://files.example.com/inv/INV-2026-118.pdf', filename: 'INV-2026-118.pdf' } }] },
      { type: 'body', parameters: [
        { type: 'text', parameter_name: 'customer_name', text: 'Aino Virtanen' },
        { type: 'text', parameter_name: 'invoice_number', text: 'INV-2026-118' },
        { type: 'currency', parameter_name: 'amount', currency: { fallback_value: '1,234.50 USD', code: 'USD', amount_1000: 1234500 } },
        { type: 'date_time', parameter_name: 'due_date', date_time: { fallback_value: 'December 15, 2026' } },
      ] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'INV-2026-118' }] },
    ]],
  ['location header', 'pickup_point',
    { header_location: '60.1699, 24.9384, Kamppi, Helsinki', 1: 'JJFI6543210', 2: '2026-12-04' },
    [
      { type: 'header', parameters: [{ type: 'location', location: { latitude: 60.1699, longitude: 24.9384, name: 'Kamppi, Helsinki' } }] },
      { type: 'body', parameters: [{ type: 'text', text: 'JJFI6543210' }, { type: 'date_time', date_time: { fallback_value: '2026-12-04' } }] },
    ]],
  ['named text header carries parameter_name', 'welcome_member',
    { header_first_name: 'Aino', program: 'Kaiku Club', member_number: 'KC-0042', button_0_url: 'KC-0042', button_1_payload: '' },
    [
      { type: 'header', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Aino' }] },
      { type: 'body', parameters: [{ type: 'text', parameter_name: 'program', text: 'Kaiku Club' }, { type: 'text', parameter_name: 'member_number', text: 'KC-0042' }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'KC-0042' }] },
    ]],
  ['authentication: the code goes in the body and the OTP copy-code button', 'verification_code',
    { 1: '482913' },
    [
      { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
    ]],
  ['no variables: no components', 'hello_world', {}, []],
];

describe('buildTemplateComponents over the template fixtures', () => {
  it.each(CASES)('%s', (_label, name, values, expected) => {
    expect(buildTemplateComponents(fixture(name), values)).toEqual(expected);
  });

  it('accepts numbers in the values map', () => {
    expect(buildTemplateComponents(fixture('verification_code'), { 1: 482913 })[0]).toEqual({ type: 'body', parameters: [{ type: 'text', text: '482913' }] });
  });
});

function issuesOf(name: string, values: TemplateValues): unknown {
  try {
    buildTemplateComponents(fixture(name), values);
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message, fields: (error as { details: { fields: unknown } }).details.fields };
  }
  throw new Error('expected buildTemplateComponents to throw');
}

describe('buildTemplateComponents rejects bad values with one message naming every field', () => {
  it('names missing, too long and extra fields together', () => {
    const result = issuesOf('order_shipped', { header_1: 'x'.repeat(61), 1: 'Aino', 3: '12.50 EUR', 4: 'tomorrow', coupon: 'X1' });
    expect(result).toEqual({
      code: 'template_variables_invalid',
      message: 'The variables of template "order_shipped" need fixing: header_1 is too long: at most 60 characters (it has 61); ' +
        '2 is missing (Body {{2}}); button_1_url is missing ("Track parcel" button link ending); coupon is not a variable of this template.',
      fields: [
        { field: 'header_1', message: 'is too long: at most 60 characters (it has 61)' },
        { field: '2', message: 'is missing (Body {{2}})' },
        { field: 'button_1_url', message: 'is missing ("Track parcel" button link ending)' },
        { field: 'coupon', message: 'is not a variable of this template' },
      ],
    });
  });

  it.each([
    ['a line break', 'Aino\nVirtanen', 'must not contain line breaks'],
    ['a tab', 'Aino\tVirtanen', 'must not contain tabs'],
    ['five spaces', 'Aino     Virtanen', 'must not contain more than 4 spaces in a row'],
  ])("refuses %s in a body value (Meta's 132018 rule)", (_label, value, message) => {
    expect(issuesOf('welcome_member', { header_first_name: 'A', program: value, member_number: '1', button_0_url: 'x' })).toMatchObject({ fields: [{ field: 'program', message }] });
  });

  it('allows four spaces in a row', () => {
    expect(() => buildTemplateComponents(fixture('welcome_member'), { header_first_name: 'A', program: 'a    b', member_number: '1', button_0_url: 'x' })).not.toThrow();
  });

  it('caps body values at 1024 characters', () => {
    expect(issuesOf('welcome_member', { header_first_name: 'A', program: 'p'.repeat(1025), member_number: '1', button_0_url: 'x' }))
      .toMatchObject({ fields: [{ field: 'program', message: 'is too long: at most 1024 characters (it has 1025)' }] });
  });

  it('caps copy codes at 15 characters and the OTP code at 15', () => {
    const sale = { header_video: '1', 1: 'a', 2: 'b', 3: 'April 30', button_2_url: 'x', button_1_code: 'C'.repeat(16) };
    expect(issuesOf('spring_sale', sale)).toMatchObject({ fields: [{ field: 'button_1_code', message: 'is too long: at most 15 characters (it has 16)' }] });
    expect(issuesOf('verification_code', { 1: '1234567890123456' })).toMatchObject({ fields: [{ field: '1', message: 'is too long: at most 15 characters (it has 16)' }] });
  });

  it('refuses unparseable currency, media and location values', () => {
    const result = issuesOf('invoice_ready', { header_document: 'http://files.example.com/a.pdf', customer_name: 'A', invoice_number: 'I', amount: 'twelve euros', due_date: 'soon', button_0_url: 'with space' });
    expect(result).toMatchObject({ fields: [
      { field: 'header_document', message: 'must be a public HTTPS link (https://…) or a WhatsApp media id' },
      { field: 'amount', message: 'must be an amount with its currency, e.g. "12.50 EUR" or "EUR 12.50"' },
      { field: 'button_0_url', message: 'must not contain spaces' },
    ] });
    expect(issuesOf('pickup_point', { header_location: 'Kamppi', 1: 'a', 2: 'b' })).toMatchObject({
      fields: [{ field: 'header_location', message: 'must be "latitude,longitude" with an optional name, e.g. "60.1699,24.9384,Kamppi"' }],
    });
  });

  it.each([
    ['loopback', 'https://127.0.0.1/a.jpg', '127.0.0.1 is not a public address (loopback)'],
    ['localhost', 'https://localhost/a.jpg', 'localhost names a local machine'],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data/', '169.254.169.254 is not a public address (link-local)'],
    ['IPv4-compatible loopback', 'https://[::127.0.0.1]/a.jpg', '[::7f00:1] is not a public address (IPv4-compatible)'],
    ['hex loopback', 'https://0x7f.1/a.jpg', '127.0.0.1 is not a public address (loopback)'],
  ])('refuses a header image on a %s host, which Meta would be asked to fetch', (_label, link, why) => {
    const values = { header_image: link, first_name: 'Aino', clinic: 'K', appointment_time: 'Monday 10:00', price: '$149.90' };
    const result = issuesOf('appointment_reminder', values) as { fields: Array<{ field: string; message: string }> };
    expect(result.fields).toEqual([{ field: 'header_image', message: expect.stringContaining(why) }]);
  });

  it('refuses a NUL or another control character in any value, naming where it is', () => {
    const result = issuesOf('welcome_member', { header_first_name: 'A\u0000', program: 'Gold\u001b', member_number: '1', button_0_url: 'x' });
    expect(result).toMatchObject({ fields: [
      { field: 'header_first_name', message: expect.stringContaining('control character U+0000 at position 2') },
      { field: 'program', message: expect.stringContaining('control character U+001B at position 5') },
    ] });
  });

  it('limits the URL suffix so that the whole link stays within 2000 characters', () => {
    const base = 'https://pay.example.com/i/'.length;
    const values = { header_document: '1', customer_name: 'A', invoice_number: 'I', amount: '1 EUR', due_date: 'd', button_0_url: 'x'.repeat(2001 - base) };
    expect(issuesOf('invoice_ready', values)).toMatchObject({ fields: [{ field: 'button_0_url', message: `is too long: at most ${2000 - base} characters (it has ${2001 - base})` }] });
  });
});

describe('buildTemplateComponents: empty, blank and unknown values', () => {
  const member = { header_first_name: 'Aino', program: 'Gold', member_number: 'KC-1', button_0_url: 'KC-1' };

  it.each([['empty', ''], ['blank', '   '], ['null', null], ['undefined', undefined]])('an %s required value is missing', (_label, value) => {
    expect(issuesOf('welcome_member', { ...member, program: value })).toMatchObject({ fields: [{ field: 'program', message: 'is missing (Body {{program}})' }] });
  });

  it('leaves out an optional value that is blank, and sends one that is not', () => {
    const withPayload = buildTemplateComponents(fixture('welcome_member'), { ...member, button_1_payload: 'JOIN' });
    expect(withPayload.at(-1)).toEqual({ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'JOIN' }] });
    expect(buildTemplateComponents(fixture('welcome_member'), { ...member, button_1_payload: '  ' })).toHaveLength(3);
  });

  it('ignores an unknown key whose value is empty, blank or null, and names one with a value', () => {
    expect(() => buildTemplateComponents(fixture('welcome_member'), { ...member, extra: '', other: '  ', none: null })).not.toThrow();
    expect(issuesOf('welcome_member', { ...member, extra: 0 })).toMatchObject({ fields: [{ field: 'extra', message: 'is not a variable of this template' }] });
  });

  it('sends a document header by media id without a file name', () => {
    const values = { header_document: '1290457731993215', customer_name: 'A', invoice_number: 'I', amount: '1 EUR', due_date: 'd', button_0_url: 'x' };
    expect(buildTemplateComponents(fixture('invoice_ready'), values)[0]).toEqual({ type: 'header', parameters: [{ type: 'document', document: { id: '1290457731993215' } }] });
  });
});

describe('templateValueIssues', () => {
  it('returns the parameters built from good values beside the issues of the bad ones', () => {
    const inputs = deriveTemplateInputs(fixture('pickup_point'));
    const { issues, built } = templateValueIssues(inputs, { header_location: 'Kamppi', 1: 'JJFI6543210', 2: '2026-12-04' });
    expect(issues.map((issue) => issue.field)).toEqual(['header_location']);
    expect(built.map(([input, parameter]) => [input.key, parameter])).toEqual([
      ['1', { type: 'text', text: 'JJFI6543210' }],
      ['2', { type: 'date_time', date_time: { fallback_value: '2026-12-04' } }],
    ]);
  });
});
