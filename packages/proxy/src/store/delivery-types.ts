/** The delivery queue's types as the store hands them out: health, failures, claims. */
import type { SubscriptionState } from './delivery-health.js';
import type { Delivery, Subscription } from './types.js';

/** How a subscription's deliveries are going (`GET /v1/subscriptions/{id}`). */
export interface SubscriptionHealth {
  state: SubscriptionState;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  consecutiveFailures: number;
  /** When the failures in a row began. */
  failingSince: Date | null;
  /** When a failing subscription's target is tried next. */
  nextProbeAt: Date | null;
  pausedReason: string | null;
  pausedAt: Date | null;
  /** Deliveries waiting (including the one in flight). */
  pending: number;
  dead: number;
}

/** A failed attempt to record: retry at `nextAttemptAt`, or dead-letter when it is null. */
export interface DeliveryFailure {
  id: string;
  /** The delivery's queue and subscription (the store locks in their order). */
  orderKey: string;
  subscriptionId: string;
  error: string;
  nextAttemptAt: Date | null;
}

/** What a claim leaves out. */
export interface ClaimOptions {
  /** Subscriptions not to claim for now (their target host is at its in-flight cap in this process). */
  skipSubscriptions?: string[];
}

/** A claimed delivery with its subscription. */
export type ClaimedDelivery = Delivery & { subscription: Subscription };
