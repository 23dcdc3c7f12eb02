/** Meta's template-creation checklist per component (header, body, footer, buttons, authentication presets): limits, required fields, error codes and the stored form. */
import { describe, expect, it } from '@jest/globals';
import type { Json } from '../src/messages/fields.js';
import { validateAuthentication, validateComponents } from '../src/templates/validate-create.js';
import { rejection, templateError } from './validator-errors.js';

type Format = 'POSITIONAL' | 'NAMED';

/** Meta's template error as a validator throws it (HTTP 400). */
const metaError = (subcode: number | undefined, title: string, message: string) => ({ status: 400, ...templateError(subcode, title, message) });

const BODY = { type: 'BODY', text: 'Your order is on its way to you.' };
const STORED_BODY = { type: 'BODY', text: 'Your order is on its way to you.' };
const components = (...extra: Json[]): Json[] => [BODY, ...extra];
const validate = (list: Json[], format: Format = 'POSITIONAL', category = 'MARKETING') => validateComponents(list, format, category);
const buttons = (...list: unknown[]): Json => ({ type: 'BUTTONS', buttons: list });
const qr = (text = 'Yes'): Json => ({ type: 'QUICK_REPLY', text });
const url = (address = 'https://example.com'): Json => ({ type: 'URL', text: 'Open', url: address });
const phone = (number = '+358401234567'): Json => ({ type: 'PHONE_NUMBER', text: 'Call us', phone_number: number });
const copy = (code = 'SAVE10'): Json => ({ type: 'COPY_CODE', example: code });

const LIMIT = 2388040;
const MISSING_EXAMPLE = 2388043;
const HEADER_FORMAT = 2388047;
const BODY_FORMAT = 2388072;
const FOOTER_FORMAT = 2388073;
const VARIABLE_FORMAT = 2388042;

describe('component set', () => {
  it('rejects a component type Meta does not have, without a subcode', () => {
    expect(rejection(() => validate(components({ type: 'CAROUSEL', cards: [] })))).toEqual(
      metaError(undefined, 'Unknown component', "Component type 'CAROUSEL' is not one of HEADER, BODY, FOOTER, BUTTONS."),
    );
  });

  const header: Json = { type: 'HEADER', format: 'TEXT', text: 'Hello' };
  const footer: Json = { type: 'FOOTER', text: 'Thanks' };
  const twoButtons: Json = buttons(qr());
  it.each<[string, Json[]]>([
    ['no BODY', [header]],
    ['two BODY components', [BODY, BODY]],
    ['two HEADER components', [header, header, BODY]],
    ['two FOOTER components', [BODY, footer, footer]],
    ['two BUTTONS components', [BODY, twoButtons, twoButtons]],
  ])('rejects %s', (_label, list) => {
    expect(rejection(() => validate(list))).toEqual(
      metaError(BODY_FORMAT, 'Components incorrect', 'A template needs exactly one BODY and at most one HEADER, FOOTER and BUTTONS component.'),
    );
  });

  it('accepts one of each, in lower case, and stores them in Meta’s form and order', () => {
    const list: Json[] = [{ type: 'buttons', buttons: [qr()] }, { type: 'footer', text: 'Thanks' }, { type: 'body', text: BODY.text }, { type: 'header', format: 'text', text: 'Hello' }];
    expect(validate(list)).toStrictEqual([
      { type: 'HEADER', format: 'TEXT', text: 'Hello' },
      STORED_BODY,
      { type: 'FOOTER', text: 'Thanks' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }] },
    ]);
  });
});

