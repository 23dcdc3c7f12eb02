/**
 * `POST /{template-id}`: edit a template (reference §4.5). Only APPROVED, REJECTED and PAUSED templates can
 * be edited, an approved template keeps its category, components are replaced whole, and the edit sends the
 * template back through review (PENDING → APPROVED/REJECTED with the status webhook).
 */
import type { Sandbox } from '../context.js';
import { unknownObject } from '../graph-error.js';
import type { Json } from '../messages/fields.js';
import { review, validatedComponents } from './create.js';
import { SUBCODES, templateError } from './create-errors.js';

const EDITABLE = ['APPROVED', 'REJECTED', 'PAUSED'];
const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];

/** Applies an edit and starts a new review; answers `{success: true}`. */
export function editTemplate(sandbox: Sandbox, id: string, body: Json): Record<string, unknown> {
  const template = sandbox.state.templates.find((t) => t.id === id);
  if (!template) throw unknownObject(id, 'post');
  if (!EDITABLE.includes(template.status)) {
    throw templateError(SUBCODES.statusLocked, 'Template cannot be edited now', `The template is ${template.status}; only APPROVED, REJECTED or PAUSED templates can be edited.`);
  }
  const category = body.category === undefined ? template.category : String(body.category).toUpperCase();
  if (!CATEGORIES.includes(category)) throw templateError(undefined, 'Invalid category', 'category must be MARKETING, UTILITY or AUTHENTICATION.');
  if (category !== template.category && template.status === 'APPROVED') {
    throw templateError(SUBCODES.statusLocked, 'Category cannot change', 'The category of an approved template cannot be edited; create a new template instead.');
  }
  if (body.components === undefined && category === template.category) throw templateError(undefined, 'Nothing to edit', 'Send components and/or category.');
  const components = body.components === undefined ? template.components : validatedComponents(body.components, { ...template, category });
  Object.assign(template, { category, components, status: 'PENDING' });
  delete template.rejected_reason;
  sandbox.changed();
  sandbox.schedule(() => review(sandbox, template), sandbox.options.templateReviewMs);
  return { success: true };
}
