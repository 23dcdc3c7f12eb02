/** Every approved template as the customer sees it, with category, language and status. */
import { useI18n } from '../i18n/i18n';
import { useTemplates } from './queries';

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
            </dl>
            <p class="bubble outbound">{x.preview}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
