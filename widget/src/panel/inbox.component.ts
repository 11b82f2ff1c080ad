import { ApiError, html, nothing, shared, shownName, type PropertyDeclarations } from '../kit.ts';
import { isOnline } from './online.ts';
import { SalonChatElement } from './element.ts';
import type { ChatSummary } from '../client/types.ts';
import type { ChatClient } from '../client/chat-client.ts';
import { inboxStamp } from './dates.ts';
import { ROW_HEIGHT, inboxStyles } from './inbox.styles.ts';
import { controls } from './controls.styles.ts';
import { searchChats } from './requests.ts';
import { icons } from './icons.ts';
import { VIEWS, VIEW_LABELS, fetchCounts, keepState, inView, loadView, sortView, waitingFor, type ChatCounts, type ChatView } from './views.ts';

/** Rows drawn beyond each edge of the list, so that a quick scroll shows no gap. */
const OVERSCAN = 6;
/** The waiting times shown are brought up to date this often. */
const TICK_MS = 30_000;
/** What the inbox says of a search the server refused, by its status: too broad, or too many at once. */
const SEARCH_REFUSALS: Record<number, 'searchTooBroad' | 'searchBusy'> = { 422: 'searchTooBroad', 429: 'searchBusy', 503: 'searchBusy' };

/**
 * The staff inbox: every chat of the salon with its unread badge, the customer's presence and the
 * last message, in the views of conversation states (Unanswered, the longest waiting first with
 * how long; Mine; All open; Resolved), each with its number of conversations, kept live from
 * `chat_state` frames; on a server without states, active and archived chats. A search over
 * customers and messages (on the server) within the view. Only the rows on screen exist. Fires
 * `select` with the chat id.
 *
 * @csspart inbox - the inbox
 */
export class SalonChatInbox extends SalonChatElement {
  static styles = [shared, controls, inboxStyles];

  static properties: PropertyDeclarations = {
    selected: { type: Number },
    archived: { state: true },
    view: { state: true },
    found: { state: true },
    refused: { state: true },
    top: { state: true },
    starting: { state: true },
  };

