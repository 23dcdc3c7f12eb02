/** Applying webhook receipts in PostgreSQL: one transaction per batch, safe when several processes apply. */
import type { PoolClient } from 'pg';
import type { AppliedWebhook, ParsedWebhookEvents, ReceiptToApply } from '../types.js';
import {
  STATUS_RANK_SQL, customerIds, deliveryFor, messageEvent, statusEvent, statusRank, subscriptionMatches, toSubscription,
} from '../shared.js';
import type { FanOutEvent } from '../shared.js';
import { query } from './db.js';
import { eventsOfApplied } from '../events.js';
import { insertEvents } from './conversations.js';
import { wakeSubscriptions } from './deliveries.js';
import { AUTOMATION_SINK } from '../automations.js';

/** Applies a batch inside the caller's transaction; a receipt another process applied first is skipped. */
export async function applyReceipts(client: PoolClient, receipts: ReceiptToApply[], clock: () => number): Promise<AppliedWebhook[]> {
  // The receipts are durable already; if this commit is lost in a crash, the receipts are unapplied again and
  // replayed, so it need not wait for the WAL flush.
  await client.query('set local synchronous_commit = off');
  const now = clock();
  const results: AppliedWebhook[] = [];
  const heads: HeadBatch = { inserted: [], held: new Set() };
  for (const receipt of receipts) {
    // Marking it applied first takes the row lock: a second applier waits here, then sees it applied.
    // Once applied, its raw body is not needed (the events are stored): only the row is kept, until retention.
    const mine = await query(client, `update webhook_receipts set applied_at = $1, quarantined_at = null, body = ''::bytea
      where id = $2 and applied_at is null returning id`, [now, receipt.receiptId]);
    if (mine.length === 0) continue;
    for (const part of receipt.parts) results.push(await applyPart(client, receipt.receiptId, part.workspaceId, part.events, now, heads));
  }
  // Queue heads last, for the whole batch in order_key order, then the subscriptions: the order every writer locks them in.
  await addHeads(client, heads.inserted, [...heads.held], now);
  return results;
}

/** The deliveries a batch enqueued, whose queue heads are set once at its end. */
interface HeadBatch {
  inserted: Array<Record<string, unknown>>;
  held: Set<string>;
}

async function applyPart(client: PoolClient, receiptId: number, workspaceId: string, events: ParsedWebhookEvents, now: number, heads: HeadBatch): Promise<AppliedWebhook> {
  const result: AppliedWebhook = { receiptId, workspaceId, newMessages: [], newStatuses: [], newConsentChanges: [], deliveriesEnqueued: 0 };
  for (const m of events.messages) {
    const receivedAt = Date.parse(m.received_at);
    const inserted = await query(client, `insert into inbound_messages (workspace_id, id, wa_id, type, received_at, record)
      values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning id`, [workspaceId, m.id, m.from, m.type, receivedAt, JSON.stringify(m)]);
    if (inserted.length === 1) result.newMessages.push(m);
    // The window opens for the customer by number and, when WhatsApp also names them so, by user ID.
    for (const customer of customerIds(m)) {
      await query(client, `insert into contacts (workspace_id, wa_id, profile_name, last_inbound_at) values ($1, $2, $3, $4)
        on conflict (workspace_id, wa_id) do update set last_inbound_at = greatest(contacts.last_inbound_at, excluded.last_inbound_at),
        profile_name = coalesce(excluded.profile_name, contacts.profile_name)`, [workspaceId, customer, m.profile_name, receivedAt]);
    }
  }
  for (const st of events.statuses) {
    const inserted = await query(client, `insert into message_statuses (workspace_id, message_id, status, timestamp, error_code, error_message)
      values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning status`,
    [workspaceId, st.id, st.status, Date.parse(st.timestamp), st.error_code, st.error_message]);
    if (inserted.length !== 1) continue;
    result.newStatuses.push(st);
    await query(client, `update outbound_messages set status = $1 where workspace_id = $2 and id = $3 and ${STATUS_RANK_SQL} < $4`,
      [st.status, workspaceId, st.id, statusRank(st.status)]);
  }
  for (const change of events.consentChanges) {
    const { event } = change;
    const at = event.recordedAt.getTime();
    const inserted = await query(client, `insert into consent_events (workspace_id, wa_id, status, source, proof, recorded_at, dedupe_key)
      values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing returning id`,
    [workspaceId, change.waId, event.status, event.source, event.proof, at, change.dedupeKey]);
    if (inserted.length !== 1) continue;
    result.newConsentChanges.push(change);
    await setConsent(client, workspaceId, change.waId, event.status, at);
  }
  const fanOut = [...result.newMessages.map(messageEvent), ...result.newStatuses.map(statusEvent)];
  result.deliveriesEnqueued = await enqueue(client, receiptId, workspaceId, fanOut, now, heads);
  await insertEvents(client, workspaceId, eventsOfApplied(result));
  return result;
}

