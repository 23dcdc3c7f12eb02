/** The admin pages, in a script of their own: only an admin who opens one of them loads it (`lazy-admin.tsx`). */
import { AutomationsPage } from './automations/automations-page';
import { DeliveriesPage } from './deliveries/deliveries-page';
import { IntegrationsPage } from './integrations/integrations-page';
import { KeysPage } from './keys/keys-page';
import { NumbersPage } from './numbers/numbers-page';
import { UsagePage } from './usage/usage-page';
import { UsersPage } from './users-page';

/** The admin page for `path`, or null when the path is not an admin page. */
export function AdminPage({ path }: { path: string }) {
  if (path.startsWith('/users')) return <UsersPage />;
  if (path.startsWith('/numbers')) return <NumbersPage />;
  if (path.startsWith('/keys')) return <KeysPage />;
  if (path.startsWith('/deliveries')) return <DeliveriesPage />;
  if (path.startsWith('/integrations')) return <IntegrationsPage />;
  if (path.startsWith('/automations')) return <AutomationsPage />;
  if (path.startsWith('/usage')) return <UsagePage />;
  return null;
}
