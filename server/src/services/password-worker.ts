import { scryptSync } from 'node:crypto';

export interface ScryptTask {
  password: string;
  salt: Uint8Array;
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

/** Runs on a hashing thread of the pool, never on the event loop or libuv's threads. */
export default function derive({ password, salt, N, r, p, keyLength }: ScryptTask): Uint8Array {
  return scryptSync(password.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
}
