import { css, html, nothing, shownName } from '../kit.ts';
import { isOnline } from './online.ts';
import { icons } from './icons.ts';
import type { WidgetContext } from '../context.ts';
import type { ChatMessage, OpeningHours, Participant } from '../client/types.ts';
import type { Translate } from '../i18n.ts';
import { setArchived } from './requests.ts';
import { assign, setResolved } from './views.ts';

export interface ConversationView {
  ctx: WidgetContext;
  chatId: number;
  /** Staff mode: a header with the customer, presence, archive and back. */
  staff: boolean;
  replyTo: ChatMessage | null;
  /** The chat's salon, where known (appointment cards show its time zone, quick replies its name and hours). */
  salon?: { name: string; timezone?: string; opening_hours?: OpeningHours };
  /** The salon's staff, whom a chat may be assigned to (staff mode). */
  team?: { id: number; name: string }[];
  reply(m: ChatMessage | null): void;
  sent(): void;
  back(): void;
}

export const conversationStyles = css`
  .conversation {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-block-size: 0;
  }
  .conversation .bar {
    background: none;
    color: inherit;
    border-block-end: 1px solid var(--sc-border);
  }
  :dir(rtl) .back svg {
    transform: scaleX(-1);
  }
  .conversation .contact {
    margin: 0;
    font-size: 12.8px;
    color: var(--sc-muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .conversation .contact a {
    color: inherit;
  }
  .state {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 6px 12px;
    border-block-end: 1px solid var(--sc-border);
    font-size: 13.6px;
  }
  .state label {
    display: flex;
    align-items: center;
    gap: 6px;
    flex: 1;
    min-inline-size: 0;
    white-space: nowrap;
  }
  .state select {
    flex: 1;
    min-inline-size: 6em;
    max-inline-size: 100%;
    font: inherit;
    color: inherit;
    background: var(--sc-bg);
    padding: 4px 6px;
    border: 1px solid var(--sc-border);
    border-radius: 6.4px;
  }
  .state button {
    padding: 4px 12px;
    border: 1px solid var(--sc-border);
    border-radius: 999px;
  }
  .state .resolved {
    color: var(--sc-muted);
  }
  .typing {
    min-block-size: 20px;
    padding-inline: 12px;
    font-size: 12.8px;
    color: var(--sc-muted);
  }
`;

function header(v: ConversationView) {
  const { ctx: { client, t }, chatId, back } = v;
  const chat = client.store.chats.get(chatId)?.chat;
  if (!chat) return nothing;
  const other = chat.participants.find((p) => p.participant_type !== client.store.me?.type);
  const online = !!other && isOnline(chat, other, client.store.me);
  const archive = t(chat.is_archived ? 'unarchive' : 'archive');
  return html`<div class="bar" part="conversation-header">
    <button class="icon back" aria-label=${t('back')} @click=${back}>${icons.back}</button>
    <span class="dot ${online ? 'on' : ''}" role="img" aria-label=${t(online ? 'isOnline' : 'isOffline')}></span>
    <div class="who">
      <h2><bdi>${shownName(other?.name || other?.phone || chat.title) || t('someone')}</bdi></h2>
      ${other?.participant_type === 'customer' ? contactLine(other, t) : nothing}
    </div>
    <button class="icon" aria-label=${archive} title=${archive} @click=${() => setArchived(client, chat.id, !chat.is_archived).catch((e) => client.fail(e))}>
      ${icons.archive}
    </button>
  </div>
  ${chat.status ? stateBar(v) : nothing}`;
}

/** How the customer can be reached, as links a phone or a mail program opens, and whether they have an account. */
function contactLine(customer: Participant, t: Translate) {
  const { phone, email } = customer;
  const kind = customer.is_guest === undefined ? nothing : t(customer.is_guest ? 'guestCustomer' : 'accountCustomer');
  return html`<p class="contact" part="conversation-contact">
    ${kind}${kind !== nothing && (phone || email) ? ' · ' : nothing}${phone ? html`<a href="tel:${phone.replace(/[^\d+]/g, '')}" dir="ltr">${phone}</a>` : nothing}${phone && email ? ' · ' : nothing}${email ? html`<a href="mailto:${email}" dir="ltr">${email}</a>` : nothing}
  </p>`;
}

/** A chat's state for the salon (conversation states): whom it is assigned to, and Resolve or Reopen. */
function stateBar({ ctx: { client, t }, chatId, team = [] }: ConversationView) {
  const chat = client.store.chats.get(chatId)!.chat;
  const me = client.store.me;
  const resolved = chat.status === 'resolved';
  const fail = (e: unknown) => client.fail(e);
  const choose = (e: Event) => {
    const value = (e.target as HTMLSelectElement).value;
    void assign(client, chatId, value ? Number(value) : null).catch(fail);
  };
  const known = chat.assignee_id == null || team.some((s) => s.id === chat.assignee_id);
  return html`<div class="state" part="conversation-state">
    <label
      >${t('assignee')}
      <select @change=${choose} .value=${String(chat.assignee_id ?? '')}>
        <option value="" ?selected=${chat.assignee_id == null}>${t('nobody')}</option>
        ${team.map(
          (s) =>
            html`<option value=${s.id} ?selected=${chat.assignee_id === s.id}>${me?.type === 'user' && me.id === s.id ? t('me', { name: shownName(s.name) }) : shownName(s.name)}</option>`,
        )}
        ${known ? nothing : html`<option value=${chat.assignee_id!} selected>#${chat.assignee_id}</option>`}
      </select>
    </label>
    ${resolved ? html`<span class="resolved" role="status">${t('resolved')}</span>` : nothing}
    <button @click=${() => setResolved(client, chatId, !resolved).catch(fail)}>${t(resolved ? 'reopen' : 'resolve')}</button>
  </div>`;
}

/**
 * One open chat: (for staff) its header; the message list; who is typing; the composer, with
 * the message being replied to.
 */
export function renderConversation(v: ConversationView) {
  const { t, client } = v.ctx;
  const typers = [...(client.store.chats.get(v.chatId)?.typing.values() ?? [])];
  return html`<div class="conversation">
    ${v.staff ? header(v) : nothing}
    <salon-chat-messages
      chat-id=${v.chatId}
      exportparts="message-list, message, message-mine, message-note, card, photo-viewer"
      .salon=${v.salon}
      @reply=${(e: CustomEvent<ChatMessage>) => v.reply(e.detail)}
    ></salon-chat-messages>
    <div class="typing" aria-live="polite">${typers.length ? t('typing', { name: typers.map(shownName).filter(Boolean).join(', ') || t('someone') }) : nothing}</div>
    <salon-chat-composer
      chat-id=${v.chatId}
      exportparts="composer, quick-replies, quick-replies-manager"
      ?staff=${v.staff}
      .replyTo=${v.replyTo}
      .salon=${v.salon}
      @sent=${v.sent}
      @cancel-reply=${() => v.reply(null)}
    ></salon-chat-composer>
  </div>`;
}
