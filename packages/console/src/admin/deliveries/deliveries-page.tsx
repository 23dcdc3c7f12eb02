/**
 * Deliveries (admins only): every subscription with its health and the actions on it (pause, resume, a test event,
 * its delivery log, replaying its dead letters), then the dead letters and the quarantined webhooks. Every action is
 * a documented `/v1` call.
 */
import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import { DeliveryLog } from './delivery-log';
import { DeadLetters, Quarantine } from './problems';
import { useSubscriptionOverview } from './queries';
import { useAction } from './use-action';
import './deliveries.css';

type Overview = components['schemas']['SubscriptionOverview'];

function Row({ s, onLog, action }: { s: Overview; onLog: () => void; action: ReturnType<typeof useAction> }) {
  const { t, dateTime } = useI18n();
  const path = { params: { path: { id: s.id } } };
  const target = s.target_url ?? t('platform.hubspot');
  const h = s.health;
  return (
    <tr>
      <th scope="row" class="target">{target}</th>
      <td>{s.event}</td>
      <td>{t(`platform.${s.platform}`)}</td>
      <td><span class={`state state-${h.state}`}>{t(`state.${h.state}`)}</span>{h.paused_reason ? <small>{h.paused_reason}</small> : null}</td>
      <td>{h.last_success_at ? dateTime(h.last_success_at) : t('deliveries.never')}</td>
      <td class="error-text">{h.last_error ?? ''}</td>
      <td>{h.consecutive_failures}</td>
      <td>{h.pending}</td>
      <td>{h.dead}</td>
      <td><div class="actions">
        {s.http ? <>
          {h.state === 'active'
            ? <button type="button" aria-label={`${t('deliveries.pause')} ${target}`} onClick={() => action.run(async () => { unwrap(await api.POST('/v1/subscriptions/{id}/pause', path)); return `${t('state.paused')}: ${target}`; })}>{t('deliveries.pause')}</button>
            : <button type="button" aria-label={`${t('deliveries.resume')} ${target}`} onClick={() => action.run(async () => { unwrap(await api.POST('/v1/subscriptions/{id}/resume', path)); return `${t('state.active')}: ${target}`; })}>{t('deliveries.resume')}</button>}
          <button type="button" aria-label={`${t('deliveries.test')} ${target}`} onClick={() => action.run(async () => t('deliveries.testQueued', { id: unwrap(await api.POST('/v1/subscriptions/{id}/test', path)).event_id }))}>{t('deliveries.test')}</button>
          <button type="button" aria-label={`${t('deliveries.showLog')} ${target}`} onClick={onLog}>{t('deliveries.showLog')}</button>
          {h.dead > 0 ? <button type="button" aria-label={`${t('deliveries.replayAllOf')} ${target}`} onClick={() => action.run(async () => t('deliveries.replayed', { count: unwrap(await api.POST('/v1/subscriptions/{id}/replay-dead', path)).replayed }))}>{t('deliveries.replayAllOf')}</button> : null}
        </> : null}
      </div></td>
    </tr>
  );
}

function Subscriptions() {
  const { t } = useI18n();
  const overview = useSubscriptionOverview();
  const action = useAction();
  const [logOf, setLogOf] = useState<string | null>(null);
  const rows = overview.data?.data ?? [];
  const shown = rows.find((s) => s.id === logOf);
  return (
    <section aria-labelledby="subscriptions-title">
      <h2 id="subscriptions-title">{t('deliveries.subscriptions')}</h2>
      {overview.isSuccess && rows.length === 0 ? <p>{t('deliveries.none')}</p> : (
        <div class="scroll">
          <table>
            <thead><tr>
              <th scope="col">{t('deliveries.target')}</th><th scope="col">{t('deliveries.event')}</th><th scope="col">{t('deliveries.platform')}</th>
              <th scope="col">{t('deliveries.state')}</th><th scope="col">{t('deliveries.lastSuccess')}</th><th scope="col">{t('deliveries.lastError')}</th>
              <th scope="col">{t('deliveries.failures')}</th><th scope="col">{t('deliveries.pending')}</th><th scope="col">{t('deliveries.dead')}</th>
              <th scope="col">{t('deliveries.actions')}</th>
            </tr></thead>
            <tbody>{rows.map((s) => <Row key={s.id} s={s} action={action} onLog={() => setLogOf(logOf === s.id ? null : s.id)} />)}</tbody>
          </table>
        </div>
      )}
      {action.message ? <p role="status">{action.message}</p> : null}
      {action.error ? <p role="alert" class="error">{action.error}</p> : null}
      {shown ? <DeliveryLog subscription={shown} onClose={() => setLogOf(null)} /> : null}
    </section>
  );
}

/** The deliveries route. */
export function DeliveriesPage() {
  const { t } = useI18n();
  return (
    <main class="deliveries">
      <h1>{t('deliveries.title')}</h1>
      <Subscriptions /><DeadLetters /><Quarantine />
    </main>
  );
}
