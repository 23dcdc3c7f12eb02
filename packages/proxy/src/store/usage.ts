/**
 * Usage counts for both stores: messages received, messages sent (by how they were sent and the template's
 * category) and failed deliveries (by WhatsApp's error), counted per quarter hour in SQL so that the caller can
 * fold the quarters into local days of any time zone (every time zone's offset is a multiple of 15 minutes).
 */
import type { SqlRunner } from './automations.js';

/** The length of one counted slice of time. */
export const USAGE_SLICE_MS = 900_000;

/** One slice's count of one kind. */
export type UsageCount =
  | { kind: 'received'; sliceStart: number; count: number }
  | { kind: 'sent'; sliceStart: number; sentAs: string; category: string | null; count: number }
  | { kind: 'failed'; sliceStart: number; code: number | null; reason: string | null; count: number };

/** The usage part of the store. */
export interface UsageStore {
  /** Counts per quarter hour in [fromMs, toMs) of a workspace, in no particular order. */
  counts(workspaceId: string, fromMs: number, toMs: number): Promise<UsageCount[]>;
}

const slice = (column: string) => `(${column} / ${USAGE_SLICE_MS}) * ${USAGE_SLICE_MS}`;

const RECEIVED_SQL = `select ${slice('received_at')} as slice, count(*) as n from inbound_messages
  where workspace_id = ? and received_at >= ? and received_at < ? group by 1`;

const SENT_SQL = `select ${slice('created_at')} as slice, sent_as, template_category, count(*) as n from outbound_messages
  where workspace_id = ? and created_at >= ? and created_at < ? group by 1, 2, 3`;

const FAILED_SQL = `select ${slice('timestamp')} as slice, error_code, error_message, count(*) as n from message_statuses
  where workspace_id = ? and status = 'failed' and timestamp >= ? and timestamp < ? group by 1, 2, 3`;

const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** The usage store over a store's SQL runner (`?` placeholders). */
export function usageStore(db: Pick<SqlRunner, 'all'>): UsageStore {
  return {
    async counts(workspaceId, fromMs, toMs) {
      const params = [workspaceId, fromMs, toMs];
      const [received, sent, failed] = await Promise.all([db.all(RECEIVED_SQL, params), db.all(SENT_SQL, params), db.all(FAILED_SQL, params)]);
      return [
        ...received.map((r): UsageCount => ({ kind: 'received', sliceStart: Number(r.slice), count: Number(r.n) })),
        ...sent.map((r): UsageCount => ({ kind: 'sent', sliceStart: Number(r.slice), sentAs: String(r.sent_as), category: textOrNull(r.template_category), count: Number(r.n) })),
        ...failed.map((r): UsageCount => ({
          kind: 'failed', sliceStart: Number(r.slice), code: r.error_code === null || r.error_code === undefined ? null : Number(r.error_code), reason: textOrNull(r.error_message), count: Number(r.n),
        })),
      ];
    },
  };
}