describe('body', () => {
  it.each<[string, Json, Record<string, unknown> | 'ok']>([
    ['1024 characters (the limit)', { type: 'BODY', text: 'word '.repeat(204) + 'ende' }, 'ok'],
    ['1025 characters', { type: 'BODY', text: 'word '.repeat(205) }, metaError(LIMIT, 'Character limit exceeded', 'body may have at most 1024 characters.')],
    ['no text', { type: 'BODY' }, metaError(BODY_FORMAT, 'body text missing', 'body: add the text.')],
    ['blank text', { type: 'BODY', text: '  \n ' }, metaError(BODY_FORMAT, 'body text missing', 'body: add the text.')],
    ['text that is not a string', { type: 'BODY', text: 42 }, metaError(BODY_FORMAT, 'body text missing', 'body: add the text.')],
    ['an invalid variable', { type: 'BODY', text: 'Hello {{name}}, your order is here.' }, metaError(VARIABLE_FORMAT, 'Variable format incorrect', 'body: the variable {{name}} is not valid; this template uses numbers like {{1}}.')],
  ])('%s', (_label, body, expected) => {
    if (expected === 'ok') expect(validate([body])).toStrictEqual([{ type: 'BODY', text: body.text }]);
    else expect(rejection(() => validate([body]))).toEqual(expected);
  });

  it('keeps the example only when the body has variables', () => {
    const example = { body_text: [['Anna']] };
    expect(validate([{ type: 'BODY', text: 'Hello there, your order is ready.', example }])).toStrictEqual([{ type: 'BODY', text: 'Hello there, your order is ready.' }]);
    expect(validate([{ type: 'BODY', text: 'Hello {{1}}, your order is ready.', example }])).toStrictEqual([{ type: 'BODY', text: 'Hello {{1}}, your order is ready.', example }]);
  });
});

describe('footer', () => {
  it.each<[string, Json, Record<string, unknown> | 'ok']>([
    ['60 characters (the limit)', { type: 'FOOTER', text: 'f'.repeat(60) }, 'ok'],
    ['61 characters', { type: 'FOOTER', text: 'f'.repeat(61) }, metaError(LIMIT, 'Character limit exceeded', 'footer may have at most 60 characters.')],
    ['no text', { type: 'FOOTER' }, metaError(FOOTER_FORMAT, 'footer text missing', 'footer: add the text.')],
    ['a variable', { type: 'FOOTER', text: 'Ref {{1}}' }, metaError(FOOTER_FORMAT, 'Footer format incorrect', 'footer: variables are not allowed in the footer.')],
  ])('%s', (_label, footer, expected) => {
    if (expected === 'ok') expect(validate(components(footer))).toStrictEqual([STORED_BODY, { type: 'FOOTER', text: footer.text }]);
    else expect(rejection(() => validate(components(footer)))).toEqual(expected);
  });
});

describe('text header', () => {
  const header = (text: unknown, example?: unknown): Json => ({ type: 'HEADER', format: 'TEXT', text, ...(example === undefined ? {} : { example }) });
  const formatting = metaError(HEADER_FORMAT, 'Header format incorrect', 'header: newlines and formatting characters (* _ ~ `) are not allowed.');
  it.each<[string, Json, Record<string, unknown> | 'ok']>([
    ['60 characters (the limit)', header('h'.repeat(60)), 'ok'],
    ['61 characters', header('h'.repeat(61)), metaError(LIMIT, 'Character limit exceeded', 'header may have at most 60 characters.')],
    ['no text', header(undefined), metaError(HEADER_FORMAT, 'header text missing', 'header: add the text.')],
    ['blank text', header('   '), metaError(HEADER_FORMAT, 'header text missing', 'header: add the text.')],
    ['a newline', header('Big\nsale'), formatting],
    ['a carriage return', header('Big\rsale'), formatting],
    ['bold', header('*Big* sale'), formatting],
    ['italic', header('_Big_ sale'), formatting],
    ['strike-through', header('~Big~ sale'), formatting],
    ['monospace', header('`Big` sale'), formatting],
    ['an invalid variable', header('Hi {{x}}', { header_text: ['a'] }), metaError(VARIABLE_FORMAT, 'Variable format incorrect', 'header: the variable {{x}} is not valid; this template uses numbers like {{1}}.')],
    ['two variables', header('{{1}} and {{2}}', { header_text: ['a', 'b'] }), metaError(HEADER_FORMAT, 'Header format incorrect', 'header: at most one variable is allowed in the header.')],
    ['a variable without example', header('Hi {{1}}'), metaError(MISSING_EXAMPLE, 'Example missing', 'header: add example.header_text with a sample value for every variable (1).')],
  ])('%s', (_label, input, expected) => {
    if (expected === 'ok') expect(validate([input, BODY])).toStrictEqual([{ type: 'HEADER', format: 'TEXT', text: input.text }, STORED_BODY]);
    else expect(rejection(() => validate([input, BODY]))).toEqual(expected);
  });

  it('keeps the example only when the header has a variable', () => {
    expect(validate([header('Hello', { header_text: ['Anna'] }), BODY])).toStrictEqual([{ type: 'HEADER', format: 'TEXT', text: 'Hello' }, STORED_BODY]);
    expect(validate([header('Hello {{1}}', { header_text: ['Anna'] }), BODY])).toStrictEqual([
      { type: 'HEADER', format: 'TEXT', text: 'Hello {{1}}', example: { header_text: ['Anna'] } },
      STORED_BODY,
    ]);
  });
});

