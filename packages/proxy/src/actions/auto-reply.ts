/**
 * Use case: answer a customer's message automatically, free-form, only inside the window that message opened,
 * never to a customer who opted out, at most once per customer per period, and never back and forth with
 * another automaton (a loop). Used by the automation runner (`jobs/automation-runner.ts`).
 */
import { replyInputToMessage, WINDOW_MS } from '@kaiku/core';
import type { InboundMessageRecord } from '@kaiku/core';
import type { Automation, AutomationReply, RunOutcome } from '../automations/types.js';
import type { ActionDeps } from './context.js';
import { sendThrottled } from './throughput.js';

/** A customer answered by automations within this long is not answered again (an auto-responder on the other side). */
export const LOOP_GUARD_MS = 30_000;

/** Why a customer may not be answered now, or null when they may. */
export async function replyRefusal(
  deps: ActionDeps, workspaceId: string, rule: Automation, message: InboundMessageRecord, now: Date,
): Promise<{ outcome: RunOutcome; detail: string } | null> {
  const { automations } = deps.store;
  const contact = await deps.store.getContact(workspaceId, message.from);
  if (contact?.consent === 'opted_out') return { outcome: 'skipped_opted_out', detail: 'the customer opted out' };
  if (now.getTime() - Date.parse(message.received_at) >= WINDOW_MS) return { outcome: 'skipped_window_closed', detail: 'the 24-hour window of this message has closed' };
  const lastAny = await automations.lastAnswered(workspaceId, message.from);
  if (lastAny !== null && now.getTime() - lastAny.getTime() < LOOP_GUARD_MS) {
    return { outcome: 'skipped_loop', detail: `an automatic reply went to this customer ${Math.round((now.getTime() - lastAny.getTime()) / 1000)} s ago` };
  }
  if (rule.oncePerHours !== null && rule.oncePerHours > 0) {
    const last = await automations.lastAnswered(workspaceId, message.from, rule.id);
    if (last !== null && now.getTime() - last.getTime() < rule.oncePerHours * 3_600_000) {
      return { outcome: 'skipped_once_per_period', detail: `answered at ${last.toISOString()}; once per ${rule.oncePerHours} h` };
    }
  }
  return null;
}

/** Sends the reply through the number that received the message and records it as an outbound message. */
export async function sendAutoReply(deps: ActionDeps, workspaceId: string, message: InboundMessageRecord, reply: AutomationReply): Promise<string> {
  const connection = await deps.store.findConnectionByPhoneNumberId(message.phone_number_id);
  if (connection === null || connection.workspaceId !== workspaceId) throw new Error(`The business number ${message.phone_number_id} is no longer connected to this workspace.`);
  const outbound = replyInputToMessage({ to: message.from, ...reply });
  const sent = await sendThrottled(deps, connection, outbound);
  const status = sent.messageStatus ?? 'accepted';
  await deps.store.recordOutboundMessage({
    id: sent.messageId, workspaceId, connectionId: connection.id, waId: sent.waId, type: outbound.type, templateName: null, templateCategory: null,
    sentAs: 'free_form', status, idempotencyKey: null, response: { id: sent.messageId, wa_id: sent.waId, status, sent_as: 'free_form' },
  });
  return sent.messageId;
}
