/** The one statement that marks a subscription due (the claim visits due subscriptions, then their due queues). */

/** A subscription is due when its earliest queue is: `due_at` only ever moves earlier here. */
export const SQLITE_WAKE_SQL = `insert into subscription_health (subscription_id, workspace_id, due_at) values (?, ?, ?)
  on conflict (subscription_id) do update set due_at = excluded.due_at
  where subscription_health.due_at is null or subscription_health.due_at > excluded.due_at`;
