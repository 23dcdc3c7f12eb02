/**
 * The composer follows WhatsApp's rules visibly: free-form text, a file and up to three reply buttons while
 * the 24-hour window is open (with the time left); a template with its variables when it is closed; nothing,
 * and why, when the customer opted out.
 */
import { useQueryClient } from '@tanstack/preact-query';
import { useEffect, useState } from 'preact/hooks';
import { api, currentCsrfToken, unwrap } from '../api/client';
import type { Conversation } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { TemplateForm } from './template-form';

async function upload(file: File): Promise<{ id: string; type: string }> {
  const response = await fetch(`/v1/media?filename=${encodeURIComponent(file.name)}`, {
    method: 'POST', body: file, headers: { 'content-type': file.type || 'application/octet-stream', 'x-csrf-token': currentCsrfToken() },
  });
  const body = (await response.json()) as { id: string; type: string; error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? response.statusText);
  return body;
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function FreeForm({ customer, expiresAt }: { customer: string; expiresAt: string }) {
  const { t, duration } = useI18n();
  const client = useQueryClient();
  const now = useNow(30_000);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const text = String(form.get('text') ?? '').trim();
    const file = form.get('file');
    const choices = [1, 2, 3].map((n) => String(form.get(`button${n}`) ?? '').trim()).filter(Boolean).map((title) => ({ title }));
    setBusy(true);
    setError('');
    try {
      if (file instanceof File && file.size > 0) {
        const media = await upload(file);
        unwrap(await api.POST('/v1/messages/reply', { body: { to: customer, media: { type: media.type as 'image', id: media.id, ...(text && choices.length === 0 ? { caption: text } : {}), ...(media.type === 'document' ? { filename: file.name } : {}) } } }));
      }
      if (choices.length > 0) unwrap(await api.POST('/v1/messages/reply', { body: { to: customer, buttons: { body: text, choices } } }));
      else if (text && !(file instanceof File && file.size > 0)) unwrap(await api.POST('/v1/messages/reply', { body: { to: customer, text } }));
      formElement.reset();
      await client.invalidateQueries({ queryKey: ['messages', customer] });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="composer" onSubmit={send}>
      <p class="window">{t('composer.open', { left: duration(Date.parse(expiresAt) - now) })}</p>
      <label>{t('composer.text')}<textarea name="text" rows={2} /></label>
      <label>{t('composer.attach')}<input name="file" type="file" accept="image/jpeg,image/png,video/mp4,audio/*,application/pdf,text/plain" /></label>
      <fieldset>
        <legend>{t('composer.buttons')}</legend>
        {[1, 2, 3].map((n) => <input key={n} name={`button${n}`} maxLength={20} aria-label={t('composer.button', { n })} />)}
      </fieldset>
      <button type="submit" disabled={busy}>{t('composer.send')}</button>
      {error ? <p role="alert" class="error">{error}</p> : null}
    </form>
  );
}

/** The composer for one conversation. */
export function Composer({ customer, conversation }: { customer: string; conversation: Conversation | null }) {
  const { t, dateTime } = useI18n();
  if (conversation === null) return null;
  if (conversation.consent.status === 'opted_out') {
    return <p class="composer blocked" role="status">{t('composer.optedOut', { date: conversation.consent.updated_at ? dateTime(conversation.consent.updated_at) : '' })}</p>;
  }
  if (conversation.window.state === 'open' && conversation.window.expires_at) return <FreeForm customer={customer} expiresAt={conversation.window.expires_at} />;
  return (
    <div class="composer">
      <p class="window">{t('composer.closed')}</p>
      <TemplateForm customer={customer} />
    </div>
  );
}
