/**
 * HubSpot's response shapes for an action execution, and the decision taken on an error: retryable
 * trouble at Meta blocks the action and completes it later; anything else fails it with a message.
 * https://developers.hubspot.com/docs/api/automation/custom-workflow-actions#asynchronous-custom-action-execution
 */
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

const detail = (error: ActionError, name: string): string | null => {
  const value = error.details?.[name];
  return typeof value === 'string' && value !== '' ? value : null;
};

/**
 * Words for the workflow history and the `error_message` output, by the proxy's code, naming this action's
 * fields instead of API calls; other codes keep the proxy's message, which already speaks to people.
 */
const HUBSPOT_WORDS: Record<string, (error: ActionError) => string | null> = {
  window_closed: (error) => {
    const closedAt = detail(error, 'closed_at');
    const why = closedAt === null ? 'This contact has not written to this business number yet' : `The 24-hour reply window with this contact closed at ${closedAt}`;
    return `${why}. Choose a Fallback template in this action, or use the "Send WhatsApp template" action.`;
  },
  template_not_found: () => 'This template is not available on the chosen business number. Choose a template in the Template field.',
  not_found: (error) => (detail(error, 'field') === 'phone_number_id' ? 'The chosen business number is no longer connected to Kaiku. Choose one in the Business number field.' : null),
  validation_failed: (error) => (detail(error, 'field') === 'phone_number_id' && /no WhatsApp number/.test(error.message)
    ? 'No WhatsApp business number is connected to Kaiku yet. Ask your Kaiku administrator to connect one.'
    : null),
};

/** The message a marketer reads for a proxy error. */
export function messageFor(error: ActionError): string {
  return HUBSPOT_WORDS[error.code]?.(error) ?? error.message;
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
