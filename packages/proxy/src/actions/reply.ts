/**
 * Use case: reply to a customer with a free-form message. The 24-hour window is checked first: when it is
 * closed the fallback template is sent if one is given (`sent_as` says which), otherwise 409 `window_closed`
 * with the time it closed. Meta's 131047 (re-engagement required) gets the same answer.
 */
import { isKaikuError, KaikuError, replyInputToMessage, serviceWindow } from '@kaiku/core';
import type { MetaApiError, ReplyInput } from '@kaiku/core';
import type { Connection, Contact, Workspace } from '../store/types.js';
import type { ActionDeps } from './context.js';
import { resolveConnection } from './connections.js';
import { sendOnce } from './idempotency.js';
import type { SendOutcome } from './idempotency.js';
import { recipient, sendApprovedTemplate, templateContent, workspaceOf } from './send-template.js';
import { sendThrottled } from './throughput.js';

export type { ReplyInput } from '@kaiku/core';

/** The shared `reply` output. */
export interface ReplyOutput extends Record<string, unknown> {
  id: string;
  wa_id: string;
  status: string;
  sent_as: 'free_form' | 'fallback_template';
}

const REENGAGEMENT_REQUIRED = 131047;

function windowClosed(closedAt: Date | null): KaikuError {
  const when = closedAt === null ? 'this customer has not written to this business number yet' : `it closed at ${closedAt.toISOString()}`;
  return new KaikuError('window_closed', `Free-form replies are only allowed within 24 hours of the customer's last message, and ${when}. Send an approved template instead, or give a fallback_template.`, {
    details: { closed_at: closedAt?.toISOString() ?? null, field: 'to' },
  });
}

/**
 * STOP is honoured at once: no free-form message reaches a customer who opted out and has not written since.
 * A customer who writes again after opting out (a question about an order) may be answered in the window.
 */
function refuseIfOptedOut(deps: ActionDeps, contact: Contact | null): void {
  if (contact?.consent !== 'opted_out' || contact.consentUpdatedAt === null) return;
  if (contact.lastInboundAt !== null && contact.lastInboundAt > contact.consentUpdatedAt) return;
  deps.metrics.sends.inc({ result: 'refused' });
  throw new KaikuError('opted_out', `This customer opted out of messages from you at ${contact.consentUpdatedAt.toISOString()} and has not written since, so nothing was sent. If they write to you again you may answer within 24 hours; they can opt in again by sending START.`, {
    details: { field: 'to', opted_out_at: contact.consentUpdatedAt.toISOString() },
  });
}

function isReengagementError(error: unknown): boolean {
  return isKaikuError(error) && (error as MetaApiError).metaCode === REENGAGEMENT_REQUIRED;
}

type Target = { workspace: Workspace; connection: Connection; waId: string };

async function sendFallback(deps: ActionDeps, target: Target, input: ReplyInput, closedAt: Date | null): Promise<SendOutcome<ReplyOutput>> {
  if (input.fallback_template === undefined) {
    deps.metrics.sends.inc({ result: 'refused' });
    throw windowClosed(closedAt);
  }
  const sent = await sendApprovedTemplate(deps, target, input.fallback_template);
  return {
    answer: { id: sent.messageId, wa_id: target.waId, status: sent.status, sent_as: 'fallback_template' },
    message: {
      id: sent.messageId, workspaceId: target.workspace.id, connectionId: target.connection.id, waId: target.waId, type: 'template',
      templateName: sent.template.name, templateCategory: sent.template.category, sentAs: 'fallback_template', status: sent.status,
      content: templateContent(sent, input.fallback_template.variables),
    },
  };
}

async function sendFreeForm(deps: ActionDeps, target: Target, input: ReplyInput): Promise<SendOutcome<ReplyOutput>> {
  const message = replyInputToMessage({ ...input, to: target.waId });
  const sent = await sendThrottled(deps, target.connection, message);
  return {
    answer: { id: sent.messageId, wa_id: target.waId, status: sent.messageStatus ?? 'accepted', sent_as: 'free_form' },
    message: {
      id: sent.messageId, workspaceId: target.workspace.id, connectionId: target.connection.id, waId: target.waId, type: message.type,
      templateName: null, templateCategory: null, sentAs: 'free_form', status: sent.messageStatus ?? 'accepted',
      content: replyContent(input),
    },
  };
}

/** What a free-form reply keeps for the conversation timeline: the message as the input gave it. */
function replyContent(input: ReplyInput): Record<string, unknown> {
  const { text, media, buttons, list, reply_to: replyTo } = input;
  return Object.fromEntries(Object.entries({ text, media, buttons, list, reply_to: replyTo }).filter(([, value]) => value !== undefined));
}

/** POST /v1/messages/reply. */
export async function reply(deps: ActionDeps, workspaceId: string, input: ReplyInput, headerKey: string | null): Promise<ReplyOutput> {
  return (await replyOnce(deps, workspaceId, input, headerKey)).answer;
}

/** The reply, saying whether the answer is an earlier send's for the same idempotency key (`replayed`). */
export async function replyOnce(deps: ActionDeps, workspaceId: string, input: ReplyInput, headerKey: string | null): Promise<{ answer: ReplyOutput; replayed: boolean }> {
  const { waId } = recipient('to', input.to);
  const workspace = await workspaceOf(deps, workspaceId);
  const connection = await resolveConnection(deps.store, workspaceId, input.phone_number_id);
  const target: Target = { workspace, connection, waId };
  const key = headerKey ?? input.idempotency_key ?? null;
  const operation = { workspaceId, key, operation: 'reply', input: { ...input, to: waId, phone_number_id: connection.phoneNumberId } };
  return sendOnce<ReplyOutput>(deps.store, operation, async () => {
    const contact = await deps.store.getContact(workspaceId, waId);
    const window = serviceWindow(contact?.lastInboundAt ?? null, deps.now());
    if (!window.open) return sendFallback(deps, target, input, window.expiresAt);
    refuseIfOptedOut(deps, contact);
    try {
      return await sendFreeForm(deps, target, input);
    } catch (error) {
      if (!isReengagementError(error)) throw error;
      return sendFallback(deps, target, input, deps.now());
    }
  });
}
