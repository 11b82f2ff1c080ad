import { html, nothing, isMine, isNote, shownName } from '../kit.ts';
import { icons } from './icons.ts';
import { safeMediaUrl } from './url.ts';
import { typeLabel } from './strings.ts';
import { linkify } from './links.ts';
import { dayLabel, formatTime, fullDate, sameDay, startsAt } from './dates.ts';
import { icsFile, icsName } from './calendar.ts';
import type { Translate } from '../i18n.ts';
import type { ChatMessage, Me } from '../client/types.ts';

/** Message key that survives the swap of an optimistic message for the server's copy. */
export const messageKey = (m: Pick<ChatMessage, 'id' | 'client_message_id'>) => m.client_message_id ?? `#${m.id}`;

export interface MessageView {
  t: Translate;
  me: Me | undefined;
  server: string;
  reply(m: ChatMessage): void;
  retry(m: ChatMessage): void;
  discard(m: ChatMessage): void;
  /** Shows a photo whole, in the widget; `opener` gets the focus back. */
  viewPhoto(src: string, alt: string, opener: HTMLElement): void;
  /** The salon the conversation is with, where known: appointment times are in its time zone. */
  salon?: { name: string; timezone?: string };
  /** The message above which the "new messages" line goes, if any. */
  unreadFrom: number | null;
}

/** A price in the reader's language (the salon's currency, else euros). */
export function price(value: number | null, currency: string | null, lang: string): string {
  if (value == null) return '';
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency: currency ?? 'EUR' }).format(value);
  } catch {
    return String(value);
  }
}

/** Chrome gives recorded WebM no duration until the end is sought once. */
function showDuration(e: Event): void {
  const audio = e.target as HTMLAudioElement;
  if (audio.duration !== Infinity) return;
  audio.currentTime = 1e9;
  audio.addEventListener('timeupdate', () => (audio.currentTime = 0), { once: true });
}

