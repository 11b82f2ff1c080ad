import type { Context } from 'koa';
import { tooMany } from '../errors.ts';
import type { Actor } from '../domain.ts';
import type { AccountBudgets } from '../realtime/account-budgets.ts';
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

/**
 * The account's budget of messages, reads and new chats, the one its sockets spend too: a call
 * over it answers 429 with `Retry-After`.
 */
export function perAccount(budgets: AccountBudgets) {
  return (actor: Actor, sent?: { from: string }): void => {
    const { ok, waitMs } = budgets.message(actor);
    if (!ok) throw tooMany(`too many messages, reads and new chats from this account: at most ${budgets.limits.messagesPerSecond} a second`, waitMs / 1000);
    if (!sent || actor.guestOf === undefined) return;
    const guests = budgets.guestMessage(sent.from);
    if (!guests.ok) throw tooMany(budgets.guestMessagesRefused, guests.waitMs / 1000);
  };
}


export type PerAccount = ReturnType<typeof perAccount>;
