/**
 * The Kaiku node: send a WhatsApp template, reply in the 24-hour window, ask for marketing consent, or read
 * a conversation, through a Kaiku server. Fields come from the shared schemas (see `lib/schema-properties.ts`).
 */
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { nodeErrorOf } from '../../lib/api.js';
import { getPhoneNumbers, getTemplates, getTemplateVariables } from '../../lib/load-options.js';
import type { Operation } from './operations/common.js';
import { getConversation, getConversationProperties } from './operations/get-conversation.js';
import { reply, replyProperties } from './operations/reply.js';
import { requestConsent, requestConsentProperties } from './operations/request-consent.js';
import { sendTemplate, sendTemplateProperties } from './operations/send-template.js';

const run: Record<Operation, (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]>> = {
  sendTemplate,
  reply,
  requestConsent,
  getConversation,
};

/** The Kaiku action node. */
export class Kaiku implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Kaiku',
    name: 'kaiku',
    icon: { light: 'file:kaiku.svg', dark: 'file:kaiku.dark.svg' },
    group: ['output'],
    version: 1,
    subtitle: '={{$parameter["operation"]}}',
    description: 'Send WhatsApp templates and replies, ask for consent and read conversations through Kaiku',
    defaults: { name: 'Kaiku' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'kaikuApi', required: true }],
    properties: [
      {
        displayName: 'Operation',
        name: 'operation',
        type: 'options',
        noDataExpression: true,
        options: [
          { name: 'Get Conversation', value: 'getConversation', description: 'Read the messages exchanged with a customer', action: 'Get a conversation' },
          { name: 'Reply', value: 'reply', description: 'Answer a customer within 24 hours of their last message', action: 'Reply to a customer' },
          { name: 'Request Consent', value: 'requestConsent', description: 'Ask a customer inside WhatsApp whether they want marketing messages', action: 'Request consent' },
          { name: 'Send Template', value: 'sendTemplate', description: 'Send an approved message template', action: 'Send a template' },
        ],
        default: 'sendTemplate',
      },
      ...sendTemplateProperties,
      ...replyProperties,
      ...requestConsentProperties,
      ...getConversationProperties,
    ],
  };

  methods = {
    loadOptions: { getPhoneNumbers, getTemplates },
    resourceMapping: { getTemplateVariables },
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const operation = this.getNodeParameter('operation', 0) as Operation;
    const output: INodeExecutionData[] = [];
    for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
      try {
        const result = await run[operation].call(this, itemIndex);
        const records = Array.isArray(result) ? result : [result];
        output.push(...records.map((json) => ({ json, pairedItem: { item: itemIndex } })));
      } catch (error) {
        const failure = nodeErrorOf(this.getNode(), error, itemIndex);
        if (!this.continueOnFail()) throw failure;
        output.push({ json: { error: failure.message, code: failure instanceof NodeApiError ? (failure.errorResponse?.code ?? null) : null }, pairedItem: { item: itemIndex } });
      }
    }
    return [output];
  }
}