function body(m: ChatMessage, v: MessageView) {
  const { t } = v;
  const media = m.preview ?? safeMediaUrl(m.media_url, v.server);
  switch (m.message_type) {
    case 'image': {
      if (m.refused === 'fileUnsupported') return html`<p class="muted">${t('image')}</p>`;
      const thumb = m.preview ?? safeMediaUrl(m.thumbnail_url, v.server) ?? media;
      const alt = m.content || t('image');
      // a plain click or tap opens the viewer; a click asking for a new tab or window still gets one
      const view = (e: MouseEvent) => {
        if (e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        v.viewPhoto((media ?? thumb)!, alt, e.currentTarget as HTMLElement);
      };
      return thumb
        ? html`<a class="image" href=${media ?? thumb} target="_blank" rel="noopener noreferrer" aria-label=${t('openImage')} @click=${view}>
            <img src=${thumb} alt=${alt} loading="lazy" />
          </a>`
        : html`<p class="muted">${t('image')}</p>`;
    }
    case 'voice':
      return media
        ? html`<audio controls preload="metadata" src=${media} aria-label=${t('voice')} @loadedmetadata=${showDuration}></audio>`
        : html`<p class="muted">${t('voice')}</p>`;
    case 'file':
      return media
        ? html`<a class="file" href=${media} target="_blank" rel="noopener noreferrer"><span class="doc" aria-hidden="true">PDF</span><span dir="auto">${m.content || t('file')}</span></a>`
        : html`<p class="muted">${m.content || t('file')}</p>`;
    case 'appointment':
    case 'product':
    case 'pack': {
      const r = m.reference;
      const img = safeMediaUrl(r?.image_url, v.server);
      return html`<div class="card" part="card">
        ${img ? html`<img src=${img} alt="" loading="lazy" />` : nothing}
        <div>
          <span class="kind">${t(m.message_type)}</span>
          <strong dir="auto">${r?.title ?? `#${m.reference_id ?? ''}`}</strong>
          ${r?.subtitle ? html`<span dir="auto">${r.subtitle}</span>` : nothing}
          ${r?.starts_at ? when(r.starts_at, v) : nothing}
          ${r?.price != null ? html`<span>${price(r.price, r.currency, t.lang)}</span>` : nothing}
          ${m.message_type === 'appointment' && r?.starts_at ? addToCalendar(m, v) : nothing}
        </div>
      </div>`;
    }
    default:
      return nothing;
  }
}

/** An appointment's start on the salon's clock, and on the viewer's where it reads otherwise. */
function when(iso: string, v: MessageView) {
  const { at, here } = startsAt(iso, v.t.lang, v.salon?.timezone);
  return html`<span class="when">${at}</span>${here ? html`<span class="here">${v.t('yourTime', { time: here })}</span>` : nothing}`;
}

/** An .ics file of the appointment, for the viewer's calendar. */
function addToCalendar(m: ChatMessage, v: MessageView) {
  const r = m.reference!;
  const ics = icsFile({
    uid: `appointment-${r.id}@${new URL(v.server || location.origin, location.href).host}`,
    title: r.title,
    start: r.starts_at!,
    minutes: r.duration_minutes,
    description: r.subtitle,
    location: v.salon?.name,
  });
  return html`<a class="calendar" href=${`data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`} download=${icsName(r.title)}>${icons.calendar}${v.t('addToCalendar')}</a>`;
}

function status(m: ChatMessage, v: MessageView) {
  const { t } = v;
  if (m.local === 'failed' && m.refused) return html`<button class="link" @click=${() => v.discard(m)}>${t('discard')}</button>`;
  if (m.local === 'failed') {
    return html`<span class="failed">${t('failed')}</span>
      <button class="link" @click=${() => v.retry(m)}>${t('retry')}</button>
      <button class="link" @click=${() => v.discard(m)}>${t('discard')}</button>`;
  }
  if (m.local === 'uploading') return html`<span>${t('uploading', { p: Math.round((m.progress ?? 0) * 100) })}</span>`;
  if (m.local === 'pending') return html`<span class="tick" role="img" aria-label=${t('sending')}>🕓</span>`;
  const me = v.me;
  const read = me && m.read_receipts.some((r) => r.reader_type !== me.type || r.reader_id !== me.id);
  return html`<span class="tick ${read ? 'read' : ''}" role="img" aria-label=${t(read ? 'read' : 'sent')}>${read ? '✓✓' : '✓'}</span>`;
}

/** Up to two initials of a name, for its avatar. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => String.fromCodePoint(w.codePointAt(0)!).toLocaleUpperCase())
    .join('');
}

/** Messages of one sender this close together share one name and avatar. */
const GROUP_MS = 5 * 60_000;

const sender = (m: ChatMessage) => `${m.sender_type}:${m.sender_user_id ?? m.sender_customer_id}`;

/**
 * One message, after `prev` (the one above it): a day separator when the day changes, the
 * sender's name and avatar unless it follows their own message, text that never becomes HTML,
 * media only from safe URLs, the full date and the reply action on hover or focus.
 */
export function renderMessage(m: ChatMessage, prev: ChatMessage | undefined, v: MessageView) {
  const { t } = v;
  const mine = isMine(m, v.me);
  const text = m.message_type === 'file' ? null : m.content;
  const quote = m.reply_to;
  const newDay = !prev || !sameDay(prev.created_at, m.created_at);
  const grouped = !newDay && !!prev && sender(prev) === sender(m) && Date.parse(m.created_at) - Date.parse(prev.created_at) < GROUP_MS;
  const name = shownName(m.sender_name) || t('someone');
  const note = isNote(m);
  const bubble = html`<article class="msg ${mine ? 'mine' : ''} ${note ? 'note' : ''}" part="message${mine ? ' message-mine' : ''}${note ? ' message-note' : ''}" tabindex="-1">
    ${note ? html`<span class="note-badge">${icons.note}${t('noteBadge')}</span>` : nothing}
    ${mine || grouped ? nothing : html`<span class="name" dir="auto">${name}</span>`}
    ${quote
      ? html`<blockquote class="quote">
          <span class="name" dir="auto">${shownName(quote.sender_name) || t('someone')}</span>
          <span dir="auto">${quote.content || typeLabel(t, quote.message_type)}</span>
        </blockquote>`
      : nothing}
    ${body(m, v)}
    ${text ? html`<p dir="auto">${linkify(text)}</p>` : nothing}
    ${m.local === 'failed' && m.refused ? html`<p class="failed" role="alert">${t(m.refused)}</p>` : nothing}
    ${m.local === 'uploading' ? html`<progress max="1" .value=${m.progress ?? 0} aria-label=${t('uploading', { p: Math.round((m.progress ?? 0) * 100) })}></progress>` : nothing}
    <footer>
      <time datetime=${m.created_at} title=${fullDate(m.created_at, t.lang)}
        ><span class="short">${formatTime(m.created_at, t.lang)}</span><span class="full">${fullDate(m.created_at, t.lang)}</span></time
      >
      ${mine ? status(m, v) : nothing}
      ${m.id > 0 ? html`<button class="icon small reply" aria-label=${t('reply')} title=${t('reply')} @click=${() => v.reply(m)}>${icons.reply}</button>` : nothing}
    </footer>
  </article>`;
  return html`${newDay ? html`<div class="day" role="separator" aria-label=${dayLabel(m.created_at, t.lang)}><span>${dayLabel(m.created_at, t.lang)}</span></div>` : nothing}
    ${m.id === v.unreadFrom ? html`<div class="day unread-line" role="separator"><span>${t('newMessages')}</span></div>` : nothing}
    <div class="line ${grouped && m.id !== v.unreadFrom ? 'grouped' : ''}">
      ${mine ? nothing : html`<span class="avatar" aria-hidden="true">${grouped ? '' : initials(name)}</span>`} ${bubble}
    </div>`;
}
