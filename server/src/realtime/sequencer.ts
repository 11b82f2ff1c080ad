import type { ServerFrame } from '@salon-chat/protocol';
import type { Audience, Delivery, Order } from './broker.ts';

interface Held {
  seq: number;
  audience: Audience;
  frame: ServerFrame;
}

/** How many chats' last places are remembered; the least recently active are forgotten first. */
const CHATS_REMEMBERED = 100_000;
/** The places of a gap remembered as skipped, at most (a longer one is a node that was away: its clients reconnect). */
const GAP_REMEMBERED = 100;

/**
 * Puts the message frames of each chat back in their places when they come from several nodes:
 * nodes publish after their own commits, so a chat's next message can reach the bus before the
 * one it follows. A frame whose predecessor has not come yet waits for it, at most `holdMs`;
 * then what waits goes out in order. Nothing is dropped: a frame older than what went out
 * already (a chat this node saw first mid-stream) goes out at once. A node that died between
 * commit and publish leaves a gap: the places skipped are remembered, and when the sender's
 * retry finds the message stored its frame comes again (`again`), to go out only in a gap or
 * past the last place, never a second time.
 */
export class ChatSequencer {
  readonly #last = new Map<number, number>();
  /** Places that went by without their frame, by chat (as many as `CHATS_REMEMBERED` in all). */
  readonly #skipped = new Map<number, Set<number>>();
  readonly #held = new Map<number, Held[]>();
  readonly #timers = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly deliver: Delivery,
    private readonly holdMs: number,
  ) {}

  push(audience: Audience, frame: ServerFrame, order?: Order): void {
    if (!order) return this.deliver(audience, frame);
    const { chatId, seq } = order;
    const last = this.#last.get(chatId);
    if (order.again && ((last !== undefined && seq <= last) || this.#held.get(chatId)?.some((h) => h.seq === seq))) {
      if (this.#skipped.get(chatId)?.delete(seq)) this.deliver(audience, frame);
      return;
    }
    if (last === undefined || seq <= last + 1) {
      this.deliver(audience, frame);
      this.#remember(chatId, Math.max(seq, last ?? seq));
      return this.#release(chatId);
    }
    const held = this.#held.get(chatId) ?? [];
    held.push({ seq, audience, frame });
    held.sort((a, b) => a.seq - b.seq);
    this.#held.set(chatId, held);
    if (!this.#timers.has(chatId)) this.#timers.set(chatId, setTimeout(() => this.#release(chatId, true), this.holdMs).unref());
  }

  /** Sends the held frames that now follow on (all of them when `all`: their wait is over). */
  #release(chatId: number, all = false): void {
    const held = this.#held.get(chatId);
    if (!held) return;
    while (held.length > 0 && (all || held[0]!.seq <= this.#last.get(chatId)! + 1)) {
      const next = held.shift()!;
      const last = this.#last.get(chatId) ?? next.seq;
      for (let gap = Math.max(last + 1, next.seq - GAP_REMEMBERED); gap < next.seq; gap++) this.#skip(chatId, gap);
      this.deliver(next.audience, next.frame);
      this.#remember(chatId, Math.max(next.seq, last));
    }
    if (held.length > 0) return;
    this.#held.delete(chatId);
    clearTimeout(this.#timers.get(chatId));
    this.#timers.delete(chatId);
  }

  #skip(chatId: number, seq: number): void {
    const skipped = this.#skipped.get(chatId) ?? new Set<number>();
    this.#skipped.delete(chatId);
    this.#skipped.set(chatId, skipped.add(seq));
    if (this.#skipped.size > CHATS_REMEMBERED) this.#skipped.delete(this.#skipped.keys().next().value!);
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
