/** Rows → console user types, for both stores. */
import type { ConsoleRole, ConsoleSession, ConsoleUser } from './console-types.js';
import { toDate } from './shared.js';
import type { Row } from './shared.js';

/** A console_users row → ConsoleUser. */
export function toConsoleUser(row: Row): ConsoleUser {
  return {
    id: String(row.id), workspaceId: String(row.workspace_id), email: String(row.email), role: String(row.role) as ConsoleRole,
    passwordHash: String(row.password_hash), createdAt: toDate(row.created_at),
  };
}

/** A console_sessions row → ConsoleSession. */
export function toConsoleSession(row: Row): ConsoleSession {
  return { idHash: String(row.id_hash), userId: String(row.user_id), csrfToken: String(row.csrf_token), createdAt: toDate(row.created_at), expiresAt: toDate(row.expires_at) };
}
