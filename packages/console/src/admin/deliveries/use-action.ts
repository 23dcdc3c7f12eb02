/** An action of the Deliveries page: run it, refresh the page's data, and say what happened or what went wrong. */
import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n/i18n';
import { useRefreshDeliveries } from './queries';

/** Runs an action, then refreshes the page's data and says what happened (or what went wrong). */
export function useAction(): { run: (work: () => Promise<string>) => Promise<void>; message: string; error: string } {
  const refresh = useRefreshDeliveries();
  const { t } = useI18n();
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const run = async (work: () => Promise<string>) => {
    setError('');
    try {
      setMessage(await work());
    } catch (failure) {
      setMessage('');
      setError(t('error.generic', { message: (failure as Error).message }));
    }
    await refresh();
  };
  return { run, message, error };
}
