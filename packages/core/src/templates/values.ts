/** Parsing and checking of template values, one kind at a time. Each check returns a problem or the value. */

/** Meta's rule for parameter text (132018): no newline, no tab, at most 4 spaces in a row. */
export function textRuleProblem(value: string): string | undefined {
  if (/[\n\r]/.test(value)) return 'must not contain line breaks';
  if (value.includes('\t')) return 'must not contain tabs';
  if (/ {5,}/.test(value)) return 'must not contain more than 4 spaces in a row';
  return undefined;
}

/** A parsed amount: ISO 4217 code and the amount × 1000 as Meta wants it. */
export interface ParsedCurrency {
  code: string;
  amount1000: number;
}

const SYMBOLS: Readonly<Record<string, string>> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', R$: 'BRL' };
const AMOUNT = String.raw`(-?\d{1,3}(?:[ ,.]\d{3})*(?:[.,]\d{1,3})?|-?\d+(?:[.,]\d{1,3})?)`;
const CODE_FIRST = new RegExp(String.raw`^([A-Za-z]{3})\s*${AMOUNT}$`);
const AMOUNT_FIRST = new RegExp(String.raw`^${AMOUNT}\s*([A-Za-z]{3})$`);
const SYMBOL_FIRST = new RegExp(String.raw`^(R\$|[$€£¥₹])\s*${AMOUNT}$`);
const SYMBOL_LAST = new RegExp(String.raw`^${AMOUNT}\s*(R\$|[$€£¥₹])$`);

// `text` is what AMOUNT matched: digits with separators and at most 3 decimals, so it always has a value.
function toAmount1000(text: string): number {
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  const lastSeparator = Math.max(digits.lastIndexOf('.'), digits.lastIndexOf(','));
  let whole = digits;
  let fraction = '';
  if (lastSeparator !== -1) {
    const tail = digits.slice(lastSeparator + 1);
    // "12.50" and "1.234,5" have decimals; a lone "1,234" is a thousands separator.
    if (tail.length <= 2 || (digits.includes('.') && digits.includes(','))) {
      whole = digits.slice(0, lastSeparator);
      fraction = tail;
    }
  }
  const value = Number(whole.replace(/[ ,.]/g, '')) * 1000 + Number(fraction.padEnd(3, '0'));
  return negative ? -value : value;
}

/** Parses "12.50 EUR", "EUR 12.50", "€12,50" or "$149.90" into a code and amount × 1000; undefined if not an amount. */
export function parseCurrency(value: string): ParsedCurrency | undefined {
  const text = value.trim();
  const codeFirst = CODE_FIRST.exec(text);
  if (codeFirst) return { code: String(codeFirst[1]).toUpperCase(), amount1000: toAmount1000(String(codeFirst[2])) };
  const amountFirst = AMOUNT_FIRST.exec(text);
  if (amountFirst) return { code: String(amountFirst[2]).toUpperCase(), amount1000: toAmount1000(String(amountFirst[1])) };
  // The symbol patterns match only the symbols SYMBOLS knows.
  const symbolFirst = SYMBOL_FIRST.exec(text);
  if (symbolFirst) return { code: String(SYMBOLS[String(symbolFirst[1])]), amount1000: toAmount1000(String(symbolFirst[2])) };
  const symbolLast = SYMBOL_LAST.exec(text);
  return symbolLast ? { code: String(SYMBOLS[String(symbolLast[2])]), amount1000: toAmount1000(String(symbolLast[1])) } : undefined;
}

const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const DATE_PATTERNS = [
  /^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?)?/,
  /^\d{1,2}[./]\d{1,2}[./]\d{2,4}/,
  new RegExp(`^(${MONTHS})[a-z]*\\.? \\d{1,2}(st|nd|rd|th)?(,? \\d{4})?`, 'i'),
  new RegExp(`^\\d{1,2}\\.? (${MONTHS})[a-z]*\\.?( \\d{4})?`, 'i'),
];

/** True when an example looks like a date or time ("2026-12-01 10:00", "November 28, 2026", "1.12.2026"). */
export function looksLikeDate(example: string): boolean {
  return DATE_PATTERNS.some((pattern) => pattern.test(example.trim()));
}

/** A media reference: a public HTTPS URL (`link`) or an uploaded media id. */
export type ParsedMedia = { link: string } | { id: string };

/** Parses a header media value: an https:// URL or a numeric media id. */
export function parseMediaValue(value: string): ParsedMedia | undefined {
  const text = value.trim();
  if (/^\d{1,32}$/.test(text)) return { id: text };
  if (!/^https:\/\/\S+$/i.test(text) || !URL.canParse(text)) return undefined;
  return { link: new URL(text).toString() };
}

/** The file name at the end of a document URL ("…/invoice-118.pdf" → "invoice-118.pdf"), if it has an extension. */
export function filenameOf(link: string): string | undefined {
  const { pathname } = new URL(link);
  const last = decodeURIComponent(pathname.slice(pathname.lastIndexOf('/') + 1));
  return /^[^/]+\.[A-Za-z0-9]{1,5}$/.test(last) ? last : undefined;
}

/** A parsed location header value: "lat,long[,name]". */
export interface ParsedLocation {
  latitude: number;
  longitude: number;
  name?: string;
}

/** Parses "60.1699,24.9384,Kamppi pickup point" (the name is optional and may contain commas). */
export function parseLocation(value: string): ParsedLocation | undefined {
  const [lat = '', long = '', ...rest] = value.split(',');
  // Number() ignores surrounding spaces itself; an empty or blank part is refused below.
  const latitude = Number(lat);
  const longitude = Number(long);
  if (lat.trim() === '' || long.trim() === '' || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  const name = rest.join(',').trim();
  return name ? { latitude, longitude, name } : { latitude, longitude };
}
