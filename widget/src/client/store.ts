import { NOTE_MESSAGE_TYPE, type ChatCounts } from '@salon-chat/protocol/core';
import type { ChatMessage, ChatSummary, Me, Message, OnlineMember } from './types.ts';

export interface ChatState {
  chat: ChatSummary;
  messages: ChatMessage[];
  /** True while older pages may exist on the server. */
  hasOlder: boolean;
  /** The next history page to fetch when scrolling up. */
  nextPage: number;
  /** True once the first page was fetched. */
  loaded: boolean;
  /** Names of the other members typing now. */
  typing: Map<string, string>;
}

/** Is `m` written by `me`? */
export function isMine(m: ChatMessage, me: Me | undefined): boolean {
  if (!me || m.sender_type !== me.type) return false;
  return (me.type === 'user' ? m.sender_user_id : m.sender_customer_id) === me.id || m.local !== undefined;
}

/** Is `m` an internal note (shown to the salon's staff only, never a chat's preview nor unread)? */
export const isNote = (m: Pick<Message, 'message_type'>) => m.message_type === NOTE_MESSAGE_TYPE;

/** Has `who` read `m`? */
export function readBy(m: Message, who: Me): boolean {
  return m.read_receipts.some((r) => r.reader_type === who.type && r.reader_id === who.id);
}

/**
 * The chats and their messages, de-duplicated by server id and by `client_message_id`, kept
 * in id order with messages still on their way out at the end.
 */
export class ChatStore {
  me: Me | undefined;
  readonly chats = new Map<number, ChatState>();
  /** How many conversations each inbox view holds, as the server last counted them; null until counted, or from a server without states. */
  counts: ChatCounts | null = null;
  /** Whether anyone of a salon's staff is online, by salon id, as its joined chats' frames last said while the socket was up (server extension). */
  readonly staffOnline = new Map<number, boolean>();
  /** The line a chat list shows of a message that arrives: its text, until the panel brings the protocol's `messagePreview`. */
  previewOf: (m: Message) => string | null = (m) => m.content ?? null;

  upsertChat(chat: ChatSummary): ChatState {
    const state = this.chats.get(chat.id);
    if (state) {
      state.chat = { ...state.chat, ...chat };
      return state;
    }
    const fresh: ChatState = { chat, messages: [], hasOlder: true, nextPage: 1, loaded: false, typing: new Map() };
    this.chats.set(chat.id, fresh);
    return fresh;
  }

  /**
   * Adds or replaces messages; returns the ones that were not known before (neither by id nor
   * as an optimistic copy).
   */
  addMessages(chatId: number, incoming: readonly ChatMessage[]): ChatMessage[] {
    const state = this.chats.get(chatId);
    if (!state) return [];
    const added: ChatMessage[] = [];
    for (const m of incoming) {
      // A customer never holds a note, whatever a server sends.
      if (isNote(m) && this.me?.type === 'customer') continue;
      const list = state.messages;
      const at = this.#find(list, m);
      if (at < 0) {
        list.splice(this.#position(list, m), 0, m);
        added.push(m);
      } else if (list[at].local !== undefined && m.local === undefined) {
        const preview = list[at].preview;
        list.splice(at, 1);
        list.splice(this.#position(list, m), 0, { ...m, preview });
      } else if (list[at].local === undefined && m.local !== undefined) {
        continue;
      } else {
        list[at] = { ...list[at], ...m };
      }
    }
    return added;
  }

  /** Index of the confirmed messages' end (optimistic ones follow it). */
  #confirmedEnd(list: ChatMessage[]): number {
    let end = list.length;
    while (end > 0 && list[end - 1].local !== undefined) end--;
    return end;
  }

  /** Where `m` goes: by id among confirmed messages, or at the very end when optimistic. */
  #position(list: ChatMessage[], m: ChatMessage): number {
    if (m.local !== undefined) return list.length;
    let lo = 0;
    let hi = this.#confirmedEnd(list);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].id < m.id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #find(list: ChatMessage[], m: ChatMessage): number {
    if (m.local === undefined) {
      const at = this.#position(list, m);
      if (at < list.length && list[at].local === undefined && list[at].id === m.id) return at;
    }
    if (m.client_message_id == null) return -1;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].client_message_id === m.client_message_id) return i;
      if (list[i].local === undefined && (m.local !== undefined || list[i].id < m.id)) break;
    }
    return -1;
  }

  /**
   * Messages of a chat from the socket, a poll or a catch-up: stored, the chat's last activity
   * and preview moved on, its unread count raised by the new ones of others. Answers the new ones.
   */
  receive(chatId: number, messages: readonly Message[]): ChatMessage[] {
    const state = this.chats.get(chatId);
    if (!state) return [];
    const added = this.addMessages(chatId, messages).filter((m) => !isNote(m));
    const last = messages.findLast((m) => !isNote(m));
    if (last && (!state.chat.last_message_at || last.created_at >= state.chat.last_message_at)) {
      state.chat = { ...state.chat, last_message_at: last.created_at, last_message_preview: this.previewOf(last) };
    }
    state.chat.unread_count += added.filter((m) => !isMine(m, this.me)).length;
    return added;
  }

  /** Who is online in a chat (`joined_chat`, `presence`), and whether anyone of its salon's staff is (`staff_online`, by salon). */
  setOnline(chatId: number, online: { online_participants: number[]; online_members?: OnlineMember[]; staff_online?: boolean }): void {
    const state = this.chats.get(chatId);
    if (!state) return;
    state.chat = { ...state.chat, online_participants: online.online_participants, online_members: online.online_members };
    if (online.staff_online !== undefined) this.staffOnline.set(state.chat.salon_id, online.staff_online);
  }

  /** Highest id the server has confirmed in a chat (0 when none). */
  lastId(chatId: number): number {
    const list = this.chats.get(chatId)?.messages ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i].local === undefined) return list[i].id;
    return 0;
  }

  /**
   * `reader` read message `messageId` and the earlier messages of its sender in the chat, or
   * exactly `ids` when given (a `read_receipt` frame says the same). Without `readAt` (an
   * extension a server of the guide alone does not send) the read is news of a read just now.
   * Notes are never read: a read of their writer's messages passes them by.
   */
  addReceipt(chatId: number, messageId: number, reader: Me, readAt = new Date().toISOString(), ids?: number[]): void {
    const list = this.chats.get(chatId)?.messages ?? [];
    const newest = list.find((x) => x.id === messageId);
    for (const m of list) {
      const read = ids
        ? ids.includes(m.id)
        : newest && m.id > 0 && m.id <= messageId && m.sender_type === newest.sender_type && m.sender_user_id === newest.sender_user_id && m.sender_customer_id === newest.sender_customer_id;
      if (read && !isNote(m) && !readBy(m, reader)) m.read_receipts = [...m.read_receipts, { reader_type: reader.type, reader_id: reader.id, read_at: readAt }];
    }
  }

  totalUnread(): number {
    let n = 0;
    for (const s of this.chats.values()) if (!s.chat.is_archived) n += s.chat.unread_count;
    return n;
  }
}
