/** A secret shown once, with a button that copies it (the text stays selectable where the clipboard is refused). */
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';

/** The secret and its copy button. */
export function ShownOnce({ value, label }: { value: string; label: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(value);
    setCopied(true);
  };
  return (
    <div class="secret" role="group" aria-label={label}>
      <code>{value}</code>
      <button type="button" onClick={copy}>{copied ? t('keys.copied') : t('keys.copy')}</button>
    </div>
  );
}
