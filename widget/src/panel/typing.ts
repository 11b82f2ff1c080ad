/**
 * Turns keystrokes into typing signals: `true` once when typing starts, `false` after
 * `idleMs` without input or when the message is sent.
 */
export class TypingSignal {
  #typing = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly emit: (isTyping: boolean) => void,
    private readonly idleMs = 2000,
  ) {}

  input(): void {
    if (!this.#typing) {
      this.#typing = true;
      this.emit(true);
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.stop(), this.idleMs);
  }

  stop(): void {
    clearTimeout(this.#timer);
    if (this.#typing) {
      this.#typing = false;
      this.emit(false);
    }
  }
}
