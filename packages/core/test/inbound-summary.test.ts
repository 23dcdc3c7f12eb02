/** The one-line summaries of contact cards and orders, and the small readers of Meta's odd value shapes. */
import { contactsSummary, flowToken, orderSummary, str, toNumber } from '../src/whatsapp/inbound-summary.js';
import type { WireContactCard } from '../src/whatsapp/wire-webhook.js';

describe('contactsSummary', () => {
  const cases: [string, WireContactCard[], string][] = [
    ['formatted name and wa_id', [{ name: { formatted_name: 'Jane Doe' }, phones: [{ phone: '+358 40 765 4321', wa_id: '358407654321' }] }], 'Jane Doe (+358407654321)'],
    ['wa_id wins over a differently written phone', [{ name: { formatted_name: 'Jane' }, phones: [{ phone: '040 765 4321', wa_id: '358407654321' }] }], 'Jane (+358407654321)'],
    ['phone without wa_id, spaces, dots, dashes and brackets dropped', [{ name: { formatted_name: 'Jane' }, phones: [{ phone: '+1 (555) 010-12.34' }] }], 'Jane (+15550101234)'],
    ['empty wa_id falls back to the phone', [{ name: { formatted_name: 'Jane' }, phones: [{ phone: '+46 70 123 45 67', wa_id: '' }] }], 'Jane (+46701234567)'],
    ['a phone entry with no number is left out', [{ name: { formatted_name: 'Jane' }, phones: [{ type: 'HOME' }, { phone: ' ( ) - ' }] }], 'Jane'],
    ['first and last name joined by a space', [{ name: { first_name: 'Jane', last_name: 'Doe' } }], 'Jane Doe'],
    ['only a last name', [{ name: { last_name: 'Doe' } }], 'Doe'],
    ['formatted name wins over first and last', [{ name: { formatted_name: 'Dr. J. Doe', first_name: 'Jane' } }], 'Dr. J. Doe'],
    ['no name at all', [{ phones: [{ wa_id: '46701234567' }] }], 'Unnamed contact (+46701234567)'],
    ['no name and no phones', [{}], 'Unnamed contact'],
    ['two phones of one card', [{ name: { formatted_name: 'Jane' }, phones: [{ wa_id: '358401234567' }, { phone: '+46 70 123 45 67' }] }], 'Jane (+358401234567, +46701234567)'],
    ['two cards', [{ name: { formatted_name: 'Jane Doe' }, phones: [{ wa_id: '358401234567' }] }, { name: { formatted_name: 'John Roe' } }], 'Jane Doe (+358401234567), John Roe'],
  ];

  it.each(cases)('%s', (_label, cards, expected) => {
    expect(contactsSummary(cards)).toBe(expected);
  });
});

describe('orderSummary', () => {
  it('writes each item as quantity × product at price currency', () => {
    expect(orderSummary([
      { product_retailer_id: 'sku-1', quantity: 2, item_price: 12.5, currency: 'EUR' },
      { product_retailer_id: 'sku-2', quantity: '1', item_price: '3', currency: 'EUR' },
    ])).toBe('2 × sku-1 at 12.5 EUR, 1 × sku-2 at 3 EUR');
  });

  it('fills in what an item leaves out, without a trailing space', () => {
    expect(orderSummary([{}])).toBe('1 × item at ?');
    expect(orderSummary([{ product_retailer_id: 'sku-9', item_price: 4 }])).toBe('1 × sku-9 at 4');
  });

  it('says so when the order has no items', () => {
    expect(orderSummary([])).toBe('Order without items');
  });
});

describe('toNumber', () => {
  const cases: [string, number | string | undefined, number | null][] = [
    ['a number', 60.1699, 60.1699],
    ['a numeric string', '24.9384', 24.9384],
    ['a numeric string with spaces around it', ' -12.5 ', -12.5],
    ['an empty string', '', null],
    ['a string of spaces', '   ', null],
    ['a string that is no number', 'north', null],
    ['nothing', undefined, null],
    ['infinity', Number.POSITIVE_INFINITY, null],
    ['NaN', Number.NaN, null],
    ['a string too large for a number', '1e400', null],
  ];

  it.each(cases)('%s', (_label, value, expected) => {
    expect(toNumber(value)).toBe(expected);
  });
});

describe('flowToken', () => {
  const cases: [string, string | undefined, string | null][] = [
    ['a token in the response', '{"flow_token":"tok-1","answer":"yes"}', 'tok-1'],
    ['no response', undefined, null],
    ['a response without a token', '{"answer":"yes"}', null],
    ['a token that is no string', '{"flow_token":42}', null],
    ['a response that is null', 'null', null],
    ['a response that is a string', '"flow_token"', null],
    ['a response that is an array', '["flow_token"]', null],
    ['a response that is no JSON', '{flow_token', null],
  ];

  it.each(cases)('%s', (_label, responseJson, expected) => {
    expect(flowToken(responseJson)).toBe(expected);
  });
});

describe('str', () => {
  it('keeps a string and refuses other shapes', () => {
    expect(str('Hei')).toBe('Hei');
    expect(str('')).toBe('');
    expect(str(7)).toBeNull();
    expect(str(null)).toBeNull();
    expect(str({ text: 'Hei' })).toBeNull();
  });

  it('drops every NUL character, which no PostgreSQL text column can hold', () => {
    expect(str('a\u0000b\u0000c')).toBe('abc');
    expect(str('\u0000')).toBe('');
  });
});
