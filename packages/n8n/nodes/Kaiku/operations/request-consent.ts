/**
 * Request Consent: asks the customer inside WhatsApp whether they want marketing messages, with a template
 * whose quick replies record the answer. `POST /v1/contacts/{phone}/opt-in-request`. The customer, template,
 * sending number and key come from the shared schemas; the buttons' positions are this route's own.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { kaikuRequest, segment } from '../../../lib/api.js';
import { schemas } from '../../../lib/shared-schemas.js';
import { schemaOption } from '../../../lib/schema-properties.js';
import { additional, idempotencyOption, pairs, recipientParameter, sendingNumberOption, showFor, templateParameter, text } from './common.js';

/** The operation's parameters. */
export const requestConsentProperties: INodeProperties[] = [
  recipientParameter('requestConsent'),
  {
    ...templateParameter('consentTemplate', showFor('requestConsent')),
    description: 'An approved template with quick-reply buttons, such as one asking "May we send you offers?". Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
  },
  {
    displayName: 'Additional Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    displayOptions: showFor('requestConsent'),
    options: [
      { displayName: 'Agree Button', name: 'agreeButton', type: 'number', default: 0, typeOptions: { minValue: 0 }, description: 'The position of the "yes" quick reply among the template\'s buttons, from 0. Empty means the first quick reply.' },
      { displayName: 'Decline Button', name: 'declineButton', type: 'number', default: 1, typeOptions: { minValue: 0 }, description: 'The position of the "no thanks" quick reply. Empty means the next quick reply.' },
      { displayName: 'Decline Opts Out', name: 'declineOptsOut', type: 'boolean', default: false, description: 'Whether a tap on the decline button records an opt-out (otherwise it records nothing)' },
      idempotencyOption(),
      sendingNumberOption(),
      schemaOption(schemas.sendTemplate, 'variables', 'variables', {
        type: 'fixedCollection',
        default: {},
        typeOptions: { multipleValues: true },
        placeholder: 'Add Variable',
        options: [{ name: 'variable', displayName: 'Variable', values: [{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. 1' }, { displayName: 'Value', name: 'value', type: 'string', default: '' }] }],
      }),
    ],
  },
];

/** Sends the opt-in request of item `itemIndex`. */
export async function requestConsent(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
  const extra = additional(this, itemIndex);
  const body: IDataObject = { template: text(this, 'consentTemplate', itemIndex) };
  const variables = pairs((extra.variables as { variable?: Array<{ name?: unknown; value?: unknown }> } | undefined)?.variable);
  if (variables) body.variables = variables;
  if (typeof extra.agreeButton === 'number') body.agree_button = extra.agreeButton;
  if (typeof extra.declineButton === 'number') body.decline_button = extra.declineButton;
  if (extra.declineOptsOut === true) body.decline_opts_out = true;
  if (extra.phoneNumberId) body.phone_number_id = extra.phoneNumberId;
  if (extra.idempotencyKey) body.idempotency_key = extra.idempotencyKey;
  const to = text(this, 'to', itemIndex) ?? '';
  return kaikuRequest(this, { method: 'POST', path: `/contacts/${segment(to)}/opt-in-request`, body, itemIndex });
}
