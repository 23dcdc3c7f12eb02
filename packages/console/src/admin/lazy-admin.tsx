/**
 * Loads the admin pages on first use, so that the inbox (what every agent opens) does not wait for the admin
 * pages' script; an agent is refused here, before it loads, and never loads it at all.
 */
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import type { AdminPage } from './admin-pages';

/** The paths of the admin pages. */
export const ADMIN_PATHS = ['/users', '/numbers', '/keys', '/deliveries', '/integrations', '/automations', '/usage'];

type AdminPageComponent = typeof AdminPage;
let loading: Promise<AdminPageComponent> | null = null;

/** The admin page for `path`, once its script has arrived; for an agent, only why they cannot open it. */
export function LazyAdminPage({ path, admin }: { path: string; admin: boolean }) {
  const { t } = useI18n();
  return admin ? <AdminPageWhenLoaded path={path} /> : <main class="admin"><p role="alert">{t('users.forbidden')}</p></main>;
}

function AdminPageWhenLoaded({ path }: { path: string }) {
  const [Page, setPage] = useState<AdminPageComponent | null>(null);
  useEffect(() => {
    let live = true;
    loading ??= import('./admin-pages').then((module) => module.AdminPage);
    void loading.then((loaded) => { if (live) setPage(() => loaded); });
    return () => { live = false; };
  }, []);
  return Page === null ? <p role="status" aria-busy="true" /> : <Page path={path} />;
}
