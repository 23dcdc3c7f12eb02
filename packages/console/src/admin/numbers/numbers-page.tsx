/** WhatsApp numbers (admins only): the connected numbers with their state at Meta, and the connect form. */
import { useQuery } from '@tanstack/preact-query';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import '../admin.css';
import { ConnectForm } from './connect-form';
import { NumberRow } from './number-row';

function Numbers() {
  const { t } = useI18n();
  const numbers = useQuery({ queryKey: ['phone-numbers'], queryFn: async () => unwrap(await api.GET('/v1/phone-numbers')) });
  const rows = numbers.data?.data ?? [];
  return (
    <>
      <section>
        {numbers.data !== undefined && rows.length === 0 ? <p>{t('numbers.none')}</p> : (
          <table aria-label={t('numbers.title')}>
            <thead><tr>
              <th scope="col">{t('numbers.number')}</th><th scope="col">{t('numbers.name')}</th><th scope="col">{t('numbers.quality')}</th>
              <th scope="col">{t('numbers.limit')}</th><th scope="col">{t('numbers.webhook')}</th><th scope="col" />
            </tr></thead>
            <tbody>{rows.map((n) => <NumberRow key={n.id} id={n.id} display={n.display_phone_number} />)}</tbody>
          </table>
        )}
      </section>
      <ConnectForm />
    </>
  );
}

/** The numbers route. */
export function NumbersPage() {
  const { t } = useI18n();
  return (
    <main class="admin">
      <h1>{t('numbers.title')}</h1>
      <Numbers />
    </main>
  );
}
