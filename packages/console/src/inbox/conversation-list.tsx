/** The conversation list: search, newest activity first, unread counts. */
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import { Link } from '../ui/link';
import { useConversations } from './queries';

/** The list beside the thread. */
export function ConversationList({ current }: { current: string | null }) {
  const { t, dateTime } = useI18n();
  const [q, setQ] = useState('');
  const list = useConversations(q);
  return (
    <section class="list" aria-label={t('inbox.conversations')}>
      <input type="search" aria-label={t('inbox.search')} placeholder={t('inbox.search')} value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
      {list.data?.data.length === 0 ? <p>{t('inbox.empty')}</p> : null}
      <ul>
        {list.data?.data.map((c) => (
          <li key={c.wa_id}>
            <Link href={`/inbox/${encodeURIComponent(c.wa_id)}`} current={c.wa_id === current}>
              <span class="name">{c.profile_name ?? `+${c.wa_id}`}</span>
              {c.unread_count > 0 ? <span class="badge" aria-label={t('inbox.unread', { count: c.unread_count })}>{c.unread_count}</span> : null}
              <span class="snippet">{c.last_message?.text ?? c.last_message?.type ?? ''}</span>
              {c.last_activity_at ? <time dateTime={c.last_activity_at}>{dateTime(c.last_activity_at)}</time> : null}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
