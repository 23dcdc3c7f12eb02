/** The Deliveries page's server state: subscriptions with health, dead letters, quarantine, the problem summary. */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { api, unwrap } from '../../api/client';

/** Every delivery query starts with this key, so one action refreshes them all. */
export const DELIVERIES = 'deliveries';

/** `GET /v1/deliveries/subscriptions`. */
export function useSubscriptionOverview() {
  return useQuery({ queryKey: [DELIVERIES, 'subscriptions'], refetchInterval: 5_000, queryFn: async () => unwrap(await api.GET('/v1/deliveries/subscriptions')) });
}

/** `GET /v1/deliveries/dead`. */
export function useDeadLetters() {
  return useQuery({ queryKey: [DELIVERIES, 'dead'], refetchInterval: 5_000, queryFn: async () => unwrap(await api.GET('/v1/deliveries/dead', { params: { query: { limit: 100 } } })) });
}

/** `GET /v1/webhooks/quarantine`. */
export function useQuarantine() {
  return useQuery({ queryKey: [DELIVERIES, 'quarantine'], refetchInterval: 5_000, queryFn: async () => unwrap(await api.GET('/v1/webhooks/quarantine', { params: { query: { limit: 100 } } })) });
}

/** `GET /v1/deliveries/summary`: the navigation's badge. */
export function useDeliverySummary(enabled: boolean) {
  return useQuery({ queryKey: [DELIVERIES, 'summary'], enabled, refetchInterval: 10_000, queryFn: async () => unwrap(await api.GET('/v1/deliveries/summary')) });
}

/** Refreshes every delivery query after an action. */
export function useRefreshDeliveries(): () => Promise<void> {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: [DELIVERIES] });
}
