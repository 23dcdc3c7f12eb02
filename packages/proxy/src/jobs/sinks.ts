/**
 * In-process sinks (docs/contracts.md §4): named receivers inside the proxy (the HubSpot CRM sync) fed by the
 * same delivery machinery as HTTP subscribers, with the same retry policy.
 */
import type { InboundMessageRecord, MessageStatusRecord } from '@kaiku/core';
import type { EventType } from '../store/types.js';

/** One event as a sink receives it. */
export interface SinkEvent {
  workspaceId: string;
  eventId: string;
  eventType: EventType;
  record: InboundMessageRecord | MessageStatusRecord;
}

/** A named in-process receiver of events. */
export interface EventSink {
  name: string;
  deliver(event: SinkEvent): Promise<void>;
}

/** Thrown by a sink to be retried later (optionally not before `retryAfterMs`). */
export class SinkRetryError extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'SinkRetryError';
  }
}

/** The `retryAfterMs` of a SinkRetryError (also one from another copy of this module), else undefined. */
export function sinkRetryAfter(error: unknown): number | undefined {
  if (!(error instanceof Error) || error.name !== 'SinkRetryError') return undefined;
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && value >= 0 ? value : undefined;
}

/** Sinks by name. */
export class SinkRegistry {
  private readonly sinks = new Map<string, EventSink>();

  /** Adds (or replaces) a sink. */
  register(sink: EventSink): void {
    this.sinks.set(sink.name, sink);
  }

  /** Removes a sink. */
  unregister(name: string): void {
    this.sinks.delete(name);
  }

  /** The sink of that name, if registered. */
  get(name: string): EventSink | undefined {
    return this.sinks.get(name);
  }
}

/** The process-wide registry the delivery workers use unless given another. */
export const sinkRegistry = new SinkRegistry();

/** Registers an in-process sink with the process-wide registry. */
export function registerSink(sink: EventSink): void {
  sinkRegistry.register(sink);
}
