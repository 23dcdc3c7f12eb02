/** The PostgreSQL schema as numbered migrations; times are epoch milliseconds (bigint), JSON is text. */

/** Migrations in order; each runs once, inside a transaction holding an advisory lock. */
export const POSTGRES_MIGRATIONS: string[] = [
  `
  create table workspaces (id text primary key, name text not null, settings text not null, created_at bigint not null);
  create table connections (
    id text primary key, workspace_id text not null references workspaces(id) on delete cascade,
    waba_id text not null, phone_number_id text not null unique, display_phone_number text not null, verified_name text,
    graph_base_url text not null, graph_version text not null, access_token_enc text not null, app_secret_enc text not null,
    verify_token text not null, created_at bigint not null);
  create index connections_waba on connections(waba_id);
  create table api_keys (
    id text primary key, workspace_id text not null references workspaces(id) on delete cascade, name text not null,
    prefix text not null, hash text not null unique, created_at bigint not null, revoked_at bigint);
  create table webhook_receipts (
    id bigserial primary key, connection_id text not null, received_at bigint not null, body bytea not null,
    applied_at bigint, claimed_until bigint);
  create index webhook_receipts_unapplied on webhook_receipts(id) where applied_at is null;
  create table inbound_messages (
    workspace_id text not null, id text not null, wa_id text not null, type text not null, received_at bigint not null,
    seq bigserial, record text not null, primary key (workspace_id, id));
  create index inbound_messages_recent on inbound_messages(workspace_id, received_at);
  create table outbound_messages (
    workspace_id text not null, id text not null, connection_id text not null, wa_id text not null, type text not null,
    template_name text, template_category text, sent_as text not null, status text not null, idempotency_key text,
    response text not null, created_at bigint not null, primary key (workspace_id, id));
  create index outbound_messages_key on outbound_messages(workspace_id, idempotency_key);
  create table idempotency_keys (
    workspace_id text not null, key text not null, request_hash text not null, message_id text, created_at bigint not null,
    primary key (workspace_id, key));
  create table message_statuses (
    workspace_id text not null, message_id text not null, status text not null, timestamp bigint not null,
    error_code integer, error_message text, primary key (workspace_id, message_id, status));
  create table contacts (
    workspace_id text not null, wa_id text not null, profile_name text, last_inbound_at bigint,
    consent text not null default 'unknown', consent_updated_at bigint, primary key (workspace_id, wa_id));
  create table consent_events (
    id bigserial primary key, workspace_id text not null, wa_id text not null, status text not null,
    source text not null, proof text, recorded_at bigint not null, dedupe_key text, unique (workspace_id, dedupe_key));
  create index consent_events_contact on consent_events(workspace_id, wa_id, id);
  create table subscriptions (
    id text primary key, workspace_id text not null, event text not null, target_url text, sink text, secret text,
    filter text, source text, created_at bigint not null);
  create index subscriptions_workspace on subscriptions(workspace_id, event);
  create table deliveries (
    id bigserial primary key, subscription_id text not null, workspace_id text not null, event_id text not null,
    event_type text not null, order_key text not null, receipt_id bigint not null, payload text not null,
    attempts integer not null default 0, next_attempt_at bigint not null, state text not null, last_error text,
    lease_until bigint, created_at bigint not null, unique (subscription_id, event_id));
  create index deliveries_pending on deliveries(receipt_id, id) where state = 'pending';
  create index deliveries_order on deliveries(order_key, receipt_id, id) where state = 'pending';
  create index deliveries_dead on deliveries(workspace_id, id) where state = 'dead';
  create table send_tokens (phone_number_id text primary key, tokens double precision not null, updated_at bigint not null);
  `,
  `
  create table hubspot_accounts (
    workspace_id text primary key references workspaces(id) on delete cascade, portal_id bigint not null unique,
    access_token_enc text not null, refresh_token_enc text, expires_at bigint, created_at bigint not null, updated_at bigint not null);
  `,
  `
  create table hubspot_blocked_actions (
    callback_id text primary key, workspace_id text not null references workspaces(id) on delete cascade, kind text not null,
    request text not null, blocked_at bigint not null, due_at bigint not null, lease_until bigint);
  create index hubspot_blocked_actions_due on hubspot_blocked_actions(due_at);
  `,
  `
  create table request_tokens (key_id text primary key, tokens double precision not null, updated_at bigint not null);
  `,
  `
  update api_keys set prefix = substr(prefix, 1, 8);
  `,
  `
  create table hubspot_link_codes (
    code_hash text primary key, workspace_id text not null references workspaces(id) on delete cascade,
    state_hash text unique, expires_at bigint not null);
  `,
  `
  create index message_statuses_recent on message_statuses(workspace_id, timestamp);
  `,
  `
  alter table webhook_receipts add column attempts integer not null default 0, add column last_error text, add column quarantined_at bigint;
  drop index webhook_receipts_unapplied;
  create index webhook_receipts_unapplied on webhook_receipts(id) where applied_at is null and quarantined_at is null;
  create index webhook_receipts_quarantined on webhook_receipts(quarantined_at) where quarantined_at is not null;
  `,
  `
  create table automations (
    id text primary key, workspace_id text not null references workspaces(id) on delete cascade, phone_number_id text not null,
    name text not null, enabled integer not null, definition text not null, once_per_hours double precision, created_at bigint not null,
    updated_at bigint not null);
  create index automations_workspace on automations(workspace_id, created_at);
  create table automation_runs (
    id text primary key, workspace_id text not null, automation_id text not null, message_id text not null, wa_id text not null,
    outcome text not null, detail text, sent text, created_at bigint not null, unique (automation_id, message_id));
  create index automation_runs_recent on automation_runs(workspace_id, created_at);
  create index automation_runs_customer on automation_runs(workspace_id, wa_id, outcome, created_at);
  create index inbound_messages_customer on inbound_messages(workspace_id, wa_id, received_at);
  `,
  `
  alter table outbound_messages add column content text;
  alter table contacts add column last_outbound_at bigint;
  alter table contacts add column read_at bigint;
  insert into contacts (workspace_id, wa_id, last_outbound_at)
    select workspace_id, wa_id, max(created_at) from outbound_messages where true group by workspace_id, wa_id
    on conflict (workspace_id, wa_id) do update set last_outbound_at = excluded.last_outbound_at;
  create index if not exists inbound_messages_customer on inbound_messages(workspace_id, wa_id, received_at);
  create index outbound_messages_customer on outbound_messages(workspace_id, wa_id, created_at);
  create table events (
    id bigserial primary key, tx xid8 not null default pg_current_xact_id(), workspace_id text not null, type text not null,
    wa_id text not null, data text not null, created_at bigint not null);
  create index events_workspace on events(workspace_id, tx, id);
  create table console_users (
    id text primary key, workspace_id text not null references workspaces(id) on delete cascade, email text not null unique,
    role text not null, password_hash text not null, created_at bigint not null);
  create table console_sessions (
    id_hash text primary key, user_id text not null references console_users(id) on delete cascade, csrf_token text not null,
    created_at bigint not null, expires_at bigint not null);
  create index console_sessions_user on console_sessions(user_id);
  create table console_sign_in_links (
    token_hash text primary key, user_id text not null references console_users(id) on delete cascade,
    expires_at bigint not null, used_at bigint);
  `,
  `
  create table delivery_heads (
    order_key text primary key, subscription_id text not null, workspace_id text not null, delivery_id bigint not null,
    receipt_id bigint not null default 0, due_at bigint, leased_until bigint);
  create index delivery_heads_due on delivery_heads(subscription_id, due_at) where due_at is not null;
  create index delivery_heads_oldest on delivery_heads(subscription_id, delivery_id);
  create table subscription_health (
    subscription_id text primary key, workspace_id text not null, state text not null default 'active',
    consecutive_failures integer not null default 0, last_success_at bigint, last_error text, last_error_at bigint,
    failing_since bigint, probe_at bigint, paused_reason text, paused_at bigint, due_at bigint);
  create index subscription_health_probe on subscription_health(probe_at) where state = 'failing';
  create index subscription_health_due on subscription_health(due_at) where due_at is not null;
  create index deliveries_next on deliveries(order_key, receipt_id, id) where state = 'pending';
  create index deliveries_subscription_pending on deliveries(subscription_id, id) where state = 'pending';
  create index deliveries_subscription_dead on deliveries(subscription_id, id) where state = 'dead';
  drop index deliveries_order;
  drop index deliveries_pending;
  insert into delivery_heads (order_key, subscription_id, workspace_id, delivery_id, receipt_id, due_at)
    select distinct on (order_key) order_key, subscription_id, workspace_id, id, receipt_id, next_attempt_at from deliveries
    where state = 'pending' order by order_key, receipt_id, id;
  insert into subscription_health (subscription_id, workspace_id, due_at)
    select subscription_id, min(workspace_id), min(due_at) from delivery_heads group by subscription_id;
  `,
  `
  alter table api_keys add column last_used_at bigint;
  alter table console_sign_in_links add column purpose text not null default 'sign_in';
  `,
  `
  create table automation_inbox (
    seq bigserial primary key, workspace_id text not null, message_id text not null, wa_id text not null,
    attempts integer not null default 0, leased_until bigint, created_at bigint not null);
  create index automation_inbox_customer on automation_inbox(workspace_id, wa_id, seq);
  create table automation_contacts (
    workspace_id text not null, phone_number_id text not null, wa_id text not null, last_message_id text not null,
    last_at bigint not null, previous_at bigint, primary key (workspace_id, phone_number_id, wa_id));
  `,
  `
  create table delivery_attempts (
    id bigserial primary key, delivery_id bigint not null, subscription_id text not null, workspace_id text not null,
    attempt integer not null, at bigint not null, duration_ms integer not null, status_code integer, error text, outcome text not null);
  create index delivery_attempts_delivery on delivery_attempts(delivery_id, attempt);
  `,
  `
  create index if not exists outbound_messages_usage on outbound_messages(workspace_id, created_at, sent_as, template_category);
  `,
  `
  create table automation_cursors (
    workspace_id text primary key references workspaces(id) on delete cascade, after_tx xid8 not null, after_id bigint not null,
    owner text, leased_until bigint);
  create table automation_parked (
    seq bigserial primary key, workspace_id text not null references workspaces(id) on delete cascade, message_id text not null,
    wa_id text not null, attempts integer not null default 0, due_at bigint, created_at bigint not null, unique (workspace_id, message_id));
  create index automation_parked_due on automation_parked(workspace_id, due_at) where due_at is not null;
  create index automation_parked_customer on automation_parked(workspace_id, wa_id, seq);
  insert into automation_cursors (workspace_id, after_tx, after_id)
    select w.id, coalesce(l.tx, '0'::xid8), coalesce(l.id, 0) from workspaces w
    left join lateral (select e.tx, e.id from events e where e.workspace_id = w.id and e.tx < pg_snapshot_xmin(pg_current_snapshot())
      order by e.tx desc, e.id desc limit 1) l on true
    where exists (select 1 from automations a where a.workspace_id = w.id);
  insert into automation_parked (workspace_id, message_id, wa_id, attempts, due_at, created_at)
    select workspace_id, message_id, wa_id, attempts, null, created_at from automation_inbox order by seq on conflict do nothing;
  update automation_parked set due_at = 0 where seq in (select min(seq) from automation_parked group by workspace_id, wa_id);
  drop table automation_inbox;
  `,
  `
  create index delivery_heads_held on delivery_heads(subscription_id) where due_at is null;
  `,
];
