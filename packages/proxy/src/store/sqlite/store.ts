/**
 * The embedded store: SQLite through better-sqlite3 in a data folder, WAL with synchronous=FULL so that a
 * committed webhook survives a crash or power loss. One process owns the file.
 */
import type { Database } from 'better-sqlite3';
import { openDatabase, runMigrations } from './open.js';
import type {
  ApiKey, AppliedWebhook, ClaimOptions, ClaimedDelivery, ConsentEvent, Connection, Contact, Delivery, DeliveryFailure, HealthChange, HealthPolicy,
  PruneCursor, QuarantinedReceipt, ReceiptToApply, RetentionPolicy, Store, Subscription,
  SubscriptionHealth, SubscriptionState, WebhookReceipt, Workspace, WorkspaceSettings,
} from '../types.js';
import { DEFAULT_HEALTH_POLICY } from '../delivery-health.js';
import type { InboundMessageRecord, MessageStatusRecord } from '@kaiku/core';
import {
  RECENT_STATUSES_SQL, toStatusRecord,
  DEFAULT_SETTINGS, WORKSPACE_DATA_TABLES, newId, toApiKey, toConnection, toConsentEvent, toContact, toSubscription, toWorkspace,
} from '../shared.js';
import type { Row } from '../shared.js';
import { sqliteApplier } from './apply.js';
import { sqliteDeliveries } from './deliveries.js';
import type { SqliteDeliveries } from './deliveries.js';
import { MemoryTokenBuckets } from '../token-bucket.js';
import { withoutFsync } from './messages.js';
import { SqliteHubspotData } from './hubspot-data.js';
import { DEFAULT_RECEIPT_LEASE_MS, SqliteReceipts } from './receipts.js';
import { automationStore } from '../automations.js';
import { usageStore } from '../usage.js';
import type { UsageStore } from '../usage.js';
import type { AutomationStore } from '../automations.js';
import { sqliteHealth } from './health.js';
import { deliveryLogStore } from '../delivery-log.js';
import type { DeliveryLogStore } from '../delivery-log.js';
import { sqliteTestEnqueuer } from './test-delivery.js';
import type { SqliteHealth } from './health.js';

/** Where the SQLite store keeps its file. */
export interface SqliteStoreOptions {
  /** A data folder (the file is `kaiku.sqlite` inside) or `:memory:`. */
  dataDir: string;
  /**
   * The time the queue decides by (when a delivery is due, its lease, a receipt's enqueue time): the sandbox's
   * clock in demo mode, the system clock otherwise. Record timestamps (created_at) stay on the system clock.
   */
  now?: () => number;
}

/** The SQLite implementation of `Store`. */
export class SqliteStore extends SqliteHubspotData implements Store {
  readonly kind = 'sqlite' as const;
  private applier: ((receipts: ReceiptToApply[]) => AppliedWebhook[]) | null = null;
  private queue: SqliteDeliveries | null = null;
  private healthOps: SqliteHealth | null = null;
  private readonly buckets = new MemoryTokenBuckets();
  private readonly requestBuckets = new MemoryTokenBuckets();
  /** Claims, failures and quarantine of receipts; a restart forgets the claims, so a crash replays them. */
  private receipts: SqliteReceipts | null = null;

  private readonly now: () => number;

  constructor(options: SqliteStoreOptions) {
    super(openDatabase(options.dataDir));
    this.now = options.now ?? Date.now;
  }

  /** The database, for the bench that measures what the tables hold. */
  get database(): Database {
    return this.db;
  }

  async migrate(): Promise<void> {
    runMigrations(this.db);
    // One process owns the file: leases left by a process that died are void (a restart must not wait them out).
    const now = Date.now();
    this.sql('update delivery_heads set due_at = ?, leased_until = null where leased_until is not null').run(now);
    this.sql('update subscription_health set due_at = (select min(h.due_at) from delivery_heads h where h.subscription_id = subscription_health.subscription_id and h.due_at is not null)').run();
    this.applier = sqliteApplier(this.db, this.now);
    this.queue = sqliteDeliveries(this.db, this.now);
    this.receipts = new SqliteReceipts(this.db);
    this.healthOps = sqliteHealth(this.db);
  }

