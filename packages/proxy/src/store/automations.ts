/**
 * Automation rules and their run log, for both stores: the SQL is written once with `?` placeholders and run
 * through a small runner each store provides (PostgreSQL numbers the placeholders).
 */
import type { Automation, AutomationRun, RunOutcome } from '../automations/types.js';
import { newId, toDate } from './shared.js';
import type { Row } from './shared.js';
import { automationFeed } from './automation-feed.js';
import type { AutomationFeed, FeedSql } from './automation-feed.js';

/** The sink subscription a workspace with rules has (Kaiku's own; the applier enqueues no delivery for it: the runner reads the event log). */
export const AUTOMATION_SINK = 'automations';

/** Runs one statement: rows for a select (or `returning`), the number of rows changed otherwise. */
export interface SqlRunner extends FeedSql {
  all(sql: string, params: unknown[]): Promise<Row[]>;
  run(sql: string, params: unknown[]): Promise<number>;
  /** Runs one statement per parameter list in one transaction; the rows each changed. */
  runMany(sql: string, paramLists: unknown[][]): Promise<number[]>;
}

/** One run as it starts: `started` for a rule about to act, or already its final (skipped) outcome. */
export interface RunStart {
  workspaceId: string;
  automationId: string;
  messageId: string;
  waId: string;
  at: Date;
  outcome: RunOutcome;
  detail: string | null;
}

/** What a rule is made of once validated (the API fills the defaults). */
export type AutomationDefinition = Omit<Automation, 'id' | 'workspaceId' | 'createdAt' | 'updatedAt'>;

/** The automation part of the store. */
export interface AutomationStore extends AutomationFeed {
  /**
   * Notes that the customer wrote to the number with this message and answers when they wrote before it (null:
   * never, as far as the runner has seen). Asked again for the same message, it answers the same.
   */
  noteContact(workspaceId: string, phoneNumberId: string, waId: string, messageId: string, at: Date): Promise<Date | null>;
  create(workspaceId: string, rule: AutomationDefinition): Promise<Automation>;
  list(workspaceId: string, phoneNumberId?: string): Promise<Automation[]>;
  get(workspaceId: string, id: string): Promise<Automation | null>;
  /** Replaces a rule's definition; null when it does not exist. */
  update(workspaceId: string, id: string, rule: AutomationDefinition): Promise<Automation | null>;
  remove(workspaceId: string, id: string): Promise<boolean>;
  /**
   * Records the runs of one message in one transaction; for each, whether it is new (false: this rule already
   * ran on this message, and a redelivery must not act again).
   */
  startRuns(runs: RunStart[]): Promise<boolean[]>;
  finishRun(run: { automationId: string; messageId: string; outcome: RunOutcome; detail: string | null; sent: Record<string, unknown> | null }): Promise<void>;
  /** Forgets a started run so that a retry may run it (its action failed before anything was sent). */
  abandonRun(automationId: string, messageId: string): Promise<void>;
  /** When a customer was last answered (by `automationId`, or by any rule), among runs that sent something. */
  lastAnswered(workspaceId: string, waId: string, automationId?: string): Promise<Date | null>;
  runs(workspaceId: string, query: { automationId?: string; limit: number }): Promise<AutomationRun[]>;
  /**
   * The customer's latest inbound message still stored that arrived before `before` (not `messageId` itself): for
   * greetings when `noteContact` has not seen the customer yet (rules made after they wrote).
   */
  previousInboundAt(workspaceId: string, waId: string, messageId: string, before: Date): Promise<Date | null>;
}

type Definition = Pick<Automation, 'trigger' | 'action'>;

function toAutomation(row: Row): Automation {
  const definition = JSON.parse(String(row.definition)) as Definition;
  return {
    id: String(row.id), workspaceId: String(row.workspace_id), phoneNumberId: String(row.phone_number_id), name: String(row.name),
    enabled: Number(row.enabled) === 1, trigger: definition.trigger, action: definition.action,
    oncePerHours: row.once_per_hours === null ? null : Number(row.once_per_hours), createdAt: toDate(row.created_at), updatedAt: toDate(row.updated_at),
  };
}

function toRun(row: Row): AutomationRun {
  return {
    id: String(row.id), workspaceId: String(row.workspace_id), automationId: String(row.automation_id), messageId: String(row.message_id),
    waId: String(row.wa_id), outcome: String(row.outcome) as RunOutcome, detail: row.detail === null ? null : String(row.detail),
    sent: row.sent === null ? null : (JSON.parse(String(row.sent)) as Record<string, unknown>), createdAt: toDate(row.created_at),
  };
}

const ANSWERED: RunOutcome[] = ['replied', 'fallback'];

/** How long a workspace's rules are kept in memory (each inbound message reads them; other processes' edits show after this). */
const RULES_CACHE_MS = 1_000;

