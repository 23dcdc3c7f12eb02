/**
 * Use cases: see the webhook receipts that failed to apply and were moved to quarantine, and send one back to
 * be applied after a fix. A workspace sees the receipts signed for its own business numbers.
 */
import type { QuarantinedReceipt } from '../store/types.js';
import { notFound } from '../http/errors.js';
import type { ActionDeps } from './context.js';

/** How much of the raw body the list shows (the whole body stays in the store). */
const BODY_PREVIEW_CHARS = 4_096;

/** A quarantined receipt as the API shows it. */
export interface QuarantinedReceiptView {
  id: string;
  received_at: string;
  quarantined_at: string;
  attempts: number;
  error: string;
  body_bytes: number;
  /** The raw body as text, cut after 4,096 characters. */
  body_preview: string;
}

function present(receipt: QuarantinedReceipt): QuarantinedReceiptView {
  const text = receipt.body.toString('utf8');
  return {
    id: String(receipt.id), received_at: receipt.receivedAt.toISOString(), quarantined_at: receipt.quarantinedAt.toISOString(),
    attempts: receipt.attempts, error: receipt.error, body_bytes: receipt.body.length,
    body_preview: text.length > BODY_PREVIEW_CHARS ? `${text.slice(0, BODY_PREVIEW_CHARS)}…` : text,
  };
}

/** The workspace's quarantined receipts, newest first. */
export async function listQuarantine(deps: ActionDeps, workspaceId: string, limit: number): Promise<QuarantinedReceiptView[]> {
  return (await deps.store.listQuarantinedReceipts({ workspaceId, limit })).map(present);
}

/** Sends a quarantined receipt back to the applier; 404 when the workspace has no such receipt in quarantine. */
export async function retryQuarantined(deps: ActionDeps, workspaceId: string, id: string): Promise<void> {
  // Only digits: Number() would also read " 12", "0x1f" and "1e3".
  if (!/^\d{1,15}$/.test(id) || !(await deps.store.retryQuarantinedReceipt(Number(id), workspaceId))) {
    throw notFound(`The quarantined webhook receipt "${id}"`, { id });
  }
}
