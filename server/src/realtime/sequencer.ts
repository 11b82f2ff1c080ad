import type { ServerFrame } from '@salon-chat/protocol';
import type { Audience, Delivery, Order } from './broker.ts';

interface Held {
  seq: number;
  audience: Audience;
  frame: ServerFrame;
}

/** How many chats' last places are remembered; the least recently active are forgotten first. */
const CHATS_REMEMBERED = 100_000;

/**
 * Puts the message frames of each chat back in their places when they come from several nodes:
 * nodes publish after their own commits, so a chat's next message can reach the bus before the
 * one it follows. A frame whose predecessor has not come yet waits for it, at most `holdMs`
 * (counted again whenever waiting frames go out). When it does not come (its node died between
 * commit and publish, or the bus lost it), what waits is not sent: `onGap` has the chat's
 * sockets reconnect and fetch what they lack, as a client catches up after the newest message it
 * holds. A chat this node has not seen yet starts from its place when a socket joined it
 * (`joinedAt`: the socket's catch-up covers what came before); a frame at or before the last
 * place (one that was overtaken) goes out at once. A message sent again (`again`: a retry found
 * it stored after its node died before publishing) goes out only past the last place.
 */
export class ChatSequencer {
  readonly #last = new Map<number, number>();
  readonly #held = new Map<number, Held[]>();
  readonly #timers = new Map<number, NodeJS.Timeout>();

  /**
   * `onGap` has the chat's sockets catch up: true when they did at once (the chat goes on after
   * the newest frame held), false when they will later (its frames wait until then, `forget`).
   */
  constructor(
    private readonly deliver: Delivery,
    private readonly holdMs: number,
    private readonly onGap: (chatId: number) => boolean,
  ) {}

  push(audience: Audience, frame: ServerFrame, order?: Order): void {
    if (!order) return this.deliver(audience, frame);
    const { chatId, seq } = order;
    const last = this.#last.get(chatId);
    if (order.again && ((last !== undefined && seq <= last) || this.#held.get(chatId)?.some((h) => h.seq === seq))) return;
    // Without a place known (no socket here joined the chat), a frame sent again says nothing of where the chat stands.
    if (order.again && last === undefined) return this.deliver(audience, frame);
    if (last === undefined || seq <= last + 1) {
      this.deliver(audience, frame);
      this.#remember(chatId, Math.max(seq, last ?? seq));
      return this.#release(chatId);
    }
    const held = this.#held.get(chatId) ?? [];
    held.push({ seq, audience, frame });
    held.sort((a, b) => a.seq - b.seq);
    this.#held.set(chatId, held);
    if (!this.#timers.has(chatId)) this.#wait(chatId);
  }

  #wait(chatId: number): void {
    clearTimeout(this.#timers.get(chatId));
    this.#timers.set(chatId, setTimeout(() => this.#gap(chatId), this.holdMs).unref());
  }

  /** A socket of this node joined the chat when its newest message had place `seq`. */
  joinedAt(chatId: number, seq: number): void {
    if (!this.#last.has(chatId)) this.#remember(chatId, seq);
  }

  /**
   * Forgets where these chats (all of them without `chatIds`) stand, and what waits in them: their
   * sockets here missed frames and are reconnecting; each starts again from where a socket joins.
   */
  forget(chatIds?: number[]): void {
    if (!chatIds) {
      this.close();
      this.#last.clear();
      return;
    }
    for (const chatId of chatIds) {
      this.#last.delete(chatId);
      this.#forget(chatId);
    }
  }

  /** Sends the held frames that now follow on; those still waiting wait `holdMs` from now. */
  #release(chatId: number): void {
    const held = this.#held.get(chatId);
    if (!held) return;
    const waiting = held.length;
    while (held.length > 0 && held[0]!.seq <= this.#last.get(chatId)! + 1) {
      const next = held.shift()!;
      this.deliver(next.audience, next.frame);
      this.#remember(chatId, Math.max(next.seq, this.#last.get(chatId)!));
    }
    if (held.length === 0) this.#forget(chatId);
    else if (held.length < waiting) this.#wait(chatId);
  }

  /**
   * The wait is over with a place still missing: the chat goes on after the newest held, fetched
   * by its clients; while they are yet to catch up, what comes for the chat waits with it.
   */
  #gap(chatId: number): void {
    const held = this.#held.get(chatId) ?? [];
    this.#timers.delete(chatId);
    if (!this.onGap(chatId)) return;
    this.#remember(chatId, Math.max(this.#last.get(chatId) ?? 0, ...held.map((h) => h.seq)));
    this.#forget(chatId);
  }

  #forget(chatId: number): void {
    this.#held.delete(chatId);
    clearTimeout(this.#timers.get(chatId));
    this.#timers.delete(chatId);
  }

  #remember(chatId: number, seq: number): void {
    this.#last.delete(chatId);
    this.#last.set(chatId, seq);
    if (this.#last.size > CHATS_REMEMBERED) this.#last.delete(this.#last.keys().next().value!);
  }

  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#held.clear();
  }
}
