/** API keys (admins only): create one (shown once, with a copy button), the keys with their last use, revoke. */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import '../admin.css';
import type { ApiKey } from '../admin-types';
import { ShownOnce } from '../copy-button';

function KeyRow({ apiKey, onRevoke }: { apiKey: ApiKey; onRevoke: (id: string) => Promise<void> }) {
  const { t, dateTime } = useI18n();
  return (
    <tr>
      <th scope="row">{apiKey.name}</th>
      <td><code>{apiKey.prefix}…</code></td>
      <td>{dateTime(apiKey.created_at)}</td>
      <td>{apiKey.last_used_at === null ? t('keys.never') : dateTime(apiKey.last_used_at)}</td>
      <td>{apiKey.revoked_at === null ? t('keys.active') : t('keys.revoked', { date: dateTime(apiKey.revoked_at) })}</td>
      <td>{apiKey.revoked_at === null ? <button type="button" class="linkish" aria-label={`${t('keys.revoke')} ${apiKey.name}`} onClick={() => onRevoke(apiKey.id)}>{t('keys.revoke')}</button> : null}</td>
    </tr>
  );
}

function Keys() {
  const { t } = useI18n();
  const client = useQueryClient();
  const keys = useQuery({ queryKey: ['keys'], queryFn: async () => unwrap(await api.GET('/v1/keys')) });
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['keys'] });
  const act = async (work: () => Promise<void>) => {
    try {
      setError('');
      await work();
      await refresh();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const create = (event: Event) => act(async () => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(formElement).get('name') ?? '').trim();
    setCreated(unwrap(await api.POST('/v1/keys', { body: { name } })).key);
    formElement.reset();
  });
  const revoke = (id: string) => act(async () => {
    const answer = await api.DELETE('/v1/keys/{id}', { params: { path: { id } } });
    if (!answer.response.ok) unwrap(answer);
  });
  const rows = keys.data?.data ?? [];
  return (
    <>
      <section>
        <form onSubmit={create}>
          <fieldset><legend>{t('keys.create')}</legend>
            <label>{t('keys.name')}<input name="name" required maxLength={100} /></label>
            <button type="submit">{t('keys.createSubmit')}</button>
          </fieldset>
        </form>
        {created === null ? null : <><p role="status">{t('keys.shownOnce')}</p><ShownOnce value={created} label={t('keys.title')} /></>}
        {error ? <p role="alert" class="error">{error}</p> : null}
      </section>
      <section>
        {keys.data !== undefined && rows.length === 0 ? <p>{t('keys.none')}</p> : (
          <table aria-label={t('keys.title')}>
            <thead><tr>
              <th scope="col">{t('keys.name')}</th><th scope="col">{t('keys.prefix')}</th><th scope="col">{t('keys.created')}</th>
              <th scope="col">{t('keys.lastUsed')}</th><th scope="col">{t('keys.state')}</th><th scope="col" />
            </tr></thead>
            <tbody>{rows.map((k) => <KeyRow key={k.id} apiKey={k} onRevoke={revoke} />)}</tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** The API keys route. */
export function KeysPage() {
  const { t } = useI18n();
  return (
    <main class="admin">
      <h1>{t('keys.title')}</h1>
      <Keys />
    </main>
  );
}
