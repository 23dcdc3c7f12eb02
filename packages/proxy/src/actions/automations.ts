/**
 * Use cases of `/v1/automations`: rules per business number (create, list, read, replace, delete) and their
 * run log. A workspace with rules has one sink subscription (`automations`) that feeds the runner.
 */
import { KaikuError, replyInputToMessage } from '@kaiku/core';
import type { Automation, AutomationAction, AutomationInput, AutomationRun, AutomationTrigger } from '../automations/types.js';
import { isTimeZone, minutesOf } from '../automations/opening-hours.js';
import { AUTOMATION_SINK } from '../jobs/automation-runner.js';
import { notFound } from '../http/errors.js';
import type { AutomationDefinition } from '../store/automations.js';
import type { ActionDeps } from './context.js';
import { checkTargetUrl, mayTargetPrivate } from './check-target-url.js';
import { generateWebhookSecret, sealSigningSecrets, webhookSecretProblem } from './webhook-secrets.js';
import { resolveConnection } from './connections.js';
import { checkWhatsappForward } from './forward-whatsapp.js';
import type { Connection } from '../store/types.js';

/** A rule as the API shows it. */
export interface AutomationView {
  id: string;
  name: string;
  phone_number_id: string;
  enabled: boolean;
  trigger: Automation['trigger'];
  action: Automation['action'] | (Omit<Extract<AutomationAction, { type: 'fetch' }>, 'secret'> & { has_secret: boolean });
  once_per_hours: number | null;
  created_at: string;
  updated_at: string;
  /** A fetch rule's signing secret: only in the answer that created or replaced the rule. */
  secret?: string;
}

/** A run as the API shows it. */
export interface AutomationRunView {
  id: string;
  automation_id: string;
  message_id: string;
  wa_id: string;
  outcome: string;
  detail: string | null;
  sent: Record<string, unknown> | null;
  created_at: string;
}

/** The action as shown: a fetch rule's secret is never shown back, only that it has one. */
function presentAction(action: AutomationAction): AutomationView['action'] {
  if (action.type !== 'fetch') return action;
  const { secret, ...shown } = action;
  return { ...shown, has_secret: secret !== undefined };
}

function present(rule: Automation): AutomationView {
  return {
    id: rule.id, name: rule.name, phone_number_id: rule.phoneNumberId, enabled: rule.enabled, trigger: rule.trigger, action: presentAction(rule.action),
    once_per_hours: rule.oncePerHours, created_at: rule.createdAt.toISOString(), updated_at: rule.updatedAt.toISOString(),
  };
}

function presentRun(run: AutomationRun): AutomationRunView {
  return {
    id: run.id, automation_id: run.automationId, message_id: run.messageId, wa_id: run.waId, outcome: run.outcome, detail: run.detail,
    sent: run.sent, created_at: run.createdAt.toISOString(),
  };
}

const invalid = (field: string, message: string) => new KaikuError('validation_failed', message, { details: { field } });

function checkTrigger(trigger: AutomationTrigger): void {
  if (trigger.type === 'keyword' && trigger.keywords.every((k) => k.trim() === '')) throw invalid('trigger.keywords', 'Give at least one keyword, e.g. "aukioloajat".');
  if (trigger.type !== 'out_of_hours') return;
  if (trigger.time_zone !== undefined && !isTimeZone(trigger.time_zone)) throw invalid('trigger.time_zone', `"${trigger.time_zone}" is not a time zone; write it as Europe/Helsinki.`);
  const days = [...Object.entries(trigger.opening_hours), ...(trigger.exceptions ?? []).map((e) => [e.date, e.hours] as const)];
  for (const [day, periods] of days) {
    for (const p of periods ?? []) {
      const from = minutesOf(p.from);
      const to = minutesOf(p.to);
      if (Number.isNaN(from) || Number.isNaN(to) || from >= to) throw invalid(`trigger.opening_hours.${day}`, `"${p.from}–${p.to}" on ${day} is not an opening period; write times as HH:MM with "from" before "to" (24:00 for midnight).`);
    }
  }
}

async function checkAction(deps: ActionDeps, connection: Connection, action: AutomationAction, secretShown: { value?: string }): Promise<AutomationAction> {
  const { workspaceId } = connection;
  if (action.type === 'whatsapp') return checkWhatsappForward(deps, connection, action);
  if (action.type === 'reply') {
    if (action.reply === undefined) throw invalid('action.reply', 'A reply rule needs "reply", e.g. {"text": "Olemme kiinni."}.');
    // Throws, naming each field by its place in the rule, when WhatsApp would refuse the reply.
    replyInputToMessage({ to: '0', ...action.reply }, 'action.reply.');
    return { type: 'reply', reply: action.reply };
  }
  if (action.type === 'email') {
    if (deps.config.smtpUrl === null) throw invalid('action.type', 'Forwarding by e-mail needs a mail server: set SMTP_URL (e.g. smtp://user:password@mail.example.com:587) and restart Kaiku.');
    if (action.to === undefined || action.to.length === 0) throw invalid('action.to', 'Name at least one e-mail address to forward to.');
    return { type: 'email', to: action.to };
  }
  if (action.type !== 'fetch') throw invalid('action.type', `"${String((action as { type: unknown }).type)}" is not an action; choose reply, fetch, email or whatsapp.`);
  if (action.url === undefined) throw invalid('action.url', 'A fetch rule needs "url", the HTTPS address that answers with {"reply": {…}}.');
  let url: string;
  try {
    url = await checkTargetUrl(action.url, { ...deps.config, allowPrivateTargets: mayTargetPrivate(deps.config, await deps.store.getWorkspace(workspaceId)) });
  } catch (error) {
    throw invalid('action.url', (error as Error).message.replace('"target_url"', '"action.url"'));
  }
  // Signed like a subscription's deliveries: a secret given or made here, sealed at rest, shown once.
  const secret = action.secret ?? generateWebhookSecret();
  const problem = webhookSecretProblem(secret);
  if (problem !== undefined) throw invalid('action.secret', problem.replace('"secret"', '"action.secret"'));
  secretShown.value = secret;
  const sealed = sealSigningSecrets(deps.secrets, { current: secret, previous: null, previousUntil: null });
  const { timeout_ms: timeoutMs, fallback_text: fallbackText } = action;
  return { type: 'fetch', url, secret: sealed, ...(timeoutMs ? { timeout_ms: timeoutMs } : {}), ...(fallbackText ? { fallback_text: fallbackText } : {}) };
}

