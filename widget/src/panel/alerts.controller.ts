import { AttentionController, html, nothing, shownName, type WidgetContext } from '../kit.ts';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../client/chat-client.ts';
import type { ChatSummary, Message } from '../client/types.ts';
import { Chime } from './chime.ts';
import { icons } from './icons.ts';
import { typeLabel } from './strings.ts';
import { isWaiting } from './views.ts';
import './alerts.strings.ts';

/** Where the person's choices are kept on this device. */
const SOUND_KEY = 'salon-chat:sound';
const DESKTOP_KEY = 'salon-chat:desktop-alerts';
/** Names in the page title before "and n more". */
const NAMES_IN_TITLE = 3;

export interface AlertsHost extends ReactiveControllerHost, HTMLElement {
  ctx?: WidgetContext;
  mode: string;
  /** The chat open in the panel (0 for none). */
  selected: number;
}

type Permission = NotificationPermission | 'unsupported';

/** A choice kept on this device; where storage is refused, for this visit only. */
function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* this visit only */
  }
}

const permission = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/**
 * Staff mode's alerts: a short sound and a desktop notification for a customer's new message or
 * new chat, except for the chat the person is looking at in a visible tab; one notification per
 * chat (its `tag`), which a newer message replaces and a click opens; and the page title naming
 * the customers waiting ("(2) Léa, Lucas — …"). The sound can be muted and desktop alerts turned
 * off, both remembered on this device. Fires `salon-chat-alert` for each alert given.
 */
export class StaffAlerts implements ReactiveController {
  readonly #attention: AttentionController;
  #chime: Chime | null = null;
  #client: ChatClient | undefined;
  #off: (() => void)[] = [];
  readonly #shown = new Map<number, Notification>();
  /** The conversations waiting, as last told (`salon-chat-waiting-change`). */
  #waiting = -1;
  muted = remembered(SOUND_KEY) === 'off';
  desktop = remembered(DESKTOP_KEY) !== 'off';
  permission: Permission = permission();

  constructor(private readonly host: AlertsHost) {
    host.addController(this);
    this.#attention = new AttentionController(host);
  }

  hostUpdated(): void {
    const client = this.host.mode === 'staff' ? this.host.ctx?.client : undefined;
    if (client !== this.#client) this.#listen(client);
    if (!client) return;
    this.#chime ??= new Chime(() => this.host.requestUpdate());
    this.#attention.setPrefix(this.#titlePrefix(client));
    if (document.visibilityState === 'visible') this.#shown.get(this.host.selected)?.close();
  }

  hostDisconnected(): void {
    this.#listen(undefined);
    this.#chime?.close();
    this.#chime = null;
  }

  #listen(client: ChatClient | undefined): void {
    this.#off.forEach((off) => off());
    this.#client = client;
    this.#off = client
      ? [
          client.on('message', ({ message, chatId, mine }) => {
            const chat = client.store.chats.get(chatId)?.chat;
            if (chat && !mine && message.sender_type === 'customer') this.#alert(chat, message);
          }),
          client.on('chat', (chat) => chat.unread_count > 0 && this.#alert(chat, null)),
        ]
      : [];
    if (client) this.#watch(client);
  }

  /** Follows the tab's visibility (a chat looked at again closes its notification) and the browser's permission. */
  #watch(client: ChatClient): void {
    const update = () => this.host.requestUpdate();
    document.addEventListener('visibilitychange', update);
    this.#off.push(() => document.removeEventListener('visibilitychange', update));
    navigator.permissions
      ?.query({ name: 'notifications' })
      .then((status) => {
        if (client !== this.#client) return;
        const changed = () => {
          this.permission = permission();
          update();
        };
        status.addEventListener('change', changed);
        this.#off.push(() => status.removeEventListener('change', changed));
      })
      .catch(() => undefined);
  }

  /**
   * Who waits: the conversations waiting for the salon (conversation states, as many as the
   * Unanswered view counts; on a server without them, the chats with unread messages), the latest
   * first, by their customers' names; the page hears when their number changes.
   */
  #titlePrefix(client: ChatClient): string {
    const { t } = this.host.ctx!;
    const waiting = [...client.store.chats.values()]
      .map((s) => s.chat)
      .filter((c) => (c.status ? isWaiting(c) : !c.is_archived && c.unread_count > 0))
      .sort((a, b) => (b.last_message_at ?? b.created_at).localeCompare(a.last_message_at ?? a.created_at));
    const count = client.store.counts?.unanswered ?? waiting.length;
    if (count !== this.#waiting) {
      this.#waiting = count;
      this.host.dispatchEvent(new CustomEvent('salon-chat-waiting-change', { bubbles: true, composed: true, detail: { waiting: count } }));
    }
    if (!count) return '';
    const names = waiting.slice(0, NAMES_IN_TITLE).map((c) => this.#name(c));
    if (count > names.length) names.push(t('moreWaiting', { n: count - names.length }));
    return `(${count}) ${new Intl.ListFormat(t.lang, { style: 'short', type: 'unit' }).format(names)} — `;
  }

  #name(chat: ChatSummary): string {
    const customer = chat.participants.find((p) => p.participant_type === 'customer');
    return shownName(customer?.name || customer?.phone || chat.title) || `#${chat.id}`;
  }

