import { html, isMine, nothing, readBy, render, shared, type PropertyDeclarations, type PropertyValues } from '../kit.ts';
import { SalonChatElement } from './element.ts';
import { HeightIndex } from './virtual.ts';
import { loadOlder } from './requests.ts';
import type { ChatMessage } from '../client/types.ts';
import { messagesStyles } from './messages.styles.ts';
import { docStyles } from './doc.styles.ts';
import { controls } from './controls.styles.ts';
import { messageKey, renderMessage, type MessageView } from './message.ts';
import { PhotoViewer, viewerStyles } from './viewer.ts';

/** Within this many px of the top, older messages are fetched. */
const LOAD_OLDER_AT = 300;
const NEAR_BOTTOM = 48;

/**
 * The message list of one chat: a `role="log"` live region that renders only the messages
 * near the viewport, fetches older pages when scrolled up while keeping the reading position,
 * follows new messages when at the bottom, and marks what is on screen as read.
 *
 * @csspart message - each message bubble
 * @csspart message-mine - the bubbles sent by the viewer
 * @csspart message-note - internal notes (staff mode)
 * @csspart card - an appointment, product or pack card
 * @csspart photo-viewer - the dialog showing a photo whole
 */
export class SalonChatMessages extends SalonChatElement {
  static styles = [shared, controls, messagesStyles, docStyles, viewerStyles];

  static properties: PropertyDeclarations = {
    chatId: { type: Number, attribute: 'chat-id' },
    salon: { attribute: false },
  };

  /** The salon of the chat, once known: its name and time zone for appointment cards. */
  salon: MessageView['salon'];

  readonly #viewer = new PhotoViewer(this);

