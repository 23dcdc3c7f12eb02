/** A rule's form: what starts it, what it does, created or replaced through /v1/automations, errors at the fields. */
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { Automation, Draft, KeptReply } from './draft';
import { emptyDraft, fromRule, toInput } from './draft';
import { fieldErrorsOf, NO_ERRORS, RULE_FORM_FIELDS } from './field-errors';
import type { FieldErrors } from './field-errors';
import { Choice, FieldError, Group, TextField } from './fields';
import { HoursFields } from './hours-fields';
import { TestPanel } from './test-panel';

/** The form fields the API's errors can land on. */

interface Props { phoneNumberId: string; rule: Automation | null; onDone(saved: boolean): void }

/** What a stored reply that the form cannot show is, in a word: "list", "video", "image by media id"… */
function keptKind(reply: KeptReply | null): string {
  const r = (reply ?? {}) as { list?: unknown; buttons?: unknown; media?: { type?: string; id?: string } };
  if (r.list !== undefined) return 'list';
  if (r.buttons !== undefined) return 'buttons';
  if (r.media !== undefined) return `${r.media.type ?? 'media'}${r.media.id === undefined ? '' : ' id'}`;
  return 'text';
}

function ReplyFields({ draft, errors, change }: { draft: Draft; errors: FieldErrors; change(patch: Partial<Draft>): void }) {
  const { t } = useI18n();
  const kind = keptKind(draft.keptReply);
  const kinds: Array<[Draft['replyKind'], string]> = [['text', t('auto.reply.text')], ['buttons', t('auto.reply.buttons')], ['image', t('auto.reply.image')]];
  if (draft.keptReply !== null) kinds.push(['kept', t('auto.reply.kept', { kind })]);
  if (draft.replyKind === 'kept') {
    return (
      <>
        <Choice label={t('auto.replyKind')} value={draft.replyKind} onValue={(replyKind) => change({ replyKind })} choices={kinds} />
        <p class="hint">{t('auto.keptHint', { kind })}</p>
        <FieldError field="action.reply" errors={errors} />
      </>
    );
  }
  return (
    <>
      <Choice label={t('auto.replyKind')} value={draft.replyKind} onValue={(replyKind) => change({ replyKind })} choices={kinds} />
      {draft.replyKind === 'image' ? <TextField label={t('auto.imageUrl')} field="action.reply.media" type="url" value={draft.imageUrl} errors={errors} onValue={(imageUrl) => change({ imageUrl })} /> : null}
      <TextField label={draft.replyKind === 'image' ? t('auto.caption') : t('auto.replyText')} field="action.reply" multiline value={draft.replyText} errors={errors} onValue={(replyText) => change({ replyText })} />
      {draft.replyKind === 'buttons' ? [0, 1, 2].map((i) => (
        <label key={i}>{t('auto.button', { n: i + 1 })}
          <input value={draft.buttons[i]} maxLength={20} onInput={(e) => change({ buttons: draft.buttons.map((b, j) => (j === i ? (e.currentTarget as HTMLInputElement).value : b)) as Draft['buttons'] })} />
        </label>
      )) : null}
      {draft.replyKind === 'text' ? (
        <label class="inline"><input type="checkbox" checked={draft.previewUrl} onChange={(e) => change({ previewUrl: (e.currentTarget as HTMLInputElement).checked })} />{t('auto.previewUrl')}</label>
      ) : null}
    </>
  );
}

function WhatsappFields({ draft, errors, change }: { draft: Draft; errors: FieldErrors; change(patch: Partial<Draft>): void }) {
  const { t } = useI18n();
  return (
    <>
      <TextField label={t('auto.staffPhone')} field="action.staff_phone" type="tel" value={draft.staffPhone} errors={errors} onValue={(staffPhone) => change({ staffPhone })} />
      <TextField label={t('auto.template')} field="action.template" value={draft.template} errors={errors} onValue={(template) => change({ template })} />
      <TextField label={t('auto.language')} field="action.language" value={draft.language} errors={errors} onValue={(language) => change({ language })} />
      <TextField label={t('auto.nameVariable')} field="action.name_variable" value={draft.nameVariable} errors={errors} onValue={(nameVariable) => change({ nameVariable })} />
      <TextField label={t('auto.textVariable')} field="action.text_variable" value={draft.textVariable} errors={errors} onValue={(textVariable) => change({ textVariable })} />
    </>
  );
}

