import { html, nothing, isMine } from '../kit.ts';
import { icons } from './icons.ts';
import { safeMediaUrl } from './url.ts';
import { typeLabel } from './strings.ts';
import type { Translate } from '../i18n.ts';
import type { ChatMessage, Me } from '../client/types.ts';

export interface MessageView {
  t: Translate;
  me: Me | undefined;
  server: string;
  reply(m: ChatMessage): void;
  retry(m: ChatMessage): void;
  discard(m: ChatMessage): void;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
export function formatTime(iso: string, lang: string, withDate = false): string {
  const k = lang + withDate;
  let f = timeFormats.get(k);
  if (!f) timeFormats.set(k, (f = new Intl.DateTimeFormat(lang, withDate ? { dateStyle: 'medium', timeStyle: 'short' } : { timeStyle: 'short' })));
  const d = new Date(iso);
  return isNaN(d.getTime()) ? '' : f.format(d);
}

function price(value: number | null, currency: string | null, lang: string): string {
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
      const thumb = m.preview ?? safeMediaUrl(m.thumbnail_url, v.server) ?? media;
      return thumb
        ? html`<a class="image" href=${media ?? thumb} target="_blank" rel="noopener noreferrer" aria-label=${t('openImage')}>
            <img src=${thumb} alt=${m.content || t('image')} loading="lazy" />
          </a>`
        : html`<p class="muted">${t('image')}</p>`;
    }
    case 'voice':
      return media
        ? html`<audio controls preload="metadata" src=${media} aria-label=${t('voice')} @loadedmetadata=${showDuration}></audio>`
        : html`<p class="muted">${t('voice')}</p>`;
    case 'file':
      return media ? html`<a href=${media} target="_blank" rel="noopener noreferrer">${m.content || t('file')}</a>` : nothing;
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
          ${r?.starts_at ? html`<span>${formatTime(r.starts_at, t.lang, true)}</span>` : nothing}
          ${r?.price != null ? html`<span>${price(r.price, r.currency, t.lang)}</span>` : nothing}
        </div>
      </div>`;
    }
    default:
      return nothing;
  }
}

function status(m: ChatMessage, v: MessageView) {
  const { t } = v;
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

/** One message: text never becomes HTML, media only from safe URLs. */
export function renderMessage(m: ChatMessage, v: MessageView) {
  const mine = isMine(m, v.me);
  const text = m.message_type === 'file' ? null : m.content;
  const quote = m.reply_to;
  return html`<article class="msg ${mine ? 'mine' : ''}" part="message${mine ? ' message-mine' : ''}">
    ${mine ? nothing : html`<span class="name">${m.sender_name || v.t('someone')}</span>`}
    ${quote
      ? html`<blockquote class="quote">
          <span class="name">${quote.sender_name || v.t('someone')}</span>
          <span dir="auto">${quote.content || typeLabel(v.t, quote.message_type)}</span>
        </blockquote>`
      : nothing}
    ${body(m, v)}
    ${text ? html`<p dir="auto">${text}</p>` : nothing}
    ${m.local === 'uploading' ? html`<progress max="1" .value=${m.progress ?? 0} aria-label=${v.t('uploading', { p: Math.round((m.progress ?? 0) * 100) })}></progress>` : nothing}
    <footer>
      <time datetime=${m.created_at}>${formatTime(m.created_at, v.t.lang)}</time>
      ${mine ? status(m, v) : nothing}
      ${m.id > 0 ? html`<button class="icon small" aria-label=${v.t('reply')} title=${v.t('reply')} @click=${() => v.reply(m)}>${icons.reply}</button>` : nothing}
    </footer>
  </article>`;
}
