import type { Context } from 'koa';
import { tooMany } from '../errors.ts';
import { KeyedBuckets } from '../realtime/rate-limit.ts';

/**
 * A rate per client address (`ctx.ip`, which honours `X-Forwarded-For` behind the proxy the
 * README describes): `perMinute` calls, all of them in a burst; a call over it answers 429 with
 * `Retry-After`.
 */
export function perAddress(perMinute: number, what: string) {
  const buckets = new KeyedBuckets(perMinute / 60, perMinute);
  return (ctx: Context): void => {
    const bucket = buckets.get(ctx.ip);
    if (!bucket.take()) throw tooMany(`too many ${what} from this address: at most ${perMinute} a minute`, bucket.waitMs / 1000);
  };
}
