/**
 * HubSpot's response shapes for an action execution, and the decision taken on an error: retryable
 * trouble at Meta blocks the action and completes it later; anything else fails it with a message.
 * https://developers.hubspot.com/docs/api/automation/custom-workflow-actions#asynchronous-custom-action-execution
 */
import { connectorMessage } from '@kaiku/shared/error-words';
import { ERROR_RULES } from '../definitions/labels.js';
import type { ActionError } from '../types.js';
import { ActionFailure } from './inputs.js';

/** Output values HubSpot reads from `outputFields` (strings). */
export type OutputFields = Record<string, string>;

/** How long HubSpot keeps a blocked action waiting before the workflow moves on. */
export const BLOCK_EXPIRATION = 'P1D';

/** The synchronous answer that parks the action until the callback completion. */
export function blockedResponse(): { outputFields: OutputFields } {
  return { outputFields: { hs_execution_state: 'BLOCK', hs_expiration_duration: BLOCK_EXPIRATION } };
}

/** Outputs of a successful send. */
export function successOutputs(sent: { id: string; wa_id: string; status: string; sent_as: string }): OutputFields {
  return { hs_execution_state: 'SUCCESS', message_id: sent.id, wa_id: sent.wa_id, status: sent.status, sent_as: sent.sent_as };
}

/** Outputs of a sent consent request: the buttons whose tap records the customer's choice. */
export function consentOutputs(sent: { id: string; wa_id: string; status: string; agree_button: string; decline_button: string | null }): OutputFields {
  return { hs_execution_state: 'SUCCESS', message_id: sent.id, wa_id: sent.wa_id, status: sent.status, agree_button: sent.agree_button, decline_button: sent.decline_button ?? '' };
}

/** Outputs of a failed action; the error code picks the execution rule's message. */
export function failureOutputs(code: string, message: string): OutputFields {
  const ruleCode = code in ERROR_RULES ? code : 'failed';
  return { hs_execution_state: 'FAIL_CONTINUE', error_code: ruleCode, error_message: message };
}

/**
 * The message a marketer reads for a proxy error: HubSpot's words for the code (`@kaiku/shared/error-words`, naming
 * this action's fields instead of API calls) when there are some, else the proxy's message.
 */
export function messageFor(error: ActionError): string {
  return connectorMessage('hubspot', error);
}

/** What to do with an error: try again later (blocked), fail the action, or answer 500 (a bug or outage of ours). */
export type Decision = { kind: 'retry'; delayMs: number } | { kind: 'fail'; outputs: OutputFields } | { kind: 'crash' };

/**
 * Kaiku's errors carry snake_case codes (`window_closed`); database and system errors also have a `code`
 * (`23505`, `ECONNREFUSED`) but are our own trouble: those answer 500 so that HubSpot retries.
 */
function isActionError(error: unknown): error is ActionError {
  const code = error instanceof Error ? (error as Partial<ActionError>).code : undefined;
  return typeof code === 'string' && /^[a-z]+(_[a-z]+)*$/.test(code);
}

/** Decides on an error thrown while mapping inputs or running the proxy's action. */
export function decide(error: unknown): Decision {
  if (error instanceof ActionFailure) return { kind: 'fail', outputs: failureOutputs(error.code, error.message) };
  if (!isActionError(error)) return { kind: 'crash' };
  // Retryable trouble, or "try again after" (a send with the same key still in flight): block and retry.
  if (error.retryable || error.retryAfterMs !== undefined) return { kind: 'retry', delayMs: error.retryAfterMs ?? 30_000 };
  return { kind: 'fail', outputs: failureOutputs(error.code, messageFor(error)) };
}
