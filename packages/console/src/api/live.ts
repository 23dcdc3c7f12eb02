/**
 * Keeps the query cache fresh from `GET /v1/events`: each event invalidates what it changes. The browser's
 * EventSource reconnects by itself and resends Last-Event-ID, so nothing is missed across a drop; after a drop
 * longer than the proxy keeps events, a `reset` event refetches everything.
 */
import type { QueryClient } from '@tanstack/preact-query';

/** Starts listening; returns the function that stops. */
export function listenForEvents(client: QueryClient): () => void {
  const source = new EventSource('/v1/events');
  const refresh = (event: MessageEvent<string>) => {
    const data = JSON.parse(event.data) as { wa_id?: string };
    void client.invalidateQueries({ queryKey: ['conversations'] });
    if (data.wa_id) void client.invalidateQueries({ queryKey: ['messages', data.wa_id] });
    if (event.type === 'consent') void client.invalidateQueries({ queryKey: ['consent'] });
  };
  for (const type of ['message', 'status', 'consent', 'read']) source.addEventListener(type, refresh);
  // Away longer than the log keeps events: what was missed is gone, so everything shown is fetched again.
  source.addEventListener('reset', () => void client.invalidateQueries());
  return () => source.close();
}
