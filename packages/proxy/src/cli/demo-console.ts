/** The demo's console user: an admin made once, and a fresh one-time sign-in link on every start. */
import { createConsoleUser, generatePassword } from '../actions/console-users.js';
import { createSignInToken } from '../actions/sign-in.js';
import type { Store } from '../store/types.js';

/** The demo admin's address. */
export const DEMO_ADMIN_EMAIL = 'demo@kaiku.local';

/** The console URL that signs the demo admin in once (the token is in the fragment, which never reaches a server log). */
export async function demoSignInUrl(store: Store, workspaceId: string, proxyUrl: string): Promise<string> {
  let admin = await store.findConsoleUserByEmail(DEMO_ADMIN_EMAIL);
  if (admin === null) {
    // Nobody types this password: the demo signs in by link; `pnpm kaiku user reset-password` sets a known one.
    await createConsoleUser(store, { workspaceId, email: DEMO_ADMIN_EMAIL, role: 'admin', password: generatePassword() });
    admin = await store.findConsoleUserByEmail(DEMO_ADMIN_EMAIL);
  }
  if (admin === null) throw new Error('The demo admin could not be created.');
  const token = await createSignInToken({ store }, admin.id);
  return `${proxyUrl}/sign-in#token=${token}`;
}
