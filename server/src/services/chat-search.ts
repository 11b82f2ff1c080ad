import type { SearchLimits } from '../config.ts';
import type { Actor } from '../domain.ts';
import { invalid, tooMany, unavailable } from '../errors.ts';
import type { ChatFilter, ChatRow, ChatsRepo, ListPage } from '../repos/chats.ts';
import { KeyedBuckets } from '../realtime/rate-limit.ts';

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
 * The staff's chat search, bounded: a salon starts at most `perSalonPerSecond` searches a second
 * (twice that at once), and at most `perAccount` searches of one account, `perSalon` of one salon
 * and `perProcess` in all run at once in this process (429 with `Retry-After` beyond);
 * words found in more than `maxMessages` of the salon's messages answer 422 before any chat is
 * read, and a search longer than `timeoutMs` on PostgreSQL is stopped and answers 503 (as does a
 * search whose thread ended, on SQLite). The cap
 * in all keeps searches, each holding a connection for its transaction on PostgreSQL, from taking
 * the pool (10) the message writers (4) and the other requests need.
 */
export function chatSearch(chats: Pick<ChatsRepo, 'searchSalon'>, limits: SearchLimits) {
  const places = [
    { running: new InFlight(limits.perAccount), key: (a: Actor) => `${a.type}:${a.id}`, refusal: `at most ${limits.perAccount} searches of one account at once; wait for the last to answer` },
    { running: new InFlight(limits.perSalon), key: (a: Actor) => String(a.salonId), refusal: `at most ${limits.perSalon} searches of one salon at once; try again in a moment` },
    { running: new InFlight(limits.perProcess), key: () => '', refusal: `at most ${limits.perProcess} searches at once on this server; try again in a moment` },
  ];
  const budget = { messages: limits.maxMessages, ms: limits.timeoutMs };
  const started = new KeyedBuckets(limits.perSalonPerSecond, limits.perSalonPerSecond * 2);

  return async function search(actor: Actor, filter: ChatFilter, page: ListPage & { search: string }): Promise<ChatRow[]> {
    const rate = started.take(String(actor.salonId));
    if (!rate.ok) throw tooMany(`search: at most ${limits.perSalonPerSecond} searches a second for one salon; try again in a moment`, Math.max(1, Math.ceil(rate.waitMs / 1000)));
    const taken: (() => void)[] = [];
    const leave = () => taken.forEach((give) => give());
    for (const { running, key, refusal } of places) {
      const k = key(actor);
      if (!running.enter(k)) {
        leave();
        throw tooMany(`search: ${refusal}`, 1);
      }
      taken.push(() => running.leave(k));
    }
    try {
      const outcome = await chats.searchSalon(actor.salonId!, filter, page, budget);
      if ('rows' in outcome) return outcome.rows;
      if ('lost' in outcome) throw unavailable('search: the search stopped before it answered; try again', 1);
      if (outcome.over === 'messages') throw invalid(`search: the words are in more than ${limits.maxMessages} messages of the salon; search for longer or more specific words`);
      throw unavailable(`search: it took longer than ${limits.timeoutMs} ms; search for longer or more specific words`, 1);
    } finally {
      leave();
    }
  };
}
