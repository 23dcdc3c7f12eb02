/**
 * Meta's quality controls on templates, driven from the control surface: the quality score (announced with
 * `message_template_quality_update`, read back as `quality_score`), pausing (sends answer 132015),
 * disabling (132016), unpausing, and pacing (reference §4.7): while a template is paced its sends answer
 * `held_for_quality_assessment` and get no status; releasing sends them on, pausing fails them with 132015.
 */
import type { Sandbox } from '../context.js';
import { emitWebhook } from '../context.js';
import { invalidParameter } from '../graph-error.js';
import type { Json } from '../messages/fields.js';
import type { Outcome } from '../messages/statuses.js';
import { scheduleStatuses } from '../messages/statuses.js';
import type { QualityScore, StoredTemplate } from '../state.js';
import { templateQualityPayload, templateStatusPayload, webhookError } from '../webhooks/payloads.js';

import { qualityScore } from './view.js';

const SCORES: readonly QualityScore[] = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'];

const QUALITY_EVENTS: Record<string, string> = { PAUSED: 'FIRST_PAUSE', DISABLED: 'DISABLED', APPROVED: 'UNPAUSE' };
const held = new WeakMap<Sandbox, Map<string, Outcome[]>>();

function heldFor(sandbox: Sandbox, templateId: string): Outcome[] {
  const perSandbox = held.get(sandbox) ?? new Map<string, Outcome[]>();
  held.set(sandbox, perSandbox);
  const list = perSandbox.get(templateId) ?? [];
  perSandbox.set(templateId, list);
  return list;
}

/** Schedules the statuses of a template send, or holds it while the template is paced; returns `message_status`. */
export function dispatchTemplateSend(sandbox: Sandbox, template: StoredTemplate, outcome: Outcome): string {
  if (!template.paced || outcome.failure) {
    scheduleStatuses(sandbox, outcome);
    return 'accepted';
  }
  outcome.message.status = 'held_for_quality_assessment';
  heldFor(sandbox, template.id).push(outcome);
  return 'held_for_quality_assessment';
}

function releaseHeld(sandbox: Sandbox, template: StoredTemplate, fail: boolean): void {
  const outcomes = heldFor(sandbox, template.id).splice(0);
  for (const outcome of outcomes) {
    const failure = fail ? webhookError(132015, 'Template is paused', 'The template was paused during quality assessment; the held message was not sent.') : undefined;
    scheduleStatuses(sandbox, { ...outcome, ...(failure ? { failure } : {}) });
  }
}

function announce(sandbox: Sandbox, template: StoredTemplate, status: string): void {
  const title = QUALITY_EVENTS[status] ?? status;
  const payload = templateStatusPayload(template.waba_id, {
    event: status,
    templateId: template.id,
    name: template.name,
    language: template.language,
    category: template.category,
    reason: 'NONE',
    otherInfo: { title, description: `The template is now ${status.toLowerCase()} (set from the sandbox's control surface).` },
  }, sandbox.options.clock.now());
  emitWebhook(sandbox, template.waba_id, payload);
}

/** Sets the quality score and tells the business, as Meta does when its assessment changes. */
function setQuality(sandbox: Sandbox, template: StoredTemplate, score: QualityScore): void {
  const now = sandbox.options.clock.now();
  const previous = qualityScore(template, now).score;
  template.quality = { score, date: Math.floor(now / 1000) };
  if (previous === score) return;
  const update = { previous, score, templateId: template.id, name: template.name, language: template.language };
  emitWebhook(sandbox, template.waba_id, templateQualityPayload(template.waba_id, update, now));
}

/** `PUT /_sandbox/templates/{id}` `{status?: PAUSED|DISABLED|APPROVED, paced?: boolean, quality?: GREEN|YELLOW|RED|UNKNOWN}`. */
export function updateTemplateQuality(sandbox: Sandbox, id: string, input: Json): StoredTemplate {
  const template = sandbox.state.templates.find((t) => t.id === id);
  if (!template) throw invalidParameter(`Template ${id} does not exist.`);
  const { status, paced, quality } = input;
  if (status !== undefined && (typeof status !== 'string' || !(status in QUALITY_EVENTS))) throw invalidParameter('status must be PAUSED, DISABLED or APPROVED.');
  if (paced !== undefined && typeof paced !== 'boolean') throw invalidParameter('paced must be true or false.');
  if (quality !== undefined && !SCORES.includes(quality as QualityScore)) throw invalidParameter('quality must be GREEN, YELLOW, RED or UNKNOWN.');
  if (status === undefined && paced === undefined && quality === undefined) throw invalidParameter('Send status, paced and/or quality.');
  if (typeof paced === 'boolean') template.paced = paced;
  if (quality !== undefined) setQuality(sandbox, template, quality as QualityScore);
  if (typeof status === 'string') {
    template.status = status;
    announce(sandbox, template, status);
  }
  if (template.status !== 'APPROVED') releaseHeld(sandbox, template, true);
  else if (!template.paced) releaseHeld(sandbox, template, false);
  sandbox.changed();
  return template;
}
