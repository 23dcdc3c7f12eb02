/**
 * Use case: record a customer's consent (opt-in or opt-out) with its source and proof. The proxy sets the
 * time; the history is kept, never overwritten.
 */
import type { ConsentEvent } from '../store/types.js';
import type { ActionDeps } from './context.js';
import { recipient } from './send-template.js';

/** The body of PUT /v1/contacts/{phone}/consent. */
export interface ConsentInput {
  status: 'opted_in' | 'opted_out';
  source: string;
  proof?: string | null;
}

/** The consent view: the current status and every change, newest first. */
export interface ConsentView {
  wa_id: string;
  status: 'opted_in' | 'opted_out' | 'unknown';
  updated_at: string | null;
  history: Array<{ status: string; source: string; proof: string | null; recorded_at: string }>;
}

function presentHistory(events: ConsentEvent[]): ConsentView['history'] {
  return [...events]
    .sort((a, b) => b.recordedAt.getTime() - a.recordedAt.getTime())
    .map((event) => ({ status: event.status, source: event.source, proof: event.proof, recorded_at: event.recordedAt.toISOString() }));
}

/** GET /v1/contacts/{phone}/consent. */
export async function getConsent(deps: ActionDeps, workspaceId: string, phone: string): Promise<ConsentView> {
  const { waId } = recipient('phone', phone);
  const [contact, history] = await Promise.all([deps.store.getContact(workspaceId, waId), deps.store.consentHistory(workspaceId, waId)]);
  return {
    wa_id: waId,
    status: contact?.consent ?? 'unknown',
    updated_at: contact?.consentUpdatedAt?.toISOString() ?? null,
    history: presentHistory(history),
  };
}

/** PUT /v1/contacts/{phone}/consent. */
export async function recordConsent(deps: ActionDeps, workspaceId: string, phone: string, input: ConsentInput): Promise<ConsentView> {
  const { waId } = recipient('phone', phone);
  await deps.store.recordConsent(workspaceId, waId, { status: input.status, source: input.source, proof: input.proof ?? null, recordedAt: deps.now() });
  deps.logger.info({ workspaceId, consent: input.status, source: input.source }, input.status === 'opted_out' ? 'customer opted out' : 'customer opted in');
  return getConsent(deps, workspaceId, waId);
}
