/**
 * Usage (admins only): messages sent per day by what Meta bills them as, received, and failures by reason, with a
 * chart and a CSV download; all from `GET /v1/usage` (the download is the same route with format=csv).
 */
import { useQuery } from '@tanstack/preact-query';
import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import { lastThirtyDays } from './days';
import { CATEGORY_COLOURS, UsageChart } from './usage-chart';
import './usage.css';

/** The usage answer. */
export type UsageReport = components['schemas']['Usage'];

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function Report({ report }: { report: UsageReport }) {
  const { t } = useI18n();
  const categories = CATEGORY_COLOURS.map(([c]) => c);
  const row = (label: string, counts: UsageReport['totals'], header = false) => (
    <tr key={label}>
      {header ? <th scope="row">{label}</th> : <td>{label}</td>}
      <td>{counts.received}</td>
      {categories.map((c) => <td key={c}>{counts.sent[c]}</td>)}
      <td>{categories.reduce((sum, c) => sum + counts.sent[c], 0)}</td>
      <td>{counts.failed}</td>
    </tr>
  );
  return (
    <>
      <UsageChart report={report} />
      <table class="usage">
        <thead><tr><th>{t('usage.date')}</th><th>{t('usage.received')}</th>{categories.map((c) => <th key={c}>{t(`usage.cat.${c}`)}</th>)}<th>{t('usage.total')}</th><th>{t('usage.failed')}</th></tr></thead>
        <tbody>{[...report.days].reverse().map((d) => row(d.date, d))}</tbody>
        <tfoot>{row(t('usage.total'), report.totals, true)}</tfoot>
      </table>
      <h2>{t('usage.failures')}</h2>
      {report.failures.length === 0 ? <p>{t('usage.noFailures')}</p> : (
        <table class="failures">
          <thead><tr><th>{t('usage.reason')}</th><th>{t('usage.count')}</th></tr></thead>
          <tbody>{report.failures.map((f) => <tr key={`${f.code ?? ''}${f.reason}`}><td>{f.code === null ? '' : `${f.code}: `}{f.reason}</td><td>{f.count}</td></tr>)}</tbody>
        </table>
      )}
    </>
  );
}

function Usage() {
  const { t } = useI18n();
  const [range, setRange] = useState(() => {
    const timeZone = browserZone();
    return { ...lastThirtyDays(Date.now(), timeZone), timeZone };
  });
  const [draft, setDraft] = useState(range);
  const report = useQuery({
    queryKey: ['usage', range],
    queryFn: async () => unwrap(await api.GET('/v1/usage', { params: { query: { from: range.from, to: range.to, time_zone: range.timeZone } } })),
  });
  const csv = `/v1/usage?${new URLSearchParams({ from: range.from, to: range.to, time_zone: range.timeZone, format: 'csv' }).toString()}`;
  const input = (key: keyof typeof draft) => (e: Event) => setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value });
  return (
    <>
      <p class="hint">{t('usage.billing')}</p>
      <form class="row" onSubmit={(e) => { e.preventDefault(); setRange(draft); }}>
        <label>{t('usage.from')}<input type="date" value={draft.from} onInput={input('from')} /></label>
        <label>{t('usage.to')}<input type="date" value={draft.to} onInput={input('to')} /></label>
        <label>{t('usage.timeZone')}<input value={draft.timeZone} onInput={input('timeZone')} /></label>
        <button type="submit">{t('usage.show')}</button>
        <a href={csv} download>{t('usage.csv')}</a>
      </form>
      {report.error ? <p role="alert" class="error">{report.error.message}</p> : null}
      {report.data ? <Report report={report.data} /> : null}
    </>
  );
}

/** The usage route. */
export function UsagePage() {
  const { t } = useI18n();
  return (
    <main class="usage-page">
      <h1>{t('usage.title')}</h1>
      <Usage />
    </main>
  );
}
