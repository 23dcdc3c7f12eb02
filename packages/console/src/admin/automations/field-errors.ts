/**
 * The API's validation errors placed at the form's fields: an error about `trigger.opening_hours.mon` shows
 * under Monday's hours, one about an exception date under the exception dates; what no field claims shows
 * above the form.
 */

/** Errors per form field, and the rest. */
export interface FieldErrors {
  byField: Record<string, string>;
  general: string | null;
}

/** The rule form's fields, by the API's names. */
export const RULE_FORM_FIELDS = [
  'name', 'phone_number_id', 'enabled', 'once_per_hours', 'trigger.type', 'trigger.time_zone', 'trigger.opening_hours', ...['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => `trigger.opening_hours.${d}`),
  'trigger.exceptions', 'trigger.keywords', 'trigger.after_days', 'action.type', 'action.reply', 'action.reply.media', 'action.url', 'action.timeout_ms', 'action.fallback_text', 'action.to',
  'action.staff_phone', 'action.template', 'action.language', 'action.name_variable', 'action.text_variable',
] as const;

/** No errors. */
export const NO_ERRORS: FieldErrors = { byField: {}, general: null };

interface ApiErrorBody { error?: { message?: string; details?: { field?: unknown; fields?: Array<{ field?: unknown; message?: unknown }> } } }

/**
 * The API's field name as the form names it: the opening-hours check names exception dates by date, and an image's
 * caption is typed in the reply's text field.
 */
function normalise(field: string): string {
  if (field === 'action.reply.media.caption') return 'action.reply';
  return /^trigger\.opening_hours\.\d{4}-\d{2}-\d{2}/.test(field) ? 'trigger.exceptions' : field;
}

/** The longest form field that `apiField` is, or is inside of. */
function claim(apiField: string, formFields: readonly string[]): string | undefined {
  const field = normalise(apiField);
  return formFields.filter((f) => field === f || field.startsWith(`${f}.`)).sort((a, b) => b.length - a.length)[0];
}

/** Places an error answer of the API on the form's fields (`prefix`: where the rule sits in the body, e.g. `rule.`). */
export function fieldErrorsOf(body: unknown, status: number, formFields: readonly string[], prefix = ''): FieldErrors {
  const error = (body as ApiErrorBody | undefined)?.error;
  const message = error?.message ?? `HTTP ${status}`;
  const listed = error?.details?.fields ?? [{ field: error?.details?.field, message }];
  const byField: Record<string, string> = {};
  let general: string | null = null;
  for (const item of listed) {
    const text = typeof item.message === 'string' ? item.message : message;
    const apiField = typeof item.field === 'string' && item.field.startsWith(prefix) ? item.field.slice(prefix.length) : item.field;
    const field = typeof apiField === 'string' ? claim(apiField, formFields) : undefined;
    if (field === undefined) general ??= text;
    else byField[field] ??= text;
  }
  return { byField, general };
}
