/** The out-of-hours part of a rule's form: time zone, opening periods per weekday, and exception dates with theirs. */
import { useI18n } from '../../i18n/i18n';
import type { DayHours, Draft, Period, Weekday } from './draft';
import { WEEKDAYS } from './draft';
import type { FieldErrors } from './field-errors';
import { errorAttrs, FieldError, Group, TextField } from './fields';

interface Props {
  draft: Draft;
  errors: FieldErrors;
  change(patch: Partial<Draft>): void;
}

interface PeriodsProps {
  /** Names the controls, e.g. "Monday" or "2026-12-24". */
  name: string;
  periods: Period[];
  disabled?: boolean;
  field?: string;
  errors: FieldErrors;
  set(periods: Period[]): void;
}

/** Opening periods of one day: from–to pairs, each removable when there are several, and one more on request. */
function Periods({ name, periods, disabled = false, field, errors, set }: PeriodsProps) {
  const { t } = useI18n();
  const attrs = field === undefined ? {} : errorAttrs(field, errors);
  const edit = (i: number, patch: Partial<Period>) => set(periods.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  // The first period's controls are "Monday: From"; the next ones name their number, "Monday, hours 2: From".
  const label = (i: number) => (i === 0 ? name : t('auto.periodOf', { name, n: i + 1 }));
  return (
    <div class="periods">
      {periods.map((p, i) => (
        <span class="period" key={i}>
          <input type="time" aria-label={`${label(i)}: ${t('auto.from')}`} value={p.from} disabled={disabled} {...attrs} onInput={(e) => edit(i, { from: (e.currentTarget as HTMLInputElement).value })} />
          –
          <input type="time" aria-label={`${label(i)}: ${t('auto.to')}`} value={p.to} disabled={disabled} {...attrs} onInput={(e) => edit(i, { to: (e.currentTarget as HTMLInputElement).value })} />
          {periods.length > 1 ? (
            <button type="button" class="linkish" disabled={disabled} onClick={() => set(periods.filter((_, j) => j !== i))}>{t('auto.removePeriod', { name, n: i + 1 })}</button>
          ) : null}
        </span>
      ))}
      <button type="button" class="linkish" disabled={disabled} onClick={() => set([...periods, { from: '', to: '' }])}>{t('auto.addPeriod', { name })}</button>
    </div>
  );
}

function DayRow({ day, draft, errors, change }: Props & { day: Weekday }) {
  const { t } = useI18n();
  const hours = draft.hours[day];
  const field = `trigger.opening_hours.${day}`;
  const set = (patch: Partial<DayHours>) => change({ hours: { ...draft.hours, [day]: { ...hours, ...patch } } });
  const name = t(`auto.day.${day}`);
  const toggle = (open: boolean) => set({ open, periods: open && hours.periods.length === 0 ? [{ from: '08:00', to: '16:00' }] : hours.periods });
  return (
    <tr>
      <th scope="row">{name}</th>
      <td><input type="checkbox" aria-label={`${name}: ${t('auto.open')}`} checked={hours.open} onChange={(e) => toggle((e.currentTarget as HTMLInputElement).checked)} /></td>
      <td>{hours.open ? <Periods name={name} periods={hours.periods} field={field} errors={errors} set={(periods) => set({ periods })} /> : null}</td>
      <td><FieldError field={field} errors={errors} /></td>
    </tr>
  );
}

function Exceptions({ draft, errors, change }: Props) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<Draft['exceptions'][number]>) => change({ exceptions: draft.exceptions.map((e, j) => (j === i ? { ...e, ...patch } : e)) });
  return (
    <Group legend={t('auto.exceptions')}>
      <p class="hint">{t('auto.exceptionHint')}</p>
      {draft.exceptions.map((e, i) => (
        <div class="row" key={i}>
          <label>{t('auto.exceptionDate')}<input type="date" value={e.date} onInput={(ev) => set(i, { date: (ev.currentTarget as HTMLInputElement).value })} /></label>
          <Periods name={e.date || t('auto.exceptionDate')} periods={e.periods} errors={errors} set={(periods) => set(i, { periods })} />
          <button type="button" class="linkish" onClick={() => change({ exceptions: draft.exceptions.filter((_, j) => j !== i) })}>{t('auto.removeException', { date: e.date || '…' })}</button>
        </div>
      ))}
      <button type="button" class="linkish" onClick={() => change({ exceptions: [...draft.exceptions, { date: '', periods: [] }] })}>{t('auto.addException')}</button>
      <FieldError field="trigger.exceptions" errors={errors} />
    </Group>
  );
}

/** Time zone, weekly hours and exceptions. */
export function HoursFields(props: Props) {
  const { t } = useI18n();
  const { draft, errors, change } = props;
  return (
    <>
      <TextField label={t('auto.timeZone')} field="trigger.time_zone" value={draft.timeZone} errors={errors} onValue={(timeZone) => change({ timeZone })} />
      <Group legend={t('auto.openingHours')}>
        <table class="hours">
          <thead><tr><th /><th>{t('auto.open')}</th><th>{t('auto.hours')}</th><th /></tr></thead>
          <tbody>{WEEKDAYS.map((day) => <DayRow key={day} day={day} {...props} />)}</tbody>
        </table>
        <FieldError field="trigger.opening_hours" errors={errors} />
      </Group>
      <Exceptions {...props} />
    </>
  );
}
