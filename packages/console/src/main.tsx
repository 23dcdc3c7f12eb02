/** Starts the console: query cache, language, app. */
import { QueryClient, QueryClientProvider } from '@tanstack/preact-query';
import { render } from 'preact';
import { App } from './app';
import { I18nProvider } from './i18n/i18n';
import './styles.css';

const client = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } } });
const root = document.getElementById('app');
if (root !== null) {
  render(
    <QueryClientProvider client={client}>
      <I18nProvider><App /></I18nProvider>
    </QueryClientProvider>,
    root,
  );
}
