/**
 * Send Template: an approved template to a customer, with its variables as fields (n8n's resource mapper,
 * filled from `GET /v1/templates/{id}/schema`). `POST /v1/messages/template`.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, ResourceMapperValue } from 'n8n-workflow';
import { kaikuRequest } from '../../../lib/api.js';
import { schemas } from '../../../lib/shared-schemas.js';
import { schemaParameter } from '../../../lib/schema-properties.js';
import { additional, idempotencyOption, recipientParameter, sendingNumberOption, showFor, templateParameter, text } from './common.js';

/** The operation's parameters. */
export const sendTemplateProperties: INodeProperties[] = [
  recipientParameter('sendTemplate'),
  templateParameter('template', showFor('sendTemplate')),
  schemaParameter(schemas.sendTemplate, 'variables', 'variables', {
    type: 'resourceMapper',
    default: { mappingMode: 'defineBelow', value: null },
    required: false,
    noDataExpression: true,
    displayOptions: showFor('sendTemplate'),
    typeOptions: {
      loadOptionsDependsOn: ['template'],
      resourceMapper: {
        resourceMapperMethod: 'getTemplateVariables',
        mode: 'add',
        fieldWords: { singular: 'variable', plural: 'variables' },
        addAllFields: true,
        multiKeyMatch: false,
        supportAutoMap: false,
        noFieldsError: 'This template has no variables.',
      },
    },
  }),
  {
    displayName: 'Additional Fields',
    name: 'additionalFields',
    type: 'collection',
    placeholder: 'Add Field',
    default: {},
    displayOptions: showFor('sendTemplate'),
    options: [idempotencyOption(), schemaParameter(schemas.sendTemplate, 'language', 'language'), sendingNumberOption()],
  },
];

/** The resource mapper's values as the flat map of strings the proxy expects (empty ones left out). */
export function mappedVariables(mapped: ResourceMapperValue | undefined): Record<string, string> | undefined {
  const entries = Object.entries(mapped?.value ?? {})
    .filter(([, value]) => value !== null && value !== undefined && String(value).trim() !== '')
    .map(([key, value]) => [key, String(value).trim()] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Sends the template of item `itemIndex`. */
export async function sendTemplate(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
  const extra = additional(this, itemIndex);
  const body: IDataObject = { to: text(this, 'to', itemIndex), template: text(this, 'template', itemIndex) };
  const variables = mappedVariables(this.getNodeParameter('variables', itemIndex, undefined) as ResourceMapperValue | undefined);
  if (variables) body.variables = variables;
  if (extra.language) body.language = extra.language;
  if (extra.phoneNumberId) body.phone_number_id = extra.phoneNumberId;
  if (extra.idempotencyKey) body.idempotency_key = extra.idempotencyKey;
  return kaikuRequest(this, { method: 'POST', path: '/messages/template', body, itemIndex });
}
