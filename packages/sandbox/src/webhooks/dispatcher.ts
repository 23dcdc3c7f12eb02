/**
 * Delivers webhooks like Meta: signed POSTs to the callback in force (the WABA's override, else the app's),
 * redelivered with exponential backoff until a 200, sometimes twice (duplicates), and logged so that tests
 * and the control surface can see every attempt.
 */
import type { RetryPolicy } from '../options.js';
import { serializeWebhook, signWebhook, signWebhookSha1 } from './sign.js';

/** One HTTP attempt of one delivery. */
export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
}

/** One webhook the sandbox sent (or tried to), with its exact body. */
export interface DeliveryRecord {
  id: number;
  url: string;
  field: string;
  body: string;
  signature: string;
  signatureSha1: string;
  duplicate: boolean;
  delivered: boolean;
  attempts: DeliveryAttempt[];
}

/** What the dispatcher needs from the sandbox. */
export interface DispatcherDeps {
  appSecret: () => string;
  retry: RetryPolicy;
  duplicateRate: number;
  schedule: (fn: () => void, ms: number) => void;
  /** Meta-side time in ms, for the attempt log. */
  now: () => number;
}

/** Sends, retries and records webhooks. */
export class WebhookDispatcher {
  readonly log: DeliveryRecord[] = [];
  private nextId = 1;
  private readonly inFlight = new AbortController();

  constructor(private readonly deps: DispatcherDeps) {}

  /** Queues a payload for `url`; with probability `duplicateRate` it is delivered a second time. */
  send(url: string, payload: unknown): void {
    const field = fieldOf(payload);
    const body = serializeWebhook(payload);
    const signature = signWebhook(body, this.deps.appSecret());
    const signatureSha1 = signWebhookSha1(body, this.deps.appSecret());
    this.start({ id: this.nextId++, url, field, body, signature, signatureSha1, duplicate: false, delivered: false, attempts: [] });
    if (Math.random() < this.deps.duplicateRate) {
      this.start({ id: this.nextId++, url, field, body, signature, signatureSha1, duplicate: true, delivered: false, attempts: [] });
    }
  }

  /** Aborts deliveries in flight and stops further retries (the sandbox is stopping). */
  close(): void {
    this.inFlight.abort();
  }

  private start(record: DeliveryRecord): void {
    this.log.push(record);
    void this.attempt(record);
  }

  private async attempt(record: DeliveryRecord): Promise<void> {
    const at = new Date(this.deps.now()).toISOString();
    try {
      const response = await fetch(record.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Hub-Signature': record.signatureSha1,
          'X-Hub-Signature-256': record.signature,
          'User-Agent': 'facebookexternalua',
        },
        body: record.body,
        signal: AbortSignal.any([this.inFlight.signal, AbortSignal.timeout(10_000)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      record.attempts.push({ at, status: response.status, error: null });
      if (response.status === 200) record.delivered = true;
    } catch (err) {
      record.attempts.push({ at, status: null, error: (err as Error).message });
    }
    if (record.delivered || this.inFlight.signal.aborted || record.attempts.length >= this.deps.retry.maxAttempts) return;
    const delay = this.deps.retry.baseDelayMs * 2 ** (record.attempts.length - 1);
    this.deps.schedule(() => void this.attempt(record), delay);
  }
}

function fieldOf(payload: unknown): string {
  const entry = (payload as { entry?: Array<{ changes?: Array<{ field?: string }> }> }).entry;
  return entry?.[0]?.changes?.[0]?.field ?? 'unknown';
}
