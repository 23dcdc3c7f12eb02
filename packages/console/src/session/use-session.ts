/** The signed-in session as a query: null when nobody is signed in. */
import { useQuery } from '@tanstack/preact-query';
import { api, ApiFailure, setCsrfToken, unwrap } from '../api/client';
import type { Session } from '../api/types';

/** Loads `GET /v1/session`; a 401 means signed out. */
export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = unwrap(await api.GET('/v1/session'));
        setCsrfToken(session.csrf_token);
        return session;
      } catch (error) {
        if (error instanceof ApiFailure && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
  });
}
