/**
 * Reply: a free-form message inside the customer's 24-hour window (text, a file, up to three buttons or a
 * list), quoting a message if asked, with a fallback template for a closed window. `POST /v1/messages/reply`.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { kaikuRequest } from '../../../lib/api.js';
import { schemas } from '../../../lib/shared-schemas.js';
import { labelOf, propertyAt, schemaOption, schemaParameter } from '../../../lib/schema-properties.js';
import { additional, idempotencyOption, pairs, recipientParameter, sendingNumberOption, showFor, templateParameter, text } from './common.js';

const kinds = ['text', 'media', 'buttons', 'list'] as const;
type Kind = (typeof kinds)[number];

const only = (kind: Kind) => ({ show: { operation: ['reply'], messageType: [kind] } });
const field = (path: string, name: string, kind: Kind, extra: Partial<INodeProperties> = {}) =>
  schemaParameter(schemas.reply, path, name, { displayOptions: only(kind), ...extra });

/** The operation's parameters. */
export const replyProperties: INodeProperties[] = [
  recipientParameter('reply'),
  {
    displayName: 'Message Type',
    name: 'messageType',
    type: 'options',
    noDataExpression: true,
    displayOptions: showFor('reply'),
    default: 'text',
    options: kinds.map((kind) => ({ name: labelOf(propertyAt(schemas.reply, kind).property, kind), value: kind, description: propertyAt(schemas.reply, kind).property.description })),
  },
  field('text', 'text', 'text', { required: true, typeOptions: { rows: 4 } }),
  field('preview_url', 'previewUrl', 'text'),
  field('media.type', 'mediaType', 'media'),
  field('media.url', 'mediaUrl', 'media'),
  field('media.id', 'mediaId', 'media'),
  field('media.caption', 'mediaCaption', 'media'),
  field('media.filename', 'mediaFilename', 'media'),
  field('buttons.body', 'buttonsBody', 'buttons', { typeOptions: { rows: 2 } }),
  {
    ...field('buttons.choices', 'buttonChoices', 'buttons'),
    type: 'fixedCollection',
    default: {},
    typeOptions: { multipleValues: true, maxValue: 3 },
    placeholder: 'Add Button',
    options: [{
      name: 'choice',
      displayName: 'Button',
      values: [schemaOption(schemas.reply, 'buttons.choices.title', 'title'), schemaOption(schemas.reply, 'buttons.choices.id', 'id')],
    }],
  },
  field('buttons.header', 'buttonsHeader', 'buttons'),
  field('buttons.footer', 'buttonsFooter', 'buttons'),
  field('list.body', 'listBody', 'list', { typeOptions: { rows: 2 } }),
  field('list.button', 'listButton', 'list'),
  {
    ...field('list.sections.rows', 'listRows', 'list'),
    type: 'fixedCollection',
    default: {},
    typeOptions: { multipleValues: true },
    placeholder: 'Add Row',
    description: 'The options the customer picks from (at most 10). Rows with the same section title are grouped under it.',
    options: [{
      name: 'row',
      displayName: 'Row',
      values: [
        schemaOption(schemas.reply, 'list.sections.rows.title', 'title'),
        schemaOption(schemas.reply, 'list.sections.rows.id', 'id'),
        schemaOption(schemas.reply, 'list.sections.rows.description', 'description'),
        schemaOption(schemas.reply, 'list.sections.title', 'section'),
      ],
    }],
  },
  field('list.header', 'listHeader', 'list'),
  field('list.footer', 'listFooter', 'list'),
  {
    displayName: 'Additional Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    displayOptions: showFor('reply'),
    options: [
      templateParameter('fallbackTemplate'),
      schemaOption(schemas.reply, 'fallback_template.variables', 'fallbackVariables', {
        type: 'fixedCollection',
        default: {},
        typeOptions: { multipleValues: true },
        placeholder: 'Add Variable',
        options: [{ name: 'variable', displayName: 'Variable', values: [{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. 1' }, { displayName: 'Value', name: 'value', type: 'string', default: '' }] }],
      }),
      idempotencyOption(),
      schemaOption(schemas.reply, 'reply_to', 'replyTo'),
      sendingNumberOption(),
    ],
  },
];

type Entries = Array<Record<string, unknown>>;

function entriesOf(value: unknown, key: string): Entries {
  const list = (value as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(list) ? (list as Entries) : [];
}

function optional(values: Record<string, string | undefined>): IDataObject {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== ''));
}

/** List rows grouped into sections by their section title, in the order they were given. */
export function sectionsOf(rows: Entries): IDataObject[] {
  const sections: Array<{ title: string; rows: IDataObject[] }> = [];
  for (const row of rows) {
    const title = String(row.section ?? '').trim();
    let section = sections.find((candidate) => candidate.title === title);
    if (!section) sections.push((section = { title, rows: [] }));
    section.rows.push(optional({ id: String(row.id ?? '').trim() || String(row.title ?? '').trim(), title: String(row.title ?? '').trim(), description: String(row.description ?? '').trim() }));
  }
  return sections.map((section) => (section.title ? { title: section.title, rows: section.rows } : { rows: section.rows }));
}

/** The message part of the reply body for item `itemIndex`: exactly one of text, media, buttons, list. */
export function messageOf(fns: IExecuteFunctions, itemIndex: number): IDataObject {
  const kind = fns.getNodeParameter('messageType', itemIndex) as Kind;
  const get = (name: string) => text(fns, name, itemIndex);
  if (kind === 'media') {
    return { media: optional({ type: get('mediaType'), url: get('mediaUrl'), id: get('mediaId'), caption: get('mediaCaption'), filename: get('mediaFilename') }) };
  }
  if (kind === 'buttons') {
    const choices = entriesOf(fns.getNodeParameter('buttonChoices', itemIndex, {}), 'choice')
      .map((choice) => optional({ title: String(choice.title ?? '').trim(), id: String(choice.id ?? '').trim() }));
    return { buttons: { ...optional({ body: get('buttonsBody'), header: get('buttonsHeader'), footer: get('buttonsFooter') }), choices } };
  }
  if (kind === 'list') {
    const sections = sectionsOf(entriesOf(fns.getNodeParameter('listRows', itemIndex, {}), 'row'));
    return { list: { ...optional({ body: get('listBody'), button: get('listButton'), header: get('listHeader'), footer: get('listFooter') }), sections } };
  }
  const previewUrl = fns.getNodeParameter('previewUrl', itemIndex, false) as boolean;
  return previewUrl ? { text: get('text'), preview_url: true } : { text: get('text') };
}

/** Replies to the customer of item `itemIndex`. */
export async function reply(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
  const extra = additional(this, itemIndex);
  const body: IDataObject = { to: text(this, 'to', itemIndex), ...messageOf(this, itemIndex) };
  if (extra.replyTo) body.reply_to = extra.replyTo;
  if (extra.fallbackTemplate) {
    const variables = pairs(entriesOf(extra.fallbackVariables, 'variable'));
    body.fallback_template = variables ? { template: extra.fallbackTemplate, variables } : { template: extra.fallbackTemplate };
  }
  if (extra.phoneNumberId) body.phone_number_id = extra.phoneNumberId;
  if (extra.idempotencyKey) body.idempotency_key = extra.idempotencyKey;
  return kaikuRequest(this, { method: 'POST', path: '/messages/reply', body, itemIndex });
}