/** The automation store over a runner. */
export function automationStore(db: SqlRunner): AutomationStore {
  const definition = (rule: AutomationDefinition) => JSON.stringify({ trigger: rule.trigger, action: rule.action });
  const cache = new Map<string, { at: number; rules: Promise<Automation[]> }>();
  const feed = automationFeed(db);
  const forget = <T>(result: T): T => {
    cache.clear();
    return result;
  };
  return {
    ...feed,
    async create(workspaceId, rule) {
      const now = Date.now();
      // The runner follows the workspace's log from here on (a workspace with rules already has its cursor).
      await feed.openFeed(workspaceId);
      const [row] = await db.all(`insert into automations (id, workspace_id, phone_number_id, name, enabled, definition, once_per_hours, created_at, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
      [newId('aut'), workspaceId, rule.phoneNumberId, rule.name, rule.enabled ? 1 : 0, definition(rule), rule.oncePerHours, now, now]);
      return forget(toAutomation(row ?? {}));
    },
    async list(workspaceId, phoneNumberId) {
      const key = `${workspaceId}\n${phoneNumberId ?? ''}`;
      const cached = cache.get(key);
      if (cached !== undefined && Date.now() - cached.at < RULES_CACHE_MS) return cached.rules;
      const rules = db.all(`select * from automations where workspace_id = ? and (cast(? as text) is null or phone_number_id = ?) order by created_at, id`,
        [workspaceId, phoneNumberId ?? null, phoneNumberId ?? null]).then((rows) => rows.map(toAutomation));
      cache.set(key, { at: Date.now(), rules });
      rules.catch(() => cache.delete(key));
      return rules;
    },
    async get(workspaceId, id) {
      const [row] = await db.all('select * from automations where workspace_id = ? and id = ?', [workspaceId, id]);
      return row === undefined ? null : toAutomation(row);
    },
    async update(workspaceId, id, rule) {
      const [row] = await db.all(`update automations set phone_number_id = ?, name = ?, enabled = ?, definition = ?, once_per_hours = ?, updated_at = ?
        where workspace_id = ? and id = ? returning *`,
      [rule.phoneNumberId, rule.name, rule.enabled ? 1 : 0, definition(rule), rule.oncePerHours, Date.now(), workspaceId, id]);
      return forget(row === undefined ? null : toAutomation(row));
    },
    async remove(workspaceId, id) {
      const removed = (await db.run('delete from automations where workspace_id = ? and id = ?', [workspaceId, id])) === 1;
      if (removed) await feed.closeFeedIfUnused(workspaceId);
      return forget(removed);
    },
    async noteContact(workspaceId, phoneNumberId, waId, messageId, at) {
      // In the update, the right-hand columns are the row's values before it.
      const [row] = await db.write(`insert into automation_contacts (workspace_id, phone_number_id, wa_id, last_message_id, last_at, previous_at)
        values (?, ?, ?, ?, ?, null) on conflict (workspace_id, phone_number_id, wa_id) do update set
          previous_at = case when automation_contacts.last_message_id = excluded.last_message_id then automation_contacts.previous_at else automation_contacts.last_at end,
          last_at = excluded.last_at, last_message_id = excluded.last_message_id
        returning previous_at`, [workspaceId, phoneNumberId, waId, messageId, at.getTime()]);
      return row?.previous_at === null || row?.previous_at === undefined ? null : toDate(row.previous_at);
    },
    async startRuns(runs) {
      if (runs.length === 0) return [];
      const changed = await db.runMany(`insert into automation_runs (id, workspace_id, automation_id, message_id, wa_id, outcome, detail, created_at)
        values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
      runs.map((r) => [newId('run'), r.workspaceId, r.automationId, r.messageId, r.waId, r.outcome, r.detail, r.at.getTime()]));
      return changed.map((n) => n === 1);
    },
    async finishRun(run) {
      await db.run('update automation_runs set outcome = ?, detail = ?, sent = ? where automation_id = ? and message_id = ?',
        [run.outcome, run.detail, run.sent === null ? null : JSON.stringify(run.sent), run.automationId, run.messageId]);
    },
    async abandonRun(automationId, messageId) {
      await db.run("delete from automation_runs where automation_id = ? and message_id = ? and outcome = 'started'", [automationId, messageId]);
    },
    async lastAnswered(workspaceId, waId, automationId) {
      const [row] = await db.all(`select max(created_at) as at from automation_runs where workspace_id = ? and wa_id = ?
        and (cast(? as text) is null or automation_id = ?) and outcome in (${ANSWERED.map(() => '?').join(', ')})`,
      [workspaceId, waId, automationId ?? null, automationId ?? null, ...ANSWERED]);
      return row?.at === null || row?.at === undefined ? null : toDate(row.at);
    },
    async runs(workspaceId, query) {
      const rows = await db.all(`select * from automation_runs where workspace_id = ? and (cast(? as text) is null or automation_id = ?)
        order by created_at desc, id desc limit ?`, [workspaceId, query.automationId ?? null, query.automationId ?? null, query.limit]);
      return rows.map(toRun);
    },
    async previousInboundAt(workspaceId, waId, messageId, before) {
      const [row] = await db.all(`select max(received_at) as at from inbound_messages where workspace_id = ? and wa_id = ? and id <> ? and received_at < ?`,
        [workspaceId, waId, messageId, before.getTime()]);
      return row?.at === null || row?.at === undefined ? null : toDate(row.at);
    },
  };
}