  /** Alerts to a customer's `message` in `chat`, or to the new `chat` (no message). */
  #alert(chat: ChatSummary, message: Message | null): void {
    const { t } = this.host.ctx!;
    const chatId = chat.id;
    const newChat = !message;
    if (document.visibilityState === 'visible' && this.host.selected === chatId) return;
    const name = this.#name(chat);
    const title = newChat ? t('newChatFrom', { name }) : name;
    const body = message ? message.content || typeLabel(t, message.message_type) : (chat.last_message_preview ?? '');
    const sound = this.muted ? null : (this.#chime?.play() ?? null);
    const notification = this.#notify(chatId, title, body);
    this.host.dispatchEvent(new CustomEvent('salon-chat-alert', { bubbles: true, composed: true, detail: { chatId, title, body, newChat, sound, notification } }));
  }

  /** The chat's notification, shown anew (`renotify`) in place of the one before it. */
  #notify(chatId: number, title: string, body: string): Notification | null {
    if (!this.desktop || permission() !== 'granted') return null;
    const { t } = this.host.ctx!;
    const options = { body, tag: String(chatId), renotify: true, lang: t.lang, dir: t.dir };
    const notification = new Notification(title, options as NotificationOptions);
    notification.onclick = () => {
      focus();
      notification.close();
      this.host.dispatchEvent(new CustomEvent('select', { detail: chatId }));
    };
    notification.onclose = () => this.#shown.get(chatId) === notification && this.#shown.delete(chatId);
    this.#shown.set(chatId, notification);
    return notification;
  }

  toggleSound(): void {
    this.muted = !this.muted;
    remember(SOUND_KEY, this.muted ? 'off' : 'on');
    this.host.requestUpdate();
  }

  toggleDesktop(): void {
    this.desktop = !this.desktop;
    remember(DESKTOP_KEY, this.desktop ? 'on' : 'off');
    if (!this.desktop) this.#shown.forEach((n) => n.close());
    this.host.requestUpdate();
  }

  /** Asks the browser for notifications (the person's click on "Turn on desktop alerts"). */
  async turnOnDesktop(): Promise<void> {
    this.permission = await Notification.requestPermission();
    if (this.permission === 'granted' && !this.desktop) this.toggleDesktop();
    this.host.requestUpdate();
  }

  /**
   * The sound switch and the desktop alerts' control, with what each is waiting for; the sound's
   * hint comes last, so that its going at the first pointerdown moves no control under the click.
   */
  render() {
    const { t } = this.host.ctx!;
    const waits = !this.muted && !this.#chime?.ready;
    return html`<div class="alerts" part="alerts">
      <button class="switch" role="switch" aria-checked=${!this.muted} aria-describedby=${waits ? 'salon-chat-sound-waits' : nothing} @click=${() => this.toggleSound()}>
        ${icons.sound}<span>${t('sound')}</span><span class="track" aria-hidden="true"></span>
      </button>
      ${this.permission === 'default'
        ? html`<button class="turn-on" @click=${() => this.turnOnDesktop()}>${icons.bell}<span>${t('turnOnAlerts')}</span></button>`
        : this.permission === 'granted'
          ? html`<button class="switch" role="switch" aria-checked=${this.desktop} @click=${() => this.toggleDesktop()}>
              ${icons.bell}<span>${t('desktopAlerts')}</span><span class="track" aria-hidden="true"></span>
            </button>`
          : this.permission === 'denied'
            ? html`<span class="hint" role="note">${t('alertsBlocked')}</span>`
            : nothing}
      ${waits ? html`<span class="hint" id="salon-chat-sound-waits">${t('soundWaits')}</span>` : nothing}
    </div>`;
  }
}
