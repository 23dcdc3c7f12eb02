import type { SchemaName } from '../index.js';
import { describeErrors, schemaAjv, schemaId } from './schema-helpers.js';

const ajv = schemaAjv();
const to = '+358 40 123 4567';
const long = (n: number): string => 'x'.repeat(n);
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `row-${i}`, title: `Row ${i}` }));
const list = (extra: Record<string, unknown> = {}) => ({ body: 'Pick one', button: 'Choose', sections: [{ rows: rows(2) }], ...extra });
const buttons = (extra: Record<string, unknown> = {}) => ({ body: 'Friday?', choices: [{ id: 'yes', title: 'Yes' }], ...extra });

function valid(name: SchemaName, input: unknown): { ok: boolean; errors: string[] } {
  const validate = ajv.getSchema(schemaId(name))!;
  const ok = validate(input) === true;
  return { ok, errors: describeErrors(validate.errors) };
}

describe('send-template input', () => {
  const accepted: [string, unknown][] = [
    ['name, language and positional variables', { to, template: 'order_confirmation', language: 'fi', variables: { 1: 'Aino' } }],
    ['template id only', { to: '358401234567', template: '1548372961875311' }],
    ['named variables with header media and a button suffix', { to, template: 't', language: 'en_US', variables: { first_name: 'Aino', header_image: 'https://example.com/a.jpg', button_0_url: '1042' } }],
  ];
  it.each(accepted)('accepts %s', (_label, input) => expect(valid('send-template', input)).toEqual({ ok: true, errors: [] }));

  const rejected: [string, unknown][] = [
    ['no recipient', { template: 'order_confirmation' }],
    ['no template', { to }],
    ['an empty template name', { to, template: '' }],
    ['an unknown field', { to, template: 't', recipient: to }],
    ['a recipient given as a number', { to: 358401234567, template: 't' }],
    ['a variable value that is a number', { to, template: 't', variables: { 1: 42 } }],
    ['a variable value that is an object', { to, template: 't', variables: { 1: { text: 'Aino' } } }],
    ['a variable key with spaces', { to, template: 't', variables: { 'first name': 'Aino' } }],
    ['a language written out', { to, template: 't', language: 'Finnish' }],
    ['an idempotency key over 255 characters', { to, template: 't', idempotency_key: long(256) }],
    ['a phone number id with letters', { to, template: 't', phone_number_id: 'my-number' }],
  ];
  it.each(rejected)('rejects %s', (_label, input) => expect(valid('send-template', input).ok).toBe(false));
});

describe('reply input', () => {
  const accepted: [string, unknown][] = [
    ['text with a link preview', { to, text: 'See https://example.com', preview_url: true }],
    ['media by id', { to, media: { type: 'image', id: '1003383421387256' } }],
    ['a voice note by link', { to, media: { type: 'audio', url: 'https://example.com/a.ogg' } }],
    ['three buttons with limits reached', { to, buttons: buttons({ header: long(60), footer: long(60), body: long(1024), choices: [1, 2, 3].map((i) => ({ id: long(256), title: `${long(19)}${i}` })) }) }],
    ['a button without id', { to, buttons: buttons({ choices: [{ title: 'Yes' }] }) }],
    ['a list of two titled sections', { to, list: list({ sections: [{ title: 'A', rows: rows(5) }, { title: 'B', rows: rows(5) }] }) }],
    ['a list row at the limits', { to, list: list({ sections: [{ rows: [{ id: long(200), title: long(24), description: long(72) }] }] }) }],
    ['a quoted reply with a fallback template', { to, text: 'Hi', reply_to: 'wamid.HBgM', fallback_template: { template: 'order_update', language: 'fi', variables: { 1: 'Aino' } } }],
  ];
  it.each(accepted)('accepts %s', (_label, input) => expect(valid('reply', input)).toEqual({ ok: true, errors: [] }));

  const rejected: [string, unknown][] = [
    ['nothing to send', { to }],
    ['text and media together', { to, text: 'Hi', media: { type: 'image', id: '1' } }],
    ['text and buttons together', { to, text: 'Hi', buttons: buttons() }],
    ['buttons and a list together', { to, buttons: buttons(), list: list() }],
    ['text over 4096 characters', { to, text: long(4097) }],
    ['empty text', { to, text: '' }],
    ['a link preview flag without text', { to, media: { type: 'image', id: '1' }, preview_url: true }],
    ['media with both link and id', { to, media: { type: 'image', id: '1', url: 'https://example.com/a.jpg' } }],
    ['media with neither link nor id', { to, media: { type: 'image', caption: 'Hi' } }],
    ['media over plain http', { to, media: { type: 'image', url: 'http://example.com/a.jpg' } }],
    ['an unknown media type', { to, media: { type: 'gif', id: '1' } }],
    ['a caption on audio', { to, media: { type: 'audio', id: '1', caption: 'Listen' } }],
    ['a caption on a sticker', { to, media: { type: 'sticker', id: '1', caption: 'Hi' } }],
    ['a caption over 1024 characters', { to, media: { type: 'image', id: '1', caption: long(1025) } }],
    ['four buttons', { to, buttons: buttons({ choices: rows(4) }) }],
    ['no buttons', { to, buttons: buttons({ choices: [] }) }],
    ['a button title over 20 characters', { to, buttons: buttons({ choices: [{ id: 'a', title: long(21) }] }) }],
    ['a button id with a leading space', { to, buttons: buttons({ choices: [{ id: ' yes', title: 'Yes' }] }) }],
    ['a button body over 1024 characters', { to, buttons: buttons({ body: long(1025) }) }],
    ['a button header over 60 characters', { to, buttons: buttons({ header: long(61) }) }],
    ['buttons without body', { to, buttons: { choices: [{ title: 'Yes' }] } }],
    ['a list button label over 20 characters', { to, list: list({ button: long(21) }) }],
    ['a list with 11 sections', { to, list: list({ sections: Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: rows(1) })) }) }],
    ['a section with 11 rows', { to, list: list({ sections: [{ rows: rows(11) }] }) }],
    ['two sections without titles', { to, list: list({ sections: [{ rows: rows(1) }, { rows: rows(1) }] }) }],
    ['a row title over 24 characters', { to, list: list({ sections: [{ rows: [{ id: 'a', title: long(25) }] }] }) }],
    ['a row description over 72 characters', { to, list: list({ sections: [{ rows: [{ id: 'a', title: 'A', description: long(73) }] }] }) }],
    ['a row id over 200 characters', { to, list: list({ sections: [{ rows: [{ id: long(201), title: 'A' }] }] }) }],
    ['a section title over 24 characters', { to, list: list({ sections: [{ title: long(25), rows: rows(1) }] }) }],
    ['a reply_to that is not a message id', { to, text: 'Hi', reply_to: '12345' }],
    ['a fallback template without its name', { to, text: 'Hi', fallback_template: { language: 'fi' } }],
    ['an unknown field', { to, text: 'Hi', message: 'Hi' }],
  ];
  it.each(rejected)('rejects %s', (_label, input) => expect(valid('reply', input).ok).toBe(false));
});
