/**
 * The same idempotency key never sends twice: the key is reserved under a unique constraint before the send,
 * a repeat answers the first send's result, and a failed send frees the key for a retry.
 */
import { createHash } from 'node:crypto';
import { isKaikuError } from '@kaiku/core';
import { ApiError } from '../http/errors.js';
import type { OutboundMessage, Store } from '../store/types.js';

/** What a send records, and what it answers (replayed verbatim for a repeated key). */
export interface SendOutcome<T extends Record<string, unknown>> {
  answer: T;
  message: Omit<OutboundMessage, 'createdAt' | 'idempotencyKey' | 'response'>;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([key, item]) => item !== undefined && key !== 'idempotency_key');
    return `{${entries.sort(([a], [b]) => a.localeCompare(b)).map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A hash of the request, so that one key reused for a different message is refused. */
export function requestHash(operation: string, input: unknown): string {
  return createHash('sha256').update(`${operation}\n${canonical(input)}`).digest('hex');
}

/** Runs `send` at most once per key and workspace; without a key it simply runs and records. */
export async function sendOnce<T extends Record<string, unknown>>(
  store: Store,
  request: { workspaceId: string; key: string | null; operation: string; input: unknown },
  send: () => Promise<SendOutcome<T>>,
): Promise<{ answer: T; replayed: boolean }> {
  const { workspaceId, key } = request;
  if (key !== null) {
    const reservation = await store.reserveIdempotencyKey(workspaceId, key, requestHash(request.operation, request.input));
    if (reservation.state === 'done') return { answer: reservation.message.response as T, replayed: true };
    if (reservation.state === 'pending') {
      throw new ApiError('idempotency_conflict', 'A send with this idempotency key is still in progress, or WhatsApp did not answer it and its outcome is unknown. Wait a few seconds and repeat the request to get its result; if it keeps failing, look at the conversation and send with a new key.', { idempotency_key: key }, 2000);
    }
    if (reservation.state === 'mismatch') {
      throw new ApiError('idempotency_conflict', 'This idempotency key was already used for a different message. Use a new key for each new message.', { idempotency_key: key });
    }
  }
  let outcome: SendOutcome<T>;
  try {
    outcome = await send();
  } catch (error) {
    // When WhatsApp may have sent the message, the key stays taken: repeating it must not send a second one.
    if (key !== null && !(isKaikuError(error) && error.code === 'outcome_unknown')) await store.releaseIdempotencyKey(workspaceId, key);
    throw error;
  }
  await store.recordOutboundMessage({ ...outcome.message, idempotencyKey: key, response: outcome.answer });
  return { answer: outcome.answer, replayed: false };
}
