/**
 * GET /v1/events: the workspace's new messages, status changes, consent changes and read marks as
 * Server-Sent Events. Each event's `id` resumes the stream (`Last-Event-ID`, which browsers resend on their
 * own when they reconnect); without one the stream starts at now. The store's log is polled, so events
 * written by any proxy process reach every stream. A Last-Event-ID whose event retention has let go gets a
 * `reset` event first (the client reloads what it shows: events it missed are gone), then the stream from now.
 */
import type { Handler } from './context.js';
import { query, workspaceId } from './context.js';
import { ApiError } from './errors.js';
import { EVENTS_KEPT_HOURS } from '../jobs/retention.js';

/** How often an open stream looks for new events, and how often it says it is alive. */
export const EVENTS_POLL_MS = 300;
const HEARTBEAT_MS = 15_000;
const BATCH = 200;
const RESET_REASON = `The events after this Last-Event-ID are no longer kept (the log keeps ${EVENTS_KEPT_HOURS} hours): reload what you show; the stream goes on from now.`;

function resumeCursor(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (/^\d{1,20}(\.\d{1,20})?$/.test(value)) return value;
  throw new ApiError('validation_failed', 'Last-Event-ID must be the id of an event this stream sent (digits, optionally with one dot). Leave it out to start at now.', { field: 'Last-Event-ID' });
}

/** GET /v1/events */
export const getEvents: Handler = async (req, res, ctx) => {
  const workspace = workspaceId(ctx);
  const { store } = ctx.deps;
  const resume = resumeCursor(req.get('last-event-id') ?? query(req, 'last_event_id'));
  const lost = resume !== null && !(await store.eventCursorKept(workspace, resume));
  let cursor = resume !== null && !lost ? resume : await store.latestEventCursor(workspace);
  let open = true;
  req.on('close', () => (open = false));
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
  if (lost) res.write(`event: reset\ndata: ${JSON.stringify({ reason: RESET_REASON })}\n\n`);
  res.write(`retry: 2000\nevent: ready\nid: ${cursor}\ndata: {}\n\n`);
  let quietSince = Date.now();
  try {
    while (open) {
      const events = await store.listEvents(workspace, cursor, BATCH);
      for (const event of events) {
        res.write(`id: ${event.cursor}\nevent: ${event.type}\ndata: ${JSON.stringify({ wa_id: event.waId, ...event.data, at: event.createdAt.toISOString() })}\n\n`);
        cursor = event.cursor;
      }
      if (events.length > 0) quietSince = Date.now();
      if (events.length === BATCH) continue;
      if (Date.now() - quietSince > HEARTBEAT_MS) {
        res.write(': still here\n\n');
        quietSince = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, EVENTS_POLL_MS));
    }
  } catch (error) {
    ctx.deps.logger.warn({ err: error }, 'event stream ended by an error; the client reconnects with Last-Event-ID');
  }
  res.end();
};
