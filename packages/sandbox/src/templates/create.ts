/**
 * Template creation and deletion on `/{waba-id}/message_templates`. A valid template is stored PENDING and
 * reviewed after `templateReviewMs`: APPROVED, or REJECTED with a reason (adjacent variables → INVALID_FORMAT,
 * requests for card numbers or passwords → SCAM, the same body and footer as another template → INVALID_FORMAT),
 * announced with the `message_template_status_update` webhook.
 */
import type { Sandbox } from '../context.js';
import { emitWebhook } from '../context.js';
import { invalidParameter } from '../graph-error.js';
import { numericId } from '../ids.js';
import type { Json } from '../messages/fields.js';
import { isObject } from '../messages/fields.js';
import type { StoredTemplate, TemplateComponent } from '../state.js';
import type { TemplateStatusUpdate } from '../webhooks/payloads.js';
import { templateStatusPayload } from '../webhooks/payloads.js';
import { expandAuthentication } from './authentication.js';
import { SUBCODES, templateError } from './create-errors.js';
import { LANGUAGES } from './languages.js';
import { validateAuthentication, validateComponents } from './validate-create.js';
import { hasAdjacentVariables } from './validate-text.js';

const MAX_TEMPLATES = 250;
const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const SCAM = /\b(card number|credit card|cvv|cvc|password|pin code|social security|henkilötunnus|salasana)\b/i;

function readHeader(sandbox: Sandbox, wabaId: string, body: Json): Pick<StoredTemplate, 'name' | 'language' | 'category' | 'parameter_format'> {
  const { name, language } = body;
  if (typeof name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(name)) {
    throw templateError(SUBCODES.invalidName, 'Invalid template name', 'name: use only lower-case letters, digits and underscores (at most 512 characters).');
  }
  if (typeof language !== 'string' || !LANGUAGES.includes(language)) throw invalidParameter(`language: '${String(language)}' is not a supported language code (for example en_US, fi).`);
  const category = String(body.category ?? '').toUpperCase();
  if (!CATEGORIES.includes(category)) throw invalidParameter('category must be MARKETING, UTILITY or AUTHENTICATION.');
  const format = String(body.parameter_format ?? 'positional').toUpperCase();
  if (format !== 'POSITIONAL' && format !== 'NAMED') throw invalidParameter('parameter_format must be positional or named.');
  const existing = sandbox.state.templates.filter((t) => t.waba_id === wabaId);
  if (existing.some((t) => t.name === name && t.language === language)) {
    throw templateError(SUBCODES.duplicateName, 'Template already exists', `There is already ${language} content for the template ${name}; pick another name or language.`);
  }
  if (existing.length >= MAX_TEMPLATES) throw templateError(SUBCODES.countLimit, 'Template limit reached', `This WABA already has ${MAX_TEMPLATES} templates; delete some first.`);
  return { name, language, category, parameter_format: format };
}

/** Components checked against the creation rules, in the form Meta stores and returns them. */
export function validatedComponents(raw: unknown, header: Pick<StoredTemplate, 'language' | 'category' | 'parameter_format'>): TemplateComponent[] {
  if (!Array.isArray(raw) || !raw.every(isObject)) throw templateError(SUBCODES.bodyFormat, 'Components missing', 'components: add at least a BODY component.');
  if (header.category === 'AUTHENTICATION') return expandAuthentication(header.language, validateAuthentication(raw));
  return validateComponents(raw, header.parameter_format, header.category);
}

/** `POST /{waba-id}/message_templates` → `{id, status: 'PENDING', category}`. */
export function createTemplate(sandbox: Sandbox, wabaId: string, body: Json): Record<string, unknown> {
  const header = readHeader(sandbox, wabaId, body);
  const components = validatedComponents(body.components, header);
  const template: StoredTemplate = { ...header, id: numericId(), waba_id: wabaId, status: 'PENDING', components };
  sandbox.state.templates.push(template);
  sandbox.changed();
  sandbox.schedule(() => review(sandbox, template), sandbox.options.templateReviewMs);
  return { id: template.id, status: 'PENDING', category: template.category };
}

function textOf(components: TemplateComponent[], type: string): string {
  return components.find((c) => c.type === type)?.text ?? '';
}

function rejection(sandbox: Sandbox, template: StoredTemplate): TemplateStatusUpdate['rejectionInfo'] & { code: string } | undefined {
  const body = textOf(template.components, 'BODY');
  if (hasAdjacentVariables(body)) {
    return { code: 'INVALID_FORMAT', reason: 'Variables are next to each other', recommendation: 'Put words between variables, e.g. {{1}} and {{2}}.' };
  }
  if (SCAM.test(body)) return { code: 'SCAM', reason: 'The template asks for sensitive information', recommendation: 'Never ask customers for card numbers, passwords or ID numbers.' };
  if (template.category === 'AUTHENTICATION') return undefined;
  const footer = textOf(template.components, 'FOOTER');
  const duplicate = sandbox.state.templates.some(
    (t) => t.id !== template.id && t.waba_id === template.waba_id && t.status === 'APPROVED' && t.name !== template.name && textOf(t.components, 'BODY') === body && textOf(t.components, 'FOOTER') === footer,
  );
  if (duplicate) return { code: 'INVALID_FORMAT', reason: 'Duplicate content', recommendation: 'This body and footer already exist in another template; change the wording.' };
  return undefined;
}

/** Ends a template's review: APPROVED or REJECTED, announced by webhook. */
export function review(sandbox: Sandbox, template: StoredTemplate): void {
  if (!sandbox.state.templates.includes(template)) return;
  const rejected = rejection(sandbox, template);
  template.status = rejected ? 'REJECTED' : 'APPROVED';
  if (rejected) template.rejected_reason = rejected.code;
  sandbox.changed();
  const update: TemplateStatusUpdate = {
    event: template.status,
    templateId: template.id,
    name: template.name,
    language: template.language,
    category: template.category,
    reason: rejected ? rejected.code : 'NONE',
    ...(rejected ? { rejectionInfo: { reason: rejected.reason, recommendation: rejected.recommendation } } : {}),
  };
  emitWebhook(sandbox, template.waba_id, templateStatusPayload(template.waba_id, update, sandbox.options.clock.now()));
}

/** `DELETE ?name=` removes every language of a name; `?hsm_id=&name=` removes one template. */
export function deleteTemplates(sandbox: Sandbox, wabaId: string, query: Record<string, unknown>): Record<string, unknown> {
  const { name, hsm_id: hsmId } = query;
  if (typeof name !== 'string' || name === '') throw invalidParameter('The parameter name is required.');
  const doomed = sandbox.state.templates.filter((t) => t.waba_id === wabaId && t.name === name && (typeof hsmId !== 'string' || t.id === hsmId));
  if (doomed.length === 0) throw invalidParameter(`Template ${name}${typeof hsmId === 'string' ? ` with id ${hsmId}` : ''} was not found.`);
  sandbox.state.templates = sandbox.state.templates.filter((t) => !doomed.includes(t));
  sandbox.changed();
  return { success: true };
}
