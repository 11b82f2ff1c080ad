import { isMine, readBy } from '../kit.ts';
import type { ChatClient } from '../client/chat-client.ts';
import type { ChatMessage } from '../client/types.ts';

/**
 * What the viewer has seen becomes read: at once here (the chat's unread count drops to what
 * is newer), and on the server a moment later in one go: over the socket the guide's
 * `read_message` for the newest message read (the server marks the earlier ones too), over
 * HTTP polling the REST batch. Reads of a chat not joined yet wait for its join. A read sent
 * over a socket is sent again when that socket is lost before the server's receipt came back
 * (the frame may have died with it); the server marks a read it already has only once.
 */
export class Reads {
  readonly #pending = new Map<number, Set<number>>();
  /** Each chat's newest read sent over the socket that no receipt of the viewer's has covered yet. */
  readonly #unconfirmed = new Map<number, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Becomes `client.reads`. */
  constructor(private readonly client: ChatClient) {
    client.reads = this;
    client.on('joined', () => this.#schedule());
    client.on('synced', () => void this.flush());
    client.on('read', ({ chatId, messageId }) => {
      if (messageId >= (this.#unconfirmed.get(chatId) ?? Infinity)) this.#unconfirmed.delete(chatId);
    });
    client.on('status', (status) => status !== 'online' && this.#sendAgain());
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

  /** The socket is gone: what it carried unconfirmed goes out again. */
  #sendAgain(): void {
    for (const [chatId, newest] of this.#unconfirmed) this.#pending.set(chatId, (this.#pending.get(chatId) ?? new Set()).add(newest));
    this.#unconfirmed.clear();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), 250);
  }

  /**
   * Tells the server what waits: over the socket where the chat is joined, else over REST when
   * polling or when the client stops (`last`: what cannot go over the socket is not kept).
   */
  async flush(last = false): Promise<void> {
    const c = this.client;
    if (last) clearTimeout(this.#timer);
    for (const [chatId, ids] of this.#pending) {
      const newest = Math.max(...ids);
      if (c.status !== 'polling' && c.isJoined(chatId) && c.connection.send({ type: 'read_message', chat_id: chatId, message_id: newest })) {
        this.#pending.delete(chatId);
        this.#unconfirmed.set(chatId, Math.max(newest, this.#unconfirmed.get(chatId) ?? 0));
      } else if (c.status === 'polling' || last) {
        this.#pending.delete(chatId);
        await c.api.request('POST', `/api/v1/chat/chats/${chatId}/read`, { message_ids: [...ids] }).catch((e) => c.fail(e));
      }
    }
  }
}
