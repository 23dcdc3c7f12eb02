/** The console's data in SQLite: conversations, events and console users (a layer of `SqliteStore`, split out for size). */
import type { InboundMessageRecord } from '@kaiku/core';
import type { UserChangeRefusal } from '../admin-types.js';
import type { ConsoleRole, ConsoleSession, ConsoleUser, LinkPurpose, SignInLink } from '../console-types.js';
import { sqliteAdmin } from './admin.js';
import type { ConversationCursor, ConversationRow, InboundCursor, NewEvent, StoredEvent, TimelineCursor, TimelineItem } from '../conversation-types.js';
import { sqliteConsoleUsers } from './console-users.js';
import { sqliteConversations } from './conversations.js';
import type { SqliteConversations } from './conversations.js';
import { SqliteMessages } from './messages.js';

/** Conversations, the event log and console users over the base's database. */
export class SqliteConsoleData extends SqliteMessages {
  private conversationQueries: SqliteConversations | null = null;

  /** The conversation queries, prepared once the store has migrated. */
  private get conversations(): SqliteConversations {
    this.conversationQueries ??= sqliteConversations(this.db);
    return this.conversationQueries;
  }

  async listConversations(workspaceId: string, query: { cursor?: ConversationCursor; limit: number; search?: string }): Promise<ConversationRow[]> {
    return this.conversations.list(workspaceId, query);
  }

  async getConversation(workspaceId: string, waId: string): Promise<ConversationRow | null> {
    return this.conversations.one(workspaceId, waId);
  }

  async listTimeline(workspaceId: string, waId: string, query: { before?: TimelineCursor; limit: number }): Promise<TimelineItem[]> {
    return this.conversations.timeline(workspaceId, waId, query);
  }

  async getInboundMessage(workspaceId: string, id: string): Promise<InboundMessageRecord | null> {
    return this.conversations.inboundById(workspaceId, id);
  }

  async pageInboundMessages(workspaceId: string, query: { since?: Date; limit: number; type?: string; before?: InboundCursor }): Promise<Array<{ record: InboundMessageRecord; cursor: InboundCursor }>> {
    return this.conversations.inboundPage(workspaceId, query);
  }

  async markConversationRead(workspaceId: string, waId: string): Promise<{ lastInboundId: string | null; phoneNumberId: string | null }> {
    return this.conversations.markRead(workspaceId, waId);
  }

  async appendEvents(workspaceId: string, events: NewEvent[]): Promise<void> {
    this.conversations.append(workspaceId, events);
  }

  async listEvents(workspaceId: string, after: string | null, limit: number): Promise<StoredEvent[]> {
    return this.conversations.events(workspaceId, after, limit);
  }

  async latestEventCursor(workspaceId: string): Promise<string> {
    return this.conversations.latest(workspaceId);
  }

  async eventCursorKept(workspaceId: string, cursor: string): Promise<boolean> {
    return this.conversations.kept(workspaceId, cursor);
  }

  private readonly users = sqliteConsoleUsers(this.db);

  async createConsoleUser(input: Omit<ConsoleUser, 'id' | 'createdAt'>): Promise<ConsoleUser | null> {
    return this.users.create(input);
  }

  async findConsoleUserByEmail(email: string): Promise<ConsoleUser | null> {
    return this.users.byEmail(email);
  }

  async getConsoleUser(id: string): Promise<ConsoleUser | null> {
    return this.users.byId(id);
  }

  async listConsoleUsers(workspaceId?: string): Promise<ConsoleUser[]> {
    return this.users.list(workspaceId);
  }

  async deleteConsoleUser(id: string): Promise<boolean> {
    return this.users.remove(id);
  }

  async setConsoleUserPassword(id: string, passwordHash: string): Promise<boolean> {
    return this.users.setPassword(id, passwordHash);
  }

  async createConsoleSession(session: ConsoleSession): Promise<void> {
    this.users.createSession(session);
  }

  async findConsoleSession(idHash: string, now: Date): Promise<{ session: ConsoleSession; user: ConsoleUser } | null> {
    return this.users.findSession(idHash, now);
  }

  async deleteConsoleSession(idHash: string): Promise<void> {
    this.users.deleteSession(idHash);
  }

  async createSignInLink(link: SignInLink): Promise<void> {
    this.users.createLink(link);
  }

  async useSignInLink(tokenHash: string, now: Date, purpose: LinkPurpose = 'sign_in'): Promise<string | null> {
    return this.users.useLink(tokenHash, now, purpose);
  }

  private readonly admin = sqliteAdmin(this.db);

  async touchApiKey(keyId: string, at: Date): Promise<void> {
    this.admin.touchKey(keyId, at);
  }

  async setConsoleUserRole(workspaceId: string, userId: string, role: ConsoleRole): Promise<ConsoleUser | UserChangeRefusal> {
    return this.admin.setRole(workspaceId, userId, role);
  }

  async removeConsoleUserKeepingAdmin(workspaceId: string, userId: string): Promise<ConsoleUser | UserChangeRefusal> {
    return this.admin.remove(workspaceId, userId);
  }
}
