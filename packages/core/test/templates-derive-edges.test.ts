import { describe, expect, it } from '@jest/globals';
import { loadSample } from '@kaiku/shared';
import { deriveTemplateInputs } from '../src/templates/index.js';
import type { MetaTemplate, MetaTemplateButton, MetaTemplateComponent } from '../src/templates/index.js';

const fixture = (name: string) => loadSample(`templates/${name}`) as MetaTemplate;
const template = (components: MetaTemplateComponent[], category = 'UTILITY'): MetaTemplate =>
  ({ id: '1', name: 'edge', language: 'en', status: 'APPROVED', category, components });
const withButtons = (buttons: MetaTemplateButton[], category?: string) =>
  template([{ type: 'BODY', text: 'Hello there.' }, { type: 'BUTTONS', buttons }], category);
const header = (component: Omit<MetaTemplateComponent, 'type'>) =>
  deriveTemplateInputs(template([{ type: 'HEADER', ...component }, { type: 'BODY', text: 'See above.' }]));

describe('deriveTemplateInputs: media and location headers', () => {
  it('describes the location header a user fills in', () => {
    expect(deriveTemplateInputs(fixture('pickup_point'))[0]).toEqual({
      key: 'header_location', kind: 'header_location', label: 'Header location', required: true, component: 'header',
      description: 'The place shown in the header, as "latitude,longitude,name", e.g. "60.1699,24.9384,Kamppi pickup point".',
      example: '60.1699,24.9384,Kamppi pickup point', maxLength: 300,
    });
  });

  it.each([
    ['invoice_ready', 'document', /\.pdf/],
    ['spring_sale', 'video', /\.mp4/],
    ['appointment_reminder', 'image', /^https:\/\/scontent\.whatsapp\.net\//],
  ])('%s: the %s header is asked for by its lower-case name, with Meta\'s sample link', (name, noun, link) => {
    expect(deriveTemplateInputs(fixture(name))[0]).toEqual({
      key: `header_${noun}`, kind: `header_${noun}`, label: `Header ${noun}`, required: true, component: 'header', maxLength: 2048,
      description: `The ${noun} shown in the header: a public HTTPS link to the file or an uploaded WhatsApp media id.`,
      example: expect.stringMatching(link),
    });
  });

  it('offers no example when Meta keeps none, or only an upload handle that is not a link', () => {
    for (const example of [undefined, {}, { header_handle: [] }, { header_handle: ['4::aW1hZ2UvanBlZw==:ARb1'] }]) {
      const [input] = header({ format: 'IMAGE', ...(example ? { example } : {}) });
      expect(input).toMatchObject({ key: 'header_image', kind: 'header_image' });
      expect(input).not.toHaveProperty('example');
    }
  });

  it('asks for the image only, even when an image header also carries a text with a placeholder', () => {
    expect(header({ format: 'IMAGE', text: 'Order {{1}}' }).map(({ key }) => key)).toEqual(['header_image']);
  });

  it('says a text header value goes into the header', () => {
    expect(deriveTemplateInputs(fixture('order_shipped'))[0]).toMatchObject({
      key: 'header_1', label: 'Header {{1}}', description: 'Fills {{1}} in the header: "Order {{1}} shipped".',
    });
  });
});

describe('deriveTemplateInputs: placeholders without examples', () => {
  it('leaves the example out entirely (not present as undefined)', () => {
    const inputs = deriveTemplateInputs(template([{ type: 'HEADER', format: 'TEXT', text: 'Hi {{1}}' }, { type: 'BODY', text: 'Your code is {{1}}.' }]));
    expect(inputs.map(({ key }) => key)).toEqual(['header_1', '1']);
    for (const input of inputs) expect(Object.keys(input)).not.toContain('example');
  });
});

describe('deriveTemplateInputs: URL buttons', () => {
  const urlButton = (url: string, example?: string | string[]): MetaTemplateButton =>
    ({ type: 'URL', text: 'Track', url, ...(example === undefined ? {} : { example }) });

  it('describes the link ending with the fixed start of the link and the button text', () => {
    expect(deriveTemplateInputs(fixture('invoice_ready')).at(-1)).toEqual({
      key: 'button_0_url', kind: 'url_suffix', label: '"Pay invoice" button link ending', required: true, component: 'button', buttonIndex: 0,
      description: 'Added to the end of https://pay.example.com/i/ when the customer taps "Pay invoice".',
      maxLength: 2000 - 'https://pay.example.com/i/'.length, example: 'INV-2026-118',
    });
  });

  it('accepts spaces inside the braces and after them', () => {
    const [input] = deriveTemplateInputs(withButtons([urlButton('https://shop.example.com/t/{{ 1 }} ', 'https://shop.example.com/t/NW5')]));
    expect(input).toMatchObject({
      key: 'button_0_url', example: 'NW5', maxLength: 2000 - 'https://shop.example.com/t/'.length,
      description: 'Added to the end of https://shop.example.com/t/ when the customer taps "Track".',
    });
  });

  it('treats a link with {{1}} anywhere but at its end as a static link: nothing to fill', () => {
    expect(deriveTemplateInputs(withButtons([urlButton('https://shop.example.com/{{1}}/track')]))).toEqual([]);
  });

  it('treats only URL buttons as links, whatever else a button carries', () => {
    const payload: MetaTemplateButton = { type: 'QUICK_REPLY', text: 'Track', url: 'https://shop.example.com/t/{{1}}' };
    expect(deriveTemplateInputs(withButtons([payload])).map(({ kind }) => kind)).toEqual(['quick_reply_payload']);
  });

  it('treats a URL button without a link as static', () => {
    expect(deriveTemplateInputs(withButtons([{ type: 'URL', text: 'Track' }]))).toEqual([]);
  });

  it('offers no example when there is none, or when Meta\'s sample link has a different start', () => {
    for (const example of [undefined, ['https://other.example.com/t/NW5'], 'https://shop.example.co/NW5']) {
      const [input] = deriveTemplateInputs(withButtons([urlButton('https://shop.example.com/t/{{1}}', example)]));
      expect(input).toMatchObject({ key: 'button_0_url', kind: 'url_suffix' });
      expect(input).not.toHaveProperty('example');
    }
  });
});

describe('deriveTemplateInputs: copy-code and quick-reply buttons', () => {
  it('describes the copy code with its limit', () => {
    expect(deriveTemplateInputs(fixture('spring_sale')).find(({ kind }) => kind === 'copy_code')).toEqual({
      key: 'button_1_code', kind: 'copy_code', label: '"Copy offer code" code', required: true, component: 'button', buttonIndex: 1,
      description: 'The code the customer copies with the "Copy offer code" button (at most 15 characters).',
      maxLength: 15, example: 'SPRING25',
    });
  });

  it('describes the optional quick-reply payload, its example made from the button text', () => {
    const [input] = deriveTemplateInputs(withButtons([{ type: 'QUICK_REPLY', text: 'Not now, thanks!' }]));
    expect(input).toEqual({
      key: 'button_0_payload', kind: 'quick_reply_payload', label: '"Not now, thanks!" button payload (optional)', required: false,
      component: 'button', buttonIndex: 0, maxLength: 1000, example: 'NOT_NOW_THANKS',
      description: 'Sent back to you when the customer taps "Not now, thanks!"; without it you receive the button\'s text.',
    });
  });

  it('trims every underscore from the ends of the example, not only one', () => {
    // "_ " becomes "__": underscores are word characters, so only the space turns into one.
    const [input] = deriveTemplateInputs(withButtons([{ type: 'QUICK_REPLY', text: '_ Not now! _' }]));
    expect(input).toMatchObject({ example: 'NOT_NOW' });
  });

  it('names a button without a text by its position, counted from 1', () => {
    const inputs = deriveTemplateInputs(withButtons([{ type: 'QUICK_REPLY', text: 'Yes' }, { type: 'QUICK_REPLY' }]));
    expect(inputs[1]).toMatchObject({ key: 'button_1_payload', label: '"button 2" button payload (optional)', example: 'BUTTON_2' });
  });
});
