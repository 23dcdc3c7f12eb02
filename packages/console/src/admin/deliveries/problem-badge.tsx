/** The navigation's Deliveries link with a badge counting problems (failing or paused subscriptions, dead letters, quarantined webhooks). */
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../ui/link';
import { useDeliverySummary } from './queries';
import './deliveries.css';

/** The Deliveries link; the badge shows only when something needs a person. */
export function DeliveriesNavLink({ current }: { current: boolean }) {
  const { t } = useI18n();
  const summary = useDeliverySummary(true);
  const problems = summary.data?.problems ?? 0;
  return (
    <Link href="/deliveries" current={current}>
      {t('nav.deliveries')}
      {problems > 0 ? <span class="nav-badge" role="status" aria-label={t('nav.problems', { count: problems })}>{problems}</span> : null}
    </Link>
  );
}
