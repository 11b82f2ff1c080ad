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

  /**
   * Takes `n` tokens (a frame, or its bytes) if there are that many; a weight past the burst
   * costs the whole burst, so that it can still be paid once the bucket is full.
   */
  take(n = 1): boolean {
    this.#refill();
    const cost = Math.min(n, this.burst);
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  /** Gives back a token taken for something that turned out not to count. */
  give(): void {
    this.#tokens = Math.min(this.burst, this.#tokens + 1);
  }

  /** Milliseconds until `take(n)` can succeed again. */
  waitMs(n = 1): number {
    this.#refill();
    const cost = Math.min(n, this.burst);
    return this.#tokens >= cost ? 0 : ((cost - this.#tokens) / this.perSecond) * 1000;
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

/** How often, at most, a map full of keys looks for idle buckets to drop. */
const SWEEP_MS = 1000;

/**
 * A token bucket per key (client address, account), at most `maxKeys` of them. A key is
 * forgotten only once its bucket is full again, when forgetting it changes nothing; while the map
 * is full of keys still in use, those that still hold a token are forgotten (they could act now
 * anyway; forgetting one gives back at most the rest of its burst), and the exhausted ones kept:
 * a flood of new keys never unlocks a locked account. Only while every key is exhausted is a new
 * key refused (for up to a second, until the next sweep).
 */
export class KeyedBuckets {
  readonly #buckets = new Map<string, TokenBucket>();
  #nextSweep = -Infinity;

  constructor(
    private readonly perSecond: number,
    private readonly burst = perSecond,
    private readonly maxKeys = 100_000,
    private readonly clock: () => number = performance.now.bind(performance),
  ) {}

  /** Takes a token from the key's bucket; refused when the key has none, or there is no room for a new key. */
  take(key: string): Taken {
    const bucket = this.#buckets.get(key) ?? this.#add(key);
    if (!bucket) return { ok: false, waitMs: this.#nextSweep - this.clock() };
    return { ok: bucket.take(), waitMs: bucket.waitMs() };
  }

  /** Gives a token back to the key's bucket (a key it no longer holds has its whole burst anyway). */
  give(key: string): void {
    this.#buckets.get(key)?.give();
  }

  #add(key: string): TokenBucket | undefined {
    if (this.#buckets.size >= this.maxKeys && !this.#sweep()) return undefined;
    const bucket = new TokenBucket(this.perSecond, this.burst, this.clock);
    this.#buckets.set(key, bucket);
    return bucket;
  }

  /** Drops the full buckets, and if that is not enough those still holding a token, at most once a second; whether that made room. */
  #sweep(): boolean {
    const now = this.clock();
    if (now < this.#nextSweep) return false;
    this.#nextSweep = now + SWEEP_MS;
    for (const [key, bucket] of this.#buckets) if (bucket.full) this.#buckets.delete(key);
    if (this.#buckets.size >= this.maxKeys) for (const [key, bucket] of this.#buckets) if (bucket.waitMs() === 0) this.#buckets.delete(key);
    return this.#buckets.size < this.maxKeys;
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
    take: async (key) => buckets.take(key),
    give: async (key) => buckets.give(key),
  };
};
