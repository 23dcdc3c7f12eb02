/** The out-of-hours part of a rule's form: time zone, opening hours per weekday, and exception dates. */
import { useI18n } from '../../i18n/i18n';
import type { Draft, Weekday } from './draft';
import { WEEKDAYS } from './draft';
import type { FieldErrors } from './field-errors';
import { errorAttrs, FieldError, Group, TextField } from './fields';

interface Props {
  draft: Draft;
  errors: FieldErrors;
  change(patch: Partial<Draft>): void;
}

function DayRow({ day, draft, errors, change }: Props & { day: Weekday }) {
  const { t } = useI18n();
  const hours = draft.hours[day];
  const field = `trigger.opening_hours.${day}`;
  const set = (patch: Partial<typeof hours>) => change({ hours: { ...draft.hours, [day]: { ...hours, ...patch } } });
  const name = t(`auto.day.${day}`);
  return (
    <tr>
      <th scope="row">{name}</th>
      <td><input type="checkbox" aria-label={`${name}: ${t('auto.open')}`} checked={hours.open} onChange={(e) => set({ open: (e.currentTarget as HTMLInputElement).checked, from: hours.from || '08:00', to: hours.to || '16:00' })} /></td>
      <td><input type="time" aria-label={`${name}: ${t('auto.from')}`} value={hours.from} disabled={!hours.open} {...errorAttrs(field, errors)} onInput={(e) => set({ from: (e.currentTarget as HTMLInputElement).value })} /></td>
      <td><input type="time" aria-label={`${name}: ${t('auto.to')}`} value={hours.to} disabled={!hours.open} {...errorAttrs(field, errors)} onInput={(e) => set({ to: (e.currentTarget as HTMLInputElement).value })} /></td>
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
          <label>{t('auto.from')}<input type="time" value={e.from} onInput={(ev) => set(i, { from: (ev.currentTarget as HTMLInputElement).value })} /></label>
          <label>{t('auto.to')}<input type="time" value={e.to} onInput={(ev) => set(i, { to: (ev.currentTarget as HTMLInputElement).value })} /></label>
          <button type="button" class="linkish" onClick={() => change({ exceptions: draft.exceptions.filter((_, j) => j !== i) })}>{t('auto.removeException', { date: e.date || '…' })}</button>
        </div>
      ))}
      <button type="button" class="linkish" onClick={() => change({ exceptions: [...draft.exceptions, { date: '', from: '', to: '' }] })}>{t('auto.addException')}</button>
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
          <thead><tr><th /><th>{t('auto.open')}</th><th>{t('auto.from')}</th><th>{t('auto.to')}</th><th /></tr></thead>
          <tbody>{WEEKDAYS.map((day) => <DayRow key={day} day={day} {...props} />)}</tbody>
        </table>
        <FieldError field="trigger.opening_hours" errors={errors} />
      </Group>
      <Exceptions {...props} />
    </>
  );
}
