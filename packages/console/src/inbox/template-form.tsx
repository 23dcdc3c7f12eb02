/**
 * Sending a template: pick one, fill the variables in a form generated from its JSON Schema
 * (`GET /v1/templates/{id}/schema`, the one the connectors use), and see the message as the customer will.
 */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { useTemplates } from '../templates/queries';

type Field = { title?: string; description?: string; examples?: string[]; maxLength?: number; minLength?: number };

/** Fills `{{name}}` placeholders of a template's preview with the values given so far. */
export function fillPreview(preview: string, values: Record<string, string>): string {
  return preview.replace(/\{\{\s*([\w]+)\s*\}\}/g, (whole, name: string) => values[name] || values[`header_${name}`] || whole);
}

/** The template picker and its variables form. */
export function TemplateForm({ customer }: { customer: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const templates = useTemplates();
  const [id, setId] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const template = templates.data?.data.find((x) => x.id === id);
  const schema = useQuery({
    queryKey: ['template-schema', id],
    enabled: id !== '',
    queryFn: async () => unwrap(await api.GET('/v1/templates/{id}/schema', { params: { path: { id } } })) as { properties?: Record<string, Field>; required?: string[] },
  });
  const fields = Object.entries(schema.data?.properties ?? {});

  const send = async (event: Event) => {
    event.preventDefault();
    if (!template) return;
    setMessage('');
    try {
      unwrap(await api.POST('/v1/messages/template', { body: { to: customer, template: template.id, variables: values } }));
      setMessage(t('composer.sent'));
      setValues({});
      await client.invalidateQueries({ queryKey: ['messages', customer] });
    } catch (failure) {
      setMessage((failure as Error).message);
    }
  };

  return (
    <form onSubmit={send} class="template-form">
      <label>{t('composer.template')}
        <select value={id} onChange={(e) => { setId((e.currentTarget as HTMLSelectElement).value); setValues({}); }}>
          <option value="">{t('composer.pickTemplate')}</option>
          {templates.data?.data.map((x) => <option key={x.id} value={x.id}>{x.label}</option>)}
        </select>
      </label>
      {fields.map(([key, field]) => (
        <label key={key}>{field.title ?? key}
          <input value={values[key] ?? ''} required={schema.data?.required?.includes(key)} maxLength={field.maxLength} placeholder={field.examples?.[0]}
            onInput={(e) => setValues({ ...values, [key]: (e.currentTarget as HTMLInputElement).value })} />
          {field.description ? <small>{field.description}</small> : null}
        </label>
      ))}
      {template?.preview ? (
        <figure class="preview" aria-label={t('composer.preview')}>
          <figcaption>{t('composer.preview')}</figcaption>
          <p class="bubble outbound">{fillPreview(template.preview, values)}</p>
        </figure>
      ) : null}
      <button type="submit" disabled={!template}>{t('composer.sendTemplate')}</button>
      {message ? <p role="status">{message}</p> : null}
    </form>
  );
}
