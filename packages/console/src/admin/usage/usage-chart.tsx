/** A small SVG chart of usage per day: a stacked bar of sent messages by category, and a dot for received. */
import { useI18n } from '../../i18n/i18n';
import type { UsageReport } from './usage-page';

/** The categories in stacking order, with their colours (distinct, readable on white). */
export const CATEGORY_COLOURS = [
  ['marketing', '#c2410c'], ['utility', '#1d4ed8'], ['authentication', '#7e22ce'], ['service', '#15803d'], ['unknown', '#6b7280'],
] as const;

const WIDTH = 720;
const HEIGHT = 200;
const PAD = 24;

/** The chart, with a legend; the numbers themselves are in the table below it. */
export function UsageChart({ report }: { report: UsageReport }) {
  const { t } = useI18n();
  const sentOf = (d: UsageReport['days'][number]) => CATEGORY_COLOURS.reduce((sum, [c]) => sum + d.sent[c], 0);
  const max = Math.max(1, ...report.days.map((d) => Math.max(sentOf(d), d.received)));
  const slot = (WIDTH - PAD) / Math.max(1, report.days.length);
  const bar = Math.max(2, slot * 0.7);
  const y = (n: number) => HEIGHT - PAD - (n / max) * (HEIGHT - 2 * PAD);
  return (
    <figure class="usage-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('usage.chart')}>
        <line x1={PAD} x2={WIDTH} y1={HEIGHT - PAD} y2={HEIGHT - PAD} stroke="#8a9099" />
        <text x={2} y={PAD} font-size="11">{max}</text>
        {report.days.map((d, i) => {
          let base = 0;
          const x = PAD + i * slot + (slot - bar) / 2;
          return (
            <g key={d.date}>
              <title>{`${d.date}: ${sentOf(d)} / ${d.received}`}</title>
              {CATEGORY_COLOURS.map(([c, colour]) => {
                const n = d.sent[c];
                if (n === 0) return null;
                const rect = <rect key={c} x={x} width={bar} y={y(base + n)} height={y(base) - y(base + n)} fill={colour} />;
                base += n;
                return rect;
              })}
              {d.received > 0 ? <circle cx={x + bar / 2} cy={y(d.received)} r={3} fill="#111" /> : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {CATEGORY_COLOURS.map(([c, colour]) => <span key={c} class="legend"><i style={{ background: colour }} />{t(`usage.cat.${c}`)}</span>)}
        <span class="legend"><i class="dot" />{t('usage.received')}</span>
      </figcaption>
    </figure>
  );
}
