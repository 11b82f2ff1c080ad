import { css, html, nothing, type PropertyDeclarations, isOnline, shared } from '../kit.ts';
import { SalonChatElement } from './element.ts';
import type { ChatSummary } from '../client/types.ts';
import { inboxStamp } from './dates.ts';

/**
 * The staff inbox: every chat of the salon with its unread badge, the customer's presence and
 * the last message; active and archived views. Fires `select` with the chat id.
 *
 * @csspart inbox - the inbox
 */
export class SalonChatInbox extends SalonChatElement {
  static styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-block-size: 0;
        border-inline-end: 1px solid var(--sc-border);
      }
      .tabs {
        display: flex;
        gap: 4px;
        padding: 8px;
        border-block-end: 1px solid var(--sc-border);
      }
      .tabs button {
        flex: 1;
        padding: 4.8px;
        border-radius: 6.4px;
      }
      .tabs [aria-pressed='true'] {
        background: var(--sc-accent);
        color: var(--sc-accent-fg);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        overflow-y: auto;
        flex: 1;
      }
      li button {
        display: grid;
        grid-template-columns: auto 1fr auto;
        gap: 2.4px 8px;
        align-items: center;
        inline-size: 100%;
        text-align: start;
        padding: 9.6px 12px;
        border-block-end: 1px solid var(--sc-border);
      }
      li button:hover,
      li button[aria-current='true'] {
        background: var(--sc-hover);
      }
      .name {
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .preview,
      time {
        font-size: 12.8px;
        color: var(--sc-muted);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .preview {
        grid-column: 2;
      }
      .empty {
        padding: 16px;
        color: var(--sc-muted);
      }
    `,
  ];

  static properties: PropertyDeclarations = {
    selected: { type: Number },
    archived: { state: true },
  };

  selected = 0;
  private archived = false;

  async #show(archived: boolean): Promise<void> {
    this.archived = archived;
    if (archived) await this.ctx?.client.loadChats(true).catch((e) => this.ctx?.client.fail(e));
  }

  #renderChat(chat: ChatSummary) {
    const { client, t } = this.ctx!;
    const other = chat.participants.find((p) => p.participant_type !== client.store.me?.type);
    const online = !!other && isOnline(chat, other, client.store.me);
    const name = other?.name || other?.phone || chat.title || `#${chat.id}`;
    return html`<li>
      <button aria-current=${this.selected === chat.id} @click=${() => this.dispatchEvent(new CustomEvent('select', { detail: chat.id }))}>
        <span class="dot ${online ? 'on' : ''}" role="img" aria-label=${t(online ? 'isOnline' : 'isOffline')}></span>
        <span class="name">${name}</span>
        ${chat.last_message_at ? html`<time datetime=${chat.last_message_at}>${inboxStamp(chat.last_message_at, t.lang)}</time>` : nothing}
        <span class="preview" dir="auto">${chat.last_message_preview ?? ''}</span>
        ${chat.unread_count ? html`<span class="badge" aria-label=${t('unread', { n: chat.unread_count })}>${chat.unread_count}</span>` : nothing}
      </button>
    </li>`;
  }

  render() {
    if (!this.ctx) return nothing;
    const { client, t } = this.ctx;
    const chats = [...client.store.chats.values()]
      .map((s) => s.chat)
      .filter((c) => c.is_archived === this.archived)
      .sort((a, b) => (b.last_message_at ?? b.created_at).localeCompare(a.last_message_at ?? a.created_at));
    return html`<nav part="inbox" aria-label=${t('conversations')}>
        <div class="tabs">
          <button aria-pressed=${!this.archived} @click=${() => this.#show(false)}>${t('active')}</button>
          <button aria-pressed=${this.archived} @click=${() => this.#show(true)}>${t('archived')}</button>
        </div>
      </nav>
      <ul aria-label=${t(this.archived ? 'archived' : 'active')}>
        ${chats.map((c) => this.#renderChat(c))}
      </ul>
      ${chats.length ? nothing : html`<p class="empty">${t('noChats')}</p>`}`;
  }
}
