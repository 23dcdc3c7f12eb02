/** The console's data in PostgreSQL: conversations, events and console users (a layer of `PostgresStore`, split out for size). */
import type { InboundMessageRecord } from '@kaiku/core';
import type { UserChangeRefusal } from '../admin-types.js';
import type { ConsoleRole, ConsoleSession, ConsoleUser, LinkPurpose, SignInLink } from '../console-types.js';
import * as admin from './admin.js';
import type { ConversationCursor, ConversationRow, InboundCursor, NewEvent, StoredEvent, TimelineCursor, TimelineItem } from '../conversation-types.js';
import * as users from './console-users.js';
import * as conversations from './conversations.js';
import { PostgresMessages } from './messages.js';

/** Conversations, the event log and console users over the base's pool. */
export class PostgresConsoleData extends PostgresMessages {
  async listConversations(workspaceId: string, q: { cursor?: ConversationCursor; limit: number; search?: string }): Promise<ConversationRow[]> {
    return conversations.listConversations(this.pool, workspaceId, q);
  }

  async getConversation(workspaceId: string, waId: string): Promise<ConversationRow | null> {
    return conversations.getConversation(this.pool, workspaceId, waId);
  }

  async listTimeline(workspaceId: string, waId: string, q: { before?: TimelineCursor; limit: number }): Promise<TimelineItem[]> {
    return conversations.listTimeline(this.pool, workspaceId, waId, q);
  }

  async getInboundMessage(workspaceId: string, id: string): Promise<InboundMessageRecord | null> {
    return conversations.getInboundMessage(this.pool, workspaceId, id);
  }

  async pageInboundMessages(workspaceId: string, q: { since?: Date; limit: number; type?: string; before?: InboundCursor }): Promise<Array<{ record: InboundMessageRecord; cursor: InboundCursor }>> {
    return conversations.pageInboundMessages(this.pool, workspaceId, q);
  }

  async markConversationRead(workspaceId: string, waId: string): Promise<{ lastInboundId: string | null; phoneNumberId: string | null }> {
    return conversations.markConversationRead(this.pool, workspaceId, waId);
  }

  async appendEvents(workspaceId: string, events: NewEvent[]): Promise<void> {
    await conversations.insertEvents(this.pool, workspaceId, events);
  }

  async listEvents(workspaceId: string, after: string | null, limit: number): Promise<StoredEvent[]> {
    return conversations.listEvents(this.pool, workspaceId, after, limit);
  }

  async latestEventCursor(workspaceId: string): Promise<string> {
    return conversations.latestEventCursor(this.pool, workspaceId);
  }

  async eventCursorKept(workspaceId: string, cursor: string): Promise<boolean> {
    return conversations.eventCursorKept(this.pool, workspaceId, cursor);
  }

  async createConsoleUser(input: Omit<ConsoleUser, 'id' | 'createdAt'>): Promise<ConsoleUser | null> {
    return users.createConsoleUser(this.pool, input);
  }

  async findConsoleUserByEmail(email: string): Promise<ConsoleUser | null> {
    return users.findConsoleUser(this.pool, 'email', email);
  }

  async getConsoleUser(id: string): Promise<ConsoleUser | null> {
    return users.findConsoleUser(this.pool, 'id', id);
  }

  async listConsoleUsers(workspaceId?: string): Promise<ConsoleUser[]> {
    return users.listConsoleUsers(this.pool, workspaceId);
  }

  async deleteConsoleUser(id: string): Promise<boolean> {
    return users.deleteConsoleUser(this.pool, id);
  }

  async setConsoleUserPassword(id: string, passwordHash: string): Promise<boolean> {
    return users.setConsoleUserPassword(this.pool, id, passwordHash);
  }

  async createConsoleSession(session: ConsoleSession): Promise<void> {
    await users.createConsoleSession(this.pool, session);
  }

  async findConsoleSession(idHash: string, now: Date): Promise<{ session: ConsoleSession; user: ConsoleUser } | null> {
    return users.findConsoleSession(this.pool, idHash, now);
  }

  async deleteConsoleSession(idHash: string): Promise<void> {
    await users.deleteConsoleSession(this.pool, idHash);
  }

  async createSignInLink(link: SignInLink): Promise<void> {
    await users.createSignInLink(this.pool, link);
  }

  async useSignInLink(tokenHash: string, now: Date, purpose: LinkPurpose = 'sign_in'): Promise<string | null> {
    return users.useSignInLink(this.pool, tokenHash, now, purpose);
  }

  async touchApiKey(keyId: string, at: Date): Promise<void> {
    await admin.touchApiKey(this.pool, keyId, at);
  }

  async setConsoleUserRole(workspaceId: string, userId: string, role: ConsoleRole): Promise<ConsoleUser | UserChangeRefusal> {
    return admin.setConsoleUserRole(this.pool, workspaceId, userId, role);
  }

  async removeConsoleUserKeepingAdmin(workspaceId: string, userId: string): Promise<ConsoleUser | UserChangeRefusal> {
    return admin.removeConsoleUserKeepingAdmin(this.pool, workspaceId, userId);
  }
}