function ActionFields({ draft, errors, change }: { draft: Draft; errors: FieldErrors; change(patch: Partial<Draft>): void }) {
  const { t } = useI18n();
  if (draft.action === 'reply') return <ReplyFields draft={draft} errors={errors} change={change} />;
  if (draft.action === 'whatsapp') return <WhatsappFields draft={draft} errors={errors} change={change} />;
  if (draft.action === 'email') return <TextField label={t('auto.emailTo')} field="action.to" multiline value={draft.emailTo} errors={errors} onValue={(emailTo) => change({ emailTo })} />;
  return (
    <>
      <TextField label={t('auto.url')} field="action.url" type="url" value={draft.url} errors={errors} onValue={(url) => change({ url })} />
      <TextField label={t('auto.timeout')} field="action.timeout_ms" type="number" value={draft.timeoutMs} errors={errors} onValue={(timeoutMs) => change({ timeoutMs })} />
      <TextField label={t('auto.fallback')} field="action.fallback_text" value={draft.fallbackText} errors={errors} onValue={(fallbackText) => change({ fallbackText })} />
    </>
  );
}

function TriggerFields({ draft, errors, change }: { draft: Draft; errors: FieldErrors; change(patch: Partial<Draft>): void }) {
  const { t } = useI18n();
  if (draft.trigger === 'out_of_hours') return <HoursFields draft={draft} errors={errors} change={change} />;
  if (draft.trigger === 'keyword') return <TextField label={t('auto.keywords')} field="trigger.keywords" multiline value={draft.keywords} errors={errors} onValue={(keywords) => change({ keywords })} />;
  if (draft.trigger === 'first_contact') return <TextField label={t('auto.afterDays')} field="trigger.after_days" type="number" value={draft.afterDays} errors={errors} onValue={(afterDays) => change({ afterDays })} />;
  return null;
}

/** The form. */
export function RuleForm({ phoneNumberId, rule, onDone }: Props) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => (rule === null ? emptyDraft() : fromRule(rule)));
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [secret, setSecret] = useState<string | null>(null);
  const change = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const save = async (event: Event) => {
    event.preventDefault();
    const body = toInput(draft, phoneNumberId);
    const result = rule === null ? await api.POST('/v1/automations', { body }) : await api.PUT('/v1/automations/{id}', { params: { path: { id: rule.id } }, body });
    if (result.data === undefined) return setErrors(fieldErrorsOf(result.error, result.response.status, RULE_FORM_FIELDS));
    setErrors(NO_ERRORS);
    if (result.data.secret !== undefined) return setSecret(result.data.secret);
    onDone(true);
  };
  const failed = errors.general !== null || Object.keys(errors.byField).length > 0;
  return (
    <form class="rule-form" aria-label={rule === null ? t('auto.creating') : t('auto.editing')} onSubmit={save} noValidate>
      <h2>{rule === null ? t('auto.creating') : t('auto.editing')}</h2>
      {failed ? <p role="alert" class="error">{errors.general ?? t('auto.fixFields')}</p> : null}
      <TextField label={t('auto.name')} field="name" value={draft.name} errors={errors} onValue={(name) => change({ name })} required />
      <label class="inline"><input type="checkbox" checked={draft.enabled} onChange={(e) => change({ enabled: (e.currentTarget as HTMLInputElement).checked })} />{t('auto.enabled')}</label>
      <Group legend={t('auto.trigger')}>
        <Choice label={t('auto.trigger')} value={draft.trigger} onValue={(trigger) => change({ trigger })}
          choices={(['out_of_hours', 'first_contact', 'keyword', 'any_message'] as const).map((k) => [k, t(`auto.trigger.${k}`)])} />
        <TriggerFields draft={draft} errors={errors} change={change} />
      </Group>
      <Group legend={t('auto.action')}>
        <Choice label={t('auto.action')} value={draft.action} onValue={(action) => change({ action })}
          choices={(['reply', 'fetch', 'email', 'whatsapp'] as const).map((k) => [k, t(`auto.action.${k}`)])} />
        <FieldError field="action.type" errors={errors} />
        <ActionFields draft={draft} errors={errors} change={change} />
      </Group>
      <TextField label={t('auto.oncePer')} field="once_per_hours" type="number" value={draft.oncePerHours} errors={errors} onValue={(oncePerHours) => change({ oncePerHours })} />
      {secret === null ? null : <p role="status">{t('auto.secretShown', { secret })} <button type="button" onClick={() => onDone(true)}>OK</button></p>}
      <div class="row">
        <button type="submit">{t('auto.save')}</button>
        <button type="button" class="linkish" onClick={() => onDone(false)}>{t('auto.cancel')}</button>
      </div>
      <TestPanel target={{ rule: toInput(draft, phoneNumberId) }} onErrors={(body, status) => setErrors(fieldErrorsOf(body, status, RULE_FORM_FIELDS, 'rule.'))} />
    </form>
  );
}
