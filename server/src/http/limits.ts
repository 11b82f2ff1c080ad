import type { Context } from 'koa';
import { tooMany } from '../errors.ts';
import { TokenBucket } from '../realtime/rate-limit.ts';

/** How many addresses' buckets are kept before the idle ones are forgotten. */
const MAX_ADDRESSES = 10_000;

/**
 * A rate per client address (`ctx.ip`, which honours `X-Forwarded-For` behind the proxy the
 * README describes): `perMinute` calls, all of them in a burst; a call over it answers 429 with
 * `Retry-After`.
 */
export function perAddress(perMinute: number, what: string) {
  const buckets = new Map<string, TokenBucket>();
  return (ctx: Context): void => {
    let bucket = buckets.get(ctx.ip);
    if (!bucket) {
      if (buckets.size >= MAX_ADDRESSES) buckets.clear();
      buckets.set(ctx.ip, (bucket = new TokenBucket(perMinute / 60, perMinute)));
    }
    if (!bucket.take()) throw tooMany(`too many ${what} from this address: at most ${perMinute} a minute`, bucket.waitMs / 1000);
  };
}