  private get health(): SqliteHealth {
    if (this.healthOps === null) throw new Error('The store is not ready: call migrate() first.');
    return this.healthOps;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private ready(): { applier: (receipts: ReceiptToApply[]) => AppliedWebhook[]; queue: SqliteDeliveries; receipts: SqliteReceipts } {
    if (this.applier === null || this.queue === null || this.receipts === null) throw new Error('The store is not ready: call migrate() first.');
    return { applier: this.applier, queue: this.queue, receipts: this.receipts };
  }

  async createWorkspace(input: { name: string; settings?: Partial<WorkspaceSettings> }): Promise<Workspace> {
    const id = newId('ws');
    const settings = { ...DEFAULT_SETTINGS, ...input.settings };
    this.sql('insert into workspaces (id, name, settings, created_at) values (?, ?, ?, ?)').run(id, input.name, JSON.stringify(settings), Date.now());
    return this.mustGetWorkspace(id);
  }

  async getWorkspace(id: string): Promise<Workspace | null> {
    const row = this.sql('select * from workspaces where id = ?').get(id) as Row | undefined;
    return row === undefined ? null : toWorkspace(row);
  }

  private async mustGetWorkspace(id: string): Promise<Workspace> {
    const workspace = await this.getWorkspace(id);
    if (workspace === null) throw new Error(`Workspace ${id} does not exist.`);
    return workspace;
  }

  async listWorkspaces(): Promise<Workspace[]> {
    return (this.sql('select * from workspaces order by created_at, id').all() as Row[]).map(toWorkspace);
  }

  async updateWorkspaceSettings(id: string, settings: Partial<WorkspaceSettings>): Promise<Workspace> {
    const current = await this.mustGetWorkspace(id);
    this.sql('update workspaces set settings = ? where id = ?').run(JSON.stringify({ ...current.settings, ...settings }), id);
    return this.mustGetWorkspace(id);
  }

  async upsertConnection(input: Omit<Connection, 'id' | 'createdAt'>): Promise<Connection> {
    const row = this.sql(`insert into connections (id, workspace_id, waba_id, phone_number_id, display_phone_number, verified_name,
      graph_base_url, graph_version, access_token_enc, app_secret_enc, verify_token, created_at)
      values (@id, @workspaceId, @wabaId, @phoneNumberId, @displayPhoneNumber, @verifiedName, @graphBaseUrl, @graphVersion,
      @accessTokenEnc, @appSecretEnc, @verifyToken, @createdAt)
      on conflict (phone_number_id) do update set workspace_id = excluded.workspace_id, waba_id = excluded.waba_id,
      display_phone_number = excluded.display_phone_number, verified_name = excluded.verified_name,
      graph_base_url = excluded.graph_base_url, graph_version = excluded.graph_version, access_token_enc = excluded.access_token_enc,
      app_secret_enc = excluded.app_secret_enc, verify_token = excluded.verify_token
      returning *`).get({ ...input, id: newId('conn'), createdAt: Date.now() }) as Row;
    return toConnection(row);
  }

  async listConnections(workspaceId?: string): Promise<Connection[]> {
    const rows = workspaceId === undefined
      ? this.sql('select * from connections order by created_at, id').all()
      : this.sql('select * from connections where workspace_id = ? order by created_at, id').all(workspaceId);
    return (rows as Row[]).map(toConnection);
  }

  async findConnectionByPhoneNumberId(phoneNumberId: string): Promise<Connection | null> {
    const row = this.sql('select * from connections where phone_number_id = ?').get(phoneNumberId) as Row | undefined;
    return row === undefined ? null : toConnection(row);
  }

  async findConnectionsByWabaId(wabaId: string): Promise<Connection[]> {
    return (this.sql('select * from connections where waba_id = ? order by created_at, id').all(wabaId) as Row[]).map(toConnection);
  }

  async revokeApiKey(workspaceId: string, keyId: string): Promise<boolean> {
    return this.sql('update api_keys set revoked_at = coalesce(revoked_at, ?) where workspace_id = ? and id = ?').run(Date.now(), workspaceId, keyId).changes > 0;
  }

  async deleteConnection(phoneNumberId: string): Promise<boolean> {
    return this.sql('delete from connections where phone_number_id = ?').run(phoneNumberId).changes > 0;
  }

  async deleteWorkspace(id: string): Promise<boolean> {
    return this.db.transaction(() => {
      for (const table of WORKSPACE_DATA_TABLES) this.sql(`delete from ${table} where workspace_id = ?`).run(id);
      return this.sql('delete from workspaces where id = ?').run(id).changes > 0;
    })();
  }

  async createApiKey(input: { workspaceId: string; name: string; prefix: string; hash: string }): Promise<ApiKey> {
    const row = this.sql(`insert into api_keys (id, workspace_id, name, prefix, hash, created_at) values (?, ?, ?, ?, ?, ?)
      returning *`).get(newId('key'), input.workspaceId, input.name, input.prefix, input.hash, Date.now()) as Row;
    return toApiKey(row);
  }

  async findApiKeyByHash(hash: string): Promise<ApiKey | null> {
    const row = this.sql('select * from api_keys where hash = ?').get(hash) as Row | undefined;
    return row === undefined ? null : toApiKey(row);
  }

  async listApiKeys(workspaceId: string): Promise<ApiKey[]> {
    return (this.sql('select * from api_keys where workspace_id = ? order by created_at, id').all(workspaceId) as Row[]).map(toApiKey);
  }

  async saveWebhookReceipts(receipts: Array<{ connectionId: string; body: Buffer }>): Promise<number[]> {
    const insert = this.sql('insert into webhook_receipts (connection_id, received_at, body) values (?, ?, ?)');
    return this.db.transaction(() => {
      const now = Date.now();
      return receipts.map((r) => Number(insert.run(r.connectionId, now, r.body).lastInsertRowid));
    })();
  }

  async claimUnappliedReceipts(limit: number, leaseMs = DEFAULT_RECEIPT_LEASE_MS): Promise<WebhookReceipt[]> {
    return this.ready().receipts.claim(limit, leaseMs);
  }

  async releaseReceipts(ids: number[]): Promise<void> {
    this.ready().receipts.release(ids);
  }

  async renewReceiptClaims(ids: number[], leaseMs: number): Promise<void> {
    this.ready().receipts.renew(ids, leaseMs);
  }

  async applyWebhookReceipts(receipts: ReceiptToApply[]): Promise<AppliedWebhook[]> {
    const results = this.ready().applier(receipts);
    this.ready().receipts.release(receipts.map((r) => r.receiptId));
    return results;
  }

  async failReceipt(id: number, error: string, policy: { quarantineAfter: number; retryInMs: number }): Promise<'retry' | 'quarantined'> {
    return this.ready().receipts.fail(id, error, policy);
  }

  async listQuarantinedReceipts(query: { workspaceId?: string; limit: number }): Promise<QuarantinedReceipt[]> {
    return this.ready().receipts.list(query.workspaceId, query.limit);
  }

  async retryQuarantinedReceipt(id: number, workspaceId?: string): Promise<boolean> {
    return this.ready().receipts.retry(id, workspaceId);
  }

  async receiptBacklog(since: Date): Promise<{ quarantined: number; oldestUnappliedAt: Date | null }> {
    return this.ready().receipts.backlog(since);
  }

  async pruneBatch(policy: RetentionPolicy, cursor: PruneCursor): Promise<{ deleted: number; next: PruneCursor | null }> {
    return this.ready().receipts.prune(policy, cursor);
  }

  async listInboundMessages(workspaceId: string, query: { since?: Date; limit: number; type?: string }): Promise<InboundMessageRecord[]> {
    const rows = this.sql(`select record from inbound_messages where workspace_id = ? and received_at >= ?
      and (? is null or type = ?) order by received_at desc, rowid desc limit ?`)
      .all(workspaceId, query.since?.getTime() ?? 0, query.type ?? null, query.type ?? null, query.limit) as Row[];
    return rows.map((row) => JSON.parse(String(row.record)) as InboundMessageRecord);
  }

  async listRecentStatuses(workspaceId: string, query: { limit: number; phoneNumberId?: string }): Promise<MessageStatusRecord[]> {
    // better-sqlite3 binds a reused placeholder only by name: $1 → @p1.
    const rows = this.sql(RECENT_STATUSES_SQL.replace(/\$(\d)/g, '@p$1')).all({ p1: workspaceId, p2: query.phoneNumberId ?? '', p3: query.limit }) as Row[];
    return rows.map(toStatusRecord);
  }

  async getContact(workspaceId: string, waId: string): Promise<Contact | null> {
    const row = this.sql('select * from contacts where workspace_id = ? and wa_id = ?').get(workspaceId, waId) as Row | undefined;
    return row === undefined ? null : toContact(row);
  }

  async recordConsent(workspaceId: string, waId: string, event: ConsentEvent): Promise<Contact> {
    const at = event.recordedAt.getTime();
    this.db.transaction(() => {
      this.sql(`insert into consent_events (workspace_id, wa_id, status, source, proof, recorded_at) values (?, ?, ?, ?, ?, ?)`)
        .run(workspaceId, waId, event.status, event.source, event.proof, at);
      this.sql(`insert into contacts (workspace_id, wa_id, consent, consent_updated_at) values (?, ?, ?, ?)
        on conflict (workspace_id, wa_id) do update set consent = excluded.consent, consent_updated_at = excluded.consent_updated_at
        where consent_updated_at is null or consent_updated_at <= excluded.consent_updated_at`).run(workspaceId, waId, event.status, at);
      this.writeEvents(workspaceId, [{ type: 'consent', waId, data: { status: event.status, source: event.source } }]);
    })();
    const contact = await this.getContact(workspaceId, waId);
    if (contact === null) throw new Error('The consent change was not recorded.');
    return contact;
  }

  async consentHistory(workspaceId: string, waId: string): Promise<ConsentEvent[]> {
    return (this.sql('select * from consent_events where workspace_id = ? and wa_id = ? order by recorded_at, id')
      .all(workspaceId, waId) as Row[]).map(toConsentEvent);
  }

  async createSubscription(input: Omit<Subscription, 'id' | 'createdAt'>): Promise<Subscription> {
    const row = this.sql(`insert into subscriptions (id, workspace_id, event, target_url, sink, secret, filter, source, created_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`).get(newId('sub'), input.workspaceId, input.event, input.targetUrl, input.sink,
      input.secret, input.filter === null ? null : JSON.stringify(input.filter), input.source ?? null, Date.now()) as Row;
    return toSubscription(row);
  }

  async listSubscriptions(workspaceId: string): Promise<Subscription[]> {
    return (this.sql('select * from subscriptions where workspace_id = ? order by created_at, id').all(workspaceId) as Row[]).map(toSubscription);
  }

  async getSubscription(workspaceId: string, id: string): Promise<Subscription | null> {
    const row = this.sql('select * from subscriptions where workspace_id = ? and id = ?').get(workspaceId, id) as Row | undefined;
    return row === undefined ? null : toSubscription(row);
  }

  async deleteSubscription(workspaceId: string, id: string): Promise<boolean> {
    return this.db.transaction(() => {
      const deleted = this.sql('delete from subscriptions where workspace_id = ? and id = ?').run(workspaceId, id).changes === 1;
      if (!deleted) return false;
      this.sql("delete from deliveries where subscription_id = ? and state = 'pending'").run(id);
      this.sql('delete from delivery_heads where subscription_id = ?').run(id);
      this.sql('delete from subscription_health where subscription_id = ?').run(id);
      return deleted;
    })();
  }

  async replaceSubscriptionSecret(workspaceId: string, id: string, expected: string | null, sealed: string): Promise<boolean> {
    return this.sql('update subscriptions set secret = ? where workspace_id = ? and id = ? and secret is ?')
      .run(sealed, workspaceId, id, expected).changes === 1;
  }

  async listUnsealedSubscriptions(sealedPrefix: string): Promise<Subscription[]> {
    return (this.sql("select * from subscriptions where target_url is not null and (secret is null or substr(secret, 1, length(?)) <> ?)")
      .all(sealedPrefix, sealedPrefix) as Row[]).map(toSubscription);
  }

  async claimDueDeliveries(limit: number, leaseMs: number, options: ClaimOptions = {}): Promise<ClaimedDelivery[]> {
    return this.ready().queue.claim(limit, leaseMs, options.skipSubscriptions ?? []);
  }

  async renewDeliveryLeases(deliveries: Array<{ id: string; orderKey: string }>, leaseMs: number): Promise<void> {
    this.ready().queue.renew(deliveries, Date.now() + leaseMs);
  }

  async completeDelivery(id: string): Promise<void> {
    this.ready().queue.complete([id]);
  }

  async completeDeliveries(ids: string[]): Promise<HealthChange[]> {
    return this.ready().queue.complete(ids);
  }

  async failDelivery(id: string, error: string, nextAttemptAt: Date | null, policy: HealthPolicy = DEFAULT_HEALTH_POLICY): Promise<HealthChange | null> {
    return this.ready().queue.fail([{ id, orderKey: '', subscriptionId: '', error, nextAttemptAt }], policy)[0] ?? null;
  }

  async failDeliveries(failures: DeliveryFailure[], policy: HealthPolicy = DEFAULT_HEALTH_POLICY): Promise<HealthChange[]> {
    return this.ready().queue.fail(failures, policy);
  }

  async listDeadDeliveries(workspaceId: string, limit: number): Promise<Delivery[]> {
    return this.ready().queue.listDead(workspaceId, limit);
  }

  async pendingDeliveryCount(): Promise<number> {
    return this.ready().queue.pendingCount();
  }

  async getSubscriptionHealth(workspaceId: string, id: string): Promise<SubscriptionHealth | null> {
    return this.health.get(workspaceId, id);
  }

  async setSubscriptionPaused(workspaceId: string, id: string, paused: boolean, reason: string): Promise<HealthChange | null> {
    return withoutFsync(this.db, () => this.health.setPaused(workspaceId, id, paused, reason));
  }

  async replayDeadDeliveries(workspaceId: string, which: { deliveryId: string } | { subscriptionId: string }): Promise<number> {
    return this.health.replay(workspaceId, which);
  }

  async countSubscriptions(workspaceId: string): Promise<number> {
    return Number((this.sql('select count(*) as n from subscriptions where workspace_id = ?').get(workspaceId) as Row).n);
  }

  async subscriptionStateCounts(): Promise<Record<SubscriptionState, number>> {
    return this.health.stateCounts();
  }

  async takeSendToken(phoneNumberId: string, perSecond: number): Promise<boolean> {
    return this.buckets.take(phoneNumberId, perSecond);
  }

  async takeRequestToken(keyId: string, perMinute: number): Promise<number> {
    return this.requestBuckets.takeOrWait(keyId, perMinute, 60_000);
  }

  // Run-log writes commit without an fsync (like applying receipts): they are many, and a power cut can only
  // roll back the newest, whose deliveries are then replayed.
  readonly automations: AutomationStore = automationStore({
    kind: 'sqlite',
    all: async (sql, params) => this.sql(sql).all(...params) as Row[],
    write: async (sql, params) => withoutFsync(this.db, () => this.sql(sql).all(...params) as Row[]),
    run: async (sql, params) => withoutFsync(this.db, () => this.sql(sql).run(...params).changes),
    runMany: async (sql, lists) => withoutFsync(this.db, () => this.db.transaction(() => lists.map((params) => this.sql(sql).run(...params).changes))()),
  });

  // Attempts are written like the queue's bookkeeping, without an fsync: a power cut can only lose the newest lines of the log.
  readonly deliveryLog: DeliveryLogStore = deliveryLogStore({
    all: async (sql, params) => this.sql(sql).all(...params) as Row[],
    run: async (sql, params) => this.sql(sql).run(...params).changes,
    runMany: async (sql, lists) => withoutFsync(this.db, () => this.db.transaction(() => lists.map((params) => this.sql(sql).run(...params).changes))()),
  }, (test) => sqliteTestEnqueuer(this.db, this.now)(test));
  readonly usage: UsageStore = usageStore({ all: async (sql, params) => this.sql(sql).all(...params) as Row[] });
}
