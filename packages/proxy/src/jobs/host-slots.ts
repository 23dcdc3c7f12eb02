/**
 * In-flight requests per target host, capped: a host with many slow or hung subscriptions takes at most `perHost`
 * of the worker's slots, and its subscriptions are left out of the next claims while it is at its cap. What a
 * claim still brings for a full host waits here (leased) until one of its requests ends.
 */
import type { ClaimedDelivery } from '../store/types.js';

/** The host a delivery goes to: `host:port` of its URL, or its in-process sink. */
export function targetHost(delivery: ClaimedDelivery): string {
  const { subscription } = delivery;
  if (subscription.sink !== null) return `sink:${subscription.sink}`;
  try {
    return new URL(subscription.targetUrl ?? '').host;
  } catch {
    return 'invalid';
  }
}

/** The per-host counts of one worker. */
export class HostSlots {
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, ClaimedDelivery[]>();
  private readonly subscriptions = new Map<string, Set<string>>();

  constructor(private readonly perHost: number) {}

  /** Takes a slot for the delivery's host; false (and the delivery waits here) when the host is at its cap. */
  admit(delivery: ClaimedDelivery): boolean {
    const host = targetHost(delivery);
    let subs = this.subscriptions.get(host);
    if (subs === undefined) this.subscriptions.set(host, (subs = new Set()));
    subs.add(delivery.subscriptionId);
    const busy = this.inFlight.get(host) ?? 0;
    if (busy < this.perHost) {
      this.inFlight.set(host, busy + 1);
      return true;
    }
    const queue = this.waiting.get(host) ?? [];
    queue.push(delivery);
    this.waiting.set(host, queue);
    return false;
  }

  /** Gives the slot back; answers the waiting delivery that takes it over, if any. */
  release(delivery: ClaimedDelivery): ClaimedDelivery | undefined {
    const host = targetHost(delivery);
    const next = this.waiting.get(host)?.shift();
    if (next !== undefined) return next;
    this.waiting.delete(host);
    const busy = (this.inFlight.get(host) ?? 1) - 1;
    if (busy <= 0) this.inFlight.delete(host);
    else this.inFlight.set(host, busy);
    return undefined;
  }

  /** Subscriptions whose host is at its cap: the next claim leaves them out. */
  saturated(): string[] {
    const skip: string[] = [];
    for (const [host, busy] of this.inFlight) {
      if (busy >= this.perHost) skip.push(...(this.subscriptions.get(host) ?? []));
    }
    return skip;
  }

  /** Deliveries waiting for a slot (their leases are renewed like those in flight). */
  waitingDeliveries(): ClaimedDelivery[] {
    return [...this.waiting.values()].flat();
  }
}
