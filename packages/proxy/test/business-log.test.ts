/** Business events in the log: one counted line per applied webhook batch, one line per consent change. */
import { describe, expect, it } from '@jest/globals';
import { logAppliedBatch } from '../src/jobs/business-log.js';
import { createLogger } from '../src/logger.js';
import type { AppliedWebhook } from '../src/store/types.js';
import { inboundRecord } from './store-fixtures.js';

function capture(): { lines: Array<Record<string, unknown>>; logger: ReturnType<typeof createLogger> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { lines, logger };
}

describe('logAppliedBatch', () => {
  it('logs a batch of many messages as one line of counts, and each opt-out without the number', () => {
    const { lines, logger } = capture();
    const messages = Array.from({ length: 200 }, () => inboundRecord());
    const stop = { waId: '358401234567', dedupeKey: 'k', event: { status: 'opted_out' as const, source: 'keyword', proof: null, recordedAt: new Date() } };
    const results: AppliedWebhook[] = [
      { receiptId: 1, workspaceId: 'ws_a', newMessages: messages.slice(0, 150), newStatuses: [], newConsentChanges: [stop], deliveriesEnqueued: 150 },
      { receiptId: 2, workspaceId: 'ws_b', newMessages: messages.slice(150), newStatuses: [], newConsentChanges: [], deliveriesEnqueued: 0 },
    ];
    logAppliedBatch(logger, results);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ msg: 'webhooks applied', receipts: 2, messages: 200, statuses: 0, consentChanges: 1, deliveriesEnqueued: 150 });
    expect(lines[1]).toMatchObject({ msg: 'customer opted out', workspaceId: 'ws_a', consent: 'opted_out', source: 'keyword' });
    expect(JSON.stringify(lines)).not.toContain('358401234567');
  });

  it('logs nothing for an empty round', () => {
    const { lines, logger } = capture();
    logAppliedBatch(logger, []);
    expect(lines).toEqual([]);
  });
});
