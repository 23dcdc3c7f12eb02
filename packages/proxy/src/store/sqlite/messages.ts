/** Outbound messages and idempotency keys in SQLite (the base of `SqliteStore`, split out for size). */
import type { Database } from 'better-sqlite3';
import type { OutboundMessage, StatusEvent } from '../types.js';
import { toOutbound, toStatusEvent } from '../shared.js';
import type { Row } from '../shared.js';

/**
 * Runs `work` with synchronous=NORMAL: committed, and durable across a crash of the process, but not fsynced
 * (a power cut may roll back the last ones). For records on a send's hot path whose loss cannot lose a
 * customer's message; webhook receipts always commit with FULL.
 */
export function withoutFsync<T>(db: Database, work: () => T): T {
  db.pragma('synchronous = NORMAL');
  try {
    return work();
  } finally {
    db.pragma('synchronous = FULL');
  }
}

/** Idempotent sends and the outbound timeline. */
export class SqliteMessages {
  constructor(protected readonly db: Database) {}

  async reserveIdempotencyKey(workspaceId: string, key: string, requestHash: string): Promise<
    { state: 'reserved' } | { state: 'pending' } | { state: 'done'; message: OutboundMessage } | { state: 'mismatch' }
  > {
    const inserted = this.db.prepare(`insert into idempotency_keys (workspace_id, key, request_hash, created_at) values (?, ?, ?, ?)
      on conflict do nothing`).run(workspaceId, key, requestHash, Date.now());
    if (inserted.changes === 1) return { state: 'reserved' };
    const row = this.db.prepare('select * from idempotency_keys where workspace_id = ? and key = ?').get(workspaceId, key) as Row | undefined;
    if (row === undefined) return this.reserveIdempotencyKey(workspaceId, key, requestHash);
    if (row.request_hash !== requestHash) return { state: 'mismatch' };
    if (row.message_id === null) return { state: 'pending' };
    const message = this.db.prepare('select * from outbound_messages where workspace_id = ? and id = ?').get(workspaceId, row.message_id) as Row | undefined;
    return message === undefined ? { state: 'pending' } : { state: 'done', message: toOutbound(message) };
  }

  async releaseIdempotencyKey(workspaceId: string, key: string): Promise<void> {
    this.db.prepare('delete from idempotency_keys where workspace_id = ? and key = ? and message_id is null').run(workspaceId, key);
  }

  async recordOutboundMessage(m: Omit<OutboundMessage, 'createdAt'>): Promise<void> {
    withoutFsync(this.db, this.db.transaction(() => {
      this.db.prepare(`insert into outbound_messages (workspace_id, id, connection_id, wa_id, type, template_name, template_category,
        sent_as, status, idempotency_key, response, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`)
        .run(m.workspaceId, m.id, m.connectionId, m.waId, m.type, m.templateName, m.templateCategory, m.sentAs, m.status,
          m.idempotencyKey, JSON.stringify(m.response), Date.now());
      if (m.idempotencyKey === null) return;
      this.db.prepare(`insert into idempotency_keys (workspace_id, key, request_hash, message_id, created_at) values (?, ?, '', ?, ?)
        on conflict (workspace_id, key) do update set message_id = excluded.message_id`).run(m.workspaceId, m.idempotencyKey, m.id, Date.now());
    }));
  }

  async findOutboundByIdempotencyKey(workspaceId: string, key: string): Promise<OutboundMessage | null> {
    const row = this.db.prepare('select * from outbound_messages where workspace_id = ? and idempotency_key = ? order by created_at limit 1')
      .get(workspaceId, key) as Row | undefined;
    return row === undefined ? null : toOutbound(row);
  }

  async getOutboundMessage(workspaceId: string, id: string): Promise<{ message: OutboundMessage; statuses: StatusEvent[] } | null> {
    const row = this.db.prepare('select * from outbound_messages where workspace_id = ? and id = ?').get(workspaceId, id) as Row | undefined;
    if (row === undefined) return null;
    const statuses = this.db.prepare('select * from message_statuses where workspace_id = ? and message_id = ? order by timestamp, status')
      .all(workspaceId, id) as Row[];
    return { message: toOutbound(row), statuses: statuses.map(toStatusEvent) };
  }
}