  get #list() {
    return this.renderRoot.querySelector('ul');
  }

  selected = 0;
  /** Whether the form that starts a conversation with a customer is open. */
  private starting = false;
  private archived = false;
  private view: ChatView = 'open';
  /** How many conversations each view holds (kept in the store, where the page title reads them too). */
  private get counts(): ChatCounts | null {
    return this.ctx?.client.store.counts ?? null;
  }
  #countsOf: ChatClient | undefined;
  #countsAsked = 0;
  #counting: Promise<void> | undefined;
  #countAgain = false;
  #off: (() => void)[] = [];
  #tick: ReturnType<typeof setInterval> | undefined;
  /** The chats the search found, newest first (shown from the store, so they stay current); null without a search. */
  private found: number[] | null = null;
  /** Why the server did not run the search, shown where its results would be. */
  private refused: 'searchTooBroad' | 'searchBusy' | null = null;
  private top = 0;
  #query = '';
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  connectedCallback(): void {
    super.connectedCallback();
    this.#tick = setInterval(() => this.view === 'unanswered' && this.requestUpdate(), TICK_MS);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
    clearInterval(this.#tick);
    this.#follow(undefined);
  }

  protected updated(): void {
    const client = this.ctx?.client;
    if (client !== this.#countsOf) this.#follow(client);
  }

  /**
   * Counts the views now and again whenever a chat's state changes or a chat comes (`chat_state`,
   * `chat_created`); a chat of the salon this inbox did not know yet (another's new chat) is fetched.
   */
  #follow(client: ChatClient | undefined): void {
    this.#off.forEach((off) => off());
    this.#countsOf = client;
    this.#off = client
      ? [
          client.on('state', (frame) => {
            this.#count();
            keepState(client, frame);
          }),
          client.on('chat', () => this.#count()),
          client.on('ready', () => this.#count()),
        ]
      : [];
    if (client?.ready) this.#count();
  }

  /**
   * Counts the views, one request at a time: changes that come while one is on its way (a busy
   * salon's burst of `chat_state`) make one more, once it is back.
   */
  #count(): void {
    if (this.#counting) {
      this.#countAgain = true;
      return;
    }
    this.#counting = this.#countNow().finally(() => {
      this.#counting = undefined;
      if (this.#countAgain) {
        this.#countAgain = false;
        this.#count();
      }
    });
  }

  /** The counts of the views, the latest asked winning; the first time, the chats of the view shown come along. */
  async #countNow(): Promise<void> {
    const client = this.#countsOf;
    if (!client) return;
    const asked = ++this.#countsAsked;
    try {
      const counts = await fetchCounts(client);
      if (asked !== this.#countsAsked || client !== this.#countsOf) return;
      const first = counts && !this.counts;
      if (first) await loadView(client, this.view);
      client.store.counts = counts;
      client.changed();
      // a search typed before the views were known runs again within the view
      if (first) void this.#search();
    } catch (e) {
      client.fail(e);
    }
  }

  async #showView(view: ChatView): Promise<void> {
    this.view = view;
    await loadView(this.ctx!.client, view).catch((e) => this.ctx?.client.fail(e));
    this.#search();
  }

  async #show(archived: boolean): Promise<void> {
    this.archived = archived;
    if (archived) await this.ctx?.client.loadChats(true).catch((e) => this.ctx?.client.fail(e));
    this.#search();
  }

  #handleSearch(e: InputEvent): void {
    this.#query = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => this.#search(), 250);
  }

  async #search(): Promise<void> {
    const client = this.ctx?.client;
    const query = this.#query;
    if (!client || !query) {
      this.found = null;
      this.refused = null;
      return;
    }
    try {
      const found = await searchChats(client, query, this.counts ? { view: this.view } : { archived: this.archived });
      if (query !== this.#query) return;
      this.found = found.map((c) => c.id);
      this.refused = null;
    } catch (e) {
      // a search the server will not run (too broad, too many at once) is said where its results would be
      const refusal = e instanceof ApiError ? SEARCH_REFUSALS[e.status] : undefined;
      if (query === this.#query) this.refused = refusal ?? null;
      if (!refusal) return client.fail(e);
      if (query === this.#query) this.found = [];
    }
  }

  #renderChat(chat: ChatSummary, at: number, of: number) {
    const { client, t } = this.ctx!;
    const other = chat.participants.find((p) => p.participant_type !== client.store.me?.type);
    const online = !!other && isOnline(chat, other, client.store.me);
    const name = shownName(other?.name || other?.phone || chat.title) || `#${chat.id}`;
    return html`<li aria-setsize=${of} aria-posinset=${at + 1}>
      <button aria-current=${this.selected === chat.id} @click=${() => this.dispatchEvent(new CustomEvent('select', { detail: chat.id }))}>
        <span class="dot ${online ? 'on' : ''}" role="img" aria-label=${t(online ? 'isOnline' : 'isOffline')}></span>
        <span class="name" dir="auto">${name}</span>
        ${this.counts && this.view === 'unanswered' && chat.waiting_since
          ? html`<time class="waiting" datetime=${chat.waiting_since}>${waitingFor(t, chat.waiting_since)}</time>`
          : chat.last_message_at
            ? html`<time datetime=${chat.last_message_at}>${inboxStamp(chat.last_message_at, t.lang)}</time>`
            : nothing}
        <span class="preview" dir="auto">${chat.last_message_preview ?? ''}</span>
        ${chat.unread_count ? html`<span class="badge" aria-label=${t('unread', { n: chat.unread_count })}>${chat.unread_count > 99 ? '99+' : chat.unread_count}</span>` : nothing}
      </button>
    </li>`;
  }

  /** The chats listed: the search's, or the view's (the active or archived ones on a server without states). */
  #chats(): ChatSummary[] {
    const { store } = this.ctx!.client;
    const all = this.found?.flatMap((id) => store.chats.get(id)?.chat ?? []) ?? [...store.chats.values()].map((s) => s.chat);
    if (this.counts) return sortView(all.filter((c) => inView(c, this.view, store.me)), this.view);
    if (this.found) return all;
    return all
      .filter((c) => c.is_archived === this.archived)
      .sort((a, b) => (b.last_message_at ?? b.created_at).localeCompare(a.last_message_at ?? a.created_at));
  }

  #renderTabs() {
    const { t } = this.ctx!;
    const counts = this.counts;
    if (!counts) {
      return html`<div class="tabs">
        <button aria-pressed=${!this.archived} @click=${() => this.#show(false)}>${t('active')}</button>
        <button aria-pressed=${this.archived} @click=${() => this.#show(true)}>${t('archived')}</button>
      </div>`;
    }
    return html`<div class="tabs views">
      ${VIEWS.map(
        (view) => html`<button
          aria-pressed=${this.view === view}
          data-view=${view}
          @click=${() => this.#showView(view)}
        >
          <span class="label">${t(VIEW_LABELS[view])}</span> <span class="count">${counts[view] > 999 ? '999+' : counts[view]}</span>
        </button>`,
      )}
    </div>`;
  }

  async #toggleStart(): Promise<void> {
    this.starting = !this.starting;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('salon-chat-new-chat')?.focus();
  }

  /** The form closed: on the chat it started, or given up (the focus back on its button). */
  #started(chatId?: number): void {
    this.starting = false;
    if (chatId) this.dispatchEvent(new CustomEvent('select', { detail: chatId }));
    else void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.search .new')?.focus());
  }

  render() {
    if (!this.ctx) return nothing;
    const { t } = this.ctx;
    const chats = this.#chats();
    const listLabel = this.counts ? t(VIEW_LABELS[this.view]) : t(this.archived ? 'archived' : 'active');
    const height = this.#list?.clientHeight || 600;
    const start = Math.max(0, Math.floor(this.top / ROW_HEIGHT) - OVERSCAN);
    const end = Math.min(chats.length, Math.ceil((this.top + height) / ROW_HEIGHT) + OVERSCAN);
    return html`<nav part="inbox" aria-label=${t('conversations')}>
        ${this.#renderTabs()}
        <div class="search" role="search">
          <input type="search" aria-label=${t('searchChats')} placeholder=${t('searchChats')} @input=${this.#handleSearch} />
          <button class="icon new" aria-label=${t('newChat')} title=${t('newChat')} aria-expanded=${this.starting} @click=${this.#toggleStart}>${icons.plus}</button>
        </div>
      </nav>
      ${this.starting
        ? html`<salon-chat-new-chat
            exportparts="new-chat"
            @select=${(e: CustomEvent<number>) => this.#started(e.detail)}
            @close=${() => this.#started()}
          ></salon-chat-new-chat>`
        : nothing}
      <ul aria-label=${listLabel} @scroll=${(e: Event) => (this.top = (e.target as HTMLElement).scrollTop)}>
        <li class="spacer" aria-hidden="true" .style=${`height:${start * ROW_HEIGHT}px`}></li>
        ${chats.slice(start, end).map((c, i) => this.#renderChat(c, start + i, chats.length))}
        <li class="spacer" aria-hidden="true" .style=${`height:${(chats.length - end) * ROW_HEIGHT}px`}></li>
      </ul>
      ${chats.length ? nothing : html`<p class="empty" role="status">${t(this.refused ?? (this.found ? 'noMatch' : 'noChats'))}</p>`}`;
  }
}
