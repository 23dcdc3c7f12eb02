/** A stored template as Meta's `GET /{waba-id}/message_templates` returns it. */
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
