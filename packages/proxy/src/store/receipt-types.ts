/** The types of quarantined webhook receipts and of retention. */

/** A receipt that failed to apply `attempts` times, moved aside with its error and raw body. */
export interface QuarantinedReceipt {
  id: number;
  connectionId: string;
  /** The workspace of the connection that signed it; null when that connection is gone. */
  workspaceId: string | null;
  receivedAt: Date;
  quarantinedAt: Date;
  attempts: number;
  error: string;
  body: Buffer;
}

/** What retention keeps: ordinary records until `before`, quarantine and dead letters until `deadBefore`. */
export interface RetentionPolicy {
  before: Date;
  deadBefore: Date;
  /** The live-update log (`GET /v1/events`) only serves reconnecting consoles, so it goes sooner. */
  eventsBefore: Date;
  /** Rows per table per batch (small: on SQLite each batch holds the event loop). */
  batchSize: number;
}

/** Where a retention run goes on: which table, after which row. */
export interface PruneCursor {
  table: number;
  after: number;
}
