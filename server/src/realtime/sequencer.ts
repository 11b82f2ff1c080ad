export interface Slot {
  /** Runs `publish` once every earlier slot of the chat has run or been cancelled. */
  fill(publish: () => void): void;
  cancel(): void;
}

/**
 * Keeps the frames of a chat in the order their slots were reserved. Messages reserve a slot
 * while their transaction holds the chat's row, so frames go out in id order even when the
 * work after the commit finishes in another order.
 */
export class ChatSequencer {
  readonly #tails = new Map<number, Promise<void>>();

  reserve(chatId: number): Slot {
    let settle!: (publish: (() => void) | null) => void;
    const filled = new Promise<(() => void) | null>((resolve) => (settle = resolve));
    const tail = (this.#tails.get(chatId) ?? Promise.resolve()).then(async () => (await filled)?.());
    this.#tails.set(chatId, tail);
    void tail.finally(() => {
      if (this.#tails.get(chatId) === tail) this.#tails.delete(chatId);
    });
    return { fill: (publish) => settle(publish), cancel: () => settle(null) };
  }
}
