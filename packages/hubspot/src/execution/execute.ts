/**
 * One workflow action execution: parse → map inputs → the proxy's action → HubSpot's response shape.
 * Retryable trouble at Meta answers BLOCK and completes later, so HubSpot never retries into a second
 * send; business failures answer FAIL_CONTINUE with a message a marketer understands.
 */
import { accountClient } from '../api/tokens.js';
import { logSentMessage } from '../crm/log-sent.js';
import type { ActionKind, BlockedActionRecord, BlockedActionResult, HubspotAccount, HubspotDeps, ReplyOutput, SendTemplateOutput } from '../types.js';
import { completeCallback, retryDelay, scheduleRetry, tryBlocked } from './completion.js';
import { ActionFailure, replyInput, requestConsentInput, sendTemplateInput } from './inputs.js';
import { blockedResponse, consentOutputs, decide, failureOutputs, successOutputs, type OutputFields } from './outcome.js';
import { MalformedRequestError, parseExecutionRequest, type ExecutionRequest } from './request.js';

/** The actions. */
export type { ActionKind };

/** What the router answers. */
export interface ActionResponse {
  status: number;
  body: unknown;
}

/** Logs what went out on the enrolled record's timeline without holding up (or failing) the action. */
function logSent(account: HubspotAccount, request: ExecutionRequest, text: string, deps: HubspotDeps): void {
  const sent = { objectType: request.objectType, objectId: request.objectId, text, sentAt: new Date(deps.now?.() ?? Date.now()) };
  void accountClient(account, deps)
    .then((client) => logSentMessage(client, sent))
    .catch((error: unknown) => deps.onError?.(`Could not log the sent WhatsApp message on HubSpot record ${request.objectId}`, error));
}

function runner(kind: ActionKind, account: HubspotAccount, request: ExecutionRequest, deps: HubspotDeps): () => Promise<OutputFields> {
  const { workspaceId } = account;
  if (kind === 'send_template') {
    const input = sendTemplateInput(request);
    return async () => {
      const sent: SendTemplateOutput = await deps.sendTemplate(workspaceId, input);
      // The timeline entry belongs to the send: a replayed callback id answers the send and logs nothing again.
      if (sent.replayed !== true) logSent(account, request, sent.preview ?? `template ${input.template}`, deps);
      return successOutputs({ ...sent, sent_as: 'template' });
    };
  }
  if (kind === 'request_consent') {
    const { phone, input } = requestConsentInput(request);
    return async () => {
      const sent = await deps.requestOptIn(workspaceId, phone, input);
      if (sent.replayed !== true) logSent(account, request, sent.preview ?? `consent request ${input.template}`, deps);
      return consentOutputs(sent);
    };
  }
  const input = replyInput(request);
  return async () => {
    const sent: ReplyOutput = await deps.reply(workspaceId, input);
    const text = sent.sent_as === 'fallback_template' ? `template ${input.fallback_template?.template ?? ''}` : [input.text ?? input.media?.caption, input.media?.url].filter(Boolean).join(' ');
    if (sent.replayed !== true) logSent(account, request, text, deps);
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
    return { status: 200, body: { outputFields: failureOutputs('not_connected', `HubSpot account ${request.portalId} is not connected to Kaiku. Ask your Kaiku administrator for a link that installs the Kaiku app in this account.`) } };
  }
  let attempt: () => Promise<OutputFields>;
  try {
    attempt = runner(kind, account, request, deps);
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
    const blockedAt = deps.now?.() ?? Date.now();
    if (deps.blocked !== undefined) {
      // Kept before HubSpot hears BLOCK: once it has, the action is ours to finish, restart or not.
      await deps.blocked.save({
        callbackId: request.callbackId, workspaceId: account.workspaceId, kind, request: raw.toString('utf8'),
        blockedAt: new Date(blockedAt), dueAt: new Date(blockedAt + retryDelay(decision.delayMs)),
      });
    } else {
      scheduleRetry({ account, callbackId: request.callbackId, attempt, blockedAt }, decision.delayMs, deps);
    }
    return { status: 200, body: blockedResponse() };
  }
}

/**
 * Tries a kept blocked action (`deps.blocked`) once, with the same idempotency key as its first try, so it
 * never sends twice: HubSpot is told the outcome, or the action is due again later.
 */
export async function runBlockedAction(action: BlockedActionRecord, deps: HubspotDeps): Promise<BlockedActionResult> {
  const request = parseExecutionRequest(Buffer.from(action.request, 'utf8'));
  const account = await deps.findAccountByPortalId(request.portalId);
  if (!account) {
    deps.onError?.(`HubSpot account ${request.portalId} was disconnected while action ${action.callbackId} waited; HubSpot's expiry moves the workflow on`, null);
    return { done: true };
  }
  let attempt: () => Promise<OutputFields>;
  try {
    attempt = runner(action.kind, account, request, deps);
  } catch (error) {
    if (!(error instanceof ActionFailure)) throw error;
    await completeCallback(account, action.callbackId, failureOutputs(error.code, error.message), deps);
    return { done: true };
  }
  const next = await tryBlocked({ account, callbackId: action.callbackId, attempt, blockedAt: action.blockedAt.getTime() }, deps);
  const now = deps.now?.() ?? Date.now();
  return next === null ? { done: true } : { done: false, dueAt: new Date(now + next.retryInMs) };
}
