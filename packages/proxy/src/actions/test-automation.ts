/**
 * Use case of `POST /v1/automations/test`, the dry run: what a customer writing this message at this time would
 * receive, from a saved rule, an unsaved one (a form's contents) or all enabled rules of a business number. The
 * rules are judged exactly as the runner judges them (trigger order, opt-out, window, loop guard, once per
 * period), but nothing is sent, mailed or recorded. A fetch rule's URL IS called (that is what it does), with a
 * sample message; the answer says so in `called_urls`.
 */
import { randomUUID } from 'node:crypto';
import { KaikuError, WINDOW_MS } from '@kaiku/core';
import type { InboundMessageRecord, InboundType } from '@kaiku/core';
import { customerRefusal, periodRefusal } from './auto-reply.js';
import { definitionOf } from './automations.js';
import { mayTargetPrivate } from './check-target-url.js';
import { resolveConnection } from './connections.js';
import type { ActionDeps } from './context.js';
import { createReplyFetcher } from './fetch-reply.js';
import type { ReplyFetcher } from './fetch-reply.js';
import { forwardSubject } from './forward-email.js';
import { notFound } from '../http/errors.js';
import { inTriggerOrder, isAutomatable, triggerFires } from '../automations/evaluate.js';
import type { Automation, AutomationInput, AutomationReply } from '../automations/types.js';

/** The body of POST /v1/automations/test. */
export interface AutomationTestInput {
  automation_id?: string;
  rule?: AutomationInput;
  phone_number_id?: string;
  message: { text?: string; type?: InboundType; from?: string; profile_name?: string };
  at?: string;
}

/** What one rule would do. */
export interface RuleVerdict {
  automation_id: string | null;
  name: string;
  outcome: 'reply' | 'fallback' | 'no_reply' | 'forward' | 'failed' | 'not_triggered' | 'skipped_opted_out' | 'skipped_window_closed' | 'skipped_loop' | 'skipped_once_per_period' | 'skipped_answered';
  detail: string | null;
  reply: AutomationReply | null;
  email: { to: string[]; subject: string } | null;
}

/** The answer of the dry run. */
export interface AutomationTestResult {
  at: string;
  phone_number_id: string;
  /** What the customer would receive now (the first rule that answers), or null. */
  reply: AutomationReply | null;
  rules: RuleVerdict[];
  /** The reply URLs that were called to find the answer (nothing else left Kaiku). */
  called_urls: string[];
  /** Always false: a dry run sends, mails and records nothing. */
  sent: false;
}

const fetchers = new WeakMap<ActionDeps['secrets'], ReplyFetcher>();

/** The dry run's own reply fetcher (one per process, like the runner's). */
function fetcherFor(deps: ActionDeps): ReplyFetcher {
  let fetcher = fetchers.get(deps.secrets);
  if (fetcher === undefined) {
    fetcher = createReplyFetcher({ secrets: deps.secrets, metrics: deps.metrics });
    fetchers.set(deps.secrets, fetcher);
  }
  return fetcher;
}

function sampleMessage(input: AutomationTestInput['message'], phoneNumberId: string, at: Date): InboundMessageRecord {
  const none = null;
  return {
    id: `wamid.test_${randomUUID()}`, phone_number_id: phoneNumberId, display_phone_number: none, from: input.from ?? '000000000000',
    profile_name: input.profile_name ?? none, user_id: none, username: none, received_at: at.toISOString(), type: input.type ?? 'text',
    text: input.text ?? none, media_id: none, media_mime_type: none, media_sha256: none, media_caption: none, media_filename: none, media_url: none,
    reply_id: none, reply_title: none, reply_description: none, location_latitude: none, location_longitude: none, location_name: none,
    location_address: none, contacts_summary: none, contacts_count: none, reaction_emoji: none, reaction_message_id: none, reply_to_message_id: none,
    forwarded: false, referral_source_url: none, referral_source_id: none, referral_source_type: none, referral_headline: none, referral_body: none,
    referral_ctwa_clid: none, window_expires_at: new Date(at.getTime() + WINDOW_MS).toISOString(), raw: none,
  };
}

