import type { Context } from 'koa';
import { tooMany } from '../errors.ts';
import type { Limiters } from '../realtime/rate-limit.ts';
import { addressKey } from '../client-address.ts';

/**
 * A rate per client address (`ctx.ip`, which honours `X-Forwarded-For` behind the proxy the
 * README describes; an IPv6 address by its /64, see `addressKey`), on all the nodes together:
 * `perMinute` calls, all of them in a burst; a call over it answers 429 with `Retry-After`.
 */
export function perAddress(limiters: Limiters, perMinute: number, what: string) {
  const limiter = limiters(what, perMinute / 60, perMinute);
  return async (ctx: Context): Promise<void> => {
    const { ok, waitMs } = await limiter.take(addressKey(ctx.ip));
    if (!ok) throw tooMany(`too many ${what} from this address: at most ${perMinute} a minute`, waitMs / 1000);
  };
}
