/**
 * Business events in the log at info level: one line per applied webhook batch with its counts (never a line
 * per message, so the log stays small under load), and one per consent change (opt-out, opt-in). Customers'
 * numbers and message content stay out: the consent history in the API has the details.
 */
import type { Logger } from '../logger.js';
import type { AppliedWebhook } from '../store/types.js';

/** Logs a batch of applied webhook receipts as counts, and each consent change it recorded. */
export function logAppliedBatch(logger: Logger, results: AppliedWebhook[]): void {
  if (results.length === 0) return;
  const counts = { receipts: new Set(results.map((r) => r.receiptId)).size, messages: 0, statuses: 0, consentChanges: 0, deliveriesEnqueued: 0 };
  for (const result of results) {
    counts.messages += result.newMessages.length;
    counts.statuses += result.newStatuses.length;
    counts.consentChanges += result.newConsentChanges.length;
    counts.deliveriesEnqueued += result.deliveriesEnqueued;
  }
  logger.info(counts, 'webhooks applied');
  for (const result of results) {
    for (const change of result.newConsentChanges) {
      const what = change.event.status === 'opted_out' ? 'customer opted out' : 'customer opted in';
      logger.info({ workspaceId: result.workspaceId, consent: change.event.status, source: change.event.source }, what);
    }
  }
}
