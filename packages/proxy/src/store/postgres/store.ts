/**
 * The scale-out store: PostgreSQL through pg. Several proxy processes share one database: receipts and
 * deliveries are claimed with FOR UPDATE SKIP LOCKED and leases, the send throughput bucket is one row.
 */
import type { Pool } from 'pg';
import type {
  ApiKey, AppliedWebhook, ClaimOptions, ClaimedDelivery, Connection, Delivery, DeliveryFailure, HealthChange, HealthPolicy, HubspotAccountRecord,
  HubspotBlockedAction, PruneCursor, QuarantinedReceipt, ReceiptToApply, RetentionPolicy, Store, Subscription, SubscriptionHealth, SubscriptionState,
  WebhookReceipt, Workspace, WorkspaceSettings,
} from '../types.js';
import { DEFAULT_SETTINGS, WORKSPACE_DATA_TABLES, newId, toApiKey, toConnection, toSubscription, toWorkspace } from '../shared.js';
import { POSTGRES_MIGRATIONS } from './schema.js';
import { createPool, query, transaction } from './db.js';
import type { PostgresStoreOptions } from './db.js';
import { applyReceipts } from './apply.js';
import * as queue from './deliveries.js';
import { PostgresConsoleData } from './console-data.js';
import * as health from './health.js';
import * as tokens from './tokens.js';
import { DEFAULT_HEALTH_POLICY } from '../delivery-health.js';
import * as hubspot from './hubspot.js';
import * as receipts from './receipts.js';
import { automationStore } from '../automations.js';
import { usageStore } from '../usage.js';
import type { UsageStore } from '../usage.js';
import type { AutomationStore, SqlRunner } from '../automations.js';
import { deliveryLogStore } from '../delivery-log.js';
import type { DeliveryLogStore } from '../delivery-log.js';
import { enqueueTestDelivery } from './test-delivery.js';

export type { PostgresStoreOptions } from './db.js';

const MIGRATION_LOCK = 7_351_824_001;

/** The PostgreSQL implementation of `Store`. */
export class PostgresStore extends PostgresConsoleData implements Store {
  readonly kind = 'postgres' as const;

  constructor(private readonly options: PostgresStoreOptions) {
    super(createPool(options));
  }

  /** The SQL runner of the stores kept in files of their own; `relaxed`: their transactions commit without waiting for the disk. */
  private sqlRunner(relaxed: boolean): SqlRunner {
    return {
      kind: 'postgres',
      all: async (sql, params) => query(this.pool, numbered(sql), params),
      write: async (sql, params) => query(this.pool, numbered(sql), params),
      run: async (sql, params) => (await this.pool.query(numbered(sql), params)).rowCount ?? 0,
      runMany: async (sql, lists) => transaction(this.pool, async (client) => {
        const changed: number[] = [];
        for (const params of lists) changed.push((await client.query(numbered(sql), params)).rowCount ?? 0);
        return changed;
      }, { relaxed }),
    };
  }

  readonly usage: UsageStore = usageStore(this.sqlRunner(false));
  readonly automations: AutomationStore = automationStore(this.sqlRunner(false));
  // Attempts are written like the queue's bookkeeping: a power cut can only lose the newest lines of the log.
  readonly deliveryLog: DeliveryLogStore = deliveryLogStore(this.sqlRunner(true), (test) => enqueueTestDelivery(this.pool, test));

  /** The pool, for tests and the bench that need to look at the database directly. */
  get db(): Pool {
    return this.pool;
  }

