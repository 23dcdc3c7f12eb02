/** A stored template as Meta's `GET /{waba-id}/message_templates` returns it. */
import { selectFields } from '../routes/select-fields.js';
import type { StoredTemplate } from '../state.js';

/** Meta's template object (no sandbox-internal fields). */
export function templateView(template: StoredTemplate): Record<string, unknown> {
  const view: Record<string, unknown> = {
    name: template.name,
    parameter_format: template.parameter_format,
    components: template.components,
    language: template.language,
    status: template.status,
    category: template.category,
    id: template.id,
  };
  if (template.status === 'REJECTED') view.rejected_reason = template.rejected_reason ?? 'NONE';
  return view;
}

/** Meta's quality score: as set from the control surface, else red while paused or disabled, yellow while paced, unknown before approval. */
export function qualityScore(template: StoredTemplate, now: number): { score: string; date: number } {
  if (template.quality !== undefined) return { ...template.quality };
  const score = template.status === 'PAUSED' || template.status === 'DISABLED' ? 'RED'
    : template.status !== 'APPROVED' ? 'UNKNOWN' : template.paced ? 'YELLOW' : 'GREEN';
  return { score, date: Math.floor(now / 1000) };
}

/** The template narrowed to `fields`, with `quality_score` and `rejected_reason` when they are asked for. */
export function templateWithFields(template: StoredTemplate, fields: unknown, now: number): Record<string, unknown> {
  const view = templateView(template);
  if (typeof fields !== 'string' || fields === '') return view;
  const wanted = new Set(fields.split(',').map((f) => f.trim()));
  if (wanted.has('quality_score')) view.quality_score = qualityScore(template, now);
  if (wanted.has('rejected_reason')) view.rejected_reason = template.rejected_reason ?? 'NONE';
  return selectFields(view, fields);
}
