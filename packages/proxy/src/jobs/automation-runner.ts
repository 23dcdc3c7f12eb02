/**
 * The automation runner: runs a workspace's rules on one inbound message after the applier has committed it.
 * `jobs/automation-worker.ts` calls it for each message of the runner's inbox (durable, in order per customer,
 * never in the intake's path); the sink `automations` still runs deliveries queued for it before the inbox
 * existed. Each rule runs at most once per message (the run log's unique key); an action that fails before
 * anything was sent throws SinkRetryError and is retried with the delivery policy.
 */
import { isKaikuError } from '@kaiku/core';
import type { InboundMessageRecord } from '@kaiku/core';
import type { ActionDeps } from '../actions/context.js';
import { customerRefusal, periodRefusal, sendAutoReply } from '../actions/auto-reply.js';
import { mayTargetPrivate } from '../actions/check-target-url.js';
import type { ReplyFetcher } from '../actions/fetch-reply.js';
import { forwardByEmail } from '../actions/forward-email.js';
import { forwardByWhatsapp } from '../actions/forward-whatsapp.js';
import type { Mailer } from '../actions/forward-email.js';
import { inTriggerOrder, isAutomatable, triggerFires } from '../automations/evaluate.js';
import type { Automation, AutomationReply, RunOutcome } from '../automations/types.js';
import { AUTOMATION_SINK } from '../store/automations.js';
import { SinkRetryError } from './sinks.js';
import type { EventSink } from './sinks.js';

/** The name of the sink subscription that feeds the runner (its messages go to the runner's inbox, see store/automation-inbox.ts). */
export { AUTOMATION_SINK };

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
  if (action.type === 'email') return forward(deps, workspaceId, message, action.to, why);
  if (action.type === 'whatsapp') return forwardByWhatsapp(deps, workspaceId, rule, action, message);
  if (action.type === 'reply') return replied(deps, workspaceId, message, action.reply, 'replied', why);
  const answer = await deps.fetchReply(action, message, now, mayTargetPrivate(deps.config, await deps.store.getWorkspace(workspaceId)));
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

/** A fired rule and what it will do: act (`started`), or the reason it does not. */
interface Planned {
  rule: Automation;
  why: string;
  outcome: RunOutcome;
  detail: string | null;
}

/**
 * Decides, before anything is written, which fired rules act: forwards always (staff may read every message);
 * of the rules that answer, the first one the customer may be answered by (consent, window, loop, period).
 */
async function planRuns(deps: RunnerDeps, workspaceId: string, message: InboundMessageRecord, now: Date, fired: Array<{ rule: Automation; why: string }>): Promise<Planned[]> {
  let customer: Promise<{ outcome: RunOutcome; detail: string } | null> | null = null;
  let answering = false;
  const planned: Planned[] = [];
  for (const { rule, why } of fired) {
    if (!answersCustomer(rule)) {
      planned.push({ rule, why, outcome: 'started', detail: why });
      continue;
    }
    const refusal = answering
      ? { outcome: 'skipped_answered' as const, detail: 'another rule answered this message' }
      : (await (customer ??= customerRefusal(deps, workspaceId, message, now))) ?? (await periodRefusal(deps, workspaceId, rule, message, now));
    if (refusal === null) answering = true;
    planned.push({ rule, why, outcome: refusal?.outcome ?? 'started', detail: refusal?.detail ?? why });
  }
  return planned;
}

/**
 * Runs a workspace's rules for one inbound message: the fired rules' runs are written in one transaction
 * (a redelivered message finds them and acts no more), then the acting ones act and record their outcome.
 */
export async function runAutomations(deps: RunnerDeps, workspaceId: string, message: InboundMessageRecord): Promise<void> {
  const store = deps.store.automations;
  const receivedAt = new Date(message.received_at);
  // Kept per customer and number, apart from the message history that retention prunes (for greetings).
  const lastContact = await store.noteContact(workspaceId, message.phone_number_id, message.from, message.id, receivedAt);
  if (!isAutomatable(message)) return;
  const rules = inTriggerOrder((await store.list(workspaceId, message.phone_number_id)).filter((r) => r.enabled));
  if (rules.length === 0) return;
  const now = deps.now();
  let previous: Promise<Date | null> | null = null;
  const ctx = {
    now, previousInboundAt: () => (previous ??= lastContact === null ? store.previousInboundAt(workspaceId, message.from, message.id, receivedAt) : Promise.resolve(lastContact)),
  };
  const fired: Array<{ rule: Automation; why: string }> = [];
  for (const rule of rules) {
    const why = await triggerFires(rule.trigger, message, ctx);
    if (why !== null) fired.push({ rule, why });
  }
  if (fired.length === 0) return;
  const planned = await planRuns(deps, workspaceId, message, now, fired);
  const fresh = await deps.store.automations.startRuns(planned.map((p) => ({
    workspaceId, automationId: p.rule.id, messageId: message.id, waId: message.from, at: now, outcome: p.outcome, detail: p.detail,
  })));
  for (const [i, p] of planned.entries()) {
    if (fresh[i] !== true) continue;
    if (p.outcome === 'started') await runRule(deps, workspaceId, p.rule, message, now, p.why);
    else deps.metrics.automationRuns.inc({ outcome: p.outcome });
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
