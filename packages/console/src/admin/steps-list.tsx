/** The result of each step of connecting a number (token, number, webhook), as the API answered it. */
import { useI18n } from '../i18n/i18n';
import type { ConnectStep } from './admin-types';

/** The steps, each with its outcome and message in plain words. */
export function StepsList({ steps }: { steps: ConnectStep[] }) {
  const { t } = useI18n();
  if (steps.length === 0) return null;
  return (
    <ul class="steps" aria-label={t('numbers.steps')}>
      {steps.map((step) => (
        <li key={step.step} class={step.outcome}>
          <strong>{t(`numbers.step.${step.step}`)}: {t(`numbers.outcome.${step.outcome}`)}.</strong> {step.message}
        </li>
      ))}
    </ul>
  );
}

/** The steps of a failed answer (`details.steps` of a 422), or none. */
export function stepsOfError(error: unknown): ConnectStep[] {
  const details = (error as { error?: { details?: { steps?: unknown } } } | undefined)?.error?.details;
  return Array.isArray(details?.steps) ? (details.steps as ConnectStep[]) : [];
}

/** The message of an error answer. */
export function messageOfError(error: unknown, fallback: string): string {
  return (error as { error?: { message?: string } } | undefined)?.error?.message ?? fallback;
}
