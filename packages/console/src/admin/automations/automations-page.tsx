/**
 * Automations (admins only): the auto-reply, reply-fetch and forwarding rules of each business number, listed,
 * created and edited as forms, deleted, and tried with "Test it". Everything goes through /v1/automations.
 */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { Automation } from './draft';
import { RuleForm } from './rule-form';
import { TestPanel } from './test-panel';
import './automations.css';

function useSummary() {
  const { t } = useI18n();
  return {
    when(rule: Automation): string {
      const trigger = rule.trigger;
      if (trigger.type === 'out_of_hours') return t('auto.summary.hours', { tz: trigger.time_zone ?? 'Europe/Helsinki' });
      if (trigger.type === 'keyword') return t('auto.summary.keywords', { words: (trigger.keywords ?? []).join(', ') });
      return trigger.type === 'first_contact' ? t('auto.summary.greeting') : t('auto.summary.any');
    },
    does(rule: Automation): string {
      const action = rule.action;
      if (action.type === 'email') return t('auto.summary.email', { to: (action.to ?? []).join(', ') });
      if (action.type === 'fetch') return t('auto.summary.fetch', { url: action.url ?? '' });
      if (action.type === 'whatsapp') return t('auto.summary.whatsapp', { phone: action.staff_phone ?? '' });
      const reply = (action.reply ?? {}) as { text?: string; buttons?: { body?: string }; list?: { body?: string }; media?: { url?: string; id?: string } };
      return t('auto.summary.reply', { text: reply.text ?? reply.buttons?.body ?? reply.list?.body ?? reply.media?.url ?? reply.media?.id ?? '' });
    },
  };
}

function Rules({ phoneNumberId }: { phoneNumberId: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const summary = useSummary();
  const key = ['automations', phoneNumberId];
  const rules = useQuery({ queryKey: key, queryFn: async () => unwrap(await api.GET('/v1/automations', { params: { query: { phone_number_id: phoneNumberId } } })) });
  const [editing, setEditing] = useState<Automation | 'new' | null>(null);
  const [error, setError] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const remove = async (rule: Automation) => {
    const result = await api.DELETE('/v1/automations/{id}', { params: { path: { id: rule.id } } });
    setError(result.response.ok ? '' : t('error.generic', { message: String(result.response.status) }));
    await refresh();
  };
  const done = async (saved: boolean) => {
    setEditing(null);
    if (saved) await refresh();
  };
  const list = rules.data?.data ?? [];
  return (
    <>
      {list.length === 0 ? <p>{t('auto.empty')}</p> : (
        <table class="rules">
          <thead><tr><th>{t('auto.name')}</th><th>{t('auto.when')}</th><th>{t('auto.does')}</th><th>{t('auto.enabled')}</th><th /></tr></thead>
          <tbody>{list.map((rule) => (
            <tr key={rule.id}>
              <td>{rule.name}</td><td>{summary.when(rule)}</td><td>{summary.does(rule)}</td><td>{rule.enabled ? '✓' : '–'}</td>
              <td class="actions">
                <button type="button" class="linkish" onClick={() => setEditing(rule)}>{t('auto.edit', { name: rule.name })}</button>
                <button type="button" class="linkish" onClick={() => remove(rule)}>{t('auto.delete', { name: rule.name })}</button>
              </td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {error ? <p role="alert" class="error">{error}</p> : null}
      {editing === null ? <button type="button" onClick={() => setEditing('new')}>{t('auto.new')}</button> : (
        <RuleForm key={editing === 'new' ? 'new' : editing.id} phoneNumberId={phoneNumberId} rule={editing === 'new' ? null : editing} onDone={done} />
      )}
      {editing === null && list.length > 0 ? <TestPanel target={{ phone_number_id: phoneNumberId }} /> : null}
    </>
  );
}

/** The automations route. */
export function AutomationsPage() {
  const { t } = useI18n();
  const numbers = useQuery({ queryKey: ['phone-numbers'], queryFn: async () => unwrap(await api.GET('/v1/phone-numbers')) });
  const [chosen, setChosen] = useState<string | null>(null);
  const phoneNumberId = chosen ?? numbers.data?.data[0]?.id ?? null;
  return (
    <main class="automations">
      <h1>{t('auto.title')}</h1>
      <label class="inline">{t('auto.number')}
        <select value={phoneNumberId ?? ''} onChange={(e) => setChosen((e.currentTarget as HTMLSelectElement).value)}>
          {(numbers.data?.data ?? []).map((n) => <option key={n.id} value={n.id}>{n.display_phone_number}{n.verified_name ? ` (${n.verified_name})` : ''}</option>)}
        </select>
      </label>
      {phoneNumberId === null ? null : <Rules key={phoneNumberId} phoneNumberId={phoneNumberId} />}
    </main>
  );
}
