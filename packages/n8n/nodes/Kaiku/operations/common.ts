/** Parameters and readers the Kaiku node's operations share. */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { schemas } from '../../../lib/shared-schemas.js';
import { schemaOption, schemaParameter } from '../../../lib/schema-properties.js';

/** The node's operations, as stored in the `operation` parameter. */
export type Operation = 'sendTemplate' | 'reply' | 'requestConsent' | 'getConversation';

/** Shows a parameter only for the given operations. */
export function showFor(...operations: Operation[]): IDisplayOptions {
  return { show: { operation: operations } };
}

/** The customer's number (or WhatsApp user ID), from the shared `to`. */
export function recipientParameter(operation: Operation, name = 'to'): INodeProperties {
  return schemaParameter(schemas.sendTemplate, 'to', name, { displayOptions: showFor(operation) });
}

/** The business number that sends: a dropdown of the workspace's numbers, inside "Additional Fields". */
export function sendingNumberOption(): INodeProperties {
  return schemaOption(schemas.sendTemplate, 'phone_number_id', 'phoneNumberId', {
    type: 'options',
    typeOptions: { loadOptionsMethod: 'getPhoneNumbers' },
    description: 'Which of your WhatsApp business numbers sends the message. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
  });
}

/** The idempotency key, inside "Additional Fields". */
export function idempotencyOption(): INodeProperties {
  return schemaOption(schemas.sendTemplate, 'idempotency_key', 'idempotencyKey');
}

/** A template dropdown (the workspace's approved templates, by id): a parameter, or without display options an optional field of a collection. */
export function templateParameter(name: string, displayOptions?: IDisplayOptions): INodeProperties {
  const extra: Partial<INodeProperties> = {
    type: 'options',
    typeOptions: { loadOptionsMethod: 'getTemplates' },
    description: 'The approved message template to send. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
  };
  return displayOptions ? schemaParameter(schemas.sendTemplate, 'template', name, { ...extra, displayOptions }) : schemaOption(schemas.sendTemplate, 'template', name, extra);
}

/** A string parameter's value, trimmed; undefined when empty. */
export function text(fns: IExecuteFunctions, name: string, itemIndex: number): string | undefined {
  const value = fns.getNodeParameter(name, itemIndex, '') as unknown;
  if (value === undefined || value === null) return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The "Additional Fields" collection of an item, with empty values left out. */
export function additional(fns: IExecuteFunctions, itemIndex: number): IDataObject {
  const fields = fns.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== '' && value !== undefined && value !== null));
}

/** Key/value pairs from a fixed collection of `{name, value}` entries as a flat map of strings. */
export function pairs(entries: Array<{ name?: unknown; value?: unknown }> | undefined): Record<string, string> | undefined {
  const kept = (entries ?? []).filter((entry) => typeof entry.name === 'string' && entry.name.trim() !== '');
  if (kept.length === 0) return undefined;
  return Object.fromEntries(kept.map((entry) => [String(entry.name).trim(), String(entry.value ?? '')]));
}
