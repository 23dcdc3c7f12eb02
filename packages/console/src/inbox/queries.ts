/** The inbox's server state: conversations, one thread's messages, marking read. */
import { useInfiniteQuery, useQuery } from '@tanstack/preact-query';
import { api, unwrap } from '../api/client';

/** The conversation list, searched by `q`. */
export function useConversations(q: string) {
  return useQuery({
    queryKey: ['conversations', q],
    queryFn: async () => unwrap(await api.GET('/v1/conversations', { params: { query: { limit: 50, ...(q ? { q } : {}) } } })),
  });
}

/** One customer's row (found through the list's search). */
export function useConversation(customer: string) {
  const list = useConversations(customer);
  return list.data?.data.find((c) => c.wa_id === customer) ?? null;
}

/** One customer's messages, newest page first; older pages on demand. */
export function useMessages(customer: string) {
  return useInfiniteQuery({
    queryKey: ['messages', customer],
    initialPageParam: '',
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/v1/conversations/{customer}/messages', {
      params: { path: { customer }, query: { limit: 50, ...(pageParam ? { before: pageParam } : {}) } },
    })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Marks the conversation read (the unread badge clears for every agent). */
export async function markRead(customer: string): Promise<void> {
  await api.POST('/v1/conversations/{customer}/read', { params: { path: { customer } } });
}
