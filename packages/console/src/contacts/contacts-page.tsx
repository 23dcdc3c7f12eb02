/** Contacts: consent state and its history with source and proof, recording an opt-in or opt-out, search, CSV export. */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import type { Conversation } from '../api/types';
import { useI18n } from '../i18n/i18n';
import type { Key } from '../i18n/messages';
import { useConversations } from '../inbox/queries';

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The contacts as CSV (number, name, consent, since). */
export function contactsCsv(rows: Conversation[]): string {
  const lines = [['number', 'name', 'consent', 'consent_updated_at'], ...rows.map((c) => [`+${c.wa_id}`, c.profile_name ?? '', c.consent.status, c.consent.updated_at ?? ''])];
  return lines.map((line) => line.map(csvCell).join(',')).join('\n') + '\n';
}

function History({ waId }: { waId: string }) {
  const { t, dateTime } = useI18n();
  const client = useQueryClient();
  const consent = useQuery({ queryKey: ['consent', waId], queryFn: async () => unwrap(await api.GET('/v1/contacts/{phone}/consent', { params: { path: { phone: `+${waId}` } } })) });
  const [error, setError] = useState('');
  const record = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      unwrap(await api.PUT('/v1/contacts/{phone}/consent', { params: { path: { phone: `+${waId}` } }, body: { status: String(form.get('status')) as 'opted_in', source: 'console', proof: String(form.get('proof')) } }));
      await client.invalidateQueries({ queryKey: ['consent', waId] });
      await client.invalidateQueries({ queryKey: ['conversations'] });
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <div class="history">
      <h3>{t('contacts.history')}</h3>
      <table>
        <thead><tr><th>{t('contacts.when')}</th><th>{t('contacts.status')}</th><th>{t('contacts.source')}</th><th>{t('contacts.proof')}</th></tr></thead>
        <tbody>{consent.data?.history?.map((h, i) => <tr key={i}><td>{dateTime(h.recorded_at)}</td><td>{t(`consent.${h.status}` as Key)}</td><td>{h.source}</td><td>{h.proof ?? ''}</td></tr>)}</tbody>
      </table>
      <form onSubmit={record}>
        <fieldset><legend>{t('contacts.record')}</legend>
          <label><input type="radio" name="status" value="opted_in" required />{t('contacts.optIn')}</label>
          <label><input type="radio" name="status" value="opted_out" />{t('contacts.optOut')}</label>
          <label>{t('contacts.proof')}<input name="proof" required minLength={3} /></label>
          <button type="submit">{t('contacts.save')}</button>
        </fieldset>
      </form>
      {error ? <p role="alert" class="error">{error}</p> : null}
    </div>
  );
}

/** The contacts route. */
export function ContactsPage() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const list = useConversations(q);
  const rows = list.data?.data ?? [];
  const download = () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([contactsCsv(rows)], { type: 'text/csv' }));
    link.download = 'kaiku-contacts.csv';
    link.click();
  };
  return (
    <main class="contacts">
      <h1>{t('contacts.title')}</h1>
      <input type="search" aria-label={t('inbox.search')} placeholder={t('inbox.search')} value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
      <button type="button" onClick={download}>{t('contacts.export')}</button>
      <table>
        <thead><tr><th>{t('contacts.number')}</th><th>{t('contacts.name')}</th><th>{t('contacts.status')}</th></tr></thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.wa_id}>
              <td><button type="button" class="linkish" aria-expanded={open === c.wa_id} onClick={() => setOpen(open === c.wa_id ? null : c.wa_id)}>+{c.wa_id}</button></td>
              <td>{c.profile_name ?? ''}</td>
              <td>{t(`consent.${c.consent.status}` as Key)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open !== null ? <History waId={open} /> : null}
    </main>
  );
}
