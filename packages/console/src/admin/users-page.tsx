/** Users (admins only): the workspace's console users, adding and removing them. An agent is told it is not theirs. */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';

function Users() {
  const { t, dateTime } = useI18n();
  const client = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: async () => unwrap(await api.GET('/v1/users')) });
  const [error, setError] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['users'] });
  const add = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    try {
      unwrap(await api.POST('/v1/users', { body: { email: String(form.get('email')), role: String(form.get('role')) as 'agent', password: String(form.get('password')) } }));
      formElement.reset();
      await refresh();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <>
      <table>
        <thead><tr><th>{t('users.email')}</th><th>{t('users.role')}</th><th /><th /></tr></thead>
        <tbody>{users.data?.data.map((u) => (
          <tr key={u.id}><td>{u.email}</td><td>{u.role}</td><td>{dateTime(u.created_at)}</td>
            <td><button type="button" onClick={async () => { await api.DELETE('/v1/users/{id}', { params: { path: { id: u.id } } }); await refresh(); }}>{t('users.remove')}</button></td></tr>
        ))}</tbody>
      </table>
      <form onSubmit={add}>
        <fieldset><legend>{t('users.add')}</legend>
          <label>{t('users.email')}<input name="email" type="email" required /></label>
          <label>{t('users.role')}<select name="role"><option value="agent">agent</option><option value="admin">admin</option></select></label>
          <label>{t('users.password')}<input name="password" type="password" minLength={12} required /></label>
          <button type="submit">{t('users.add')}</button>
        </fieldset>
      </form>
      {error ? <p role="alert" class="error">{error}</p> : null}
    </>
  );
}

/** The users route. */
export function UsersPage({ admin }: { admin: boolean }) {
  const { t } = useI18n();
  return (
    <main class="users">
      <h1>{t('users.title')}</h1>
      {admin ? <Users /> : <p role="alert">{t('users.forbidden')}</p>}
    </main>
  );
}
