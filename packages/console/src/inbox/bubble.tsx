/** One message as a bubble: every type (text, media, location, chosen buttons, reaction, template) and, outbound, its ticks. */
import type { Message } from '../api/types';
import { useI18n } from '../i18n/i18n';
import type { Key } from '../i18n/messages';

const TICKS: Record<string, string> = { accepted: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', played: '✓✓', failed: '⚠' };

function Ticks({ status }: { status: string }) {
  const { t } = useI18n();
  const label = t(`status.${status}` as Key);
  return <span class={`ticks ticks-${status}`} role="img" aria-label={label} title={label}>{TICKS[status] ?? ''}</span>;
}

function Media({ m }: { m: Message }) {
  const { t } = useI18n();
  const media = m.media;
  if (media === null || media.url === null) return null;
  if (m.type === 'image' || m.type === 'sticker') return <img src={media.url} alt={media.caption ?? t('thread.image')} loading="lazy" />;
  if (m.type === 'video') return <video src={media.url} controls />;
  if (m.type === 'audio') return <audio src={media.url} controls />;
  return <a href={media.url} target="_blank" rel="noreferrer">📄 {media.filename ?? t('thread.document')}</a>;
}

/** A message bubble. */
export function Bubble({ m }: { m: Message }) {
  const { t, dateTime } = useI18n();
  return (
    <li class={`bubble ${m.direction}`} data-status={m.status ?? undefined}>
      <Media m={m} />
      {m.media?.caption ? <p>{m.media.caption}</p> : null}
      {m.location ? <p>📍 {m.location.name ?? t('thread.location')} ({m.location.latitude}, {m.location.longitude}) <a href={m.location.map_url} target="_blank" rel="noreferrer">{t('thread.map')}</a></p> : null}
      {m.choice ? <p><span class="chip">{m.choice.title}</span></p> : null}
      {m.reaction ? <p>{t('thread.reaction', { emoji: m.reaction.emoji ?? '' })}</p> : null}
      {m.text !== null && !m.choice && !m.reaction ? <p class="text">{m.text}</p> : null}
      {m.buttons ? <p>{m.buttons.map((b) => <span class="chip" key={b.id}>{b.title}</span>)}</p> : null}
      {m.failure ? <p class="error">{t('thread.failed', { reason: m.failure.message ?? String(m.failure.code) })}</p> : null}
      <footer><time dateTime={m.at}>{dateTime(m.at)}</time>{m.status ? <Ticks status={m.status} /> : null}</footer>
    </li>
  );
}
