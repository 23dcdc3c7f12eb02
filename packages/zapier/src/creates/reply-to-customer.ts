/**
 * "Reply to Customer": a free-form message inside the 24-hour window — text, media or up to three
 * quick-reply buttons — with an optional fallback template for when the window has closed.
 * `POST /v1/messages/reply`.
 */
import type { Bundle, Create, PlainInputField, ZObject } from 'zapier-platform-core';
import { callProxy } from '../api.js';
import { errorCode, plainMessage } from '../errors.js';
import { buildBody } from '../request-body.js';
import type { PropertySchema } from '@kaiku/shared/schema-walk';
import { definitionOf, inputFieldsFrom, outputFieldsFrom, selectProperties, titleCase } from '../schema-fields.js';
import { samples, schemas } from '../shared-data.js';
import { collectVariables, templateVariableFields } from './template-variables.js';

/** The kinds of reply this action offers and the schema properties each one fills in. */
export const MESSAGE_KINDS: Record<string, string[]> = {
  text: ['text', 'preview_url'],
  media: ['media'],
  buttons: ['buttons'],
};

/** The field each kind cannot do without (the schema says "exactly one of", so none is required there). */
const KIND_REQUIRES: Record<string, string[]> = {
  text: ['text'],
  media: ['media__type'],
  buttons: ['buttons__body', 'buttons__choices__title'],
};

const KIND_KEY = 'message_type';
const WINDOW_CLOSED_KEY = 'when_window_closed';
const FALLBACK_VARIABLES = 'fallback_template__variables';
const COMMON_PROPERTIES = ['to', 'reply_to', 'fallback_template', 'phone_number_id', 'idempotency_key'];

function kindOf(bundle: Bundle): string {
  const kind = bundle.inputData[KIND_KEY];
  return typeof kind === 'string' && kind in MESSAGE_KINDS ? kind : 'text';
}

function kindChoices(): { value: string; label: string; sample: string }[] {
  const properties = (schemas.reply as PropertySchema).properties ?? {};
  return Object.keys(MESSAGE_KINDS).map((kind) => ({ value: kind, label: titleCase(properties[kind]?.title ?? kind), sample: kind }));
}

/** The fields of the chosen kind of message (dynamic: they change with Message Type). */
export function contentFields(_z: ZObject, bundle: Bundle): PlainInputField[] {
  const kind = kindOf(bundle);
  const required = new Set(KIND_REQUIRES[kind]);
  return inputFieldsFrom(schemas.reply, { only: MESSAGE_KINDS[kind] }).map((field) => (required.has(field.key) ? { ...field, required: true } : field));
}

/** Sends the reply built from the common fields, the chosen kind's fields and the fallback's variables. */
export async function perform(z: ZObject, bundle: Bundle): Promise<Record<string, unknown>> {
  const properties = selectProperties(schemas.reply, { only: [...COMMON_PROPERTIES, ...(MESSAGE_KINDS[kindOf(bundle)] ?? [])] }).filter((flat) => flat.key !== FALLBACK_VARIABLES);
  const body = buildBody(properties, bundle.inputData);
  const fallback = body.fallback_template as Record<string, unknown> | undefined;
  const variables = collectVariables(bundle.inputData, FALLBACK_VARIABLES);
  if (fallback && variables) fallback.variables = variables;
  const key = body.idempotency_key;
  const headers = typeof key === 'string' ? { 'Idempotency-Key': key } : undefined;
  try {
    return await callProxy<Record<string, unknown>>(z, bundle, { method: 'POST', path: '/messages/reply', body, ...(headers ? { headers } : {}) });
  } catch (error) {
    // A closed window is an expected precondition for some zaps: halting does not count towards turning the zap off.
    if (bundle.inputData[WINDOW_CLOSED_KEY] === 'halt' && errorCode(error) === 'window_closed') throw new z.errors.HaltedError(plainMessage(error));
    throw error;
  }
}

/** What to do when the window is closed and no fallback template is set. */
const windowClosedField: PlainInputField = {
  key: WINDOW_CLOSED_KEY,
  label: 'If the 24-Hour Window Is Closed',
  required: false,
  default: 'error',
  choices: [
    { value: 'error', label: 'Fail the Step With an Error', sample: 'error' },
    { value: 'halt', label: 'Stop This Run Quietly', sample: 'halt' },
  ],
  helpText: 'Used only when no Fallback Template is chosen. **Stop This Run Quietly** ends the zap run without an error, so that replies to old conversations never turn your zap off.',
};

function fallbackHelp(): string | undefined {
  return (schemas.reply as PropertySchema).properties?.fallback_template?.description;
}

function commonFields(): PlainInputField[] {
  return inputFieldsFrom(schemas.reply, {
    only: COMMON_PROPERTIES.filter((name) => name !== 'to'),
    overrides: {
      phone_number_id: { dynamic: 'phone_number_list.id.name', required: false },
      fallback_template__template: { label: 'Fallback Template', helpText: fallbackHelp(), dynamic: 'template_list.id.name', altersDynamicFields: true, required: false },
      fallback_template__language: { label: 'Fallback Template Language' },
    },
  }).filter((field) => field.key !== FALLBACK_VARIABLES);
}

/** The action definition. */
export const replyToCustomer: Create = {
  key: 'reply_to_customer',
  noun: 'Reply',
  display: {
    label: 'Reply to Customer',
    description: 'Sends a free-form WhatsApp reply (text, media or buttons) to a customer who wrote in the last 24 hours.',
  },
  operation: {
    inputFields: [
      ...inputFieldsFrom(schemas.reply, { only: ['to'] }),
      { key: KIND_KEY, label: 'Message Type', required: true, default: 'text', choices: kindChoices(), altersDynamicFields: true, helpText: 'What to send: a text, a file (image, video, audio, document or sticker) or a question with up to three quick-reply buttons.' },
      contentFields,
      ...commonFields(),
      windowClosedField,
      templateVariableFields('fallback_template__template', FALLBACK_VARIABLES),
    ],
    perform,
    sample: samples.replyOutput,
    outputFields: outputFieldsFrom(schemas.reply, definitionOf(schemas.reply, 'output')),
  },
};
