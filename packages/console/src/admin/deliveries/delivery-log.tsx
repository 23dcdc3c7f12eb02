/** A subscription's delivery log: each event with every attempt's status code or error and duration, and the next try. */
import { useInfiniteQuery } from '@tanstack/preact-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import { DELIVERIES } from './queries';

type Schemas = components['schemas'];

function Attempts({ log }: { log: Schemas['DeliveryAttempt'][] }) {
  const { t, dateTime } = useI18n();
  return (
    <ul class="attempts">{log.map((a) => (
      <li key={a.attempt} class={`outcome-${a.outcome}`}>
        {t('log.attempt', { n: a.attempt, at: dateTime(a.at), ms: a.duration_ms, result: a.status_code === null ? t('log.noAnswer') : `HTTP ${a.status_code}` })}
        {a.error ? <> — {a.error}</> : null}
      </li>
    ))}</ul>
  );
}

/** The log of one subscription, newest first, with "show older". */
export function DeliveryLog({ subscription, onClose }: { subscription: Schemas['SubscriptionOverview']; onClose: () => void }) {
  const { t, dateTime } = useI18n();
  const log = useInfiniteQuery({
    queryKey: [DELIVERIES, 'log', subscription.id],
    initialPageParam: '',
    refetchInterval: 5_000,
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/v1/subscriptions/{id}/deliveries', {
      params: { path: { id: subscription.id }, query: pageParam === '' ? { limit: 25 } : { limit: 25, cursor: pageParam } },
    })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = log.data?.pages.flatMap((p) => p.data) ?? [];
  const title = t('log.title', { target: subscription.target_url ?? '' });
  return (
    <section class="log" aria-label={title}>
      <h3>{title}</h3>
      <button type="button" class="linkish" onClick={onClose}>{t('log.close')}</button>
      {log.isSuccess && rows.length === 0 ? <p>{t('log.empty')}</p> : (
        <table>
          <thead><tr>
            <th scope="col">{t('log.when')}</th><th scope="col">{t('log.what')}</th><th scope="col">{t('log.status')}</th>
            <th scope="col">{t('log.attempts')}</th><th scope="col">{t('log.next')}</th>
          </tr></thead>
          <tbody>{rows.map((d) => (
            <tr key={d.id}>
              <td>{dateTime(d.created_at)}</td>
              <td>{d.test ? <span class="chip">{t('log.test')}</span> : null}{d.summary}</td>
              <td>{t(`delivery.${d.state}`)}</td>
              <td><Attempts log={d.log} /></td>
              <td>{d.next_attempt_at ? dateTime(d.next_attempt_at) : d.state === 'pending' ? t('log.held') : ''}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {log.hasNextPage ? <button type="button" onClick={() => log.fetchNextPage()}>{t('log.older')}</button> : null}
    </section>
  );
}