/** Moves a contact's current consent to `status` unless a later change is already recorded. */
export async function setConsent(client: PoolClient, workspaceId: string, waId: string, status: string, at: number): Promise<void> {
  await query(client, `insert into contacts (workspace_id, wa_id, consent, consent_updated_at) values ($1, $2, $3, $4)
    on conflict (workspace_id, wa_id) do update set consent = excluded.consent, consent_updated_at = excluded.consent_updated_at
    where contacts.consent_updated_at is null or contacts.consent_updated_at <= excluded.consent_updated_at`, [workspaceId, waId, status, at]);
}

async function enqueue(client: PoolClient, receiptId: number, workspaceId: string, events: FanOutEvent[], now: number, heads: HeadBatch): Promise<number> {
  if (events.length === 0) return 0;
  // The automations' sink is left out: the runner reads the event log this transaction writes anyway.
  const found = await query(client, `select s.*, h.state as health_state from subscriptions s
    left join subscription_health h on h.subscription_id = s.id where s.workspace_id = $1 and s.sink is distinct from $2`, [workspaceId, AUTOMATION_SINK]);
  const subscriptions = found.map(toSubscription);
  for (const row of found) if (row.health_state !== null && row.health_state !== 'active') heads.held.add(String(row.id));
  const rows = events.flatMap((event) => subscriptions.filter((s) => subscriptionMatches(s, event)).map((s) => deliveryFor(s, event)));
  if (rows.length === 0) return 0;
  const inserted = await query(client, `insert into deliveries (subscription_id, workspace_id, event_id, event_type, order_key, payload,
      receipt_id, next_attempt_at, state, created_at)
    select sub, ws, evt, typ, ord, pay, $7, $8, 'pending', $8
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) with ordinality as t(sub, ws, evt, typ, ord, pay, n)
    order by n on conflict do nothing returning id, order_key, subscription_id, workspace_id, receipt_id`,
  [rows.map((r) => r.subscriptionId), rows.map((r) => r.workspaceId), rows.map((r) => r.eventId), rows.map((r) => r.eventType),
    rows.map((r) => r.orderKey), rows.map((r) => r.payload), receiptId, now]);
  heads.inserted.push(...inserted);
  return inserted.length;
}

/**
 * A queue without a head gets one (due now, or held while its subscription is failing or paused). An existing head
 * is locked (`on conflict do update`), so that a worker moving that head on waits for this transaction and then
 * sees the delivery just enqueued behind it; and when another process applied a later receipt of the same customer
 * first, the earlier delivery takes the head back, unless the later one is already in flight.
 */
async function addHeads(client: PoolClient, inserted: Array<Record<string, unknown>>, held: string[], now: number): Promise<void> {
  if (inserted.length === 0) return;
  const first = new Map<string, Record<string, unknown>>();
  for (const row of inserted) {
    const key = String(row.order_key);
    const seen = first.get(key);
    if (seen === undefined || Number(row.receipt_id) < Number(seen.receipt_id) || (row.receipt_id === seen.receipt_id && Number(row.id) < Number(seen.id))) first.set(key, row);
  }
  const heads = [...first.values()].sort((a, b) => (String(a.order_key) < String(b.order_key) ? -1 : 1));
  const added = await query(client, `insert into delivery_heads (order_key, subscription_id, workspace_id, delivery_id, receipt_id, due_at)
    select k, s, w, d, r, case when s = any($5::text[]) then null else $6::bigint end
    from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $7::bigint[]) with ordinality as t(k, s, w, d, r, n) order by n
    on conflict (order_key) do update set delivery_id = excluded.delivery_id, receipt_id = excluded.receipt_id
      where delivery_heads.leased_until is null and delivery_heads.receipt_id > excluded.receipt_id
    returning subscription_id, workspace_id, due_at`,
  [heads.map((h) => h.order_key), heads.map((h) => h.subscription_id), heads.map((h) => h.workspace_id), heads.map((h) => h.id), held, now,
    heads.map((h) => h.receipt_id)]);
  const due = added.filter((row) => row.due_at !== null).map((row) => ({ subscriptionId: String(row.subscription_id), workspaceId: String(row.workspace_id) }));
  await wakeSubscriptions(client, due, now);
}
