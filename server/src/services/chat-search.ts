import type { SearchLimits } from '../config.ts';
import type { Actor } from '../domain.ts';
import { invalid, tooMany, unavailable } from '../errors.ts';
import type { ChatRow, ChatsRepo, ListPage } from '../repos/chats.ts';

/**
 * How many of something run at once for each key, in this process: a count that never waits
 * (what does not fit is refused at once), unlike the token buckets of realtime/rate-limit.ts.
 */
export class InFlight {
  readonly #running = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** Takes a place for `key`; false when all its places are taken. */
  enter(key: string): boolean {
    const running = this.#running.get(key) ?? 0;
    if (running >= this.limit) return false;
    this.#running.set(key, running + 1);
    return true;
  }

  leave(key: string): void {
    const running = (this.#running.get(key) ?? 1) - 1;
    if (running > 0) this.#running.set(key, running);
    else this.#running.delete(key);
  }
}

/**
 * The staff's chat search, bounded: at most `perAccount` searches of one account and
 * `perSalon` of one salon run at once in this process (429 with `Retry-After` beyond); words
 * found in more than `maxMessages` of the salon's messages answer 422 before any chat is read,
 * and a search longer than `timeoutMs` on PostgreSQL is stopped and answers 503.
 */
export function chatSearch(chats: Pick<ChatsRepo, 'searchSalon'>, limits: SearchLimits) {
  const accounts = new InFlight(limits.perAccount);
  const salons = new InFlight(limits.perSalon);
  const budget = { messages: limits.maxMessages, ms: limits.timeoutMs };

  return async function search(actor: Actor, archived: boolean, page: ListPage & { search: string }): Promise<ChatRow[]> {
    const account = `${actor.type}:${actor.id}`;
    const salon = String(actor.salonId);
    if (!accounts.enter(account)) throw tooMany(`search: at most ${limits.perAccount} searches of one account at once; wait for the last to answer`, 1);
    if (!salons.enter(salon)) {
      accounts.leave(account);
      throw tooMany(`search: at most ${limits.perSalon} searches of one salon at once; try again in a moment`, 1);
    }
    try {
      const outcome = await chats.searchSalon(actor.salonId!, archived, page, budget);
      if ('rows' in outcome) return outcome.rows;
      if (outcome.over === 'messages') throw invalid(`search: the words are in more than ${limits.maxMessages} messages of the salon; search for longer or more specific words`);
      throw unavailable(`search: it took longer than ${limits.timeoutMs} ms; search for longer or more specific words`, 1);
    } finally {
      accounts.leave(account);
      salons.leave(salon);
    }
  };
}