  async migrate(): Promise<void> {
    if (this.options.schema !== undefined) await query(this.pool, `create schema if not exists ${this.options.schema}`);
    await transaction(this.pool, async (client) => {
      await query(client, 'select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await query(client, 'create table if not exists schema_migrations (version integer primary key, applied_at bigint not null)');
      const applied = new Set((await query(client, 'select version from schema_migrations')).map((r) => Number(r.version)));
      for (const [index, sql] of POSTGRES_MIGRATIONS.entries()) {
        if (applied.has(index + 1)) continue;
        await client.query(sql);
        await query(client, 'insert into schema_migrations (version, applied_at) values ($1, $2)', [index + 1, Date.now()]);
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async createWorkspace(input: { name: string; settings?: Partial<WorkspaceSettings> }): Promise<Workspace> {
    const settings = JSON.stringify({ ...DEFAULT_SETTINGS, ...input.settings });
    const [row] = await query(this.pool, 'insert into workspaces (id, name, settings, created_at) values ($1, $2, $3, $4) returning *',
      [newId('ws'), input.name, settings, Date.now()]);
    return toWorkspace(row ?? {});
  }

  async getWorkspace(id: string): Promise<Workspace | null> {
    const [row] = await query(this.pool, 'select * from workspaces where id = $1', [id]);
    return row === undefined ? null : toWorkspace(row);
  }

  async listWorkspaces(): Promise<Workspace[]> {
    return (await query(this.pool, 'select * from workspaces order by created_at, id')).map(toWorkspace);
  }

  async updateWorkspaceSettings(id: string, settings: Partial<WorkspaceSettings>): Promise<Workspace> {
    return transaction(this.pool, async (client) => {
      const [row] = await query(client, 'select * from workspaces where id = $1 for update', [id]);
      if (row === undefined) throw new Error(`Workspace ${id} does not exist.`);
      const merged = JSON.stringify({ ...toWorkspace(row).settings, ...settings });
      const [updated] = await query(client, 'update workspaces set settings = $1 where id = $2 returning *', [merged, id]);
      return toWorkspace(updated ?? row);
    });
  }

  async upsertConnection(c: Omit<Connection, 'id' | 'createdAt'>): Promise<Connection> {
    const [row] = await query(this.pool, `insert into connections (id, workspace_id, waba_id, phone_number_id, display_phone_number,
      verified_name, graph_base_url, graph_version, access_token_enc, app_secret_enc, verify_token, created_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
      on conflict (phone_number_id) do update set workspace_id = excluded.workspace_id, waba_id = excluded.waba_id,
      display_phone_number = excluded.display_phone_number, verified_name = excluded.verified_name,
      graph_base_url = excluded.graph_base_url, graph_version = excluded.graph_version, access_token_enc = excluded.access_token_enc,
      app_secret_enc = excluded.app_secret_enc, verify_token = excluded.verify_token
      returning *`, [newId('conn'), c.workspaceId, c.wabaId, c.phoneNumberId, c.displayPhoneNumber, c.verifiedName, c.graphBaseUrl,
      c.graphVersion, c.accessTokenEnc, c.appSecretEnc, c.verifyToken, Date.now()]);
    return toConnection(row ?? {});
  }

  async listConnections(workspaceId?: string): Promise<Connection[]> {
    const rows = workspaceId === undefined
      ? await query(this.pool, 'select * from connections order by created_at, id')
      : await query(this.pool, 'select * from connections where workspace_id = $1 order by created_at, id', [workspaceId]);
    return rows.map(toConnection);
  }

  async findConnectionByPhoneNumberId(phoneNumberId: string): Promise<Connection | null> {
    const [row] = await query(this.pool, 'select * from connections where phone_number_id = $1', [phoneNumberId]);
    return row === undefined ? null : toConnection(row);
  }

  async findConnectionsByWabaId(wabaId: string): Promise<Connection[]> {
    return (await query(this.pool, 'select * from connections where waba_id = $1 order by created_at, id', [wabaId])).map(toConnection);
  }

  async revokeApiKey(workspaceId: string, keyId: string): Promise<boolean> {
    return (await query(this.pool, 'update api_keys set revoked_at = coalesce(revoked_at, $1) where workspace_id = $2 and id = $3 returning id',
      [Date.now(), workspaceId, keyId])).length > 0;
  }

  async deleteConnection(phoneNumberId: string): Promise<boolean> {
    return (await query(this.pool, 'delete from connections where phone_number_id = $1 returning id', [phoneNumberId])).length > 0;
  }

  async deleteWorkspace(id: string): Promise<boolean> {
    return transaction(this.pool, async (client) => {
      for (const table of WORKSPACE_DATA_TABLES) await query(client, `delete from ${table} where workspace_id = $1`, [id]);
      return (await query(client, 'delete from workspaces where id = $1 returning id', [id])).length > 0;
    });
  }

  async createApiKey(input: { workspaceId: string; name: string; prefix: string; hash: string }): Promise<ApiKey> {
    const [row] = await query(this.pool, `insert into api_keys (id, workspace_id, name, prefix, hash, created_at) values ($1, $2, $3, $4, $5, $6)
      returning *`, [newId('key'), input.workspaceId, input.name, input.prefix, input.hash, Date.now()]);
    return toApiKey(row ?? {});
  }

  async findApiKeyByHash(hash: string): Promise<ApiKey | null> {
    const [row] = await query(this.pool, 'select * from api_keys where hash = $1', [hash]);
    return row === undefined ? null : toApiKey(row);
  }

  async listApiKeys(workspaceId: string): Promise<ApiKey[]> {
    return (await query(this.pool, 'select * from api_keys where workspace_id = $1 order by created_at, id', [workspaceId])).map(toApiKey);
  }

  async saveWebhookReceipts(receipts: Array<{ connectionId: string; body: Buffer }>): Promise<number[]> {
    if (receipts.length === 0) return [];
    const rows = await query(this.pool, `insert into webhook_receipts (connection_id, received_at, body)
      select c, $3, b from unnest($1::text[], $2::bytea[]) with ordinality as t(c, b, n) order by n returning id`,
    [receipts.map((r) => r.connectionId), receipts.map((r) => r.body), Date.now()]);
    // Ids come from one sequence in row order, so sorted ids line up with the input.
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }

  claimUnappliedReceipts(limit: number, leaseMs = receipts.DEFAULT_RECEIPT_LEASE_MS): Promise<WebhookReceipt[]> {
    return receipts.claimReceipts(this.pool, limit, leaseMs);
  }

  renewReceiptClaims(ids: number[], leaseMs: number): Promise<void> {
    return receipts.renewClaims(this.pool, ids, leaseMs);
  }

  failReceipt(id: number, error: string, policy: { quarantineAfter: number; retryInMs: number }): Promise<'retry' | 'quarantined'> {
    return receipts.failReceipt(this.pool, id, error, policy);
  }

  listQuarantinedReceipts(query: { workspaceId?: string; limit: number }): Promise<QuarantinedReceipt[]> {
    return receipts.listQuarantined(this.pool, query.workspaceId, query.limit);
  }

  retryQuarantinedReceipt(id: number, workspaceId?: string): Promise<boolean> {
    return receipts.retryQuarantined(this.pool, id, workspaceId);
  }

  receiptBacklog(since: Date): Promise<{ quarantined: number; oldestUnappliedAt: Date | null }> {
    return receipts.receiptBacklog(this.pool, since);
  }

  pruneBatch(policy: RetentionPolicy, cursor: PruneCursor): Promise<{ deleted: number; next: PruneCursor | null }> {
    return receipts.pruneBatch(this.pool, policy, cursor);
  }

  async releaseReceipts(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await query(this.pool, 'update webhook_receipts set claimed_until = null where id = any($1::bigint[]) and applied_at is null', [ids]);
  }

  async applyWebhookReceipts(receipts: ReceiptToApply[]): Promise<AppliedWebhook[]> {
    return transaction(this.pool, (client) => applyReceipts(client, receipts, this.options.now ?? Date.now));
  }

  async createSubscription(input: Omit<Subscription, 'id' | 'createdAt'>): Promise<Subscription> {
    const [row] = await query(this.pool, `insert into subscriptions (id, workspace_id, event, target_url, sink, secret, filter, source, created_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`, [newId('sub'), input.workspaceId, input.event, input.targetUrl, input.sink,
      input.secret, input.filter === null ? null : JSON.stringify(input.filter), input.source ?? null, Date.now()]);
    return toSubscription(row ?? {});
  }

  async listSubscriptions(workspaceId: string): Promise<Subscription[]> {
    return (await query(this.pool, 'select * from subscriptions where workspace_id = $1 order by created_at, id', [workspaceId])).map(toSubscription);
  }

  async getSubscription(workspaceId: string, id: string): Promise<Subscription | null> {
    const [row] = await query(this.pool, 'select * from subscriptions where workspace_id = $1 and id = $2', [workspaceId, id]);
    return row === undefined ? null : toSubscription(row);
  }

  async deleteSubscription(workspaceId: string, id: string): Promise<boolean> {
    return transaction(this.pool, async (client) => {
      const deleted = await query(client, 'delete from subscriptions where workspace_id = $1 and id = $2 returning id', [workspaceId, id]);
      if (deleted.length === 0) return false;
      await query(client, "delete from deliveries where subscription_id = $1 and state = 'pending'", [id]);
      await query(client, 'delete from delivery_heads where subscription_id = $1', [id]);
      await query(client, 'delete from subscription_health where subscription_id = $1', [id]);
      return true;
    });
  }

  async replaceSubscriptionSecret(workspaceId: string, id: string, expected: string | null, sealed: string): Promise<boolean> {
    const rows = await query(this.pool, 'update subscriptions set secret = $1 where workspace_id = $2 and id = $3 and secret is not distinct from $4 returning id',
      [sealed, workspaceId, id, expected]);
    return rows.length === 1;
  }

  async listUnsealedSubscriptions(sealedPrefix: string): Promise<Subscription[]> {
    return (await query(this.pool, 'select * from subscriptions where target_url is not null and (secret is null or left(secret, length($1)) <> $1)', [sealedPrefix]))
      .map(toSubscription);
  }

  claimDueDeliveries(limit: number, leaseMs: number, options: ClaimOptions = {}): Promise<ClaimedDelivery[]> {
    return queue.claimDeliveries(this.pool, limit, leaseMs, options.skipSubscriptions ?? [], (this.options.now ?? Date.now)());
  }

  renewDeliveryLeases(deliveries: Array<{ id: string; orderKey: string }>, leaseMs: number): Promise<void> {
    return queue.renewLeases(this.pool, deliveries, Date.now() + leaseMs);
  }

  async completeDelivery(id: string): Promise<void> {
    await queue.completeDeliveries(this.pool, [id]);
  }

  completeDeliveries(ids: string[]): Promise<HealthChange[]> {
    return queue.completeDeliveries(this.pool, ids);
  }

  async failDelivery(id: string, error: string, nextAttemptAt: Date | null, policy: HealthPolicy = DEFAULT_HEALTH_POLICY): Promise<HealthChange | null> {
    const [row] = await query(this.pool, 'select order_key, subscription_id from deliveries where id = $1', [id]);
    if (row === undefined) return null;
    const failure = { id, orderKey: String(row.order_key), subscriptionId: String(row.subscription_id), error, nextAttemptAt };
    return (await queue.failDeliveries(this.pool, [failure], policy))[0] ?? null;
  }

  failDeliveries(failures: DeliveryFailure[], policy: HealthPolicy = DEFAULT_HEALTH_POLICY): Promise<HealthChange[]> {
    return queue.failDeliveries(this.pool, failures, policy);
  }

  listDeadDeliveries(workspaceId: string, limit: number): Promise<Delivery[]> {
    return queue.listDeadDeliveries(this.pool, workspaceId, limit);
  }

  pendingDeliveryCount(): Promise<number> {
    return queue.pendingDeliveryCount(this.pool);
  }

  getSubscriptionHealth(workspaceId: string, id: string): Promise<SubscriptionHealth | null> {
    return health.getHealth(this.pool, workspaceId, id);
  }

  setSubscriptionPaused(workspaceId: string, id: string, paused: boolean, reason: string): Promise<HealthChange | null> {
    return health.setPaused(this.pool, workspaceId, id, paused, reason);
  }

  replayDeadDeliveries(workspaceId: string, which: { deliveryId: string } | { subscriptionId: string }): Promise<number> {
    return health.replayDead(this.pool, workspaceId, which);
  }

  async countSubscriptions(workspaceId: string): Promise<number> {
    const [row] = await query(this.pool, 'select count(*) as n from subscriptions where workspace_id = $1', [workspaceId]);
    return Number(row?.n ?? 0);
  }

  subscriptionStateCounts(): Promise<Record<SubscriptionState, number>> {
    return health.stateCounts(this.pool);
  }

  takeSendToken(phoneNumberId: string, perSecond: number): Promise<boolean> {
    return tokens.takeSendToken(this.pool, phoneNumberId, perSecond);
  }

  takeRequestToken(keyId: string, perMinute: number): Promise<number> {
    return tokens.takeRequestToken(this.pool, keyId, perMinute);
  }

  upsertHubspotAccount(input: Omit<HubspotAccountRecord, 'createdAt' | 'updatedAt'>): Promise<HubspotAccountRecord> {
    return hubspot.upsertHubspotAccount(this.pool, input);
  }

  findHubspotAccountByPortalId(portalId: number): Promise<HubspotAccountRecord | null> {
    return hubspot.findHubspotAccountByPortalId(this.pool, portalId);
  }

  getHubspotAccount(workspaceId: string): Promise<HubspotAccountRecord | null> {
    return hubspot.getHubspotAccount(this.pool, workspaceId);
  }

  updateHubspotTokens(workspaceId: string, tokens: { accessTokenEnc: string; refreshTokenEnc: string | null; expiresAt: Date | null }): Promise<void> {
    return hubspot.updateHubspotTokens(this.pool, workspaceId, tokens);
  }

  deleteHubspotAccount(workspaceId: string): Promise<boolean> {
    return hubspot.deleteHubspotAccount(this.pool, workspaceId);
  }

  createHubspotLinkCode(input: { codeHash: string; workspaceId: string; expiresAt: Date }): Promise<void> {
    return hubspot.createHubspotLinkCode(this.pool, input);
  }

  bindHubspotLinkState(codeHash: string, stateHash: string): Promise<boolean> {
    return hubspot.bindHubspotLinkState(this.pool, codeHash, stateHash);
  }

  consumeHubspotLinkState(stateHash: string): Promise<string | null> {
    return hubspot.consumeHubspotLinkState(this.pool, stateHash);
  }

  saveHubspotBlockedAction(action: HubspotBlockedAction): Promise<void> {
    return hubspot.saveHubspotBlockedAction(this.pool, action);
  }

  claimDueHubspotBlockedActions(limit: number, leaseMs: number): Promise<HubspotBlockedAction[]> {
    return hubspot.claimDueHubspotBlockedActions(this.pool, limit, leaseMs);
  }

  deleteHubspotBlockedAction(callbackId: string): Promise<void> {
    return hubspot.deleteHubspotBlockedAction(this.pool, callbackId);
  }
}

/** `?` placeholders as PostgreSQL's `$1`, `$2`, … (the shared automation SQL has no `?` inside strings). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${(n += 1)}`);
}
