/**
 * Get Conversation: the customer's messages and yours in one timeline, newest first, one item per message.
 * `GET /v1/conversations/{customer}/messages`.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { kaikuRequest, segment } from '../../../lib/api.js';
import { recipientParameter, showFor, text } from './common.js';

/** The operation's parameters. */
export const getConversationProperties: INodeProperties[] = [
  { ...recipientParameter('getConversation', 'customer'), displayName: 'Customer', description: 'The customer\'s WhatsApp number with its country code (any common format), or their WhatsApp user ID' },
  {
    displayName: 'Limit',
    name: 'limit',
    type: 'number',
    default: 50,
    typeOptions: { minValue: 1, maxValue: 200 },
    description: 'Max number of results to return',
    displayOptions: showFor('getConversation'),
  },
  {
    displayName: 'Before',
    name: 'before',
    type: 'string',
    default: '',
    description: 'Only messages older than this cursor (the next_cursor of an earlier page)',
    displayOptions: showFor('getConversation'),
  },
];

/** The messages of the customer of item `itemIndex`, newest first. */
export async function getConversation(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
  const customer = text(this, 'customer', itemIndex) ?? '';
  const qs: IDataObject = { limit: this.getNodeParameter('limit', itemIndex, 50) as number };
  const before = text(this, 'before', itemIndex);
  if (before) qs.before = before;
  const answer = await kaikuRequest<{ data: IDataObject[]; next_cursor: string | null }>(this, { method: 'GET', path: `/conversations/${segment(customer)}/messages`, qs, itemIndex });
  return answer.data.map((message) => ({ ...message, next_cursor: answer.next_cursor }));
}
