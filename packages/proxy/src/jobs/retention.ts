/**
 * Retention: what the store lets go after `retentionDays` (applied receipts, inbound messages, finished
 * deliveries) and after `deadRetentionDays` (quarantined receipts, dead deliveries); the live-update log of
 * `GET /v1/events` after `EVENTS_KEPT_HOURS` (a console away longer reloads instead). Pruned in small batches
 * with the event loop free between them, so that intake never waits on it (SQLite's calls are synchronous).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { PruneCursor, Store } from '../store/types.js';

const DAY_MS = 86_400_000;
/** How long the event log keeps what a reconnecting console may still ask for. */
export const EVENTS_KEPT_HOURS = 48;

/** How long things are kept and how much one batch deletes. */
export interface RetentionOptions {
  retentionDays: number;
  deadRetentionDays: number;
  /** Rows per table per batch (default 500). */
  batchSize?: number;
  now?: () => number;
}

/** Prunes everything retention lets go, batch by batch; returns how many rows went. */
export async function pruneExpired(store: Store, options: RetentionOptions, shouldStop: () => boolean = () => false): Promise<number> {
  const now = (options.now ?? Date.now)();
  const policy = {
    before: new Date(now - options.retentionDays * DAY_MS),
    deadBefore: new Date(now - options.deadRetentionDays * DAY_MS),
    eventsBefore: new Date(now - EVENTS_KEPT_HOURS * 3_600_000),
    batchSize: options.batchSize ?? 500,
  };
  let cursor: PruneCursor | null = { table: 0, after: 0 };
  let deleted = 0;
  while (cursor !== null && !shouldStop()) {
    const batch: { deleted: number; next: PruneCursor | null } = await store.pruneBatch(policy, cursor);
    deleted += batch.deleted;
    cursor = batch.next;
    await yieldToLoop();
  }
  return deleted;
}
