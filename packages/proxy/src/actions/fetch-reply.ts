/**
 * Use case: ask a rule's URL (a shop system, a small bot) what to answer. Kaiku POSTs the flat inbound record,
 * signed like every delivery; the answer `{"reply": {…}}` (the reply schema without `to`) is sent back, 204
 * means "no answer". A timeout (default 5 s), a connection failure after one retry, or an unusable answer falls
 * back to the rule's fallback text when it has one. The URL passes the subscription targets' address checks
 * when the rule is saved and again at each connect. Latency and outcomes go to `/metrics`.
 */
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { nodeTransport, replyInputToMessage } from '@kaiku/core';
import type { InboundMessageRecord, Transport, TransportResponse } from '@kaiku/core';
import type { AutomationReply } from '../automations/types.js';
import type { Metrics } from '../metrics.js';
import type { Secrets } from '../secrets.js';
import { isPrivateAddress, publicAddressLookup } from './check-target-url.js';
import { deliveryHeaders } from './deliver-event.js';

/** The fetch part of a rule. */
export interface FetchAction {
  url: string;
  /** Sealed signing secrets (as a subscription's). */
  secret?: string;
  timeout_ms?: number;
  fallback_text?: string;
}

/** What the URL said: a reply to send, no reply, or a failure (with the fallback to send, if any). */
export type FetchResult =
  | { kind: 'reply'; reply: AutomationReply }
  | { kind: 'no_reply' }
  | { kind: 'failed'; error: string; fallback: AutomationReply | null };

/** Asks reply URLs; one per process (its own keep-alive connections). `mayReachPrivate`: the workspace may target this machine. */
export type ReplyFetcher = (action: FetchAction, message: InboundMessageRecord, now: Date, mayReachPrivate: boolean) => Promise<FetchResult>;

/** The default time a reply URL has to answer. */
export const DEFAULT_FETCH_TIMEOUT_MS = 5_000;

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE']);

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && CONNECTION_ERRORS.has(code);
}

function readAnswer(response: TransportResponse): FetchResult | string {
  if (response.status === 204) return { kind: 'no_reply' };
  if (response.status !== 200) return `the URL answered HTTP ${response.status}`;
  let answer: unknown;
  try {
    answer = JSON.parse(response.text());
  } catch {
    return 'the answer is not JSON; send {"reply": {"text": "…"}} or 204';
  }
  const reply = (answer as { reply?: unknown } | null)?.reply;
  if (reply === null || typeof reply !== 'object') return 'the answer has no "reply" object; send {"reply": {"text": "…"}} or 204';
  try {
    replyInputToMessage({ to: '0', ...(reply as AutomationReply) });
  } catch (error) {
    return `the reply cannot be sent: ${(error as Error).message}`;
  }
  return { kind: 'reply', reply: reply as AutomationReply };
}

/** A fetcher whose connections reach public addresses only, unless the workspace may target private ones. */
export function createReplyFetcher(options: { secrets: Secrets; metrics: Metrics }): ReplyFetcher {
  const publicOnly = nodeTransport({ maxSockets: 16, lookup: publicAddressLookup() });
  const any = nodeTransport({ maxSockets: 16 });
  return async (action, message, now, mayReachPrivate) => {
    const transport: Transport = mayReachPrivate ? any : publicOnly;
    const body = JSON.stringify(message);
    // Signed exactly as deliveries are (the delivery path's own headers function).
    const headers = deliveryHeaders(options.secrets, { eventId: `evt_${randomUUID().replace(/-/g, '')}`, eventType: 'inbound_message' }, { secret: action.secret ?? null }, now, body);
    const timeoutMs = action.timeout_ms ?? DEFAULT_FETCH_TIMEOUT_MS;
    const started = process.hrtime.bigint();
    const finish = (result: FetchResult, outcome: string): FetchResult => {
      options.metrics.replyFetchSeconds.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);
      return result;
    };
    const fallback = action.fallback_text === undefined ? null : { text: action.fallback_text };
    const target = new URL(action.url);
    // An address written in the URL is never looked up, so the public-only lookup cannot refuse it: checked here.
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (!mayReachPrivate && isIP(literal) !== 0 && isPrivateAddress(literal)) {
      return finish({ kind: 'failed', error: `could not connect: ${literal} is a private, loopback or link-local address; replies are only fetched from public addresses`, fallback }, 'error');
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        const answer = readAnswer(await transport(target, { method: 'POST', headers, body, timeoutMs }));
        if (typeof answer !== 'string') return finish(answer, answer.kind);
        return finish({ kind: 'failed', error: answer, fallback }, 'bad_answer');
      } catch (error) {
        if (attempt === 1 && isConnectionFailure(error)) continue;
        const timedOut = (error as { name?: unknown }).name === 'TimeoutError';
        const reason = timedOut ? `no answer within ${timeoutMs} ms` : `could not connect: ${(error as Error).message}`;
        return finish({ kind: 'failed', error: reason, fallback }, timedOut ? 'timeout' : 'error');
      }
    }
  };
}
