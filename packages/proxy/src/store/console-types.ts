/** What the store keeps of the web console's people: users with a role, server-side sessions, one-time sign-in links. */

/** What a console user may do: `admin` everything, `agent` the inbox, templates and contacts. */
export type ConsoleRole = 'admin' | 'agent';

/** A person who signs in to the console; only the password's hash is kept. */
export interface ConsoleUser {
  id: string;
  workspaceId: string;
  /** Lower-case; unique across the installation. */
  email: string;
  role: ConsoleRole;
  passwordHash: string;
  createdAt: Date;
}

/** A signed-in browser; the store keeps the hash of the cookie's value, never the value. */
export interface ConsoleSession {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

/** What a one-time link is for: signing in (the demo's), or accepting an invitation by choosing a password. */
export type LinkPurpose = 'sign_in' | 'invite';

/** A one-time link; the store keeps the SHA-256 of its token. */
export interface SignInLink {
  tokenHash: string;
  userId: string;
  expiresAt: Date;
  /** Default `sign_in`. */
  purpose?: LinkPurpose;
}

/** The store's part for console users; both stores implement it. */
export interface ConsoleUserStore {
  /** Creates a user; null when the e-mail address is taken. */
  createConsoleUser(input: Omit<ConsoleUser, 'id' | 'createdAt'>): Promise<ConsoleUser | null>;
  findConsoleUserByEmail(email: string): Promise<ConsoleUser | null>;
  getConsoleUser(id: string): Promise<ConsoleUser | null>;
  /** A workspace's users (every user without one), oldest first. */
  listConsoleUsers(workspaceId?: string): Promise<ConsoleUser[]>;
  /** Removes a user and signs them out everywhere; false when there was none. */
  deleteConsoleUser(id: string): Promise<boolean>;
  /** Sets a new password hash and signs the user out everywhere; false when there is no such user. */
  setConsoleUserPassword(id: string, passwordHash: string): Promise<boolean>;
  createConsoleSession(session: ConsoleSession): Promise<void>;
  /** The session and its user, when it exists and has not expired at `now`. */
  findConsoleSession(idHash: string, now: Date): Promise<{ session: ConsoleSession; user: ConsoleUser } | null>;
  deleteConsoleSession(idHash: string): Promise<void>;
  createSignInLink(link: SignInLink): Promise<void>;
  /** Uses a link of that purpose (default `sign_in`) once, atomically: its user id, or null when unknown, used or expired. */
  useSignInLink(tokenHash: string, now: Date, purpose?: LinkPurpose): Promise<string | null>;
}
