/** Sign-in: e-mail and password, or the one-time link the demo prints (`/sign-in#token=…`). */
import { useQueryClient } from '@tanstack/preact-query';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrfToken, unwrap } from '../api/client';
import type { Session } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../ui/router';

/** The sign-in page. */
export function SignInPage() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [error, setError] = useState('');
  // One attempt at a time: a double click would spend two of the address's attempts, and a slow refusal
  // arriving after a quick one would show the older answer.
  const [busy, setBusy] = useState(false);
  const token = new URLSearchParams(location.hash.slice(1)).get('token');

  const done = async (session: Session) => {
    // A "who is signed in?" asked before the cookie existed must not answer "nobody" afterwards.
    await client.cancelQueries({ queryKey: ['session'] });
    setCsrfToken(session.csrf_token);
    client.setQueryData(['session'], session);
    navigate('/');
  };

  useEffect(() => {
    if (token === null) return;
    history.replaceState(null, '', '/sign-in');
    api.POST('/v1/session/link', { body: { token } }).then((r) => done(unwrap(r))).catch(() => setError(t('signIn.linkFailed')));
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    try {
      await done(unwrap(await api.POST('/v1/session', { body: { email: String(form.get('email')), password: String(form.get('password')) } })));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>{t('signIn.title')}</h1>
      {token !== null && error === '' ? <p role="status">{t('signIn.link')}</p> : null}
      <form onSubmit={submit}>
        <label>{t('signIn.email')}<input name="email" type="email" autocomplete="username" required /></label>
        <label>{t('signIn.password')}<input name="password" type="password" autocomplete="current-password" required /></label>
        <button type="submit" disabled={busy} aria-busy={busy}>{t('signIn.submit')}</button>
      </form>
      {error ? <p role="alert" class="error">{error}</p> : null}
    </main>
  );
}
