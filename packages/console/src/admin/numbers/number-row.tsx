/** One connected number: its state at Meta, rotating its token, disconnecting it. */
import { useQuery, useQueryClient } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { ConnectStep, NumberStatus } from '../admin-types';
import { messageOfError, StepsList, stepsOfError } from '../steps-list';

function WebhookCell({ webhook }: { webhook: NumberStatus['webhook'] }) {
  const { t } = useI18n();
  return <>{t(`numbers.webhook.${webhook.state}`, { url: webhook.callback_url ?? '' })}</>;
}

function RotateForm({ id, onDone }: { id: string; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const [steps, setSteps] = useState<ConnectStep[]>([]);
  const [error, setError] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const secret = String(form.get('app_secret') ?? '').trim();
    const answer = await api.PUT('/v1/phone-numbers/{id}/token', {
      params: { path: { id } }, body: { access_token: String(form.get('access_token') ?? '').trim(), ...(secret ? { app_secret: secret } : {}) },
    });
    setSteps(answer.data?.steps ?? stepsOfError(answer.error));
    setError(answer.data === undefined && stepsOfError(answer.error).length === 0 ? messageOfError(answer.error, answer.response.statusText) : '');
    if (answer.data !== undefined) await onDone();
  };
  return (
    <form onSubmit={submit}>
      <label>{t('numbers.newToken')}<input name="access_token" type="password" required autocomplete="off" /></label>
      <label>{t('numbers.newSecret')}<input name="app_secret" type="password" autocomplete="off" /></label>
      <button type="submit">{t('numbers.rotateSubmit')}</button>
      <StepsList steps={steps} />
      {error ? <p role="alert" class="error">{error}</p> : null}
    </form>
  );
}

/** A table row (and, when opened, a row below it with the rotate form or the disconnect confirmation). */
export function NumberRow({ id, display }: { id: string; display: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [open, setOpen] = useState<'none' | 'rotate' | 'disconnect'>('none');
  const [error, setError] = useState('');
  const status = useQuery({ queryKey: ['phone-numbers', id], queryFn: async () => unwrap(await api.GET('/v1/phone-numbers/{id}', { params: { path: { id } } })) });
  const refresh = () => client.invalidateQueries({ queryKey: ['phone-numbers'] });
  const disconnect = async () => {
    const answer = await api.DELETE('/v1/phone-numbers/{id}', { params: { path: { id } } });
    if (answer.response.ok) await refresh();
    else setError(messageOfError(answer.error, answer.response.statusText));
  };
  const s = status.data;
  return (
    <>
      <tr>
        <th scope="row">{display}</th>
        <td>{s?.verified_name ?? '—'}</td>
        <td class={`quality-${s?.quality_rating ?? ''}`}>{s === undefined ? t('numbers.checking') : s.quality_rating ?? '—'}</td>
        <td>{s?.messaging_limit ?? '—'}</td>
        <td>{s === undefined ? '' : <WebhookCell webhook={s.webhook} />}{s?.problem ? <p class="error">{s.problem}</p> : null}</td>
        <td>
          <button type="button" class="linkish" aria-expanded={open === 'rotate'} onClick={() => setOpen(open === 'rotate' ? 'none' : 'rotate')}>{t('numbers.rotate')}</button>{' '}
          <button type="button" class="linkish" onClick={() => setOpen('disconnect')}>{t('numbers.disconnect')}</button>
        </td>
      </tr>
      {open === 'none' ? null : (
        <tr><td colSpan={6}>
          {open === 'rotate' ? <RotateForm id={id} onDone={refresh} /> : (
            <p>
              <button type="button" onClick={disconnect}>{t('numbers.confirmDisconnect', { number: display })}</button>{' '}
              <button type="button" class="linkish" onClick={() => setOpen('none')}>{t('numbers.cancel')}</button>
            </p>
          )}
          {error ? <p role="alert" class="error">{error}</p> : null}
        </td></tr>
      )}
    </>
  );
}
