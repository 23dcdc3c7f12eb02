/** Labelled form controls that show the API's error for their field under them (and say so to screen readers). */
import type { ComponentChildren } from 'preact';
import type { FieldErrors } from './field-errors';

const errorId = (field: string) => `error-${field.replace(/[^a-z0-9]+/gi, '-')}`;

/** The error under a field, if any. */
export function FieldError({ field, errors }: { field: string; errors: FieldErrors }) {
  const message = errors.byField[field];
  return message === undefined ? null : <p id={errorId(field)} class="error field-error" role="alert">{message}</p>;
}

/** The aria attributes of a control whose field may have an error. */
export function errorAttrs(field: string, errors: FieldErrors) {
  const bad = errors.byField[field] !== undefined;
  return { 'aria-invalid': bad ? 'true' as const : undefined, 'aria-describedby': bad ? errorId(field) : undefined };
}

interface TextProps {
  label: string;
  field: string;
  value: string;
  errors: FieldErrors;
  onValue(value: string): void;
  type?: string;
  multiline?: boolean;
  required?: boolean;
}

/** A text input or textarea with its label and error. */
export function TextField({ label, field, value, errors, onValue, type = 'text', multiline = false, required = false }: TextProps) {
  const attrs = { value, required, ...errorAttrs(field, errors), onInput: (e: Event) => onValue((e.currentTarget as HTMLInputElement).value) };
  return (
    <>
      <label>{label}{multiline ? <textarea rows={3} {...attrs} /> : <input type={type} {...attrs} />}</label>
      <FieldError field={field} errors={errors} />
    </>
  );
}

/** A select of fixed choices with its label. */
export function Choice<T extends string>({ label, value, choices, onValue }: { label: string; value: T; choices: Array<[T, string]>; onValue(value: T): void }) {
  return (
    <label>{label}
      <select value={value} onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value as T)}>
        {choices.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </label>
  );
}

/** A fieldset with a legend. */
export function Group({ legend, children }: { legend: string; children: ComponentChildren }) {
  return <fieldset><legend>{legend}</legend>{children}</fieldset>;
}
