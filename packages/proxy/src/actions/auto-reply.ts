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

/** Why no rule may answer this customer now (opted out, window closed, a loop), or null when one may. */
export async function customerRefusal(
  deps: ActionDeps, workspaceId: string, message: InboundMessageRecord, now: Date,
): Promise<{ outcome: RunOutcome; detail: string } | null> {
  const contact = await deps.store.getContact(workspaceId, message.from);
  if (contact?.consent === 'opted_out') return { outcome: 'skipped_opted_out', detail: 'the customer opted out' };
  if (now.getTime() - Date.parse(message.received_at) >= WINDOW_MS) return { outcome: 'skipped_window_closed', detail: 'the 24-hour window of this message has closed' };
  const last = await deps.store.automations.lastAnswered(workspaceId, message.from);
  if (last !== null && now.getTime() - last.getTime() < LOOP_GUARD_MS) {
    return { outcome: 'skipped_loop', detail: `an automatic reply went to this customer ${Math.round((now.getTime() - last.getTime()) / 1000)} s ago` };
  }
  return null;
}

/** Why this rule may not answer this customer again yet (`once_per_hours`), or null. */
export async function periodRefusal(
  deps: ActionDeps, workspaceId: string, rule: Automation, message: InboundMessageRecord, now: Date,
): Promise<{ outcome: RunOutcome; detail: string } | null> {
  if (rule.oncePerHours === null || rule.oncePerHours <= 0) return null;
  const last = await deps.store.automations.lastAnswered(workspaceId, message.from, rule.id);
  if (last === null || now.getTime() - last.getTime() >= rule.oncePerHours * 3_600_000) return null;
  return { outcome: 'skipped_once_per_period', detail: `answered at ${last.toISOString()}; once per ${rule.oncePerHours} h` };
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
