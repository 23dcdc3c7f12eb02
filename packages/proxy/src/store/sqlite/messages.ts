/** Outbound messages and idempotency keys in SQLite (the base of `SqliteStore`, split out for size). */
import type { Database, Statement } from 'better-sqlite3';
import type { OutboundMessage, StatusEvent } from '../types.js';
import { toOutbound, toStatusEvent } from '../shared.js';
import type { Row } from '../shared.js';
import type { NewEvent } from '../conversation-types.js';
import { outboundEvent } from '../events.js';
import { sqliteEventWriter } from './conversations.js';

/**
 * Runs `work` with synchronous=NORMAL: committed, and durable across a crash of the process, but not fsynced
 * (a power cut may roll back the last ones). For records on a send's hot path whose loss cannot lose a
 * customer's message; webhook receipts always commit with FULL.
 */
export function withoutFsync<T>(db: Database, work: () => T): T {
  db.exec('pragma synchronous = NORMAL');
  try {
    return work();
  } finally {
    db.exec('pragma synchronous = FULL');
  }
}

/** Idempotent sends and the outbound timeline. */
export class SqliteMessages {
  /** Prepared statements by their SQL: compiling one costs more than running it. */
  private readonly statements = new Map<string, Statement>();

  /** Appends to the workspace's event log inside the caller's transaction. */
  protected readonly writeEvents: (workspaceId: string, events: NewEvent[]) => void;

  constructor(protected readonly db: Database) {
    this.writeEvents = sqliteEventWriter(db);
  }

  /** The prepared statement for `text`, compiled on first use. */
  protected sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (statement === undefined) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  async reserveIdempotencyKey(workspaceId: string, key: string, requestHash: string): Promise<
    { state: 'reserved' } | { state: 'pending' } | { state: 'done'; message: OutboundMessage } | { state: 'mismatch' }
  > {
    const inserted = this.sql(`insert into idempotency_keys (workspace_id, key, request_hash, created_at) values (?, ?, ?, ?)
      on conflict do nothing`).run(workspaceId, key, requestHash, Date.now());
    if (inserted.changes === 1) return { state: 'reserved' };
    const row = this.sql('select * from idempotency_keys where workspace_id = ? and key = ?').get(workspaceId, key) as Row | undefined;
    if (row === undefined) return this.reserveIdempotencyKey(workspaceId, key, requestHash);
    if (row.request_hash !== requestHash) return { state: 'mismatch' };
    if (row.message_id === null) return { state: 'pending' };
    const message = this.sql('select * from outbound_messages where workspace_id = ? and id = ?').get(workspaceId, row.message_id) as Row | undefined;
    return message === undefined ? { state: 'pending' } : { state: 'done', message: toOutbound(message) };
  }

  async releaseIdempotencyKey(workspaceId: string, key: string): Promise<void> {
    this.sql('delete from idempotency_keys where workspace_id = ? and key = ? and message_id is null').run(workspaceId, key);
  }

  async recordOutboundMessage(m: Omit<OutboundMessage, 'createdAt'>): Promise<void> {
    withoutFsync(this.db, this.db.transaction(() => {
      const now = Date.now();
      const inserted = this.sql(`insert into outbound_messages (workspace_id, id, connection_id, wa_id, type, template_name, template_category,
        sent_as, status, idempotency_key, response, content, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`)
        .run(m.workspaceId, m.id, m.connectionId, m.waId, m.type, m.templateName, m.templateCategory, m.sentAs, m.status,
          m.idempotencyKey, JSON.stringify(m.response), m.content ? JSON.stringify(m.content) : null, now);
      if (inserted.changes === 1) {
        this.sql(`insert into contacts (workspace_id, wa_id, last_outbound_at) values (?, ?, ?) on conflict (workspace_id, wa_id)
          do update set last_outbound_at = max(coalesce(last_outbound_at, 0), excluded.last_outbound_at)`).run(m.workspaceId, m.waId, now);
        this.writeEvents(m.workspaceId, [outboundEvent(m)]);
      }
      if (m.idempotencyKey === null) return;
      this.sql(`insert into idempotency_keys (workspace_id, key, request_hash, message_id, created_at) values (?, ?, '', ?, ?)
        on conflict (workspace_id, key) do update set message_id = excluded.message_id`).run(m.workspaceId, m.idempotencyKey, m.id, Date.now());
    }));
  }

  async findOutboundByIdempotencyKey(workspaceId: string, key: string): Promise<OutboundMessage | null> {
    const row = this.sql('select * from outbound_messages where workspace_id = ? and idempotency_key = ? order by created_at limit 1')
      .get(workspaceId, key) as Row | undefined;
    return row === undefined ? null : toOutbound(row);
  }

  async getOutboundMessage(workspaceId: string, id: string): Promise<{ message: OutboundMessage; statuses: StatusEvent[] } | null> {
    const row = this.sql('select * from outbound_messages where workspace_id = ? and id = ?').get(workspaceId, id) as Row | undefined;
    if (row === undefined) return null;
    const statuses = this.sql('select * from message_statuses where workspace_id = ? and message_id = ? order by timestamp, status')
      .all(workspaceId, id) as Row[];
    return { message: toOutbound(row), statuses: statuses.map(toStatusEvent) };
  }
}
