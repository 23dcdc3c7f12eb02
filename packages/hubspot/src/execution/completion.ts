/**
 * Completing a blocked action: the send is retried with the same idempotency key (the callback id,
 * so never twice) after the delay Meta asked for, and HubSpot learns the outcome through
 * `POST /automation/v4/actions/callbacks/{callbackId}/complete`.
 */
import { callHubspot, withRetries } from '../api/client.js';
import { accountClient } from '../api/tokens.js';
import type { HubspotAccount, HubspotDeps } from '../types.js';
import { decide, failureOutputs, type OutputFields } from './outcome.js';

/** Give up a little before HubSpot's P1D expiration. */
const GIVE_UP_AFTER_MS = 23 * 3600_000;
const MIN_DELAY_MS = 1_000;
const MAX_DELAY_MS = 15 * 60_000;

/** A blocked execution waiting for its retry. */
export interface BlockedExecution {
  account: HubspotAccount;
  callbackId: string;
  /** Runs the send again (same idempotency key) and returns the success outputs. */
  attempt: () => Promise<OutputFields>;
  blockedAt: number;
}

function defaultSchedule(delayMs: number, task: () => Promise<void>): void {
  setTimeout(() => void task(), delayMs).unref();
}

/** Tells HubSpot the outcome of a blocked action (retrying HubSpot's 429s and outages a few times). */
export async function completeCallback(account: HubspotAccount, callbackId: string, outputFields: OutputFields, deps: HubspotDeps): Promise<void> {
  await withRetries(async () => {
    const client = await accountClient(account, deps);
    await callHubspot('complete the blocked workflow action', () =>
      client.automation.actions.callbacksApi.complete(callbackId, { outputFields }),
    );
  }, { attempts: 5 });
}

/** The wait before the next try, within bounds (at least a second, at most 15 minutes). */
export function retryDelay(delayMs: number): number {
  return Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, delayMs));
}

/** Schedules the retry of a blocked execution kept in memory after `delayMs`. */
export function scheduleRetry(execution: BlockedExecution, delayMs: number, deps: HubspotDeps): void {
  const schedule = deps.schedule ?? defaultSchedule;
  schedule(retryDelay(delayMs), () => retryBlocked(execution, deps));
}

/**
 * Tries a blocked execution once. Answers when to try again while Meta keeps saying "later" (and HubSpot
 * still waits); otherwise tells HubSpot the outcome, success or failure, and answers null.
 */
export async function tryBlocked(execution: BlockedExecution, deps: HubspotDeps): Promise<{ retryInMs: number } | null> {
  const now = deps.now?.() ?? Date.now();
  let outputs: OutputFields;
  try {
    outputs = await execution.attempt();
  } catch (error) {
    const decision = decide(error);
    if (decision.kind === 'retry' && now - execution.blockedAt < GIVE_UP_AFTER_MS) return { retryInMs: retryDelay(decision.delayMs) };
    outputs = decision.kind === 'fail'
      ? decision.outputs
      : failureOutputs('failed', 'WhatsApp did not accept the message for a day (rate limits or an outage). Try again later.');
  }
  try {
    await completeCallback(execution.account, execution.callbackId, outputs, deps);
  } catch (error) {
    deps.onError?.(`Could not complete HubSpot callback ${execution.callbackId}`, error);
  }
  return null;
}

async function retryBlocked(execution: BlockedExecution, deps: HubspotDeps): Promise<void> {
  const next = await tryBlocked(execution, deps);
  if (next !== null) scheduleRetry(execution, next.retryInMs, deps);
}
