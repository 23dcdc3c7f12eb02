/** Dead letters (replay one, or all) and quarantined webhooks from WhatsApp (with their error, and a retry). */
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { useAction } from './use-action';
import { useDeadLetters, useQuarantine, useSubscriptionOverview } from './queries';

/** The dead letters: deliveries Kaiku gave up on after 24 hours of retries. */
export function DeadLetters() {
  const { t, dateTime } = useI18n();
  const dead = useDeadLetters();
  const overview = useSubscriptionOverview();
  const targets = new Map((overview.data?.data ?? []).map((s) => [s.id, s.target_url ?? s.id]));
  const action = useAction();
  const rows = dead.data?.data ?? [];
  const subscriptions = [...new Set(rows.map((d) => d.subscription_id))];
  const replayAll = () => action.run(async () => {
    let count = 0;
    for (const id of subscriptions) count += unwrap(await api.POST('/v1/subscriptions/{id}/replay-dead', { params: { path: { id } } })).replayed;
    return t('deliveries.replayed', { count });
  });
  return (
    <section aria-labelledby="dead-title">
      <h2 id="dead-title">{t('dead.title')}</h2>
      {rows.length === 0 ? <p>{t('dead.none')}</p> : <>
        <button type="button" onClick={replayAll}>{t('dead.replayAll')}</button>
        <table>
          <thead><tr><th scope="col">{t('dead.created')}</th><th scope="col">{t('dead.subscription')}</th><th scope="col">{t('deliveries.event')}</th><th scope="col">{t('dead.error')}</th><th scope="col" /></tr></thead>
          <tbody>{rows.map((d) => (
            <tr key={d.id}>
              <td>{dateTime(d.created_at)}</td><td>{targets.get(d.subscription_id) ?? d.subscription_id}</td><td>{d.event_type} · {d.event_id}</td><td class="error-text">{d.last_error ?? ''}</td>
              <td><button type="button" aria-label={`${t('dead.replay')} ${d.event_id}`} onClick={() => action.run(async () => t('deliveries.replayed', {
                count: unwrap(await api.POST('/v1/deliveries/dead/{id}/replay', { params: { path: { id: d.id } } })).replayed,
              }))}>{t('dead.replay')}</button></td>
            </tr>
          ))}</tbody>
        </table>
      </>}
      {action.message ? <p role="status">{action.message}</p> : null}
      {action.error ? <p role="alert" class="error">{action.error}</p> : null}
    </section>
  );
}

/** Webhooks from WhatsApp that could not be applied, kept aside with their error and raw body. */
export function Quarantine() {
  const { t, dateTime } = useI18n();
  const quarantine = useQuarantine();
  const action = useAction();
  const rows = quarantine.data?.data ?? [];
  return (
    <section aria-labelledby="quarantine-title">
      <h2 id="quarantine-title">{t('quarantine.title')}</h2>
      {rows.length === 0 ? <p>{t('quarantine.none')}</p> : (
        <table>
          <thead><tr><th scope="col">{t('quarantine.received')}</th><th scope="col">{t('quarantine.error')}</th><th scope="col">{t('quarantine.attempts')}</th><th scope="col">{t('quarantine.body')}</th><th scope="col" /></tr></thead>
          <tbody>{rows.map((q) => (
            <tr key={q.id}>
              <td>{dateTime(q.received_at)}</td><td class="error-text">{q.error}</td><td>{q.attempts}</td>
              <td><details><summary>{q.body_bytes} B</summary><pre>{q.body_preview}</pre></details></td>
              <td><button type="button" aria-label={`${t('quarantine.retry')} ${q.id}`} onClick={() => action.run(async () => {
                unwrap(await api.POST('/v1/webhooks/quarantine/{id}/retry', { params: { path: { id: q.id } } }));
                return t('quarantine.queued');
              })}>{t('quarantine.retry')}</button></td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {action.message ? <p role="status">{action.message}</p> : null}
      {action.error ? <p role="alert" class="error">{action.error}</p> : null}
    </section>
  );
}
