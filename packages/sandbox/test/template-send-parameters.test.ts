/** One send-time template parameter: text/currency/date_time values, Meta's 131008/131009/132012/132018 answers, and media and location header parameters. */
import { describe, expect, it } from '@jest/globals';
import { checkParameterText, mediaParameter, parameterValue } from '../src/templates/parameters.js';
import { failure } from './validator-errors.js';

const MISSING = '(#131008) Required parameter is missing';
const FORMAT = '(#132012) Parameter format does not match format in the created template';

describe('parameterValue', () => {
  it.each([
    ['text', 'header', { type: 'text', text: 'Aino', parameter_name: 'first_name' }, { value: 'Aino', name: 'first_name' }],
    ['currency', 'body', { type: 'currency', currency: { fallback_value: '10 EUR', code: 'EUR', amount_1000: 10000 } }, { value: '10 EUR', name: undefined }],
    ['date_time', 'body', { type: 'date_time', date_time: { fallback_value: 'May 1' } }, { value: 'May 1', name: undefined }],
  ])('reads a %s parameter', (_label, part, param, result) => {
    expect(parameterValue(part, param)).toEqual(result);
  });

  it('rejects a parameter that is not an object (131009)', () => {
    expect(failure(() => parameterValue('body', 'Aino'))).toEqual({ status: 400, message: '(#131009) Parameter value is not valid', code: 131009, details: 'body: each parameter must be a JSON object.' });
  });

  it.each([
    ['a text parameter without text', 'header', { type: 'text' }, "header: a parameter of type text requires 'text'."],
    ['a currency parameter without fallback_value', 'body', { type: 'currency', currency: { code: 'EUR' } }, "body: a currency parameter requires 'currency.fallback_value'."],
    ['a date_time parameter without its object', 'body', { type: 'date_time' }, "body: a date_time parameter requires 'date_time.fallback_value'."],
  ])('rejects %s (131008)', (_label, part, param, details) => {
    expect(failure(() => parameterValue(part, param))).toEqual({ status: 400, message: MISSING, code: 131008, details });
  });

  it.each([
    ['an image in the body', 'body', { type: 'image', image: { link: 'https://example.com/a.jpg' } }, 'body: Format mismatch, expected TEXT, received IMAGE'],
    ['a parameter without a type', 'body', { text: 'Aino' }, 'body: Format mismatch, expected TEXT, received UNKNOWN'],
    ['a currency in a text header (body only)', 'header', { type: 'currency', currency: { fallback_value: '10 EUR' } }, 'header: Format mismatch, expected TEXT, received CURRENCY'],
  ])('rejects %s (132012)', (_label, part, param, details) => {
    expect(failure(() => parameterValue(part, param))).toEqual({ status: 400, message: FORMAT, code: 132012, details });
  });
});

describe('checkParameterText (132018)', () => {
  it.each([['four spaces', 'a    b'], ['plain text', 'KA-1042']])('accepts %s', (_label, value) => {
    expect(() => checkParameterText('body', value)).not.toThrow();
  });

  it.each([['five spaces', 'a     b'], ['a newline', 'a\nb'], ['a tab', 'a\tb']])('rejects %s', (_label, value) => {
    expect(failure(() => checkParameterText('body', value))).toEqual({
      status: 400,
      message: '(#132018) There was an issue with the parameters in your template.',
      code: 132018,
      details: 'body: Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
    });
  });
});

describe('mediaParameter', () => {
  it.each([
    ['a link', { link: 'https://example.com/a.jpg' }],
    ['an id', { id: '123' }],
  ])('accepts an image with %s', (_label, image) => {
    expect(mediaParameter({ type: 'image', image }, 'IMAGE')).toBe('[image]');
  });

  it.each([
    ['no object', 'x', 'header: Format mismatch, expected IMAGE, received UNKNOWN'],
    ['an object without a type', { image: { id: '1' } }, 'header: Format mismatch, expected IMAGE, received UNKNOWN'],
    ['another media type', { type: 'video', video: { id: '1' } }, 'header: Format mismatch, expected IMAGE, received VIDEO'],
  ])('rejects %s for an image header (132012)', (_label, param, details) => {
    expect(failure(() => mediaParameter(param, 'IMAGE'))).toEqual({ status: 400, message: FORMAT, code: 132012, details });
  });

  it.each([
    ['without its object', { type: 'image' }, "header: a image parameter requires 'image'."],
    ['with both id and link', { type: 'image', image: { id: '1', link: 'https://example.com/a.jpg' } }, "header: a image parameter requires exactly one of 'id' or 'link'."],
    ['with neither id nor link', { type: 'image', image: {} }, "header: a image parameter requires exactly one of 'id' or 'link'."],
  ])('rejects an image parameter %s (131008)', (_label, param, details) => {
    expect(failure(() => mediaParameter(param, 'IMAGE'))).toEqual({ status: 400, message: MISSING, code: 131008, details });
  });

  const location = (inner: Record<string, unknown>) => ({ type: 'location', location: inner });

  it.each([
    ['name and address', { latitude: 60.17, longitude: 24.94, name: 'Kauppatori', address: 'Helsinki' }, '[location] Kauppatori, Helsinki (60.17, 24.94)'],
    ['only an address', { latitude: 60.17, longitude: 24.94, address: 'Helsinki' }, '[location] Helsinki (60.17, 24.94)'],
    ['only a name', { latitude: 0, longitude: 0, name: 'Null Island' }, '[location] Null Island (0, 0)'],
  ])('renders a location with %s', (_label, inner, line) => {
    expect(mediaParameter(location(inner), 'LOCATION')).toBe(line);
  });

  it.each([
    ['latitude', { longitude: 24.94 }],
    ['longitude', { latitude: 60.17 }],
    ['both coordinates', { name: 'Kauppatori' }],
  ])('rejects a location without %s (131008)', (_label, inner) => {
    expect(failure(() => mediaParameter(location(inner), 'LOCATION'))).toEqual({ status: 400, message: MISSING, code: 131008, details: 'header: a location parameter requires latitude and longitude.' });
  });
});
