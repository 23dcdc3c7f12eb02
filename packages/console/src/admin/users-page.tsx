/**
 * Users (admins only): the workspace's console users with their role (changeable) and status, inviting someone
 * by a one-time link, removing a user. The API refuses to demote or remove the last admin, and says so.
 */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import './admin.css';
import type { ConsoleUser } from './admin-types';
import { ShownOnce } from './copy-button';

function UserRow({ user, act }: { user: ConsoleUser; act: (work: () => Promise<unknown>) => Promise<void> }) {
  const { t, dateTime } = useI18n();
  const path = { params: { path: { id: user.id } } };
  const setRole = (role: 'admin' | 'agent') => act(async () => unwrap(await api.PUT('/v1/users/{id}/role', { ...path, body: { role } })));
  const remove = () => act(async () => {
    const answer = await api.DELETE('/v1/users/{id}', path);
    if (!answer.response.ok) unwrap(answer);
  });
  return (
    <tr>
      <th scope="row">{user.email}</th>
      <td>
        <select aria-label={t('users.roleOf', { email: user.email })} value={user.role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as 'admin' | 'agent')}>
          <option value="agent">agent</option><option value="admin">admin</option>
        </select>
      </td>
      <td>{user.status === 'invited' ? t('users.invited') : t('users.active')}</td>
      <td>{dateTime(user.created_at)}</td>
      <td><button type="button" class="linkish" aria-label={t('users.removeUser', { email: user.email })} onClick={remove}>{t('users.remove')}</button></td>
    </tr>
  );
}

function Users() {
  const { t } = useI18n();
  const client = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: async () => unwrap(await api.GET('/v1/users')) });
  const [error, setError] = useState('');
  const [invitation, setInvitation] = useState<{ email: string; url: string } | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError('');
    try {
      await work();
    } catch (failure) {
      setError((failure as Error).message);
    }
    await client.invalidateQueries({ queryKey: ['users'] });
  };
  const invite = (event: Event) => act(async () => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const body = { email: String(form.get('email') ?? ''), role: String(form.get('role')) === 'admin' ? 'admin' as const : 'agent' as const };
    const answer = unwrap(await api.POST('/v1/users/invite', { body }));
    setInvitation({ email: answer.user.email, url: answer.invite_url });
    formElement.reset();
  });
  return (
    <>
      <section>
        <table aria-label={t('users.title')}>
          <thead><tr><th scope="col">{t('users.email')}</th><th scope="col">{t('users.role')}</th><th scope="col">{t('users.status')}</th><th scope="col">{t('users.added')}</th><th scope="col" /></tr></thead>
          <tbody>{users.data?.data.map((u) => <UserRow key={u.id} user={u} act={act} />)}</tbody>
        </table>
        {error ? <p role="alert" class="error">{error}</p> : null}
      </section>
      <section>
        <form onSubmit={invite}>
          <fieldset><legend>{t('users.invite')}</legend>
            <label>{t('users.email')}<input name="email" type="email" required /></label>
            <label>{t('users.role')}<select name="role"><option value="agent">agent</option><option value="admin">admin</option></select></label>
            <button type="submit">{t('users.inviteSubmit')}</button>
          </fieldset>
        </form>
        {invitation === null ? null : <><p role="status">{t('users.inviteLink', { email: invitation.email })}</p><ShownOnce value={invitation.url} label={t('users.invite')} /></>}
      </section>
    </>
  );
}

/** The users route. */
export function UsersPage() {
  const { t } = useI18n();
  return (
    <main class="users admin">
      <h1>{t('users.title')}</h1>
      <Users />
    </main>
  );
}
