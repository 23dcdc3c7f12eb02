/** Accepting an invitation (`/invite#token=…`): the invitee chooses their password and is signed in. */
import { useQueryClient } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { api, setCsrfToken, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../ui/router';

/** The invitation page; the token stays after `#`, so it never reaches a server's log. */
export function InvitePage() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [token] = useState(() => new URLSearchParams(location.hash.slice(1)).get('token'));
  const [error, setError] = useState('');

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('repeat') ?? '')) return setError(t('invite.mismatch'));
    try {
      const session = unwrap(await api.POST('/v1/session/invite', { body: { token: token ?? '', password } }));
      await client.cancelQueries({ queryKey: ['session'] });
      setCsrfToken(session.csrf_token);
      client.setQueryData(['session'], session);
      history.replaceState(null, '', '/invite');
      navigate('/');
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <main class="sign-in">
      <h1>{t('invite.title')}</h1>
      {token === null ? <p role="alert">{t('invite.noToken')}</p> : (
        <form onSubmit={submit}>
          <p>{t('invite.intro')}</p>
          <label>{t('invite.password')}<input name="password" type="password" autocomplete="new-password" minLength={12} required /></label>
          <label>{t('invite.repeat')}<input name="repeat" type="password" autocomplete="new-password" minLength={12} required /></label>
          <button type="submit">{t('invite.submit')}</button>
        </form>
      )}
      {error ? <p role="alert" class="error">{error}</p> : null}
    </main>
  );
}
