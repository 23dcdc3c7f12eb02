/** Connect a number: WABA id, phone number id, access token and app secret; each step's result in plain words. */
import { useQueryClient } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { ConnectStep } from '../admin-types';
import { messageOfError, StepsList, stepsOfError } from '../steps-list';

/** The form; the answer's steps stay shown below it. */
export function ConnectForm() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [steps, setSteps] = useState<ConnectStep[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    setError('');
    const answer = await api.POST('/v1/phone-numbers', {
      body: { waba_id: field('waba_id'), phone_number_id: field('phone_number_id'), access_token: field('access_token'), app_secret: field('app_secret') },
    });
    setBusy(false);
    if (answer.data !== undefined) {
      setSteps(answer.data.steps);
      formElement.reset();
      await client.invalidateQueries({ queryKey: ['phone-numbers'] });
      return;
    }
    const failed = stepsOfError(answer.error);
    setSteps(failed);
    if (failed.length === 0) setError(messageOfError(answer.error, answer.response.statusText));
  };

  return (
    <section aria-labelledby="connect-title">
      <form onSubmit={submit}>
        <fieldset>
          <legend id="connect-title">{t('numbers.connect')}</legend>
          <p class="hint">{t('numbers.hint')}</p>
          <label>{t('numbers.wabaId')}<input name="waba_id" required inputMode="numeric" autocomplete="off" /></label>
          <label>{t('numbers.phoneNumberId')}<input name="phone_number_id" required inputMode="numeric" autocomplete="off" /></label>
          <label>{t('numbers.accessToken')}<input name="access_token" type="password" required autocomplete="off" /></label>
          <label>{t('numbers.appSecret')}<input name="app_secret" type="password" required autocomplete="off" /></label>
          <button type="submit" disabled={busy}>{busy ? t('numbers.connecting') : t('numbers.connectSubmit')}</button>
        </fieldset>
      </form>
      <StepsList steps={steps} />
      {error ? <p role="alert" class="error">{error}</p> : null}
    </section>
  );
}
