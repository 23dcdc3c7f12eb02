/**
 * The delivery log of both stores: every attempt of a delivery (when, how long, the HTTP status or the error,
 * and what it meant), kept in `delivery_attempts` and read per subscription, newest delivery first, with a
 * cursor. The SQL is written once with `?` placeholders and run through the store's `SqlRunner`.
 */
import type { SqlRunner } from './automations.js';
import { toDate, toDelivery } from './shared.js';
import type { Row } from './shared.js';
import type { Delivery, Subscription } from './types.js';

/** What one attempt meant: delivered, tried again later, given up (dead letter), or the subscription removed. */
export type AttemptOutcome = 'done' | 'retry' | 'dead' | 'gone';

/** One attempt of one delivery. */
export interface DeliveryAttempt {
  deliveryId: string;
  subscriptionId: string;
  workspaceId: string;
  /** 1 for the first attempt. */
  attempt: number;
  at: Date;
  durationMs: number;
  /** The subscriber's HTTP status; null when no answer came (connection refused, timeout) or for an in-process sink. */
  statusCode: number | null;
  /** Why it failed; null when it was delivered. */
  error: string | null;
  outcome: AttemptOutcome;
}

/** A delivery with its latest attempts (oldest first). */
export interface LoggedDelivery extends Delivery {
  log: DeliveryAttempt[];
}

/** A test event to put in a subscription's queue (`POST /v1/subscriptions/{id}/test`). */
export interface TestDelivery {
  subscription: Subscription;
  eventId: string;
  /** The flat record, as JSON. */
  payload: string;
}

/** The delivery log part of the store. */
export interface DeliveryLogStore {
  /** Keeps attempts (the delivery worker writes them in batches). */
  recordAttempts(attempts: DeliveryAttempt[]): Promise<void>;
  /** A subscription's deliveries, newest first, older than the delivery `before` when given, each with its last attempts. */
  list(workspaceId: string, subscriptionId: string, query: { before?: string; limit: number; attemptsPerDelivery: number }): Promise<LoggedDelivery[]>;
  /**
   * Puts a test event in the subscription's queue of test events (its own queue, so that it never jumps ahead of
   * a customer's events), due now unless the subscription is failing or paused; answers the delivery id.
   */
  enqueueTest(test: TestDelivery): Promise<string>;
  /** How many webhook receipts signed for the workspace's numbers are in quarantine (the console's problem badge). */
  countQuarantined(workspaceId: string): Promise<number>;
}

const INSERT_ATTEMPT = `insert into delivery_attempts (delivery_id, subscription_id, workspace_id, attempt, at, duration_ms, status_code, error, outcome)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function toAttempt(row: Row): DeliveryAttempt {
  return {
    deliveryId: String(row.delivery_id), subscriptionId: String(row.subscription_id), workspaceId: String(row.workspace_id),
    attempt: Number(row.attempt), at: toDate(row.at), durationMs: Number(row.duration_ms),
    statusCode: row.status_code === null ? null : Number(row.status_code), error: row.error === null ? null : String(row.error),
    outcome: String(row.outcome) as AttemptOutcome,
  };
}

/** The delivery log over a store's runner; `enqueueTest` is the store's own (it touches the queue's heads). */
export function deliveryLogStore(sql: Pick<SqlRunner, 'all' | 'run' | 'runMany'>, enqueueTest: (test: TestDelivery) => Promise<string>): DeliveryLogStore {
  return {
    async recordAttempts(attempts) {
      if (attempts.length === 0) return;
      await sql.runMany(INSERT_ATTEMPT, attempts.map((a) => [
        Number(a.deliveryId), a.subscriptionId, a.workspaceId, a.attempt, a.at.getTime(), Math.round(a.durationMs), a.statusCode, a.error, a.outcome,
      ]));
    },
    async list(workspaceId, subscriptionId, query) {
      const before = query.before === undefined ? Number.MAX_SAFE_INTEGER : Number(query.before);
      const rows = await sql.all(`select * from deliveries where workspace_id = ? and subscription_id = ? and id < ?
        order by id desc limit ?`, [workspaceId, subscriptionId, before, query.limit]);
      if (rows.length === 0) return [];
      const ids = rows.map((row) => Number(row.id));
      const attempts = await sql.all(`select * from (select a.*, row_number() over (partition by delivery_id order by attempt desc, id desc) as n
        from delivery_attempts a where delivery_id in (${ids.map(() => '?').join(', ')})) x where n <= ? order by delivery_id, attempt, id`,
      [...ids, query.attemptsPerDelivery]);
      const byDelivery = new Map<string, DeliveryAttempt[]>();
      for (const row of attempts) {
        const attempt = toAttempt(row);
        byDelivery.set(attempt.deliveryId, [...(byDelivery.get(attempt.deliveryId) ?? []), attempt]);
      }
      return rows.map((row) => ({ ...toDelivery(row), log: byDelivery.get(String(row.id)) ?? [] }));
    },
    enqueueTest,
    async countQuarantined(workspaceId) {
      const [row] = await sql.all(`select count(*) as n from webhook_receipts r join connections c on c.id = r.connection_id
        where r.quarantined_at is not null and c.workspace_id = ?`, [workspaceId]);
      return Number(row?.n ?? 0);
    },
  };
}
