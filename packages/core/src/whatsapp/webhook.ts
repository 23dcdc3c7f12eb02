/**
 * Meta's webhook edge: the GET verification handshake, the `X-Hub-Signature-256` check over the raw bytes,
 * body parsing and the typed events (docs/contracts.md §2, Cloud API reference §5).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { KaikuError } from '../errors.js';
import { jsonDepth, MAX_JSON_DEPTH } from './wire-limits.js';

export { parseWebhook, webhookSize, webhookTargets } from './webhook-parse.js';
export { boundedRaw, exceedsLimits, jsonDepth, MAX_JSON_DEPTH, RAW_LIMITS } from './wire-limits.js';
export type * from './webhook-events.js';

/** The answer to Meta's GET handshake: echo `challenge` as the plain body with 200, else answer 403. */
export type HandshakeResult = { ok: true; challenge: string } | { ok: false };

/** The query of Meta's GET: `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` (flat or as parsed by qs). */
export type HandshakeQuery = URLSearchParams | Record<string, unknown>;

function queryValue(query: HandshakeQuery, key: 'mode' | 'verify_token' | 'challenge'): string | undefined {
  if (query instanceof URLSearchParams) return query.get(`hub.${key}`) ?? undefined;
  const nested = query.hub;
  const value = query[`hub.${key}`] ?? (typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>)[key] : undefined);
  return typeof value === 'string' ? value : undefined;
}

function equalSecrets(a: string, b: string): boolean {
  const left = Buffer.from(a); // as UTF-8
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Checks Meta's verification request against our verify token; an empty configured token never matches. */
export function verifyHandshake(query: HandshakeQuery, verifyToken: string): HandshakeResult {
  const token = queryValue(query, 'verify_token');
  const challenge = queryValue(query, 'challenge');
  if (queryValue(query, 'mode') !== 'subscribe' || verifyToken === '' || token === undefined) return { ok: false };
  if (challenge === undefined || challenge === '' || !equalSecrets(token, verifyToken)) return { ok: false };
  return { ok: true, challenge };
}

/** The `X-Hub-Signature-256` value Meta sends for `rawBody`: `sha256=` + lowercase hex HMAC with the app secret. */
export function signWebhook(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** True when `header` is the valid signature of the exact raw bytes; false on any malformed or missing header. */
export function verifyWebhookSignature(rawBody: Buffer, header: string | string[] | undefined | null, appSecret: string): boolean {
  if (typeof header !== 'string' || appSecret === '') return false;
  const match = SIGNATURE.exec(header.trim());
  if (match?.[1] === undefined) return false;
  // Exactly 64 hex digits (either case): 32 bytes, the length of the digest.
  const received = Buffer.from(match[1], 'hex');
  return timingSafeEqual(received, createHmac('sha256', appSecret).update(rawBody).digest());
}

/** The JSON object of a webhook body; throws `invalid_webhook` on empty, truncated or non-object JSON. */
export function parseWebhookBody(raw: Buffer | string): unknown {
  const text = raw.toString(); // a Buffer reads as UTF-8
  if (text.trim() === '') throw new KaikuError('invalid_webhook', 'The webhook body is empty; Meta always sends a JSON object.');
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new KaikuError('invalid_webhook', `The webhook body nests deeper than ${MAX_JSON_DEPTH} levels; Meta's webhooks are a few levels deep.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new KaikuError('invalid_webhook', `The webhook body is not valid JSON (it may have been cut off): ${reason}.`, { cause, details: { length: text.length } });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KaikuError('invalid_webhook', 'The webhook body is JSON but not an object; Meta sends {"object": "whatsapp_business_account", "entry": [...]}.');
  }
  return parsed;
}
