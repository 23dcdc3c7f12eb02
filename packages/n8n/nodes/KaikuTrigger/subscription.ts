/**
 * The trigger's subscription on the Kaiku server (`/v1/subscriptions`): made when the workflow is activated,
 * checked when n8n asks whether it still exists, removed on deactivation. Its id and signing secret (answered
 * once, at creation) live in the node's static data.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { kaikuRequest, segment } from '../../lib/api.js';

/** What the node keeps between activations. */
export interface TriggerState {
  subscriptionId?: string;
  secret?: string;
}

/** A subscription as the proxy answers it. */
interface ProxySubscription {
  id: string;
  event: string;
  target_url: string | null;
  filter?: Record<string, string> | null;
  secret?: string;
}

/** The subscription the node's parameters ask for. */
export function wantedSubscription(fns: IHookFunctions): { event: string; target_url: string; filter?: Record<string, string> } {
  const event = fns.getNodeParameter('event') as string;
  const targetUrl = fns.getNodeWebhookUrl('default');
  if (!targetUrl) throw new NodeOperationError(fns.getNode(), 'n8n gave this trigger no webhook URL.');
  const filter: Record<string, string> = {};
  const type = fns.getNodeParameter(event === 'message_status' ? 'status' : 'messageType', '') as string;
  const number = fns.getNodeParameter('phoneNumberId', '') as string;
  if (type) filter.type = type;
  if (number) filter.phone_number_id = number;
  return Object.keys(filter).length > 0 ? { event, target_url: targetUrl, filter } : { event, target_url: targetUrl };
}

function sameFilter(a: Record<string, string> | null | undefined, b: Record<string, string> | undefined): boolean {
  const left = a ?? {};
  const right = b ?? {};
  return Object.keys(left).length === Object.keys(right).length && Object.entries(left).every(([key, value]) => right[key] === value);
}

function stateOf(fns: IHookFunctions): TriggerState & IDataObject {
  return fns.getWorkflowStaticData('node') as TriggerState & IDataObject;
}

function forget(state: TriggerState & IDataObject): void {
  delete state.subscriptionId;
  delete state.secret;
}

/** `checkExists`: true when the stored subscription is still there and matches the parameters, with its secret. */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
  const state = stateOf(this);
  if (!state.subscriptionId || !state.secret) return false;
  const current = await kaikuRequest<ProxySubscription>(this, { method: 'GET', path: `/subscriptions/${segment(state.subscriptionId)}`, ignoreNotFound: true });
  if (!current) {
    forget(state);
    return false;
  }
  const wanted = wantedSubscription(this);
  if (current.event === wanted.event && current.target_url === wanted.target_url && sameFilter(current.filter, wanted.filter)) return true;
  await remove.call(this);
  return false;
}

/** `create`: subscribes and keeps the subscription's id and signing secret. */
export async function create(this: IHookFunctions): Promise<boolean> {
  const state = stateOf(this);
  const created = await kaikuRequest<ProxySubscription>(this, { method: 'POST', path: '/subscriptions', body: wantedSubscription(this) as unknown as IDataObject });
  if (!created.secret) {
    throw new NodeOperationError(this.getNode(), 'Kaiku made the subscription without answering its signing secret; update the Kaiku server and activate the workflow again.');
  }
  state.subscriptionId = created.id;
  state.secret = created.secret;
  return true;
}

/** `delete`: removes the subscription (one already gone counts as removed). */
export async function remove(this: IHookFunctions): Promise<boolean> {
  const state = stateOf(this);
  if (state.subscriptionId) {
    await kaikuRequest(this, { method: 'DELETE', path: `/subscriptions/${segment(state.subscriptionId)}`, ignoreNotFound: true });
  }
  forget(state);
  return true;
}
