/**
 * "Test it": what the customer would receive now (or at a chosen time) from the rules, through the dry run
 * `POST /v1/automations/test`. Nothing is sent or recorded; a reply-fetch rule's URL is called, and shown.
 */
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { AutomationInput, TestResult } from './draft';

/** What to test: an unsaved rule, a saved one, or every enabled rule of a number. */
export type TestTarget = { rule: AutomationInput } | { automation_id: string } | { phone_number_id: string };

type Reply = { text?: string; media?: { url?: string; caption?: string }; buttons?: { body?: string; choices?: Array<{ title?: string }> } };

/** The reply as the customer would read it. */
function ReplyPreview({ reply }: { reply: Reply }) {
  const buttons = reply.buttons?.choices ?? [];
  return (
    <blockquote class="bubble outbound test-reply">
      {reply.media?.url ? <p>[{reply.media.url}]</p> : null}
      <p>{reply.text ?? reply.buttons?.body ?? reply.media?.caption ?? ''}</p>
      {buttons.map((b) => <span key={b.title} class="chip">{b.title}</span>)}
    </blockquote>
  );
}

function Result({ result }: { result: TestResult }) {
  const { t } = useI18n();
  return (
    <div role="status" aria-label={t('auto.testTitle')}>
      {result.reply ? <><p>{t('auto.testReply')}</p><ReplyPreview reply={result.reply as Reply} /></> : <p>{t('auto.testNothing')}</p>}
      <ul class="verdicts">
        {result.rules.map((r, i) => <li key={i}><strong>{r.name}</strong>: {t(`auto.outcome.${r.outcome}`)}{r.detail ? ` (${r.detail})` : ''}</li>)}
      </ul>
      {result.called_urls.length > 0 ? <p>{t('auto.testCalled', { urls: result.called_urls.join(', ') })}</p> : null}
      <p class="hint">{t('auto.testSentNothing')}</p>
    </div>
  );
}

/** The panel: a sample message, an optional customer and time, the button and the verdict. */
export function TestPanel({ target, onErrors }: { target: TestTarget; onErrors?(body: unknown, status: number): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [from, setFrom] = useState('');
  const [at, setAt] = useState('');
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState('');
  const run = async () => {
    const message = { text, ...(from ? { from: from.replace(/^\+/, '') } : {}) };
    const outcome = await api.POST('/v1/automations/test', { body: { ...target, message, ...(at ? { at: new Date(at).toISOString() } : {}) } });
    if (outcome.data === undefined) {
      setResult(null);
      const body = outcome.error as { error?: { message?: string } } | undefined;
      setError(body?.error?.message ?? `HTTP ${outcome.response.status}`);
      onErrors?.(outcome.error, outcome.response.status);
      return;
    }
    setError('');
    setResult(outcome.data);
  };
  return (
    <section class="test-panel" aria-label={t('auto.testTitle')}>
      <h3>{t('auto.testTitle')}</h3>
      <label>{t('auto.testText')}<input value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} /></label>
      <label>{t('auto.testFrom')}<input value={from} inputMode="tel" onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} /></label>
      <label>{t('auto.testAt')}<input type="datetime-local" value={at} onInput={(e) => setAt((e.currentTarget as HTMLInputElement).value)} /></label>
      <button type="button" onClick={run}>{t('auto.test')}</button>
      {error ? <p role="alert" class="error">{error}</p> : null}
      {result ? <Result result={result} /> : null}
    </section>
  );
}