/** The rules to judge: the saved one, the unsaved one, or every enabled rule of the number. */
async function rulesToTest(deps: ActionDeps, workspaceId: string, input: AutomationTestInput): Promise<{ rules: Automation[]; phoneNumberId: string }> {
  if (input.automation_id !== undefined) {
    const rule = await deps.store.automations.get(workspaceId, input.automation_id);
    if (rule === null) throw notFound(`The automation ${input.automation_id}`);
    return { rules: [rule], phoneNumberId: rule.phoneNumberId };
  }
  if (input.rule !== undefined) {
    const definition = await definitionOf(deps, workspaceId, { ...input.rule, ...(input.phone_number_id ? { phone_number_id: input.phone_number_id } : {}) });
    const at = deps.now();
    return { rules: [{ ...definition, id: 'unsaved', workspaceId, createdAt: at, updatedAt: at }], phoneNumberId: definition.phoneNumberId };
  }
  const connection = await resolveConnection(deps.store, workspaceId, input.phone_number_id);
  return { rules: (await deps.store.automations.list(workspaceId, connection.phoneNumberId)).filter((r) => r.enabled), phoneNumberId: connection.phoneNumberId };
}

type Verdict = Pick<RuleVerdict, 'outcome' | 'detail' | 'reply' | 'email'>;

/** What an acting rule would do; a fetch rule calls its URL. */
async function act(deps: ActionDeps, workspaceId: string, rule: Automation, message: InboundMessageRecord, at: Date, why: string, called: string[]): Promise<Verdict> {
  const { action } = rule;
  if (action.type === 'reply') return { outcome: 'reply', detail: why, reply: action.reply, email: null };
  if (action.type === 'email') {
    const detail = deps.config.smtpUrl === null ? `${why}; but no mail server is configured (SMTP_URL), so it would fail` : why;
    return { outcome: deps.config.smtpUrl === null ? 'failed' : 'forward', detail, reply: null, email: { to: action.to, subject: forwardSubject(message) } };
  }
  if (action.type === 'whatsapp') {
    return { outcome: 'forward', detail: `${why}; the template "${action.template}" would go to the staff number ${action.staff_phone}`, reply: null, email: null };
  }
  called.push(action.url);
  const answer = await fetcherFor(deps)(action, message, at, mayTargetPrivate(deps.config, await deps.store.getWorkspace(workspaceId)));
  if (answer.kind === 'reply') return { outcome: 'reply', detail: `${why}; reply from the URL`, reply: answer.reply, email: null };
  if (answer.kind === 'no_reply') return { outcome: 'no_reply', detail: `${why}; the URL answered 204 (no reply)`, reply: null, email: null };
  if (answer.fallback === null) return { outcome: 'failed', detail: answer.error, reply: null, email: null };
  return { outcome: 'fallback', detail: answer.error, reply: answer.fallback, email: null };
}

/** POST /v1/automations/test. */
export async function testAutomations(deps: ActionDeps, workspaceId: string, input: AutomationTestInput): Promise<AutomationTestResult> {
  const at = input.at === undefined ? deps.now() : new Date(input.at);
  if (Number.isNaN(at.getTime())) throw new KaikuError('validation_failed', `"at" must be a time like 2026-12-24T18:30:00+02:00; got "${input.at}".`, { details: { field: 'at' } });
  const { rules, phoneNumberId } = await rulesToTest(deps, workspaceId, input);
  const message = sampleMessage(input.message, phoneNumberId, at);
  const called: string[] = [];
  const verdicts: RuleVerdict[] = [];
  const automatable = isAutomatable(message);
  let answered = false;
  const ctx = { now: at, previousInboundAt: () => deps.store.automations.previousInboundAt(workspaceId, message.from, message.id, at) };
  for (const rule of inTriggerOrder(rules)) {
    const shown = { automation_id: rule.id === 'unsaved' ? null : rule.id, name: rule.name };
    const why = automatable ? await triggerFires(rule.trigger, message, ctx) : null;
    if (why === null) {
      verdicts.push({ ...shown, outcome: 'not_triggered', detail: automatable ? null : 'no rule answers reactions, system notices or STOP/START', reply: null, email: null });
      continue;
    }
    const answers = rule.action.type !== 'email';
    const refusal = !answers ? null : answered
      ? { outcome: 'skipped_answered' as const, detail: 'another rule answered this message' }
      : (await customerRefusal(deps, workspaceId, message, at)) ?? (await periodRefusal(deps, workspaceId, rule, message, at));
    if (refusal !== null) {
      verdicts.push({ ...shown, outcome: refusal.outcome as RuleVerdict['outcome'], detail: refusal.detail, reply: null, email: null });
      continue;
    }
    // As in the runner: the first rule allowed to answer is the one that answers (even if its URL says 204).
    if (answers) answered = true;
    verdicts.push({ ...shown, ...(await act(deps, workspaceId, rule, message, at, why, called)) });
  }
  return {
    at: at.toISOString(), phone_number_id: phoneNumberId, reply: verdicts.find((v) => v.reply !== null)?.reply ?? null, rules: verdicts, called_urls: called, sent: false,
  };
}
