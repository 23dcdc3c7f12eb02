/** The console's shell: who is signed in, the navigation, the language switch and the page for the path. */
import { useQueryClient } from '@tanstack/preact-query';
import { useEffect } from 'preact/hooks';
import { api } from './api/client';
import { listenForEvents } from './api/live';
import { InvitePage } from './session/invite-page';
import { ADMIN_PATHS, LazyAdminPage } from './admin/lazy-admin';
import { DeliveriesNavLink } from './admin/deliveries/problem-badge';
import { ContactsPage } from './contacts/contacts-page';
import { useI18n } from './i18n/i18n';
import type { Lang } from './i18n/i18n';
import { InboxPage } from './inbox/inbox-page';
import { SignInPage } from './session/sign-in-page';
import { useSession } from './session/use-session';
import { TemplatesPage } from './templates/templates-page';
import { Link } from './ui/link';
import { navigate, usePath } from './ui/router';

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label class="lang">{t('nav.language')}
      <select value={lang} onChange={(e) => setLang((e.currentTarget as HTMLSelectElement).value as Lang)}>
        <option value="en">English</option>
        <option value="fi">Suomi</option>
      </select>
    </label>
  );
}

function Page({ path, admin }: { path: string; admin: boolean }) {
  if (path.startsWith('/templates')) return <TemplatesPage />;
  if (path.startsWith('/contacts')) return <ContactsPage />;
  if (ADMIN_PATHS.some((prefix) => path.startsWith(prefix))) return <LazyAdminPage path={path} admin={admin} />;
  const customer = /^\/inbox\/([^/]+)/.exec(path)?.[1];
  return <InboxPage customer={customer === undefined ? null : decodeURIComponent(customer)} />;
}

/** The app. */
export function App() {
  const { t } = useI18n();
  const path = usePath();
  const session = useSession();
  const client = useQueryClient();
  const signedIn = session.data !== null && session.data !== undefined;

  useEffect(() => (signedIn ? listenForEvents(client) : undefined), [signedIn]);
  useEffect(() => {
    if (session.data === null && path !== '/sign-in' && path !== '/invite') navigate('/sign-in');
  }, [session.data, path]);

  if (path === '/invite') return <><header class="top"><strong>{t('app.title')}</strong><LanguageSwitch /></header><InvitePage /></>;
  if (path === '/sign-in' || session.data === null) return <><header class="top"><strong>{t('app.title')}</strong><LanguageSwitch /></header><SignInPage /></>;
  if (session.data === undefined) return null;
  const admin = session.data.user.role === 'admin';
  const signOut = async () => {
    await api.DELETE('/v1/session');
    client.setQueryData(['session'], null);
  };
  return (
    <>
      <header class="top">
        <strong>{t('app.title')}</strong>
        <nav aria-label="Kaiku">
          <Link href="/" current={path === '/' || path.startsWith('/inbox')}>{t('nav.inbox')}</Link>
          <Link href="/templates" current={path.startsWith('/templates')}>{t('nav.templates')}</Link>
          <Link href="/contacts" current={path.startsWith('/contacts')}>{t('nav.contacts')}</Link>
          {admin ? <Link href="/users" current={path.startsWith('/users')}>{t('nav.users')}</Link> : null}
          {admin ? <Link href="/numbers" current={path.startsWith('/numbers')}>{t('nav.numbers')}</Link> : null}
          {admin ? <Link href="/keys" current={path.startsWith('/keys')}>{t('nav.keys')}</Link> : null}
          {admin ? <DeliveriesNavLink current={path.startsWith('/deliveries')} /> : null}
          {admin ? <Link href="/integrations" current={path.startsWith('/integrations')}>{t('nav.integrations')}</Link> : null}
          {admin ? <Link href="/automations" current={path.startsWith('/automations')}>{t('nav.automations')}</Link> : null}
          {admin ? <Link href="/usage" current={path.startsWith('/usage')}>{t('nav.usage')}</Link> : null}
        </nav>
        <span class="who">{session.data.user.email}</span>
        <LanguageSwitch />
        <button type="button" onClick={signOut}>{t('nav.signOut')}</button>
      </header>
      <Page path={path} admin={admin} />
    </>
  );
}
