import type { Audience } from './broker.ts';

/** The pause after a node's first catch-up, doubled at each one asked for within it, up to the longest. */
const FIRST_PAUSE_MS = 1000;
const LONGEST_PAUSE_MS = 30_000;
/** Past this many audiences waiting, all the sockets catch up. */
const MOST_AUDIENCES = 1000;

/**
 * When a node's sockets catch up: they are closed (1012) so that their clients reconnect and fetch
 * what they missed. The first catch-up goes out at once; one asked for within the pause after the
 * last waits until the pause ends, together with every other asked for meanwhile, and the pause
 * doubles, from one second up to thirty; after a calm as long as the pause it starts again from
 * one second. So while Redis is away (each chat written on two nodes leaves gaps) a client is
 * closed a handful of times, not at every gap; and a node rejoining the others, which has all
 * its sockets catch up, does so as often only while Redis comes and goes.
 */
export class CatchUps {
  #pause = FIRST_PAUSE_MS;
  /** Before this time a catch-up waits. */
  #nextAt = 0;
  #timer: NodeJS.Timeout | undefined;
  /** What waits for the pause to end, each audience once (by its JSON); all the sockets past the bound. */
  #waiting: Map<string, Audience> | 'all' | undefined;

  /** `run`: has the sockets of the audiences (all of them without) catch up. */
  constructor(private readonly run: (audiences?: Audience[]) => void) {}

  /** Asks for the sockets of the audiences (all without) to catch up: true when they did at once, false when they will once the pause ends. */
  ask(audiences?: Audience[]): boolean {
    if (!this.#timer && Date.now() >= this.#nextAt) {
      this.#paused();
      this.run(audiences);
      return true;
    }
    if (!audiences || this.#waiting === 'all') this.#waiting = 'all';
    else {
      this.#waiting ??= new Map();
      for (const audience of audiences) this.#waiting.set(JSON.stringify(audience), audience);
      if (this.#waiting.size > MOST_AUDIENCES) this.#waiting = 'all';
    }
    this.#timer ??= setTimeout(() => this.#flush(), this.#nextAt - Date.now()).unref();
    return false;
  }

  /** Has all the sockets catch up now, those waiting with them: the node joins the others again. */
  all(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#waiting = undefined;
    this.#paused();
    this.run();
  }

  #flush(): void {
    const waiting = this.#waiting;
    this.#timer = undefined;
    this.#waiting = undefined;
    this.#paused();
    this.run(waiting === 'all' || !waiting ? undefined : [...waiting.values()]);
  }

  /** A catch-up goes out now: the next waits for the pause, twice as long as the last unless all was calm that long. */
  #paused(): void {
    const now = Date.now();
    if (now >= this.#nextAt + this.#pause) this.#pause = FIRST_PAUSE_MS;
    this.#nextAt = now + this.#pause;
    this.#pause = Math.min(this.#pause * 2, LONGEST_PAUSE_MS);
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#waiting = undefined;
  }
}
