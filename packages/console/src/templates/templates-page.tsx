/** Every approved template as the customer sees it (sample values filled in), with category, language, status and quality. */
import { useI18n } from '../i18n/i18n';
import type { Key } from '../i18n/messages';
import { fillPreview } from '../inbox/template-form';
import { useTemplates } from './queries';

const QUALITY: Readonly<Record<string, Key>> = { GREEN: 'templates.quality.GREEN', YELLOW: 'templates.quality.YELLOW', RED: 'templates.quality.RED' };

/** The templates route. */
export function TemplatesPage() {
  const { t } = useI18n();
  const templates = useTemplates();
  return (
    <main class="templates">
      <h1>{t('templates.title')}</h1>
      <ul class="cards">
        {templates.data?.data.map((x) => (
          <li key={x.id} class="card">
            <h2>{x.name}</h2>
            <dl>
              <dt>{t('templates.category')}</dt><dd>{x.category}</dd>
              <dt>{t('templates.language')}</dt><dd>{x.language}</dd>
              <dt>{t('templates.status')}</dt><dd>{x.status}</dd>
              <dt>{t('templates.quality')}</dt>
              <dd><span class={`quality quality-${(x.quality ?? 'UNKNOWN').toLowerCase()}`}>{t(QUALITY[x.quality ?? ''] ?? 'templates.quality.UNKNOWN')}</span></dd>
            </dl>
            <p class="bubble outbound">{fillPreview(x.preview ?? '', Object.fromEntries((x.inputs ?? []).map((input) => [input.key, input.example ?? ''])))}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
