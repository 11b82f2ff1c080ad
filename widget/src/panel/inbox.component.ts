import { ApiError, html, nothing, shared, shownName, type PropertyDeclarations } from '../kit.ts';
import { isOnline } from './online.ts';
import { SalonChatElement } from './element.ts';
import type { ChatSummary } from '../client/types.ts';
import { inboxStamp } from './dates.ts';
import { ROW_HEIGHT, inboxStyles } from './inbox.styles.ts';
import { controls } from './controls.styles.ts';
import { searchChats } from './requests.ts';

/** Rows drawn beyond each edge of the list, so that a quick scroll shows no gap. */
const OVERSCAN = 6;
/** What the inbox says of a search the server refused, by its status: too broad, or too many at once. */
const SEARCH_REFUSALS: Record<number, 'searchTooBroad' | 'searchBusy'> = { 422: 'searchTooBroad', 429: 'searchBusy', 503: 'searchBusy' };

/**
 * The staff inbox: every chat of the salon, newest activity first, with its unread badge, the
 * customer's presence and the last message; active and archived views; a search over customers
 * and messages (on the server). Only the rows on screen exist. Fires `select` with the chat id.
 *
 * @csspart inbox - the inbox
 */
export class SalonChatInbox extends SalonChatElement {
  static styles = [shared, controls, inboxStyles];

  static properties: PropertyDeclarations = {
    selected: { type: Number },
    archived: { state: true },
    found: { state: true },
    refused: { state: true },
    top: { state: true },
  };

  get #list() {
    return this.renderRoot.querySelector('ul');
  }

  selected = 0;
  private archived = false;
  /** The chats the search found, newest first (shown from the store, so they stay current); null without a search. */
  private found: number[] | null = null;
  /** Why the server did not run the search, shown where its results would be. */
  private refused: 'searchTooBroad' | 'searchBusy' | null = null;
  private top = 0;
  #query = '';
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
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
      const found = await searchChats(client, query, this.archived);
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
        ${chat.last_message_at ? html`<time datetime=${chat.last_message_at}>${inboxStamp(chat.last_message_at, t.lang)}</time>` : nothing}
        <span class="preview" dir="auto">${chat.last_message_preview ?? ''}</span>
        ${chat.unread_count ? html`<span class="badge" aria-label=${t('unread', { n: chat.unread_count })}>${chat.unread_count > 99 ? '99+' : chat.unread_count}</span>` : nothing}
      </button>
    </li>`;
  }

  render() {
    if (!this.ctx) return nothing;
    const { client, t } = this.ctx;
    const chats =
      this.found?.flatMap((id) => client.store.chats.get(id)?.chat ?? []) ??
      [...client.store.chats.values()]
        .map((s) => s.chat)
        .filter((c) => c.is_archived === this.archived)
        .sort((a, b) => (b.last_message_at ?? b.created_at).localeCompare(a.last_message_at ?? a.created_at));
    const height = this.#list?.clientHeight || 600;
    const start = Math.max(0, Math.floor(this.top / ROW_HEIGHT) - OVERSCAN);
    const end = Math.min(chats.length, Math.ceil((this.top + height) / ROW_HEIGHT) + OVERSCAN);
    return html`<nav part="inbox" aria-label=${t('conversations')}>
        <div class="tabs">
          <button aria-pressed=${!this.archived} @click=${() => this.#show(false)}>${t('active')}</button>
          <button aria-pressed=${this.archived} @click=${() => this.#show(true)}>${t('archived')}</button>
        </div>
        <div class="search" role="search">
          <input type="search" aria-label=${t('searchChats')} placeholder=${t('searchChats')} @input=${this.#handleSearch} />
        </div>
      </nav>
      <ul aria-label=${t(this.archived ? 'archived' : 'active')} @scroll=${(e: Event) => (this.top = (e.target as HTMLElement).scrollTop)}>
        <li class="spacer" aria-hidden="true" .style=${`height:${start * ROW_HEIGHT}px`}></li>
        ${chats.slice(start, end).map((c, i) => this.#renderChat(c, start + i, chats.length))}
        <li class="spacer" aria-hidden="true" .style=${`height:${(chats.length - end) * ROW_HEIGHT}px`}></li>
      </ul>
      ${chats.length ? nothing : html`<p class="empty" role="status">${t(this.refused ?? (this.found ? 'noMatch' : 'noChats'))}</p>`}`;
  }
}