describe('media and location headers', () => {
  it.each(['IMAGE', 'VIDEO', 'DOCUMENT', 'image'])('a %s header with a sample handle is stored with it', (format) => {
    const handle = { header_handle: ['4::aGVsbG8='] };
    expect(validate([{ type: 'HEADER', format, example: handle }, BODY])).toStrictEqual([{ type: 'HEADER', format: format.toUpperCase(), example: handle }, STORED_BODY]);
  });

  it.each<[string, unknown]>([
    ['no example', undefined],
    ['no header_handle', { header_text: ['x'] }],
    ['a header_handle that is not an array', { header_handle: '4::aGVsbG8=' }],
    ['an empty header_handle', { header_handle: [] }],
    ['a handle that is not a string', { header_handle: [42] }],
  ])('a VIDEO header with %s is missing its example', (_label, example) => {
    const header: Json = { type: 'HEADER', format: 'VIDEO', ...(example === undefined ? {} : { example }) };
    expect(rejection(() => validate([header, BODY]))).toEqual(
      metaError(MISSING_EXAMPLE, 'Example missing', 'header: a VIDEO header needs example.header_handle with an uploaded sample.'),
    );
  });

  it.each(['MARKETING', 'UTILITY'])('a LOCATION header is allowed in %s templates', (category) => {
    expect(validate([{ type: 'HEADER', format: 'location' }, BODY], 'POSITIONAL', category)).toStrictEqual([{ type: 'HEADER', format: 'LOCATION' }, STORED_BODY]);
  });

  const wrongFormat = metaError(HEADER_FORMAT, 'Header format incorrect', 'header: format must be TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION.');
  it('a LOCATION header is not allowed in authentication templates', () => {
    expect(rejection(() => validate([{ type: 'HEADER', format: 'LOCATION' }, BODY], 'POSITIONAL', 'AUTHENTICATION'))).toEqual(wrongFormat);
  });

  it.each<[string, Json]>([
    ['an unknown format', { type: 'HEADER', format: 'AUDIO' }],
    ['no format', { type: 'HEADER', text: 'Hello' }],
  ])('a header with %s is rejected', (_label, header) => {
    expect(rejection(() => validate([header, BODY]))).toEqual(wrongFormat);
  });
});

