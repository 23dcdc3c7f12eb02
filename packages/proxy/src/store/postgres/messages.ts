/** Outbound messages, idempotency keys, contacts and consent in PostgreSQL (the base of `PostgresStore`). */
import type { Pool } from 'pg';
import type { InboundMessageRecord, MessageStatusRecord } from '@kaiku/core';
import type { ConsentEvent, Contact, OutboundMessage, StatusEvent } from '../types.js';
import { RECENT_STATUSES_SQL, toConsentEvent, toContact, toOutbound, toStatusEvent, toStatusRecord } from '../shared.js';
import { query, transaction } from './db.js';
import { setConsent } from './apply.js';
import { insertEvents } from './conversations.js';
import { outboundEvent } from '../events.js';

/** Idempotent sends, the outbound timeline, inbound lists and consent. */
export class PostgresMessages {
  constructor(protected readonly pool: Pool) {}

  async reserveIdempotencyKey(workspaceId: string, key: string, requestHash: string): Promise<
    { state: 'reserved' } | { state: 'pending' } | { state: 'done'; message: OutboundMessage } | { state: 'mismatch' }
  > {
    const inserted = await query(this.pool, `insert into idempotency_keys (workspace_id, key, request_hash, created_at) values ($1, $2, $3, $4)
      on conflict do nothing returning key`, [workspaceId, key, requestHash, Date.now()]);
    if (inserted.length === 1) return { state: 'reserved' };
    const [row] = await query(this.pool, 'select * from idempotency_keys where workspace_id = $1 and key = $2', [workspaceId, key]);
    if (row === undefined) return this.reserveIdempotencyKey(workspaceId, key, requestHash);
    if (row.request_hash !== requestHash) return { state: 'mismatch' };
    if (row.message_id === null) return { state: 'pending' };
    const [message] = await query(this.pool, 'select * from outbound_messages where workspace_id = $1 and id = $2', [workspaceId, row.message_id]);
    return message === undefined ? { state: 'pending' } : { state: 'done', message: toOutbound(message) };
  }

  async releaseIdempotencyKey(workspaceId: string, key: string): Promise<void> {
    await query(this.pool, 'delete from idempotency_keys where workspace_id = $1 and key = $2 and message_id is null', [workspaceId, key]);
  }

  async recordOutboundMessage(m: Omit<OutboundMessage, 'createdAt'>): Promise<void> {
    await transaction(this.pool, async (client) => {
      const now = Date.now();
      const inserted = await query(client, `insert into outbound_messages (workspace_id, id, connection_id, wa_id, type, template_name,
        template_category, sent_as, status, idempotency_key, response, content, created_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) on conflict do nothing returning id`,
      [m.workspaceId, m.id, m.connectionId, m.waId, m.type, m.templateName, m.templateCategory, m.sentAs, m.status, m.idempotencyKey,
        JSON.stringify(m.response), m.content ? JSON.stringify(m.content) : null, now]);
      if (inserted.length === 1) {
        await query(client, `insert into contacts (workspace_id, wa_id, last_outbound_at) values ($1, $2, $3) on conflict (workspace_id, wa_id)
          do update set last_outbound_at = greatest(contacts.last_outbound_at, excluded.last_outbound_at)`, [m.workspaceId, m.waId, now]);
        await insertEvents(client, m.workspaceId, [outboundEvent(m)]);
      }
      if (m.idempotencyKey === null) return;
      await query(client, `insert into idempotency_keys (workspace_id, key, request_hash, message_id, created_at) values ($1, $2, '', $3, $4)
        on conflict (workspace_id, key) do update set message_id = excluded.message_id`, [m.workspaceId, m.idempotencyKey, m.id, Date.now()]);
    });
  }

  async findOutboundByIdempotencyKey(workspaceId: string, key: string): Promise<OutboundMessage | null> {
    const [row] = await query(this.pool, 'select * from outbound_messages where workspace_id = $1 and idempotency_key = $2 order by created_at limit 1',
      [workspaceId, key]);
    return row === undefined ? null : toOutbound(row);
  }

  async getOutboundMessage(workspaceId: string, id: string): Promise<{ message: OutboundMessage; statuses: StatusEvent[] } | null> {
    const [row] = await query(this.pool, 'select * from outbound_messages where workspace_id = $1 and id = $2', [workspaceId, id]);
    if (row === undefined) return null;
    const statuses = await query(this.pool, 'select * from message_statuses where workspace_id = $1 and message_id = $2 order by timestamp, status',
      [workspaceId, id]);
    return { message: toOutbound(row), statuses: statuses.map(toStatusEvent) };
  }

  async listInboundMessages(workspaceId: string, q: { since?: Date; limit: number; type?: string }): Promise<InboundMessageRecord[]> {
    const rows = await query(this.pool, `select record from inbound_messages where workspace_id = $1 and received_at >= $2
      and ($3::text is null or type = $3) order by received_at desc, seq desc limit $4`,
    [workspaceId, q.since?.getTime() ?? 0, q.type ?? null, q.limit]);
    return rows.map((row) => JSON.parse(String(row.record)) as InboundMessageRecord);
  }

  async listRecentStatuses(workspaceId: string, q: { limit: number; phoneNumberId?: string }): Promise<MessageStatusRecord[]> {
    const rows = await query(this.pool, RECENT_STATUSES_SQL, [workspaceId, q.phoneNumberId ?? '', q.limit]);
    return rows.map(toStatusRecord);
  }

  async getContact(workspaceId: string, waId: string): Promise<Contact | null> {
    const [row] = await query(this.pool, 'select * from contacts where workspace_id = $1 and wa_id = $2', [workspaceId, waId]);
    return row === undefined ? null : toContact(row);
  }

  async recordConsent(workspaceId: string, waId: string, event: ConsentEvent): Promise<Contact> {
    const at = event.recordedAt.getTime();
    await transaction(this.pool, async (client) => {
      await query(client, 'insert into consent_events (workspace_id, wa_id, status, source, proof, recorded_at) values ($1, $2, $3, $4, $5, $6)',
        [workspaceId, waId, event.status, event.source, event.proof, at]);
      await setConsent(client, workspaceId, waId, event.status, at);
      await insertEvents(client, workspaceId, [{ type: 'consent', waId, data: { status: event.status, source: event.source } }]);
    });
    const contact = await this.getContact(workspaceId, waId);
    if (contact === null) throw new Error('The consent change was not recorded.');
    return contact;
  }

  async consentHistory(workspaceId: string, waId: string): Promise<ConsentEvent[]> {
    const rows = await query(this.pool, 'select * from consent_events where workspace_id = $1 and wa_id = $2 order by recorded_at, id', [workspaceId, waId]);
    return rows.map(toConsentEvent);
  }
}
