import { participantKey, type ParticipantKey } from '../domain.ts';
import { addressKey } from '../client-address.ts';
import { KeyedBuckets, TokenBucket, type Taken } from './rate-limit.ts';

export interface AccountLimits {
  /** A socket's frames a second: refused frames are forgiven at this rate. */
  framesPerSecond: number;
  /** Frames and frame bytes all the sockets of one account may send a second. */
  accountFramesPerSecond: number;
  accountBytesPerSecond: number;
  /** Messages sent, reads marked and chats started a second, over WebSocket and REST together. */
  messagesPerSecond: number;
  /** Messages all the guests of one client address may send in a day (free accounts, one address: the disk they can fill). */
  guestMessagesPerDayPerAddress: number;
}

/** What one account may still spend on this node, whichever of its sockets or requests spends it. */
export interface AccountBudget {
  frames: TokenBucket;
  bytes: TokenBucket;
  /** Messages, reads and new chats, whatever the transport; `MESSAGE_BURST_SECONDS` of them at once. */
  messages: TokenBucket;
  /** Refused frames its sockets may still send before one is closed for abuse; refills at a socket's frame rate. */
  tolerance: TokenBucket;
  /** Its sockets open on this node. */
  sockets: number;
}

/** Refused frames, in seconds' worth of a socket's rate and net of what the rate gives back, after which a socket is closed. */
export const ABUSE_SECONDS = 10;
/** Seconds of the message rate an account may spend at once. */
const MESSAGE_BURST_SECONDS = 5;
const DAY_SECONDS = 24 * 3600;
/** Below this many accounts remembered, none is forgotten. */
const SWEEP_FROM = 1024;

/**
 * The budgets of each account on this node, kept per account rather than per socket: a socket
 * that closes and opens again (a reconnect loop) starts from where its account stood. An account
 * is forgotten only once none of its sockets is open here and all its buckets are full again,
 * that is once forgetting it gives it nothing; past `maxAccounts`, those longest known without
 * a socket open are forgotten, down to half of it. Nodes of a deployment each spend their share of an
 * account's budgets: a request here weighs as much more as there are nodes (`nodes`).
 */
export class AccountBudgets {
  readonly #accounts = new Map<string, AccountBudget>();
  #sweepAt = SWEEP_FROM;
  /** The messages of the guests of each client address: a day's worth at once, coming back over the day. */
  readonly #guestMessages: KeyedBuckets;

  constructor(
    readonly limits: AccountLimits,
    private readonly nodes: () => number = () => 1,
    private readonly maxAccounts = 100_000,
  ) {
    this.#guestMessages = new KeyedBuckets(limits.guestMessagesPerDayPerAddress / DAY_SECONDS, limits.guestMessagesPerDayPerAddress);
  }

  /** How many accounts are remembered. */
  get size(): number {
    return this.#accounts.size;
  }

  /** The account's budgets, anew when it spent nothing lately. */
  of(who: ParticipantKey): AccountBudget {
    const key = participantKey(who);
    let budget = this.#accounts.get(key);
    if (!budget) {
      if (this.#accounts.size >= this.#sweepAt) this.#sweep();
      const { framesPerSecond, accountFramesPerSecond, accountBytesPerSecond, messagesPerSecond } = this.limits;
      budget = {
        frames: new TokenBucket(accountFramesPerSecond),
        bytes: new TokenBucket(accountBytesPerSecond),
        messages: new TokenBucket(messagesPerSecond, messagesPerSecond * MESSAGE_BURST_SECONDS),
        tolerance: new TokenBucket(framesPerSecond, framesPerSecond * ABUSE_SECONDS),
        sockets: 0,
      };
      this.#accounts.set(key, budget);
    }
    return budget;
  }

  /** Why a guest's message is refused: what the guests of its address sent today. */
  get guestMessagesRefused(): string {
    return `too many messages from guests at this address today: at most ${this.limits.guestMessagesPerDayPerAddress} a day; sign in to write more`;
  }

  /** Takes a message sent by a guest from the day's budget of the guests of its client address. */
  guestMessage(address: string): Taken {
    return this.#guestMessages.take(addressKey(address));
  }

  /** Takes one message (a send, a read, a new chat) of a request from the account's budget: this node's share of it. */
  message(who: ParticipantKey): Taken {
    const { messages } = this.of(who);
    const ok = messages.take(this.nodes());
    return { ok, waitMs: ok ? 0 : messages.waitMs(this.nodes()) };
  }

  #sweep(): void {
    const full = (b: AccountBudget) => b.sockets === 0 && b.frames.full && b.bytes.full && b.messages.full && b.tolerance.full;
    for (const [key, budget] of this.#accounts) if (full(budget)) this.#accounts.delete(key);
    if (this.#accounts.size >= this.maxAccounts) {
      for (const [key, budget] of this.#accounts) {
        if (this.#accounts.size <= this.maxAccounts / 2) break;
        if (budget.sockets === 0) this.#accounts.delete(key);
      }
    }
    this.#sweepAt = Math.max(SWEEP_FROM, Math.min(this.#accounts.size * 2, this.maxAccounts), this.#accounts.size + SWEEP_FROM);
  }
}
