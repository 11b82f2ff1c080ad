/**
 * A person at a browser, simulated with the widget's own client code: a `ChatClient` with the
 * panel's `Sender` (messages confirmed by their echo) and `Reads` (what was seen becomes read).
 * It writes and reads when told to, and records what it met: which of its messages it saw
 * confirmed, the `message` events of each chat in order, and how long it was not online.
 */
import { ChatClient, type Mode } from '../../widget/src/client/chat-client.ts';
import type { ChatMessage } from '../../widget/src/client/types.ts';
import { Reads } from '../../widget/src/panel/reads.ts';
import { loadOlder } from '../../widget/src/panel/requests.ts';
import { Sender } from '../../widget/src/panel/sender.ts';

export interface Identity {
  name: string;
  mode: Mode;
  token: string;
  /** The participant: `customer:12`, `user:1`; the tabs of one staff account share it. */
  participant: string;
}

export interface Heartbeat {
  pingMs: number;
  pongMs: number;
}

/** `customer:12` or `user:1`, as the server's participants are named here. */
export const participantOf = (m: Pick<ChatMessage, 'sender_type' | 'sender_user_id' | 'sender_customer_id'>) =>
  `${m.sender_type}:${m.sender_type === 'user' ? m.sender_user_id : m.sender_customer_id}`;

export class Person {
  readonly client: ChatClient;
  readonly sender: Sender;
  readonly reads: Reads;
  /** The messages this person wrote: client_message_id → chat. */
  readonly wrote = new Map<string, number>();
  /** Those the sender saw confirmed by their echo. */
  readonly confirmed = new Set<string>();
  /** Each chat's `message` events, their ids in the order they came. */
  readonly shown = new Map<number, number[]>();
  /** Each chat's newest message when this person opened it: what came after is what it must be shown. */
  readonly openedAt = new Map<number, number>();
  /** Each chat's newest message this person marked read. */
  readonly marked = new Map<number, number>();
  /** How long each time away from `online` lasted, in ms. */
  readonly outages: number[] = [];
  #awaySince: number | undefined = Date.now();
  /** When a route of this person's went silent, while it was online. */
  #silentSince: number | undefined;

  constructor(
    readonly who: Identity,
    server: string,
    private readonly heartbeat: Heartbeat,
  ) {
    this.client = new ChatClient({ server, mode: who.mode, ...heartbeat });
    this.client.auth.use(who.token, () => who.token);
    this.sender = new Sender(this.client);
    this.reads = new Reads(this.client);
    this.client.on('echo', (id) => this.wrote.has(id) && this.confirmed.add(id));
    this.client.on('message', ({ message, chatId }) => {
      const list = this.shown.get(chatId) ?? [];
      list.push(message.id);
      this.shown.set(chatId, list);
    });
    this.client.on('status', (status) => {
      if (status !== 'online') this.#awaySince ??= this.#noticedSilence() ?? Date.now();
      else if (this.#awaySince !== undefined) {
        this.outages.push(Date.now() - this.#awaySince);
        this.#awaySince = undefined;
      }
    });
  }

  get online(): boolean {
    return this.client.status === 'online';
  }

  /** The chats this person sees, by id. */
  get chats(): number[] {
    return [...this.client.store.chats.keys()];
  }

  /** Signs in, connects, and opens every chat it has (their newest page), as the panel does. */
  async start(): Promise<void> {
    await this.client.start();
    await Promise.all(this.chats.map((id) => this.open(id)));
  }

  async open(chatId: number): Promise<void> {
    await loadOlder(this.client, chatId);
    this.openedAt.set(chatId, this.client.store.lastId(chatId));
  }

  /**
   * One of its routes to the server went silent: when it notices within its heartbeat, it was
   * away from now on. (The route may be an old socket's, closing; then nothing follows.)
   */
  wentSilent(): void {
    if (this.online) this.#silentSince = Date.now();
  }

  #noticedSilence(): number | undefined {
    const since = this.#silentSince;
    this.#silentSince = undefined;
    return since !== undefined && Date.now() - since <= this.heartbeat.pingMs + this.heartbeat.pongMs + 1000 ? since : undefined;
  }

  /** The longest time away so far, the current one included. */
  get longestOutage(): number {
    return Math.max(0, ...this.outages, this.#awaySince === undefined ? 0 : Date.now() - this.#awaySince);
  }

  async write(chatId: number, text: string): Promise<void> {
    this.wrote.set(await this.sender.send(chatId, { content: text, message_type: 'text' }), chatId);
  }

  /** Reads a chat up to its `upTo`-th message (a share of what it holds, 0 to 1) or to `message`. */
  read(chatId: number, upTo: number | ChatMessage): ChatMessage | undefined {
    const messages = this.client.store.chats.get(chatId)?.messages ?? [];
    const end = typeof upTo === 'number' ? Math.ceil(messages.length * upTo) : messages.indexOf(upTo) + 1;
    const seen = messages.slice(0, end);
    const unread = this.reads.unreadIn(seen);
    if (unread.length === 0) return undefined;
    this.reads.mark(chatId, seen);
    const newest = Math.max(...unread);
    this.marked.set(chatId, Math.max(newest, this.marked.get(chatId) ?? 0));
    return seen.find((m) => m.id === newest);
  }

  stop(): void {
    this.client.stop();
  }
}
