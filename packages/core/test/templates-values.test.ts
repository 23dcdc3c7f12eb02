import { describe, expect, it } from '@jest/globals';
import { filenameOf, looksLikeDate, parseCurrency, parseLocation, parseMediaValue, textRuleProblem } from '../src/templates/values.js';

describe('parseLocation: "latitude,longitude[,name]" within ±90 and ±180', () => {
  it.each([
    ['90,180', { latitude: 90, longitude: 180 }],
    ['-90,-180', { latitude: -90, longitude: -180 }],
    ['0,0', { latitude: 0, longitude: 0 }],
    [' 60.1699 , 24.9384 ', { latitude: 60.1699, longitude: 24.9384 }],
    ['60.1699,24.9384,Kamppi', { latitude: 60.1699, longitude: 24.9384, name: 'Kamppi' }],
    ['60,24, Kamppi, Helsinki ', { latitude: 60, longitude: 24, name: 'Kamppi, Helsinki' }],
    ['60,24,  ', { latitude: 60, longitude: 24 }],
  ])('reads %j', (value, expected) => {
    expect(parseLocation(value)).toEqual(expected);
  });

  it.each(['60, ', '90.0001,0', '-90.0001,0', '95,0', '0,180.0001', '0,-180.0001', ',', ',24', '60,', ' ,24', 'a,b', '60', '', 'Infinity,0', '0,Infinity', 'Kamppi'])('refuses %j', (value) => {
    expect(parseLocation(value)).toBeUndefined();
  });
});

describe('parseCurrency: an ISO code or a symbol, before or after the amount', () => {
  it.each([
    ['12.50 EUR', 'EUR', 12500],
    ['EUR 12.50', 'EUR', 12500],
    ['eur12.5', 'EUR', 12500],
    ['  12 usd  ', 'USD', 12000],
    ['1,234.50 USD', 'USD', 1234500],
    ['1.234,50 EUR', 'EUR', 1234500],
    ['1 234,56 EUR', 'EUR', 1234560],
    ['1,234 USD', 'USD', 1234000],
    ['1.234 EUR', 'EUR', 1234000],
    ['1,23 EUR', 'EUR', 1230],
    ['0.5 EUR', 'EUR', 500],
    ['12.345,678 EUR', 'EUR', 12345678],
    ['-5 USD', 'USD', -5000],
    // The sign applies to the whole amount, decimals included.
    ['-5.50 USD', 'USD', -5500],
    ['EUR -1.234,50', 'EUR', -1234500],
    ['€12,50', 'EUR', 12500],
    ['12,50 €', 'EUR', 12500],
    ['$149.90', 'USD', 149900],
    ['£ 3', 'GBP', 3000],
    ['¥500', 'JPY', 500000],
    ['₹99', 'INR', 99000],
    ['R$ 10,00', 'BRL', 10000],
    ['10 R$', 'BRL', 10000],
  ])('%j → %s %i', (value, code, amount1000) => {
    expect(parseCurrency(value)).toEqual({ code, amount1000 });
  });

  it.each(['twelve euros', '12', 'EUR', '12.5.5 EUR', '12.3456 EUR', '12 EU', 'EURO 12', '12 €€', '%12', 'R 10', '12,5,5 EUR', ''])('refuses %j', (value) => {
    expect(parseCurrency(value)).toBeUndefined();
  });
});

describe("textRuleProblem: Meta's 132018 rule", () => {
  it.each([
    ['a\nb', 'must not contain line breaks'],
    ['a\rb', 'must not contain line breaks'],
    ['a\tb', 'must not contain tabs'],
    ['a     b', 'must not contain more than 4 spaces in a row'],
  ])('%j: %s', (value, problem) => {
    expect(textRuleProblem(value)).toBe(problem);
  });

  it.each(['a    b', 'a b c', ''])('%j passes', (value) => {
    expect(textRuleProblem(value)).toBeUndefined();
  });
});

describe('looksLikeDate', () => {
  it.each(['2026-12-01', '2026-12-01 10:00', '2026-12-01T10:00:30', '1.12.2026', '01/12/26', 'November 28, 2026', 'Nov. 28th', 'dec 1', '28 November 2026', '1. Dec', '  2026-12-01  '])('%j looks like a date', (value) => {
    expect(looksLikeDate(value)).toBe(true);
  });

  it.each(['Aino', '12.50 EUR', 'A-1042', '2026', 'Monday', 'November', '12 items'])('%j does not', (value) => {
    expect(looksLikeDate(value)).toBe(false);
  });
});

describe('parseMediaValue: an https link or a numeric media id', () => {
  it.each([
    ['1290457731993215', { id: '1290457731993215' }],
    [' 7 ', { id: '7' }],
    ['9'.repeat(32), { id: '9'.repeat(32) }],
    ['https://cdn.example.com/a.jpg', { link: 'https://cdn.example.com/a.jpg' }],
    ['HTTPS://CDN.EXAMPLE.COM/A.jpg', { link: 'https://cdn.example.com/A.jpg' }],
  ])('%j', (value, expected) => {
    expect(parseMediaValue(value)).toEqual(expected);
  });

  it.each(['9'.repeat(33), 'http://cdn.example.com/a.jpg', 'https://cdn.example.com/a b.jpg', 'https://', 'https://[::1', 'cdn.example.com/a.jpg', 'see https://x.com/a', 'xhttps://cdn.example.com/a.jpg', 'id-12'])('refuses %j', (value) => {
    expect(parseMediaValue(value)).toBeUndefined();
  });
});

describe('filenameOf', () => {
  it.each([
    ['https://files.example.com/inv/INV-2026-118.pdf', 'INV-2026-118.pdf'],
    ['https://files.example.com/invoice%20118.pdf?x=1', 'invoice 118.pdf'],
    ['https://files.example.com/a.jpeg2', 'a.jpeg2'],
  ])('%j → %j', (link, name) => {
    expect(filenameOf(link)).toBe(name);
  });

  it.each(['https://files.example.com/download', 'https://files.example.com/dir/', 'https://files.example.com/a.toolong', 'https://files.example.com/a.p-f', 'https://files.example.com/.pdf', 'https://files.example.com/', 'https://files.example.com/a%2Fb.pdf'])('%j has none', (link) => {
    expect(filenameOf(link)).toBeUndefined();
  });
});
