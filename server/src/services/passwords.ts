import { availableParallelism } from 'node:os';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Piscina } from 'piscina';
import { DEFAULT_SCRYPT, type HasherOptions, type ScryptParams } from '../config.ts';
import { unavailable } from '../errors.ts';
import type { ScryptTask } from './password-worker.ts';


const KEY_LENGTH = 32;

/** `scrypt$N$r$p$salt$hash`: all that is needed to check a password later. */
const encode = ({ N, r, p }: ScryptParams, salt: Uint8Array, key: Uint8Array) =>
  ['scrypt', N, r, p, Buffer.from(salt).toString('base64'), Buffer.from(key).toString('base64')].join('$');

/**
 * Password hashing on a pool of worker threads with a bounded queue: a flood of logins waits
 * there (or is refused with 503) instead of taking the threads that run database queries.
 */
export function passwordHasher(options: HasherOptions = {}) {
  const params = options.params ?? DEFAULT_SCRYPT;
  const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
  const maxQueue = options.maxQueue ?? 16 * threads;
  const pool = new Piscina<ScryptTask, Uint8Array>({
    filename: new URL('./password-worker.ts', import.meta.url).href,
    minThreads: 1,
    maxThreads: threads,
    maxQueue,
    idleTimeout: 60_000,
    // below the event loop's priority: with every core busy, sockets and queries go first
    niceIncrement: 10,
  });
  /** Moving average of one hash, for the `Retry-After` of a refused login. */
  let hashMs = 250;

  async function derive(password: string, salt: Uint8Array, { N, r, p }: ScryptParams): Promise<Uint8Array> {
    if (pool.queueSize >= maxQueue) {
      throw unavailable('the server is busy checking passwords: try again shortly', ((pool.queueSize / threads + 1) * hashMs) / 1000);
    }
    const started = performance.now();
    const key = await pool.run({ password, salt, N, r, p, keyLength: KEY_LENGTH });
    hashMs = hashMs * 0.8 + (performance.now() - started) * 0.2;
    return key;
  }

  async function hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    return encode(params, salt, await derive(password, salt, params));
  }

  let decoy: Promise<string> | undefined;

  return {
    hash,

    /**
     * Whether the password matches the stored hash (a decoy hash when there is no account, so
     * both take as long), and whether the hash should be made anew with the current parameters.
     */
    async verify(password: string, stored: string | undefined): Promise<{ ok: boolean; rehash: boolean }> {
      const [scheme, n, r, p, salt, expected] = (stored ?? (await (decoy ??= hash(randomBytes(12).toString('hex'))))).split('$');
      if (scheme !== 'scrypt' || !salt || !expected) return { ok: false, rehash: false };
      const used = { N: Number(n), r: Number(r), p: Number(p) };
      const key = await derive(password, Buffer.from(salt, 'base64'), used);
      const wanted = Buffer.from(expected, 'base64');
      const ok = stored !== undefined && key.length === wanted.length && timingSafeEqual(key, wanted);
      return { ok, rehash: ok && (used.N !== params.N || used.r !== params.r || used.p !== params.p) };
    },

    close: () => pool.close({ force: true }),
  };
}

export type PasswordHasher = ReturnType<typeof passwordHasher>;
