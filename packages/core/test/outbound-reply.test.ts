import { describe, expect, it } from '@jest/globals';
import { loadSample } from '@kaiku/shared';
import { replyInputToMessage } from '../src/whatsapp/outbound-reply.js';
import type { ReplyInput } from '../src/whatsapp/outbound-reply.js';
import { toWireRequest } from '../src/whatsapp/outbound.js';

const TO = '+358 40 123 4567';
const WAMID = 'wamid.HBgMMzU4NDAxMjM0NTY3FQIAEhggOTgyRDlFM0VCOTk2RjU1OUU2MzNGNEQxOTRERUYzNzYA';

function rejection(input: ReplyInput, at?: string): unknown {
  try {
    replyInputToMessage(input, at);
  } catch (error) {
    const { code, message, details } = error as { code: string; message: string; details: unknown };
    return { code, message, details };
  }
  throw new Error('expected a validation error');
}

describe('replyInputToMessage', () => {
  it('maps the shared sample (text, reply_to) and leaves `to` for the proxy to normalise', () => {
    const input = loadSample('reply.input') as ReplyInput;
    const message = replyInputToMessage(input);
    expect(message).toEqual({ to: '+358 40 123 4567', replyTo: input.reply_to, type: 'text', text: input.text, previewUrl: false });
    expect(toWireRequest(message)).toEqual({
      messaging_product: 'whatsapp', recipient_type: 'individual', to: '+358 40 123 4567', type: 'text',
      text: { body: input.text, preview_url: false }, context: { message_id: input.reply_to },
    });
  });

  it('maps media by link and by id (filename only for documents)', () => {
    expect(replyInputToMessage({ to: TO, media: { type: 'document', url: 'https://files.example.com/a.pdf', caption: 'Invoice', filename: 'a.pdf' } }))
      .toEqual({ to: TO, type: 'document', media: { url: 'https://files.example.com/a.pdf' }, caption: 'Invoice', filename: 'a.pdf' });
    expect(replyInputToMessage({ to: TO, media: { type: 'sticker', id: '1290457731993215' } })).toEqual({ to: TO, type: 'sticker', media: { id: '1290457731993215' } });
  });

  it.each([
    ['https://127.0.0.1/a.jpg', '127.0.0.1 is not a public address (loopback)'],
    ['https://localhost/a.jpg', 'localhost names a local machine'],
    ['https://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[fd00::1]/a.jpg', 'unique-local'],
  ])('refuses media.url %s: Meta would be asked to fetch an internal host', (url, why) => {
    expect(rejection({ to: TO, media: { type: 'image', url } })).toMatchObject({
      code: 'validation_failed', details: { fields: [{ field: 'media.url', message: expect.stringContaining(why) }] },
    });
  });

  it('refuses a NUL in the text with a message saying where it is', () => {
    expect(rejection({ to: TO, text: 'Thanks\u0000!' })).toMatchObject({
      code: 'validation_failed', details: { fields: [{ field: 'text', message: expect.stringContaining('U+0000 at position 7') }] },
    });
  });

  it('maps buttons, defaulting each id to its title', () => {
    const message = replyInputToMessage({ to: TO, reply_to: WAMID, buttons: { body: 'Which size?', header: 'Sizes', footer: 'Kaiku', choices: [{ title: 'Small' }, { id: 'size-m', title: 'Medium' }] } });
    expect(toWireRequest(message)).toEqual({
      messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, type: 'interactive', context: { message_id: WAMID },
      interactive: { type: 'button', header: { type: 'text', text: 'Sizes' }, body: { text: 'Which size?' }, footer: { text: 'Kaiku' },
        action: { buttons: [{ type: 'reply', reply: { id: 'Small', title: 'Small' } }, { type: 'reply', reply: { id: 'size-m', title: 'Medium' } }] } },
    });
  });

  it('maps a list', () => {
    const list = { body: 'Pick a size', button: 'Sizes', sections: [{ title: 'Shirts', rows: [{ id: 'size-m', title: 'Medium', description: 'Chest 96–104 cm' }] }] };
    expect(replyInputToMessage({ to: TO, list })).toEqual({ to: TO, type: 'list', body: 'Pick a size', button: 'Sizes', sections: list.sections });
  });

  it('needs exactly one of text, media, buttons or list', () => {
    expect(rejection({ to: TO })).toMatchObject({ code: 'validation_failed', message: 'A reply needs exactly one of text, media, buttons or list; none was given.' });
    expect(rejection({ to: TO, text: 'hi', list: { body: 'b', button: 'x', sections: [] } }))
      .toMatchObject({ message: 'A reply needs exactly one of text, media, buttons or list; text and list were given.' });
  });

  it("names the fields at fault as the reply input names them", () => {
    expect(rejection({ to: TO, buttons: { body: 'b', choices: [{ title: 'A title that is too long' }, { title: 'B' }, { title: 'C' }, { title: 'D' }] } })).toEqual({
      code: 'validation_failed',
      message: 'The reply cannot be sent: buttons.choices must have 1 to 3 buttons (it has 4); buttons.choices[0].title must be at most 20 characters (it has 24).',
      details: { fields: [
        { field: 'buttons.choices', message: 'must have 1 to 3 buttons (it has 4)' },
        { field: 'buttons.choices[0].title', message: 'must be at most 20 characters (it has 24)' },
      ] },
    });
    expect(rejection({ to: TO, media: { type: 'audio', id: '1', caption: 'x' } })).toMatchObject({ details: { fields: [{ field: 'media.caption', message: 'cannot be sent with audio' }] } });
    expect(rejection({ to: TO, media: { type: 'image' } })).toMatchObject({ details: { fields: [{ field: 'media' }] } });
    expect(rejection({ to: TO, list: { body: 'b', button: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }] }, { rows: [{ id: 'a', title: 'B' }] }] } }))
      .toMatchObject({ details: { fields: [
        { field: 'list.sections', message: 'row ids must be different from each other' },
        { field: 'list.sections[0].title', message: 'is required' },
        { field: 'list.sections[1].title', message: 'is required' },
      ] } });
  });

  it('names the fields after where the reply sits, when it sits inside something larger', () => {
    expect(rejection({ to: TO, text: 'x'.repeat(4097) }, 'action.reply.')).toEqual({
      code: 'validation_failed', message: 'The reply cannot be sent: action.reply.text must be at most 4096 characters (it has 4097).',
      details: { fields: [{ field: 'action.reply.text', message: 'must be at most 4096 characters (it has 4097)' }] },
    });
    expect(rejection({ to: TO, media: { type: 'audio', id: '1', caption: 'x' } }, 'action.reply.')).toMatchObject({ details: { fields: [{ field: 'action.reply.media.caption' }] } });
    expect(rejection({ to: TO, buttons: { body: 'b', choices: [{ title: 'x'.repeat(21) }] } }, 'rule.reply.')).toMatchObject({ details: { fields: [{ field: 'rule.reply.buttons.choices[0].title' }] } });
    expect(rejection({ to: TO }, 'action.reply.')).toEqual({
      code: 'validation_failed', message: 'action.reply needs exactly one of text, media, buttons or list; none was given.',
      details: { fields: ['text', 'media', 'buttons', 'list'].map((field) => ({ field: `action.reply.${field}`, message: 'exactly one of text, media, buttons or list' })) },
    });
  });
});
