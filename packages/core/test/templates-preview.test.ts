import { describe, expect, it } from '@jest/globals';
import { renderTemplatePreview } from '../src/templates/preview.js';
import type { MetaTemplate, MetaTemplateComponent } from '../src/templates/types.js';

const template = (...components: MetaTemplateComponent[]): MetaTemplate => ({ id: '1', name: 't', language: 'en', status: 'APPROVED', category: 'UTILITY', components });
const body: MetaTemplateComponent = { type: 'BODY', text: 'Hi {{1}}, order {{2}} ships.' };

describe('renderTemplatePreview: what the customer reads', () => {
  it('fills given values and leaves missing, empty or null ones visible as placeholders', () => {
    expect(renderTemplatePreview(template(body), { 1: 'Aino', 2: '' })).toBe('Hi Aino, order {{2}} ships.');
    expect(renderTemplatePreview(template(body), { 1: null, 2: 0 })).toBe('Hi {{1}}, order 0 ships.');
  });

  it('shows only the parts the template has, one blank line apart', () => {
    expect(renderTemplatePreview(template(body))).toBe('Hi {{1}}, order {{2}} ships.');
    expect(renderTemplatePreview(template({ type: 'FOOTER', text: 'Kaiku' }))).toBe('Kaiku');
    expect(renderTemplatePreview(template())).toBe('');
    const full = template({ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' }, body, { type: 'FOOTER', text: 'Reply STOP to opt out' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Track' }, { type: 'URL', url: 'https://example.com/{{1}}' }] });
    expect(renderTemplatePreview(full, { header_1: 'KA-1', 1: 'Aino', 2: 'KA-1' })).toBe('Order KA-1\n\nHi Aino, order KA-1 ships.\n\nReply STOP to opt out\n\n[Track] [URL]');
    expect(renderTemplatePreview(full)).toMatch(/^Order \{\{1\}\}\n\n/);
  });

  it('labels a media header, and names a location header by the name in its value', () => {
    const media = (format: MetaTemplateComponent['format']) => template({ type: 'HEADER', format }, body);
    expect(renderTemplatePreview(media('IMAGE'), { header_location: '60,24,Kamppi' })).toMatch(/^\[Image\]\n\n/);
    expect(renderTemplatePreview(media('LOCATION'), { header_location: '60.1699,24.9384, Kamppi pickup, Helsinki ' })).toMatch(/^\[Location\] Kamppi pickup, Helsinki\n\n/);
    expect(renderTemplatePreview(media('LOCATION'), { header_location: '60.1699,24.9384' })).toMatch(/^\[Location\]\n\n/);
    expect(renderTemplatePreview(media('LOCATION'))).toMatch(/^\[Location\]\n\n/);
    expect(renderTemplatePreview(media('AUDIO' as MetaTemplateComponent['format']))).toMatch(/^\[AUDIO\]\n\n/);
  });
});
