/**
 * One stored receipt → the events to apply, grouped by workspace. Each event goes to the connection its phone
 * number (or WABA) belongs to, and only when that connection shares the app secret that signed the receipt:
 * a webhook signed for one Meta app cannot write into a workspace connected through another.
 */
import { consentKeywordLanguage, parseWebhook, parseWebhookBody } from '@kaiku/core';
import type { InboundMessageRecord, KeywordLanguage, WebhookEvent } from '@kaiku/core';
import type { ConnectionDirectory } from '../actions/receive-webhook.js';
import type { ConsentChange, Connection, ParsedWebhookEvents, ReceiptToApply, WebhookReceipt } from '../store/types.js';
import { buttonDecision } from './consent-buttons.js';
import type { ButtonContext } from './consent-buttons.js';

/** Core's keyword rule (`consentKeyword`): STOP, LOPETA… → opt_out; START, ALOITA… → opt_in. */
export type KeywordRule = (text: string) => 'opt_out' | 'opt_in' | null;

/** Message types whose text a customer typed or tapped, and so may be a consent keyword. */
const KEYWORD_TYPES = new Set(['text', 'button', 'button_reply', 'list_reply']);

/** A workspace's opt-out buttons and a lookup of the template a tap answered (`jobs/consent-buttons.ts`). */
export type ButtonRules = (workspaceId: string) => Promise<ButtonContext>;

/** A consent change with the connection that received it (for the confirmation reply). */
export interface ConsentOrigin {
  workspaceId: string;
  connection: Connection;
  /** The language of the keyword or button, when it tells (the confirmation is written in it). */
  language: KeywordLanguage | null;
}

/** The parts of one receipt, plus where each keyword consent change came from. */
export interface ReceiptPlan {
  receipt: ReceiptToApply;
  origins: Map<string, ConsentOrigin>;
  /** Events dropped because no connection may receive them (unknown number, other app). */
  dropped: number;
  /** Set when the body could not be parsed. */
  error: string | null;
}

function keywordChange(message: InboundMessageRecord, keyword: KeywordRule): ConsentChange | null {
  if (!KEYWORD_TYPES.has(message.type) || message.text === null) return null;
  const decision = keyword(message.text);
  if (decision === null) return null;
  return {
    waId: message.from,
    dedupeKey: `msg:${message.id}`,
    event: {
      status: decision === 'opt_out' ? 'opted_out' : 'opted_in', source: 'whatsapp_keyword',
      proof: `WhatsApp message ${message.id}: "${message.text.slice(0, 200)}"`, recordedAt: new Date(message.received_at),
    },
  };
}

async function targetsOf(directory: ConnectionDirectory, event: WebhookEvent): Promise<Connection[]> {
  if (event.kind === 'message') return [await directory.forPhoneNumber(event.message.phone_number_id)].filter((c) => c !== null);
  if (event.kind === 'status') return [await directory.forPhoneNumber(event.status.phone_number_id)].filter((c) => c !== null);
  if (event.kind === 'user_preference') return directory.forWaba(event.wabaId);
  return [];
}

/** A keyword (STOP, LOPETA…) or a tapped consent button; the keyword wins. */
async function consentDecision(
  message: InboundMessageRecord, keyword: KeywordRule, buttons: ButtonRules | undefined, workspaceId: string,
): Promise<{ change: ConsentChange; language: KeywordLanguage | null } | null> {
  const byKeyword = keywordChange(message, keyword);
  if (byKeyword !== null) return { change: byKeyword, language: consentKeywordLanguage(message.text) };
  return buttons === undefined ? null : buttonDecision(message, await buttons(workspaceId));
}

/** Parses a receipt and groups its events by workspace. */
export async function planReceipt(
  directory: ConnectionDirectory, keyword: KeywordRule, receipt: WebhookReceipt, buttons?: ButtonRules,
): Promise<ReceiptPlan> {
  const plan: ReceiptPlan = { receipt: { receiptId: receipt.id, parts: [] }, origins: new Map(), dropped: 0, error: null };
  const signer = await directory.get(receipt.connectionId);
  let events: WebhookEvent[];
  try {
    events = parseWebhook(parseWebhookBody(receipt.body));
  } catch (error) {
    plan.error = (error as Error).message;
    return plan;
  }
  const byWorkspace = new Map<string, ParsedWebhookEvents>();
  const partOf = (workspaceId: string) => {
    let part = byWorkspace.get(workspaceId);
    if (part === undefined) byWorkspace.set(workspaceId, (part = { messages: [], statuses: [], consentChanges: [] }));
    return part;
  };
  for (const event of events) {
    const allowed = signer === null ? [] : (await targetsOf(directory, event)).filter((c) => directory.appSecret(c) === directory.appSecret(signer));
    if (allowed.length === 0) {
      if (event.kind !== 'unknown' && event.kind !== 'template_status') plan.dropped += 1;
      continue;
    }
    for (const connection of dedupeWorkspaces(allowed)) {
      const consent = event.kind === 'message' ? await consentDecision(event.message, keyword, buttons, connection.workspaceId) : null;
      addEvent(plan, partOf(connection.workspaceId), connection, event, consent);
    }
  }
  plan.receipt.parts = [...byWorkspace.entries()].map(([workspaceId, events]) => ({ workspaceId, events }));
  return plan;
}

function dedupeWorkspaces(connections: Connection[]): Connection[] {
  const seen = new Set<string>();
  return connections.filter((c) => (seen.has(c.workspaceId) ? false : (seen.add(c.workspaceId), true)));
}

function addEvent(
  plan: ReceiptPlan, part: ParsedWebhookEvents, connection: Connection, event: WebhookEvent,
  consent: { change: ConsentChange; language: KeywordLanguage | null } | null,
): void {
  if (event.kind === 'message') {
    part.messages.push(event.message);
    if (consent === null) return;
    const { change, language } = consent;
    part.consentChanges.push(change);
    plan.origins.set(change.dedupeKey, { workspaceId: connection.workspaceId, connection, language });
    // Recorded under the user ID too when WhatsApp names the customer both ways, so that it holds when it
    // later names them by the ID alone (confirmed once: only the first change has an origin).
    const { user_id: userId, from } = event.message;
    if (userId !== null && userId !== from) part.consentChanges.push({ ...change, waId: userId, dedupeKey: `${change.dedupeKey}:user_id` });
  } else if (event.kind === 'status') {
    part.statuses.push(event.status);
  } else if (event.kind === 'user_preference') {
    // Under the number and the user ID alike when WhatsApp names the customer both ways.
    const customers = event.userId !== null && event.userId !== event.waId ? [event.waId, event.userId] : [event.waId];
    for (const waId of customers) {
      part.consentChanges.push({
        waId,
        dedupeKey: `pref:${waId}:${event.value}:${event.timestamp}`,
        event: {
          status: event.value === 'stop' ? 'opted_out' : 'opted_in', source: 'whatsapp_marketing_preference',
          proof: `WhatsApp user_preferences "${event.value}" for marketing messages at ${event.timestamp}`, recordedAt: new Date(event.timestamp),
        },
      });
    }
  }
}
