/** A token bucket: `perSecond` tokens a second, bursts up to `burst`. */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst = perSecond,
    private readonly clock: () => number = performance.now.bind(performance),
  ) {
    this.#tokens = burst;
    this.#last = clock();
  }

  /** Takes `n` tokens (a frame, or its bytes) if there are that many. */
  take(n = 1): boolean {
    this.#refill();
    if (this.#tokens < n) return false;
    this.#tokens -= n;
    return true;
  }

  /** Gives back a token taken for something that turned out not to count. */
  give(): void {
    this.#tokens = Math.min(this.burst, this.#tokens + 1);
  }

  /** Milliseconds until `take(n)` can succeed again. */
  waitMs(n = 1): number {
    this.#refill();
    return this.#tokens >= n ? 0 : ((n - this.#tokens) / this.perSecond) * 1000;
  }

  /** Whether the bucket holds its whole burst: one made anew would hold as much. */
  get full(): boolean {
    this.#refill();
    return this.#tokens >= this.burst;
  }

  #refill(): void {
    const t = this.clock();
    this.#tokens = Math.min(this.burst, this.#tokens + ((t - this.#last) / 1000) * this.perSecond);
    this.#last = t;
  }
}

/** A token bucket per key (client address, account), the idle ones forgotten once there are `maxKeys`. */
export class KeyedBuckets {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst = perSecond,
    private readonly maxKeys = 10_000,
  ) {}

  get(key: string): TokenBucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= this.maxKeys) this.#buckets.clear();
      this.#buckets.set(key, (bucket = new TokenBucket(this.perSecond, this.burst)));
    }
    return bucket;
  }
}

/** What a shared budget answers: whether the tokens were there, and if not how long until they are. */
export interface Taken {
  ok: boolean;
  waitMs: number;
}

/**
 * Token buckets by key that hold across the nodes of a deployment (logins per address, failed
 * logins per account): `take` before the work, `give` back what turned out not to count.
 */
export interface Limiter {
  take(key: string): Promise<Taken>;
  give(key: string): Promise<void>;
}

/** Makes the limiter called `name`, with `perSecond` tokens a second and bursts of `burst`. */
export type Limiters = (name: string, perSecond: number, burst: number) => Limiter;

/** One node's limiters: its own buckets in memory. */
export const localLimiters: Limiters = (_name, perSecond, burst) => {
  const buckets = new KeyedBuckets(perSecond, burst);
  return {
    take: async (key) => {
      const bucket = buckets.get(key);
      return { ok: bucket.take(), waitMs: bucket.waitMs() };
    },
    give: async (key) => buckets.get(key).give(),
  };
};
