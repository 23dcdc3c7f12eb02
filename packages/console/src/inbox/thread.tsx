/** A conversation: its messages oldest to newest, older pages on demand, marked read as it is seen. */
import { useQueryClient } from '@tanstack/preact-query';
import { useEffect, useRef } from 'preact/hooks';
import type { Conversation } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Bubble } from './bubble';
import { Composer } from './composer';
import { markRead, useMessages } from './queries';

/** The thread of one customer. */
export function Thread({ customer, conversation }: { customer: string; conversation: Conversation | null }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const messages = useMessages(customer);
  const end = useRef<HTMLDivElement>(null);
  const all = (messages.data?.pages.flatMap((p) => p.data) ?? []).slice().reverse();
  const unread = conversation?.unread_count ?? 0;

  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [all.length]);
  useEffect(() => {
    if (unread > 0) void markRead(customer).then(() => client.invalidateQueries({ queryKey: ['conversations'] }));
  }, [customer, unread]);

  const name = conversation?.profile_name ?? `+${customer}`;
  return (
    <section class="thread" aria-label={t('thread.messages', { name })}>
      <h2>{name} {conversation?.profile_name ? <small>+{customer}</small> : null}</h2>
      {messages.hasNextPage ? <button type="button" onClick={() => void messages.fetchNextPage()}>{t('thread.loadOlder')}</button> : null}
      <ol class="messages">{all.map((m) => <Bubble key={m.id} m={m} />)}</ol>
      <div ref={end} />
      <Composer customer={customer} conversation={conversation} />
    </section>
  );
}
