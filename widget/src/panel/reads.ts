import { isMine, readBy } from '../kit.ts';
import type { ChatClient } from '../client/chat-client.ts';
import type { ChatMessage } from '../client/types.ts';

/**
 * What the viewer has seen becomes read: at once here (the chat's unread count drops to what
 * is newer), and on the server a moment later in one go: over the socket the guide's
 * `read_message` for the newest message read (the server marks the earlier ones too), over
 * HTTP polling the REST batch. Reads of a chat not joined yet wait for its join.
 */
export class Reads {
  readonly #pending = new Map<number, Set<number>>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Becomes `client.reads`. */
  constructor(private readonly client: ChatClient) {
    client.reads = this;
    client.on('joined', () => this.#schedule());
    client.on('synced', () => void this.#flush());
  }

  /** Ids of the messages of others that the viewer has not read. */
  unreadIn(messages: readonly ChatMessage[]): number[] {
    const me = this.client.store.me;
    return me ? messages.filter((m) => m.id > 0 && !m.local && !isMine(m, me) && !readBy(m, me)).map((m) => m.id) : [];
  }

  /** The viewer saw these messages of a chat. */
  mark(chatId: number, messages: readonly ChatMessage[]): void {
    const { store } = this.client;
    const me = store.me;
    const state = store.chats.get(chatId);
    const ids = this.unreadIn(messages);
    if (!me || !state || !ids.length) return;
    const pending = this.#pending.get(chatId) ?? new Set();
    for (const id of ids) {
      pending.add(id);
      store.addReceipt(chatId, id, me, new Date().toISOString(), [id]);
    }
    this.#pending.set(chatId, pending);
    const newest = Math.max(...pending);
    state.chat.unread_count = this.unreadIn(state.messages).filter((id) => id > newest).length;
    this.#schedule();
    this.client.changed();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#flush(), 250);
  }

  async #flush(): Promise<void> {
    const c = this.client;
    for (const [chatId, ids] of this.#pending) {
      if (c.status === 'polling') {
        this.#pending.delete(chatId);
        await c.api.request('POST', `/api/v1/chat/chats/${chatId}/read`, { message_ids: [...ids] }).catch((e) => c.fail(e));
      } else if (c.isJoined(chatId) && c.connection.send({ type: 'read_message', chat_id: chatId, message_id: Math.max(...ids) })) {
        this.#pending.delete(chatId);
      }
    }
  }
}
