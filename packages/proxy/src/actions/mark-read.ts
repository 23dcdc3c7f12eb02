/**
 * Use case: the business has read a customer's messages. The unread count drops to zero for every agent, and
 * when the workspace enables read receipts the customer sees blue ticks (Meta's read receipt on the newest one).
 */
import { notFound } from '../http/errors.js';
import type { ActionDeps } from './context.js';
import { recipient, workspaceOf } from './send-template.js';

/** POST /v1/conversations/{customer}/read. */
export async function markRead(deps: ActionDeps, workspaceId: string, customer: string): Promise<{ wa_id: string; read_up_to: string | null; receipt_sent: boolean }> {
  const { waId } = recipient('customer', customer);
  const workspace = await workspaceOf(deps, workspaceId);
  if ((await deps.store.getConversation(workspaceId, waId)) === null) throw notFound(`The conversation with "${customer}"`, { field: 'customer' });
  const marked = await deps.store.markConversationRead(workspaceId, waId);
  let receiptSent = false;
  if (workspace.settings.sendReadReceipts === true && marked.lastInboundId !== null && marked.phoneNumberId !== null) {
    const connection = await deps.store.findConnectionByPhoneNumberId(marked.phoneNumberId);
    if (connection !== null && connection.workspaceId === workspaceId) {
      await deps.whatsapp.clientFor(connection).markAsRead(connection.phoneNumberId, marked.lastInboundId);
      receiptSent = true;
    }
  }
  return { wa_id: waId, read_up_to: marked.lastInboundId, receipt_sent: receiptSent };
}
