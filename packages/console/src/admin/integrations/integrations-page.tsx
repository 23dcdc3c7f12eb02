/**
 * Integrations (admins only): one card per platform saying what to paste where (this Kaiku's address and an API
 * key), the Power Platform files made for this deployment, HubSpot's install button, how to install the n8n node,
 * and each platform's subscriptions with their health.
 */
import { useQuery } from '@tanstack/preact-query';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import { useSubscriptionOverview } from '../deliveries/queries';
import '../deliveries/deliveries.css';

type Platform = components['schemas']['SubscriptionOverview']['platform'];
type Integrations = components['schemas']['Integrations'];

function PlatformSubscriptions({ platform }: { platform: Platform }) {
  const { t, dateTime } = useI18n();
  const overview = useSubscriptionOverview();
  const mine = (overview.data?.data ?? []).filter((s) => s.platform === platform);
  if (mine.length === 0) return <p>{t('integrations.noSubscriptions', { platform: t(`platform.${platform}`) })}</p>;
  return (
    <details open>
      <summary>{t('integrations.subscriptions', { count: mine.length })}</summary>
      <ul>{mine.map((s) => (
        <li key={s.id}>
          <span class={`state state-${s.health.state}`}>{t(`state.${s.health.state}`)}</span> {s.event} → <code>{s.target_url ?? 'HubSpot'}</code>
          {s.health.last_error ? <small class="error-text">{s.health.last_error}</small> : null}
          {s.health.last_success_at ? <small>{t('deliveries.lastSuccess')}: {dateTime(s.health.last_success_at)}</small> : null}
        </li>
      ))}</ul>
    </details>
  );
}

function Card({ platform, children }: { platform: Platform; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <li class="card" aria-labelledby={`card-${platform}`}>
      <h2 id={`card-${platform}`}>{t(`platform.${platform}`)}</h2>
      {children}
      <PlatformSubscriptions platform={platform} />
    </li>
  );
}

function Address({ info }: { info: Integrations }) {
  const { t } = useI18n();
  return (
    <dl>
      <dt>{t('integrations.url')}</dt><dd><code>{info.kaiku_url}</code></dd>
      <dt>{t('integrations.key')}</dt><dd>{t('integrations.keyHint')}</dd>
    </dl>
  );
}

function HubspotInstall({ info }: { info: Integrations }) {
  const { t } = useI18n();
  const [error, setError] = useState('');
  if (info.hubspot.connected) return <p>{t('integrations.hubspotConnected', { portal: info.hubspot.portal_id ?? '' })}</p>;
  if (!info.hubspot.app_configured) return <p>{t('integrations.hubspotNotConfigured')}</p>;
  const install = async () => {
    try {
      window.location.assign(unwrap(await api.POST('/v1/integrations/hubspot/install-link')).url);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return <>
    <button type="button" onClick={install}>{t('integrations.hubspotInstall')}</button>
    {error ? <p role="alert" class="error">{error}</p> : null}
  </>;
}

function Cards({ info }: { info: Integrations }) {
  const { t } = useI18n();
  return (
    <ul class="cards">
      <Card platform="zapier"><p>{t('integrations.zapier')}</p><Address info={info} /></Card>
      <Card platform="power_automate">
        <p>{t('integrations.powerAutomate')}</p>
        <ul>{info.power_platform.files.map((f) => <li key={f.name}><a href={f.path} download={f.name}>{t('integrations.download', { name: f.name })}</a></li>)}</ul>
        <Address info={info} />
      </Card>
      <Card platform="hubspot"><p>{t('integrations.hubspot')}</p><HubspotInstall info={info} /></Card>
      <Card platform="n8n"><p>{t('integrations.n8n', { package: info.n8n.package })}</p><Address info={info} /></Card>
    </ul>
  );
}

/** The integrations route. */
export function IntegrationsPage() {
  const { t } = useI18n();
  const info = useQuery({ queryKey: ['integrations'], queryFn: async () => unwrap(await api.GET('/v1/integrations')) });
  return (
    <main class="integrations">
      <h1>{t('integrations.title')}</h1>
      {info.data && !info.data.public_url_set ? <p role="note">{t('integrations.noPublicUrl')}</p> : null}
      {info.data ? <Cards info={info.data} /> : null}
    </main>
  );
}