  get #scroller() {
    return this.renderRoot.querySelector<HTMLElement>('.scroller');
  }

  chatId = 0;

  readonly #heights = new HeightIndex((key) => {
    const m = this.#byKey.get(key);
    return m?.message_type === 'image' ? 232 : m?.message_type === 'voice' ? 112 : 72;
  });
  #byKey = new Map<string, ChatMessage>();
  #index = new Map<string, number>();
  readonly #rows = new Map<string, HTMLElement>();
  #keys: string[] = [];
  #atBottom = true;
  /** The scroll offset the list last put itself at or saw: only a move up from there takes the reader away from the end. */
  #lastTop = 0;
  #anchor: { key: string; delta: number } | undefined;
  #loading = false;
  /** The last page asked for could not be fetched: the list offers to try again. */
  #loadFailed = false;
  #lastChat = 0;
  #observed: HTMLElement | undefined;
  /**
   * While the panel is closed the list has no size and the browser forgets its scroll offset;
   * where the reader was (at the end, or the anchor) is kept for when it is shown again, and
   * what is then on screen counts as read.
   */
  #hidden = false;
  /** The first message that was unread when the chat was shown: the "new messages" line goes above it. */
  #unreadFrom: number | null | undefined;
  /** Messages of others that arrived below while the reader was scrolled up. */
  #newBelow = 0;
  readonly #resizer = new ResizeObserver((entries) => {
    let changed = false;
    for (const e of entries) {
      if (e.target === this.#scroller) {
        changed = true;
        if (this.#hidden && e.contentRect.height) this.#unreadFrom = undefined;
        this.#hidden = !e.contentRect.height;
      }
      const key = (e.target as HTMLElement).dataset.key;
      const height = Math.round(e.borderBoxSize[0].blockSize);
      if (key && height) changed = this.#heights.set(key, height) || changed;
    }
    if (changed) requestAnimationFrame(() => this.requestUpdate());
  });

  /** Scrolls to the newest message. */
  scrollToEnd(): void {
    this.#atBottom = true;
    this.#newBelow = 0;
    this.requestUpdate();
  }

  connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#handleVisibility);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#handleVisibility);
    this.#resizer.disconnect();
    this.#observed = undefined;
  }

  readonly #handleVisibility = () => this.#markVisibleRead();

  get #state() {
    return this.ctx?.client.store.chats.get(this.chatId);
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.chatId !== this.#lastChat) {
      this.#lastChat = this.chatId;
      this.#rows.clear();
      this.#resizer.disconnect();
      this.#observed = undefined;
      this.#atBottom = true;
      this.#lastTop = 0;
      this.#anchor = undefined;
      this.#unreadFrom = undefined;
      this.#newBelow = 0;
      this.#loadFailed = false;
    } else if (this.#scroller && !this.#atBottom && !this.#hidden) {
      this.#anchor = this.#findAnchor(this.#scroller);
    }
    const messages = this.#state?.messages ?? [];
    const lastBefore = this.#keys[this.#keys.length - 1];
    this.#keys = messages.map(messageKey);
    const last = messages[messages.length - 1];
    const me = this.ctx?.client.store.me;
    if (!this.#atBottom && lastBefore && last && messageKey(last) !== lastBefore && !isMine(last, me)) this.#newBelow++;
    if (this.#unreadFrom === undefined && this.#state?.loaded && me) {
      const first = messages.findIndex((m) => m.id > 0 && !m.local && !isMine(m, me) && !readBy(m, me));
      this.#unreadFrom = first > 0 ? messages[first].id : null;
    }
    this.#byKey = new Map(messages.map((m, i) => [this.#keys[i], m]));
    this.#index = new Map(this.#keys.map((k, i) => [k, i]));
  }

  /** The first message at or below the top edge, and how far below it is. */
  #findAnchor(scroller: HTMLElement): { key: string; delta: number } | undefined {
    const top = scroller.scrollTop;
    let offset = 0;
    for (const key of this.#keys) {
      const h = this.#heights.height(key);
      if (offset + h > top) return { key, delta: offset - top };
      offset += h;
    }
    return undefined;
  }

  protected updated(): void {
    const s = this.#scroller;
    if (!s) return;
    if (s !== this.#observed) this.#resizer.observe((this.#observed = s));
    if (this.#atBottom) s.scrollTop = s.scrollHeight;
    else if (this.#anchor) {
      const index = this.#keys.indexOf(this.#anchor.key);
      if (index >= 0) s.scrollTop = this.#heights.offsetOf(this.#keys, index) - this.#anchor.delta;
    }
    this.#lastTop = s.scrollTop;
    const state = this.#state;
    if (this.#loadFailed) return this.#markVisibleRead();
    if (state && !state.loaded) void this.#loadOlder();
    else if (state?.hasOlder && s.scrollTop < LOAD_OLDER_AT) void this.#loadOlder();
    this.#markVisibleRead();
  }

  async #loadOlder(): Promise<void> {
    const client = this.ctx?.client;
    if (this.#loading || !client) return;
    this.#loading = true;
    // a page that could not be fetched is asked for again when the viewer says so, not on every update
    this.#loadFailed = !(await loadOlder(client, this.chatId));
    this.#loading = false;
    this.requestUpdate();
  }

  #retryLoad(): void {
    this.#loadFailed = false;
    void this.#loadOlder();
  }

  #handleScroll(e: Event): void {
    const s = e.currentTarget as HTMLElement;
    if (this.#hidden || !s.clientHeight) return;
    const near = s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM;
    // Rows that grew below after the list scrolled itself to the end (a photo loaded, a message came) leave the reader there.
    if (near || s.scrollTop < this.#lastTop) this.#atBottom = near;
    this.#lastTop = s.scrollTop;
    if (this.#atBottom) this.#newBelow = 0;
    this.requestUpdate();
  }

  /**
   * The list is one tab stop; the arrow keys (and Home, End) move among the messages, whose
   * full date and reply action show while one has the focus.
   */
  #handleKey(e: KeyboardEvent): void {
    const moves: Record<string, (at: number, last: number) => number> = {
      ArrowUp: (at, last) => (at < 0 ? last : Math.max(0, at - 1)),
      ArrowDown: (at, last) => Math.min(last, at + 1),
      Home: () => 0,
      End: (_, last) => last,
    };
    const move = moves[e.key];
    const target = e.target as HTMLElement;
    if (!move || (target !== this.#scroller && !target.classList.contains('msg'))) return;
    const all = [...this.renderRoot.querySelectorAll<HTMLElement>('.msg')];
    if (!all.length) return;
    e.preventDefault();
    all[move(all.indexOf(target), all.length - 1)].focus();
  }

  #markVisibleRead(): void {
    const client = this.ctx?.client;
    const s = this.#scroller;
    if (!client || !s || document.visibilityState !== 'visible' || !s.clientHeight) return;
    const r = this.#heights.range(this.#keys, s.scrollTop, s.clientHeight, 0);
    const visible = this.#keys.slice(r.start, r.end).map((k) => this.#byKey.get(k)!);
    client.reads?.mark(this.chatId, visible);
  }

  /**
   * One element per message, kept while the message stays in the window: rows move rather
   * than being re-filled, so an image is not reloaded and a playing voice note keeps playing.
   */
  /** The message above the one with this key. */
  #before(key: string): ChatMessage | undefined {
    const at = this.#index.get(key)!;
    return at > 0 ? this.#byKey.get(this.#keys[at - 1]) : undefined;
  }

  #rowsFor(keys: string[], view: MessageView): HTMLElement[] {
    const rows = keys.map((k) => {
      let row = this.#rows.get(k);
      if (!row) {
        row = document.createElement('div');
        row.className = 'row';
        row.dataset.key = k;
        this.#rows.set(k, row);
        this.#resizer.observe(row);
      }
      render(renderMessage(this.#byKey.get(k)!, this.#before(k), view), row, { host: this });
      return row;
    });
    const keep = new Set(keys);
    for (const [k, row] of this.#rows) {
      if (!keep.has(k)) {
        this.#rows.delete(k);
        this.#resizer.unobserve(row);
      }
    }
    return rows;
  }

  render() {
    const ctx = this.ctx;
    const state = this.#state;
    if (!ctx || !state) return nothing;
    const { client, t } = ctx;
    const s = this.#scroller;
    const viewport = s?.clientHeight || 600;
    const top = !s || this.#atBottom ? Math.max(0, this.#heights.offsetOf(this.#keys, this.#keys.length) - viewport) : s.scrollTop;
    const r = this.#heights.range(this.#keys, top, viewport);
    const view: MessageView = {
      t,
      me: client.store.me,
      server: client.server,
      reply: (m: ChatMessage) => this.dispatchEvent(new CustomEvent('reply', { detail: m })),
      retry: (m: ChatMessage) => void client.sender?.retry(this.chatId, m.client_message_id!),
      discard: (m: ChatMessage) => void client.sender?.discard(this.chatId, m.client_message_id!),
      viewPhoto: (src, alt, opener) => this.#viewer.open(src, alt, opener),
      salon: this.salon,
      unreadFrom: this.#unreadFrom ?? null,
    };
    return html`<div
        class="scroller"
      part="message-list"
      role="log"
      aria-live="polite"
      aria-relevant="additions"
      aria-label=${t('chat')}
      tabindex="0"
      @scroll=${this.#handleScroll}
      @keydown=${this.#handleKey}
    >
      ${this.#loadFailed
        ? html`<div class="older" role="alert">${t('historyFailed')} <button class="link" @click=${this.#retryLoad}>${t('retry')}</button></div>`
        : state.hasOlder
          ? html`<div class="older">${t(state.loaded ? 'loadingOlder' : 'loading')}</div>`
          : nothing}
      ${state.loaded && !this.#keys.length ? html`<div class="empty">${t('empty')}</div>` : nothing}
      <div .style=${`height:${r.before}px`}></div>
      ${this.#rowsFor(this.#keys.slice(r.start, r.end), view)}
      <div .style=${`height:${r.after}px`}></div>
      </div>
      ${this.#newBelow && !this.#atBottom
        ? html`<button class="new-below" @click=${() => this.scrollToEnd()}>${t('newMessages')} ↓</button>`
        : nothing}
      ${this.#viewer.render(t)}`;
  }
}
