/**
 * Sends toward Meta within the per-number throughput cap (a token bucket shared by every process through the
 * store), backing off once on Meta's throughput (130429) and pair-rate (131056) answers.
 */
import { isKaikuError, KaikuError } from '@kaiku/core';
import type { OutboundMessage } from '@kaiku/core';
import type { Connection } from '../store/types.js';
import type { ActionDeps } from './context.js';

const TOKEN_WAIT_MS = 25;
const TOKEN_ATTEMPTS = 40;
const MAX_META_BACKOFF_MS = 2000;

async function takeSendToken(deps: ActionDeps, phoneNumberId: string): Promise<void> {
  for (let attempt = 0; attempt < TOKEN_ATTEMPTS; attempt += 1) {
    if (await deps.store.takeSendToken(phoneNumberId, deps.config.sendsPerSecond)) return;
    deps.metrics.throttled.inc({ reason: 'local_cap' });
    await deps.sleep(TOKEN_WAIT_MS);
  }
  throw new KaikuError('throughput_limited', `This business number is sending more than ${deps.config.sendsPerSecond} messages per second. Kaiku held the message back; retry in a second.`, { retryable: true, retryAfterMs: 1000 });
}

function isThrottle(error: unknown): error is KaikuError {
  return isKaikuError(error) && (error.code === 'throughput_limited' || error.code === 'pair_rate_limited');
}

/** Sends one message for a connection; returns Meta's answer. */
export async function sendThrottled(deps: ActionDeps, connection: Connection, message: OutboundMessage): Promise<{ messageId: string; waId: string; messageStatus?: string }> {
  const client = deps.whatsapp.clientFor(connection);
  const started = process.hrtime.bigint();
  const observe = (result: string) => {
    deps.metrics.sends.inc({ result });
    deps.metrics.sendSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
  };
  for (let attempt = 0; ; attempt += 1) {
    await takeSendToken(deps, connection.phoneNumberId);
    try {
      const sent = await client.sendMessage(connection.phoneNumberId, message);
      observe('sent');
      return sent;
    } catch (error) {
      if (isThrottle(error) && attempt === 0) {
        deps.metrics.throttled.inc({ reason: error.code });
        await deps.sleep(Math.min(error.retryAfterMs ?? 1000, MAX_META_BACKOFF_MS));
        continue;
      }
      observe('failed');
      throw error;
    }
  }
}
