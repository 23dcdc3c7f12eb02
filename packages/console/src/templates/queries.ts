/** The workspace's approved templates (cached: they change rarely). */
import { useQuery } from '@tanstack/preact-query';
import { api, unwrap } from '../api/client';

/** `GET /v1/templates`. */
export function useTemplates() {
  return useQuery({ queryKey: ['templates'], staleTime: 60_000, queryFn: async () => unwrap(await api.GET('/v1/templates')) });
}
