/**
 * One workflow action execution: parse → map inputs → the proxy's action → HubSpot's response shape.
 * Retryable trouble at Meta answers BLOCK and completes later, so HubSpot never retries into a second
 * send; business failures answer FAIL_CONTINUE with a message a marketer understands.
 */
import type { HubspotDeps, ReplyOutput, SendTemplateOutput } from '../types.js';
import { scheduleRetry } from './completion.js';
import { ActionFailure, replyInput, sendTemplateInput } from './inputs.js';
import { blockedResponse, decide, failureOutputs, successOutputs, type OutputFields } from './outcome.js';
import { MalformedRequestError, parseExecutionRequest, type ExecutionRequest } from './request.js';

/** The two actions. */
export type ActionKind = 'send_template' | 'reply';

/** What the router answers. */
export interface ActionResponse {
  status: number;
  body: unknown;
}

function runner(kind: ActionKind, workspaceId: string, request: ExecutionRequest, deps: HubspotDeps): () => Promise<OutputFields> {
  if (kind === 'send_template') {
    const input = sendTemplateInput(request);
    return async () => {
      const sent: SendTemplateOutput = await deps.sendTemplate(workspaceId, input);
      return successOutputs({ ...sent, sent_as: 'template' });
    };
  }
  const input = replyInput(request);
  return async () => {
    const sent: ReplyOutput = await deps.reply(workspaceId, input);
    return successOutputs(sent);
  };
}

/** Executes one action request (the raw, signature-checked body). */
export async function executeAction(kind: ActionKind, raw: Buffer, deps: HubspotDeps): Promise<ActionResponse> {
  let request: ExecutionRequest;
  try {
    request = parseExecutionRequest(raw);
  } catch (error) {
    if (error instanceof MalformedRequestError) return { status: 400, body: { error: { code: 'validation_failed', message: error.message } } };
    throw error;
  }
  const account = await deps.findAccountByPortalId(request.portalId);
  if (!account) {
    return { status: 200, body: { outputFields: failureOutputs('not_connected', `HubSpot account ${request.portalId} is not connected to Kaiku. Connect it with "kaiku hubspot connect".`) } };
  }
  let attempt: () => Promise<OutputFields>;
  try {
    attempt = runner(kind, account.workspaceId, request, deps);
  } catch (error) {
    if (error instanceof ActionFailure) return { status: 200, body: { outputFields: failureOutputs(error.code, error.message) } };
    throw error;
  }
  try {
    return { status: 200, body: { outputFields: await attempt() } };
  } catch (error) {
    const decision = decide(error);
    if (decision.kind === 'crash') throw error;
    if (decision.kind === 'fail') return { status: 200, body: { outputFields: decision.outputs } };
    scheduleRetry({ account, callbackId: request.callbackId, attempt, blockedAt: deps.now?.() ?? Date.now() }, decision.delayMs, deps);
    return { status: 200, body: blockedResponse() };
  }
}
