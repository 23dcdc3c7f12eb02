/** What the store keeps for the console's admin pages: API key use, and role changes that never leave a workspace without an admin. */
import type { ConsoleRole, ConsoleUser } from './console-types.js';

/** Why a change to a console user was not made. */
export type UserChangeRefusal = 'not_found' | 'last_admin';

/** The store's part for the admin pages; both stores implement it. */
export interface AdminStore {
  /** Records that a key was used at `at`; a key used in the last minute is not written again. */
  touchApiKey(keyId: string, at: Date): Promise<void>;
  /**
   * Sets a user's role, in one transaction with the check that another admin who can sign in remains:
   * `last_admin` when this would demote the workspace's last one.
   */
  setConsoleUserRole(workspaceId: string, userId: string, role: ConsoleRole): Promise<ConsoleUser | UserChangeRefusal>;
  /** Removes a user (signed out everywhere) unless they are the workspace's last admin who can sign in. */
  removeConsoleUserKeepingAdmin(workspaceId: string, userId: string): Promise<ConsoleUser | UserChangeRefusal>;
}

/** The password hash of an invited user who has not chosen a password yet: no password matches it. */
export const INVITED_PASSWORD_HASH = 'invited';

/** How long a key's last use may be stale: it is written at most once a minute. */
export const KEY_USE_RESOLUTION_MS = 60_000;
