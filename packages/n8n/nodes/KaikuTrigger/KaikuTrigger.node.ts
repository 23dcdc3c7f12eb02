/**
 * The Kaiku Trigger node: starts a workflow when a customer writes (inbound message) or a sent message
 * changes status, through a Kaiku subscription to this node's webhook. Every delivery is checked against the
 * subscription's Standard Webhooks secret before the workflow sees it; a bad one is answered 401.
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { getPhoneNumbers } from '../../lib/load-options.js';
import { schemas } from '../../lib/shared-schemas.js';
import { enumOptions, n8nDescription, propertyAt } from '../../lib/schema-properties.js';
import { verifyDelivery } from '../../lib/verify-delivery.js';
import type { TriggerState } from './subscription.js';
import { checkExists, create, remove } from './subscription.js';

const any = { name: 'Any', value: '' };
const describe = (schema: Record<string, unknown>) => n8nDescription(String(schema.description ?? ''));

/** The Kaiku trigger node. */
export class KaikuTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Kaiku Trigger',
    name: 'kaikuTrigger',
    icon: { light: 'file:kaiku.svg', dark: 'file:kaiku.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["event"]}}',
    description: 'Starts the workflow when a WhatsApp message arrives or a sent message changes status in Kaiku',
    defaults: { name: 'Kaiku Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'kaikuApi', required: true }],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
    properties: [
      {
        displayName: 'Event',
        name: 'event',
        type: 'options',
        noDataExpression: true,
        required: true,
        default: 'inbound_message',
        options: [
          { name: 'Inbound Message', value: 'inbound_message', description: describe(schemas.inboundMessage) },
          { name: 'Message Status', value: 'message_status', description: describe(schemas.messageStatus) },
        ],
      },
      {
        displayName: 'Message Type',
        name: 'messageType',
        type: 'options',
        default: '',
        description: 'Only messages of this type',
        displayOptions: { show: { event: ['inbound_message'] } },
        options: [any, ...enumOptions(propertyAt(schemas.inboundMessage, 'type').property)],
      },
      {
        displayName: 'Status',
        name: 'status',
        type: 'options',
        default: '',
        description: 'Only updates to this status',
        displayOptions: { show: { event: ['message_status'] } },
        options: [any, ...enumOptions(propertyAt(schemas.messageStatus, 'status').property)],
      },
      {
        displayName: 'Business Number Name or ID',
        name: 'phoneNumberId',
        type: 'options',
        default: '',
        typeOptions: { loadOptionsMethod: 'getPhoneNumbers' },
        description: 'Only events of this business number, such as your support line; empty means every number. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
      },
    ],
  };

  methods = { loadOptions: { getPhoneNumbers } };

  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        return checkExists.call(this);
      },
      async create(this: IHookFunctions): Promise<boolean> {
        return create.call(this);
      },
      async delete(this: IHookFunctions): Promise<boolean> {
        return remove.call(this);
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const request = this.getRequestObject();
    if (request.rawBody === undefined) await request.readRawBody();
    const state = this.getWorkflowStaticData('node') as TriggerState;
    const verdict = verifyDelivery(state.secret, request.rawBody, request.headers);
    if (!verdict.ok) {
      this.getResponseObject().status(401).json({ error: { code: 'unauthorized', message: verdict.reason } });
      return { noWebhookResponse: true };
    }
    return { workflowData: [this.helpers.returnJsonArray([verdict.record as IDataObject])] };
  }
}
