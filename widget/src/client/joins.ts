/** Joins sent at once, then again every `PACE_MS`, until the server refuses some. */
const BATCH = 100;
const PACE_MS = 100;
/** Joins sent this recently may be what an unnamed `rate_limited` error refused. */
const RECENT_MS = 2000;

/**
 * The `join_chat`s of one socket, paced so that an inbox of thousands of chats gets every one
 * joined within seconds without running past the server's frame budget. A chat counts as joined
 * once the server confirms it with `joined_chat`; a server that never confirms (the guide alone)
 * is taken at its word once the join went out. Joins refused for the rate go again, more slowly.
 */
export class Joins {
  readonly joined = new Set<number>();
  readonly #queue = new Set<number>();
  /** Joins on their way: chat id → when the frame went out. */
  readonly #sent = new Map<number, number>();
  #confirms = false;
  #batch = BATCH;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (frame: { type: 'join_chat'; chat_id: number }) => boolean,
    private readonly onJoined: (chatId: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  want(chatId: number): void {
    if (this.joined.has(chatId) || this.#sent.has(chatId)) return;
    this.#queue.add(chatId);
    this.#later(0);
  }

  /** The socket is gone: nothing is joined any more. */
  reset(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.joined.clear();
    this.#queue.clear();
    this.#sent.clear();
  }

  /** `joined_chat`. */
  confirmed(chatId: number): void {
    this.#confirms = true;
    this.#sent.delete(chatId);
    if (!this.joined.has(chatId)) {
      this.joined.add(chatId);
      this.onJoined(chatId);
    }
  }

  /** A `rate_limited` error: that chat's join, or every recent one not confirmed, goes again at half the pace. */
  refused(chatId?: number): void {
    const recent = this.now() - RECENT_MS;
    for (const [id, at] of this.#sent) {
      if (chatId === undefined ? at >= recent : id === chatId) this.#retry(id);
    }
    this.#batch = Math.max(1, this.#batch >> 1);
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#later(1000);
  }

  /** The server says the chat is not joined (`not_joined`): join it again. */
  lost(chatId: number): void {
    this.#retry(chatId);
    this.#later(0);
  }

  #retry(chatId: number): void {
    this.#sent.delete(chatId);
    this.joined.delete(chatId);
    this.#queue.add(chatId);
  }

  #later(ms: number): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, ms);
  }

  #pump(): void {
    let left = this.#batch;
    for (const id of this.#queue) {
      if (left-- === 0) return this.#later(PACE_MS);
      if (!this.send({ type: 'join_chat', chat_id: id })) return;
      this.#queue.delete(id);
      this.#sent.set(id, this.now());
      if (!this.#confirms) {
        this.joined.add(id);
        this.onJoined(id);
      }
    }
  }
}
