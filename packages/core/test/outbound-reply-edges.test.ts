import { describe, expect, it } from '@jest/globals';
import { replyInputToMessage } from '../src/whatsapp/outbound-reply.js';
import type { ReplyInput } from '../src/whatsapp/outbound-reply.js';

const TO = '+358 40 123 4567';
const EXACTLY_ONE = 'exactly one of text, media, buttons or list';

function rejection(input: ReplyInput): unknown {
  try {
    replyInputToMessage(input);
  } catch (error) {
    const { code, message, details } = error as { code: string; message: string; details: unknown };
    return { code, message, details };
  }
  throw new Error('expected a validation error');
}

describe('replyInputToMessage: which kind of reply', () => {
  it('names all four fields when not exactly one is given', () => {
    const fields = ['text', 'media', 'buttons', 'list'].map((field) => ({ field, message: EXACTLY_ONE }));
    expect(rejection({ to: TO })).toEqual({ code: 'validation_failed', message: `A reply needs ${EXACTLY_ONE}; none was given.`, details: { fields } });
    expect(rejection({ to: TO, text: 'hi', media: { type: 'sticker', id: '1' }, buttons: { body: 'b', choices: [{ title: 'A' }] } })).toEqual({
      code: 'validation_failed', message: `A reply needs ${EXACTLY_ONE}; text and media and buttons were given.`, details: { fields },
    });
  });

  it('takes a null beside the one given field as not given (connectors send empty fields as null)', () => {
    const input = { to: TO, text: 'Thanks!', media: null, buttons: null, list: null } as unknown as ReplyInput;
    expect(replyInputToMessage(input)).toEqual({ to: TO, type: 'text', text: 'Thanks!' });
  });

  it('an empty text is still the one kind given, and is refused as required', () => {
    expect(rejection({ to: TO, text: '' })).toMatchObject({ details: { fields: [{ field: 'text', message: 'is required' }] } });
  });
});

describe('replyInputToMessage: media', () => {
  it('keeps a filename only on a document', () => {
    expect(replyInputToMessage({ to: TO, media: { type: 'image', id: '1290457731993215', caption: 'Receipt', filename: 'receipt.jpg' } }))
      .toStrictEqual({ to: TO, type: 'image', media: { id: '1290457731993215' }, caption: 'Receipt' });
    expect(replyInputToMessage({ to: TO, media: { type: 'document', id: '9', filename: 'a.pdf' } }))
      .toStrictEqual({ to: TO, type: 'document', media: { id: '9' }, filename: 'a.pdf' });
  });

  it('passes on both a link and an id so that validation names the conflict', () => {
    expect(rejection({ to: TO, media: { type: 'image', url: 'https://files.example.com/a.jpg', id: '1' } }))
      .toMatchObject({ details: { fields: [{ field: 'media', message: 'needs exactly one of a public HTTPS URL or a media id' }] } });
  });
});

describe('replyInputToMessage: field names in errors', () => {
  it.each([
    ['text', { text: 'hi' }],
    ['media', { media: { type: 'sticker', id: '1' } }],
    ['buttons', { buttons: { body: 'b', choices: [{ title: 'A' }] } }],
    ['list', { list: { body: 'b', button: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }] }] } }],
  ] as Array<[string, Omit<ReplyInput, 'to'>]>)('a blank recipient of a %s reply is named `to`', (_kind, input) => {
    expect(rejection({ to: ' ', ...input })).toMatchObject({
      message: 'The reply cannot be sent: to is required.', details: { fields: [{ field: 'to', message: 'is required' }] },
    });
  });

  it('media fields keep their own names; other fields of a media reply get the media. prefix', () => {
    expect(rejection({ to: TO, media: { type: 'sticker', url: 'ftp://files.example.com/s.webp', caption: 'x' } })).toMatchObject({
      details: { fields: [{ field: 'media.url' }, { field: 'media.caption', message: 'cannot be sent with sticker' }] },
    });
  });

  it('list fields get the list. prefix', () => {
    expect(rejection({ to: TO, list: { body: 'b', button: 'b'.repeat(21), sections: [{ rows: [{ id: 'a', title: 'A' }] }] } })).toMatchObject({
      details: { fields: [{ field: 'list.button', message: 'must be at most 20 characters (it has 21)' }] },
    });
  });
});
