/**
 * Use case: forward a customer's message to a staff member's WhatsApp number, as a utility template the admin
 * chose, with the customer's name and the text as its variables. A template may go at any time (no 24-hour
 * window), so only Meta's template rules and the staff number's own consent apply (a staff member who sent STOP
 * gets nothing): the send goes through the same consent check and throughput as any template send. Each rule
 * forwards a message once (an idempotency key per rule and message), also when the runner retries it.
 */
import { deriveTemplateInputs, KaikuError } from '@kaiku/core';
import type { InboundMessageRecord } from '@kaiku/core';
import type { Automation, AutomationAction, RunOutcome } from '../automations/types.js';
import type { Connection } from '../store/types.js';
import type { ActionDeps } from './context.js';
import { sendOnce } from './idempotency.js';
import { recipient, sendApprovedTemplate, templateContent, workspaceOf } from './send-template.js';
import { templateForSend } from './templates.js';

/** A forward-to-staff action. */
export type WhatsappForward = Extract<AutomationAction, { type: 'whatsapp' }>;

/** The template variables that get the customer's name and the text, unless the rule names others. */
export const DEFAULT_NAME_VARIABLE = '1';
export const DEFAULT_TEXT_VARIABLE = '2';

/** Meta refuses template values with line breaks, tabs or more than four spaces in a row, and over 1,024 characters. */
function templateValue(text: string, max = 900): string {
  const flat = text.replace(/[\n\t\r]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The values the template gets: the customer's name (or number) and what they wrote (or the kind of message). */
export function forwardVariables(action: WhatsappForward, message: InboundMessageRecord): Record<string, string> {
  const name = templateValue(message.profile_name ?? `+${message.from}`, 60);
  const text = templateValue(message.text ?? message.media_caption ?? '') || `[${message.type}]`;
  return { [action.name_variable ?? DEFAULT_NAME_VARIABLE]: `${name} (+${message.from})`, [action.text_variable ?? DEFAULT_TEXT_VARIABLE]: text };
}

const invalid = (field: string, message: string) => new KaikuError('validation_failed', message, { details: { field } });

/** Checks a forward-to-staff action when a rule is saved: the number, and an approved utility template whose only variables are the two. */
export async function checkWhatsappForward(deps: ActionDeps, connection: Connection, action: WhatsappForward): Promise<WhatsappForward> {
  if (typeof action.staff_phone !== 'string') throw invalid('action.staff_phone', 'Forwarding on WhatsApp needs "staff_phone", the staff member\'s number, e.g. "+358401234567".');
  const staff = recipient('action.staff_phone', action.staff_phone).waId;
  if (typeof action.template !== 'string') throw invalid('action.template', 'Name the utility template to forward with in "template", e.g. "staff_forward".');
  const template = await templateForSend(deps, connection, action.template, action.language);
  if (template.category !== 'UTILITY') {
    throw invalid('action.template', `"${template.name}" is a ${template.category.toLowerCase()} template; forward with a utility template (Meta's category for messages about an ongoing matter).`);
  }
  const nameKey = action.name_variable ?? DEFAULT_NAME_VARIABLE;
  const textKey = action.text_variable ?? DEFAULT_TEXT_VARIABLE;
  const wanted = [nameKey, textKey];
  const inputs = deriveTemplateInputs(template).filter((input) => input.required);
  const keys = inputs.map((input) => input.key);
  const missing = wanted.filter((key) => !keys.includes(key));
  const others = keys.filter((key) => !wanted.includes(key));
  if (missing.length > 0 || others.length > 0) {
    throw invalid('action.template', `The template "${template.name}" has the variables ${keys.join(', ') || '(none)'}; forwarding fills exactly two: the customer's name ("name_variable", now ${nameKey}) and the text ("text_variable", now ${textKey}). Choose a template with those two, or name its variables.`);
  }
  const typed = inputs.filter((input) => input.kind !== 'text');
  if (typed.length > 0) {
    throw invalid('action.template', `In "${template.name}", ${typed.map((input) => `${input.key} is a ${input.kind.replace('_', ' ')}`).join(' and ')} (from its example); forwarding needs two plain text variables. Choose a template whose examples are a name and a message.`);
  }
  // Only the forward's own fields are kept: the API's action object also takes other types' fields (a "secret").
  const { name_variable: nameVariable, text_variable: textVariable } = action;
  return { type: 'whatsapp', staff_phone: staff, template: template.name, language: template.language, ...(nameVariable ? { name_variable: nameVariable } : {}), ...(textVariable ? { text_variable: textVariable } : {}) };
}

/** Sends the template to the staff number; what was sent, or why nothing was. */
export async function forwardByWhatsapp(
  deps: ActionDeps, workspaceId: string, rule: Automation, action: WhatsappForward, message: InboundMessageRecord,
): Promise<{ outcome: RunOutcome; detail: string | null; sent: Record<string, unknown> | null }> {
  const staff = recipient('action.staff_phone', action.staff_phone).waId;
  // The staff member writing to the business is not forwarded back to themselves.
  if (message.from === staff) return { outcome: 'skipped_loop', detail: 'the message came from the staff number itself', sent: null };
  const connection = await deps.store.findConnectionByPhoneNumberId(message.phone_number_id);
  if (connection === null || connection.workspaceId !== workspaceId) return { outcome: 'failed', detail: 'the business number is no longer connected', sent: null };
  const workspace = await workspaceOf(deps, workspaceId);
  const variables = forwardVariables(action, message);
  const request = { template: action.template, ...(action.language ? { language: action.language } : {}), variables };
  const key = `automation:${rule.id}:${message.id}`;
  const { answer } = await sendOnce<Record<string, unknown>>(deps.store, { workspaceId, key, operation: 'automation-forward', input: { to: staff, ...request } }, async () => {
    const sent = await sendApprovedTemplate(deps, { workspace, connection, waId: staff }, request);
    return {
      answer: { message_id: sent.messageId, staff_phone: staff, template: sent.template.name, language: sent.template.language, preview: sent.preview },
      message: {
        id: sent.messageId, workspaceId, connectionId: connection.id, waId: staff, type: 'template', templateName: sent.template.name,
        templateCategory: sent.template.category, sentAs: 'template', status: sent.status, content: templateContent(sent, variables),
      },
    };
  });
  return { outcome: 'forwarded', detail: `to +${staff} on WhatsApp`, sent: answer };
}