/** A rule checked and completed with its defaults, as it would be stored (the dry run uses it too). */
export async function definitionOf(deps: ActionDeps, workspaceId: string, input: AutomationInput, secretShown: { value?: string } = {}): Promise<AutomationDefinition> {
  const connection = await resolveConnection(deps.store, workspaceId, input.phone_number_id);
  checkTrigger(input.trigger);
  const action = await checkAction(deps, connection, input.action, secretShown);
  // Answers are limited per period by default; forwards are not (staff should see every message).
  const periodic = (input.trigger.type === 'out_of_hours' || input.trigger.type === 'first_contact') && (action.type === 'reply' || action.type === 'fetch');
  return {
    phoneNumberId: connection.phoneNumberId, name: input.name, enabled: input.enabled ?? true, trigger: input.trigger, action,
    oncePerHours: input.once_per_hours === undefined ? (periodic ? 12 : null) : input.once_per_hours,
  };
}

/** Makes sure the runner hears of the workspace's inbound messages (one sink subscription per workspace). */
async function ensureSink(deps: ActionDeps, workspaceId: string): Promise<void> {
  const subscriptions = await deps.store.listSubscriptions(workspaceId);
  if (subscriptions.some((s) => s.sink === AUTOMATION_SINK)) return;
  await deps.store.createSubscription({ workspaceId, event: 'inbound_message', targetUrl: null, sink: AUTOMATION_SINK, secret: null, filter: null, source: 'automations' });
}

/** Drops the sink subscription when no rule is left, so a workspace without rules pays nothing. */
async function dropSinkIfUnused(deps: ActionDeps, workspaceId: string): Promise<void> {
  if ((await deps.store.automations.list(workspaceId)).length > 0) return;
  for (const s of await deps.store.listSubscriptions(workspaceId)) if (s.sink === AUTOMATION_SINK) await deps.store.deleteSubscription(workspaceId, s.id);
}

/** POST /v1/automations. */
export async function createAutomation(deps: ActionDeps, workspaceId: string, input: AutomationInput): Promise<AutomationView> {
  const secret: { value?: string } = {};
  const rule = await deps.store.automations.create(workspaceId, await definitionOf(deps, workspaceId, input, secret));
  await ensureSink(deps, workspaceId);
  return withSecret(present(rule), secret.value);
}

/** A fetch rule's signing secret goes back once, in the answer that set it. */
function withSecret(view: AutomationView, secret: string | undefined): AutomationView {
  return secret === undefined ? view : { ...view, secret };
}

/** GET /v1/automations. */
export async function listAutomations(deps: ActionDeps, workspaceId: string, phoneNumberId?: string): Promise<AutomationView[]> {
  return (await deps.store.automations.list(workspaceId, phoneNumberId)).map(present);
}

/** GET /v1/automations/{id}. */
export async function getAutomation(deps: ActionDeps, workspaceId: string, id: string): Promise<AutomationView> {
  const rule = await deps.store.automations.get(workspaceId, id);
  if (rule === null) throw notFound(`The automation ${id}`);
  return present(rule);
}

/** PUT /v1/automations/{id}: replaces the rule; a fetch rule sent without "secret" keeps its secret. */
export async function replaceAutomation(deps: ActionDeps, workspaceId: string, id: string, input: AutomationInput): Promise<AutomationView> {
  const secret: { value?: string } = {};
  const before = await deps.store.automations.get(workspaceId, id);
  if (before === null) throw notFound(`The automation ${id}`);
  const definition = await definitionOf(deps, workspaceId, input, secret);
  // The console edits a rule without ever seeing its secret: leaving it out must not re-key the caller's system.
  if (definition.action.type === 'fetch' && input.action.type === 'fetch' && input.action.secret === undefined && before.action.type === 'fetch' && before.action.secret !== undefined) {
    definition.action = { ...definition.action, secret: before.action.secret };
    delete secret.value;
  }
  const rule = await deps.store.automations.update(workspaceId, id, definition);
  if (rule === null) throw notFound(`The automation ${id}`);
  await ensureSink(deps, workspaceId);
  return withSecret(present(rule), secret.value);
}

/** DELETE /v1/automations/{id}. */
export async function deleteAutomation(deps: ActionDeps, workspaceId: string, id: string): Promise<void> {
  if (!(await deps.store.automations.remove(workspaceId, id))) throw notFound(`The automation ${id}`);
  await dropSinkIfUnused(deps, workspaceId);
}

/** GET /v1/automations/runs. */
export async function listAutomationRuns(deps: ActionDeps, workspaceId: string, query: { automationId?: string; limit: number }): Promise<AutomationRunView[]> {
  return (await deps.store.automations.runs(workspaceId, query)).map(presentRun);
}