describe('buttons', () => {
  const count = metaError(undefined, 'Buttons incorrect', 'buttons: add between 1 and 10 buttons.');
  it.each<[string, unknown]>([
    ['no buttons array', undefined],
    ['a buttons object', { 0: qr() }],
    ['an empty list', []],
    ['11 buttons', [...Array.from({ length: 8 }, (_, i) => qr(`Q${i}`)), url(), url(), phone()]],
  ])('%s is rejected', (_label, list) => {
    expect(rejection(() => validate(components({ type: 'BUTTONS', ...(list === undefined ? {} : { buttons: list }) })))).toEqual(count);
  });

  it('10 buttons (the limit) of every kind are accepted and stored in order', () => {
    const list = [...Array.from({ length: 6 }, (_, i) => qr(`Q${i}`)), url(), url('http://example.com/{{1}}'), phone(), copy()];
    (list[7] as Record<string, unknown>).example = ['http://example.com/a'];
    expect(validate(components(buttons(...list)))).toStrictEqual([
      STORED_BODY,
      {
        type: 'BUTTONS',
        buttons: [
          ...Array.from({ length: 6 }, (_, i) => ({ type: 'QUICK_REPLY', text: `Q${i}` })),
          { type: 'URL', text: 'Open', url: 'https://example.com' },
          { type: 'URL', text: 'Open', url: 'http://example.com/{{1}}', example: ['http://example.com/a'] },
          { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+358401234567' },
          { type: 'COPY_CODE', text: 'Copy offer code', example: ['SAVE10'] },
        ],
      },
    ]);
  });

  it.each<[string, Json[], string]>([
    ['3 URL buttons', [url(), url(), url()], 'buttons: at most 2 URL buttons.'],
    ['2 PHONE_NUMBER buttons', [phone(), phone()], 'buttons: at most 1 PHONE_NUMBER button.'],
    ['2 COPY_CODE buttons', [copy(), copy()], 'buttons: at most 1 COPY_CODE button.'],
  ])('%s are too many', (_label, list, message) => {
    expect(rejection(() => validate(components(buttons(...list))))).toEqual(metaError(undefined, 'Too many buttons', message));
  });

  it.each<[string, Json[]]>([
    ['quick replies first', [qr('A'), qr('B'), url(), phone()]],
    ['quick replies last', [url(), phone(), qr('A'), qr('B')]],
  ])('%s are grouped', (_label, list) => {
    expect(validate(components(buttons(...list)))[1]?.buttons).toHaveLength(4);
  });

  it('quick replies split by another button are rejected', () => {
    expect(rejection(() => validate(components(buttons(qr('A'), phone(), qr('B')))))).toEqual(
      metaError(undefined, 'Buttons not grouped', 'buttons: quick-reply buttons must be next to each other (all before or all after the other buttons).'),
    );
  });

  it('a button type Meta does not support is rejected with its index', () => {
    expect(rejection(() => validate(components(buttons(qr(), { type: 'FLOW', text: 'Go', flow_id: '1' }))))).toEqual(
      metaError(undefined, 'Button type not supported', 'buttons[1]: type must be QUICK_REPLY, URL, PHONE_NUMBER or COPY_CODE.'),
    );
  });

  it.each<[string, Json, Record<string, unknown> | 'ok']>([
    ['25 characters (the limit)', qr('b'.repeat(25)), 'ok'],
    ['26 characters', qr('b'.repeat(26)), metaError(LIMIT, 'Character limit exceeded', 'buttons[1] may have at most 25 characters.')],
    ['no text', { type: 'QUICK_REPLY' }, metaError(LIMIT, 'buttons[1] text missing', 'buttons[1]: add the text.')],
  ])('button text with %s', (_label, button, expected) => {
    const list = components(buttons(qr('First'), button));
    if (expected === 'ok') expect(validate(list)[1]?.buttons?.[1]).toStrictEqual({ type: 'QUICK_REPLY', text: button.text });
    else expect(rejection(() => validate(list))).toEqual(expected);
  });

  it.each<[string, unknown, boolean]>([
    ['15 characters (the limit)', 'C'.repeat(15), true],
    ['16 characters', 'C'.repeat(16), false],
    ['an empty code', '', false],
    ['no example', undefined, false],
    ['a number', 123456, false],
  ])('a COPY_CODE example with %s', (_label, example, ok) => {
    const list = components(buttons({ type: 'COPY_CODE', ...(example === undefined ? {} : { example }) }));
    if (ok) expect(validate(list)[1]?.buttons).toStrictEqual([{ type: 'COPY_CODE', text: 'Copy offer code', example: [example] }]);
    else expect(rejection(() => validate(list))).toEqual(metaError(MISSING_EXAMPLE, 'Example missing', 'buttons[0]: a COPY_CODE button needs an example code of at most 15 characters.'));
  });

  it.each<[string, unknown, boolean]>([
    ['20 characters (the limit)', '+'.concat('1'.repeat(19)), true],
    ['21 characters', '+'.concat('1'.repeat(20)), false],
    ['an empty number', '', false],
    ['no number', undefined, false],
    ['a JSON number', 358401234567, false],
  ])('a PHONE_NUMBER with %s', (_label, number, ok) => {
    const list = components(buttons({ type: 'PHONE_NUMBER', text: 'Call us', ...(number === undefined ? {} : { phone_number: number }) }));
    if (ok) expect(validate(list)[1]?.buttons).toStrictEqual([{ type: 'PHONE_NUMBER', text: 'Call us', phone_number: number }]);
    else expect(rejection(() => validate(list))).toEqual(metaError(LIMIT, 'Phone number incorrect', 'buttons[0]: phone_number is required, at most 20 characters.'));
  });
});

describe('URL buttons', () => {
  const one = (button: Json) => validate(components(buttons(button)))[1]?.buttons;
  const fails = (button: Json) => rejection(() => validate(components(buttons(button))));
  const badUrl = metaError(undefined, 'URL incorrect', 'buttons[0]: url must be an http(s) URL.');

  it.each(['https://example.com', 'http://example.com', 'HTTPS://EXAMPLE.COM'])('a static %s is stored without example', (address) => {
    expect(one(url(address))).toStrictEqual([{ type: 'URL', text: 'Open', url: address }]);
  });

  it.each<[string, unknown]>([
    ['no url', undefined],
    ['a url that is not a string', 42],
    ['an ftp url', 'ftp://example.com'],
    ['a url with the scheme later on', 'see https://example.com'],
    // A list reads as its one element when turned into text: the type check, not the pattern, refuses it.
    ['a url in a list', ['https://example.com']],
  ])('%s is rejected', (_label, address) => {
    expect(fails({ type: 'URL', text: 'Open', ...(address === undefined ? {} : { url: address }) })).toEqual(badUrl);
  });

  it.each<[string, number, boolean]>([
    ['2000 characters (the limit)', 2000, true],
    ['2001 characters', 2001, false],
  ])('a url of %s', (_label, length, ok) => {
    const address = 'https://example.com/'.padEnd(length, 'a');
    if (ok) expect(one(url(address))).toStrictEqual([{ type: 'URL', text: 'Open', url: address }]);
    else expect(fails(url(address))).toEqual(metaError(LIMIT, 'Character limit exceeded', 'buttons[0].url may have at most 2000 characters.'));
  });

  it.each<[string, unknown]>([
    ['an example list', ['https://example.com/track/abc']],
    ['an example string', 'https://example.com/track/abc'],
  ])('a URL ending in {{1}} with %s is stored with the example as a list', (_label, example) => {
    expect(one({ ...url('https://example.com/track/{{1}}'), example })).toStrictEqual([
      { type: 'URL', text: 'Open', url: 'https://example.com/track/{{1}}', example: ['https://example.com/track/abc'] },
    ]);
  });

  it('an http sample URL is accepted too', () => {
    expect(one({ ...url('http://example.com/{{1}}'), example: ['http://example.com/a'] })).toStrictEqual([
      { type: 'URL', text: 'Open', url: 'http://example.com/{{1}}', example: ['http://example.com/a'] },
    ]);
  });

  it.each<[string, string]>([
    ['a variable before the end', 'https://example.com/{{1}}/x'],
    ['a variable other than {{1}}', 'https://example.com/{{2}}'],
    ['two variables, the last at the end', 'https://example.com/{{1}}?again={{1}}'],
    ['a variable only at the start', '{{1}}https://example.com/'],
  ])('a URL with %s is rejected', (_label, address) => {
    const expected = address.startsWith('{{')
      ? badUrl
      : metaError(VARIABLE_FORMAT, 'URL variable incorrect', 'buttons[0]: a URL may have one variable, {{1}}, only at its end.');
    expect(fails({ ...url(address), example: ['https://example.com/a'] })).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['no example', undefined],
    ['an example that is not a URL', ['abc']],
    ['an example with the scheme later on', ['see https://example.com/a']],
    ['an example that is not a string', [42]],
    ['an example that is a list inside the list', [['https://example.com/a']]],
  ])('a URL variable with %s is missing its example', (_label, example) => {
    expect(fails({ ...url('https://example.com/{{1}}'), ...(example === undefined ? {} : { example }) })).toEqual(
      metaError(MISSING_EXAMPLE, 'Example missing', 'buttons[0]: add example with a full sample URL.'),
    );
  });
});

describe('authentication templates', () => {
  const otp = (extra: Record<string, unknown> = {}): Json => ({ type: 'OTP', otp_type: 'COPY_CODE', ...extra });
  const auth = (list: Json[]) => validateAuthentication(list);
  const body: Json = { type: 'BODY', add_security_recommendation: true };
  const otpMissing = metaError(undefined, 'OTP button missing', 'Authentication templates need exactly one OTP button with otp_type COPY_CODE, ONE_TAP or ZERO_TAP.');

  it('stores the preset body, the expiry footer and the OTP button', () => {
    expect(auth([{ type: 'FOOTER', code_expiration_minutes: 10 }, body, buttons(otp({ text: 'Copy' }))])).toStrictEqual([
      { type: 'BODY', add_security_recommendation: true },
      { type: 'FOOTER', code_expiration_minutes: 10 },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy' }] },
    ]);
  });

  it.each(['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'])('accepts otp_type %s without footer or text; only true turns the security sentence on', (otpType) => {
    expect(auth([{ type: 'body', add_security_recommendation: 'true' }, { type: 'buttons', buttons: [otp({ otp_type: otpType })] }])).toStrictEqual([
      { type: 'BODY', add_security_recommendation: false },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: otpType }] },
    ]);
  });

  it('needs a BODY component', () => {
    expect(rejection(() => auth([{ type: 'FOOTER', code_expiration_minutes: 5 }, buttons(otp())]))).toEqual(
      metaError(BODY_FORMAT, 'Body missing', 'Authentication templates need a BODY component (with add_security_recommendation true or false).'),
    );
  });

  it('rejects body text', () => {
    expect(rejection(() => auth([{ type: 'BODY', text: 'Your code is {{1}}' }, buttons(otp())]))).toEqual(
      metaError(BODY_FORMAT, 'Body format incorrect', 'Authentication templates use preset text: remove body text, use add_security_recommendation.'),
    );
  });

  it.each<[string, unknown, boolean]>([
    ['1 minute (the minimum)', 1, true],
    ['90 minutes (the maximum)', 90, true],
    ['0 minutes', 0, false],
    ['91 minutes', 91, false],
    ['1.5 minutes', 1.5, false],
    ['a string', '10', false],
    ['no minutes', undefined, false],
  ])('code_expiration_minutes of %s', (_label, minutes, ok) => {
    const list = [body, { type: 'FOOTER', ...(minutes === undefined ? {} : { code_expiration_minutes: minutes }) }, buttons(otp())];
    if (ok) expect(auth(list)[1]).toStrictEqual({ type: 'FOOTER', code_expiration_minutes: minutes });
    else expect(rejection(() => auth(list))).toEqual(metaError(FOOTER_FORMAT, 'Footer format incorrect', 'footer: code_expiration_minutes must be a whole number from 1 to 90.'));
  });

  it('rejects a header', () => {
    expect(rejection(() => auth([body, { type: 'header', format: 'TEXT', text: 'Code' }, buttons(otp())]))).toEqual(
      metaError(HEADER_FORMAT, 'Header not allowed', 'Authentication templates cannot have a header.'),
    );
  });

  it.each<[string, Json[]]>([
    ['no BUTTONS component', [body]],
    ['a BUTTONS component without buttons', [body, { type: 'BUTTONS' }]],
    ['an object in place of the button list', [body, { type: 'BUTTONS', buttons: { length: 1, 0: otp() } }]],
    ['two OTP buttons', [body, buttons(otp(), otp())]],
    ['a null button', [body, buttons(null)]],
    ['a quick reply instead', [body, buttons({ type: 'QUICK_REPLY', text: 'Yes', otp_type: 'COPY_CODE' })]],
    ['no otp_type', [body, buttons({ type: 'OTP' })]],
    ['an unknown otp_type', [body, buttons(otp({ otp_type: 'SMS' }))]],
  ])('rejects %s', (_label, list) => {
    expect(rejection(() => auth(list))).toEqual(otpMissing);
  });

  it.each<[string, number, boolean]>([
    ['25 characters (the limit)', 25, true],
    ['26 characters', 26, false],
  ])('OTP button text of %s', (_label, length, ok) => {
    const list = [body, buttons(otp({ text: 't'.repeat(length) }))];
    if (ok) expect(auth(list)[1]).toStrictEqual({ type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 't'.repeat(length) }] });
    else expect(rejection(() => auth(list))).toEqual(metaError(LIMIT, 'Character limit exceeded', 'buttons[0].text may have at most 25 characters.'));
  });
});
