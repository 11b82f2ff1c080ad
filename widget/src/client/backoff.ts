/** Reconnect delays: exponential growth with "equal jitter", capped. */
export interface BackoffOptions {
  /** First delay in ms (before jitter). */
  base?: number;
  /** Largest delay in ms (before jitter). */
  cap?: number;
  /** Source of randomness in [0, 1); replaceable for tests. */
  random?: () => number;
}

export class Backoff {
  attempt = 0;
  readonly #base: number;
  readonly #cap: number;
  readonly #random: () => number;

  constructor({ base = 250, cap = 4000, random = Math.random }: BackoffOptions = {}) {
    this.#base = base;
    this.#cap = cap;
    this.#random = random;
  }

  /** The delay before the next attempt; each call counts one more attempt. */
  next(): number {
    const ceiling = Math.min(this.#cap, this.#base * 2 ** this.attempt);
    this.attempt++;
    return Math.round(ceiling / 2 + (this.#random() * ceiling) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}
