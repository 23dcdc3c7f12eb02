/**
 * What the store keeps for the console and for pollers: one row per customer (a conversation), one timeline
 * of inbound and outbound messages, the read mark, and the workspace's event log that `GET /v1/events` streams.
 */
import type { InboundMessageRecord } from '@kaiku/core';
import type { Contact, OutboundMessage } from './types.js';

/** A customer as the conversation list shows them. */
export interface ConversationRow extends Contact {
  /** Inbound messages up to this time were read by the business (null: none yet). */
  readAt: Date | null;
  /** The newest message or consent change, either direction (epoch 0 when there is none). */
  lastActivityAt: Date;
  unreadCount: number;
}

/** Where a conversation list page starts: after this activity time and customer. */
export interface ConversationCursor {
  at: number;
  waId: string;
}

/**
 * One message of a conversation's timeline. Order: newest `at` first, then `seq` (the inbound arrival order;
 * outbound messages take the highest, so at an equal time they come first), then id.
 */
export type TimelineItem =
  | { direction: 'inbound'; id: string; at: Date; seq: number; record: InboundMessageRecord }
  | { direction: 'outbound'; id: string; at: Date; seq: number; message: OutboundMessage; failure: { code: number | null; message: string | null } | null };

/** Where a timeline page starts: messages after this one in timeline order (`timelineCursor` makes it). */
export interface TimelineCursor {
  at: number;
  /** An outbound item's id; '' for an inbound item. */
  id: string;
  seq: number;
}

/** Where an inbound message list page starts: messages strictly older than this one. */
export interface InboundCursor {
  at: number;
  seq: number;
}

/** The kinds of event `GET /v1/events` streams. */
export type ConsoleEventType = 'message' | 'status' | 'consent' | 'read';

/** One event to append to a workspace's log. */
export interface NewEvent {
  type: ConsoleEventType;
  waId: string;
  data: Record<string, unknown>;
}

/** One event of a workspace's log; `cursor` orders it and resumes after it (`Last-Event-ID`). */
export interface StoredEvent extends NewEvent {
  cursor: string;
  createdAt: Date;
}

/** The store's part for conversations and events; both stores implement it. */
export interface ConversationStore {
  /** Customers by newest activity first (then by id), optionally searched by name or number. */
  listConversations(workspaceId: string, query: { cursor?: ConversationCursor; limit: number; search?: string }): Promise<ConversationRow[]>;
  /** One customer's row, or null when nothing is known of them. */
  getConversation(workspaceId: string, waId: string): Promise<ConversationRow | null>;
  /** One customer's messages, both directions, newest first. */
  listTimeline(workspaceId: string, waId: string, query: { before?: TimelineCursor; limit: number }): Promise<TimelineItem[]>;
  /** One inbound message by its id. */
  getInboundMessage(workspaceId: string, id: string): Promise<InboundMessageRecord | null>;
  /** Inbound messages newest first with each one's position, for cursor paging. */
  pageInboundMessages(workspaceId: string, query: { since?: Date; limit: number; type?: string; before?: InboundCursor }): Promise<Array<{ record: InboundMessageRecord; cursor: InboundCursor }>>;
  /** Marks everything the customer sent so far read; the newest inbound message's id (null when none). */
  markConversationRead(workspaceId: string, waId: string): Promise<{ lastInboundId: string | null; phoneNumberId: string | null }>;
  /** Appends events outside a webhook apply (consent recorded through the API). */
  appendEvents(workspaceId: string, events: NewEvent[]): Promise<void>;
  /** Events after `after` (null: from the start) in order; never skips one committed later by another process. */
  listEvents(workspaceId: string, after: string | null, limit: number): Promise<StoredEvent[]>;
  /** The cursor of the newest event now, to start a stream without replaying history. */
  latestEventCursor(workspaceId: string): Promise<string>;
  /** Whether a stream can resume after `cursor`: it names no event (`0`) or an event of the workspace still kept. */
  eventCursorKept(workspaceId: string, cursor: string): Promise<boolean>;
}
