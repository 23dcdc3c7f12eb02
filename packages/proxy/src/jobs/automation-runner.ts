/**
 * The automation runner: an in-process sink (`automations`) fed by the delivery machinery, so that rules run
 * after the applier has committed a message, from the durable delivery queue (a restart loses no run), in
 * order per customer, never in the intake's path. Each rule runs at most once per message (the run log's
 * unique key); an action that fails before anything was sent is retried with the delivery policy.
 */
import { isKaikuError } from '@kaiku/core';
import type { InboundMessageRecord } from '@kaiku/core';
import type { ActionDeps } from '../actions/context.js';
import { replyRefusal, sendAutoReply } from '../actions/auto-reply.js';
import type { ReplyFetcher } from '../actions/fetch-reply.js';
import { forwardByEmail } from '../actions/forward-email.js';
import type { Mailer } from '../actions/forward-email.js';
import { inTriggerOrder, isAutomatable, triggerFires } from '../automations/evaluate.js';
import type { Automation, AutomationReply, RunOutcome } from '../automations/types.js';
import { SinkRetryError } from './sinks.js';
import type { EventSink } from './sinks.js';

/** The name of the sink subscription that feeds the runner. */
export const AUTOMATION_SINK = 'automations';

/** What one rule's action did. */
export interface RuleResult {
  outcome: RunOutcome;
  detail: string | null;
  sent: Record<string, unknown> | null;
}

/** Whether an action answers the customer (then only the first rule that answers does). */
function answersCustomer(rule: Automation): boolean {
  return rule.action.type === 'reply' || rule.action.type === 'fetch';
}

/** What the runner needs besides the actions' dependencies. */
export interface RunnerDeps extends ActionDeps {
  fetchReply: ReplyFetcher;
  /** Null when no mail server is configured (`SMTP_URL`). */
  mailer: Mailer | null;
}

async function forward(deps: RunnerDeps, workspaceId: string, message: InboundMessageRecord, to: string[], why: string): Promise<RuleResult> {
  if (deps.mailer === null) return { outcome: 'failed', detail: 'no mail server is configured; set SMTP_URL', sent: null };
  const connection = await deps.store.findConnectionByPhoneNumberId(message.phone_number_id);
  if (connection === null || connection.workspaceId !== workspaceId) return { outcome: 'failed', detail: 'the business number is no longer connected', sent: null };
  return { outcome: 'forwarded', detail: why, sent: await forwardByEmail(deps, deps.mailer, connection, message, to) };
}

async function replied(deps: RunnerDeps, workspaceId: string, message: InboundMessageRecord, reply: AutomationReply, outcome: RunOutcome, detail: string): Promise<RuleResult> {
  const id = await sendAutoReply(deps, workspaceId, message, reply);
  return { outcome, detail, sent: { message_id: id, ...reply } };
}

async function runAction(deps: RunnerDeps, workspaceId: string, rule: Automation, message: InboundMessageRecord, now: Date, why: string): Promise<RuleResult> {
  const { action } = rule;
  // Staff may read every message; only answers to the customer are bound by consent, window and loops.
  if (action.type === 'email') return forward(deps, workspaceId, message, action.to, why);
  const refusal = await replyRefusal(deps, workspaceId, rule, message, now);
  if (refusal !== null) return { ...refusal, sent: null };
  if (action.type === 'reply') return replied(deps, workspaceId, message, action.reply, 'replied', why);
  const answer = await deps.fetchReply(action, message, now);
  if (answer.kind === 'no_reply') return { outcome: 'no_reply', detail: `${why}; the URL answered 204 (no reply)`, sent: null };
  if (answer.kind === 'reply') return replied(deps, workspaceId, message, answer.reply, 'replied', `${why}; reply from the URL`);
  if (answer.fallback === null) return { outcome: 'failed', detail: answer.error, sent: null };
  return replied(deps, workspaceId, message, answer.fallback, 'fallback', answer.error);
}

/** Runs one rule on one message and records the run; throws SinkRetryError when it should be tried again. */
async function runRule(deps: RunnerDeps, workspaceId: string, rule: Automation, message: InboundMessageRecord, now: Date, why: string): Promise<RuleResult> {
  const runs = deps.store.automations;
  let result: RuleResult;
  try {
    result = await runAction(deps, workspaceId, rule, message, now, why);
  } catch (error) {
    if (isKaikuError(error) && error.retryable) {
      await runs.abandonRun(rule.id, message.id);
      throw new SinkRetryError(`automation ${rule.id}: ${error.message}`, error.retryAfterMs);
    }
    result = { outcome: 'failed', detail: error instanceof Error ? error.message : String(error), sent: null };
  }
  await runs.finishRun({ automationId: rule.id, messageId: message.id, ...result });
  deps.metrics.automationRuns.inc({ outcome: result.outcome });
  return result;
}

/** Runs a workspace's rules for one inbound message. */
export async function runAutomations(deps: RunnerDeps, workspaceId: string, message: InboundMessageRecord): Promise<void> {
  if (!isAutomatable(message)) return;
  const rules = inTriggerOrder((await deps.store.automations.list(workspaceId, message.phone_number_id)).filter((r) => r.enabled));
  if (rules.length === 0) return;
  const now = deps.now();
  let previous: Promise<Date | null> | null = null;
  const ctx = { now, previousInboundAt: () => (previous ??= deps.store.automations.previousInboundAt(workspaceId, message.from, message.id)) };
  let answered = false;
  for (const rule of rules) {
    const why = await triggerFires(rule.trigger, message, ctx);
    if (why === null) continue;
    const answers = answersCustomer(rule);
    const started = await deps.store.automations.startRun({ workspaceId, automationId: rule.id, messageId: message.id, waId: message.from, at: now });
    if (!started) {
      answered ||= answers;
      continue;
    }
    if (answers && answered) {
      await deps.store.automations.finishRun({ automationId: rule.id, messageId: message.id, outcome: 'skipped_answered', detail: 'another rule answered this message', sent: null });
      continue;
    }
    const result = await runRule(deps, workspaceId, rule, message, now, why);
    if (answers && (result.outcome === 'replied' || result.outcome === 'fallback' || result.outcome === 'no_reply')) answered = true;
  }
}

/** The sink the delivery worker calls for each inbound message of a workspace with rules. */
export function createAutomationSink(deps: RunnerDeps): EventSink {
  return {
    name: AUTOMATION_SINK,
    deliver: async (event) => {
      if (event.eventType !== 'inbound_message') return;
      await runAutomations(deps, event.workspaceId, event.record as InboundMessageRecord);
    },
  };
}
