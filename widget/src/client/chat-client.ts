import { WS_PATHS } from '@salon-chat/protocol/core';
import { Api, ApiError, Auth } from './api.ts';
import { Backoff } from './backoff.ts';
import { Connection, type ConnectionStatus } from './connection.ts';
import { Joins } from './joins.ts';
import { Outbox } from './outbox.ts';
import { ChatStore, isMine } from './store.ts';
import type { Reads } from '../panel/reads.ts';
import type { Sender } from '../panel/sender.ts';
import type { ChatSummary, HistoryPage, Message, ParticipantType, ServerFrame, TokenResponse } from './types.ts';

export type Mode = 'customer' | 'staff';

export interface Profile {
  participant_type: ParticipantType;
  id: number;
  name: string | null;
  /** A customer's phone number, or the contact a guest gave (none yet: null). */
  phone?: string | null;
  salon_id?: number | null;
  /** A staff member's role in their salon (`owner`, `stylist`…). */
  role?: string;
  /** A guest customer (extension), who has no password to sign in again with. */
  is_guest?: boolean;
}

export interface ClientEvents {
  change: undefined;
  status: ConnectionStatus;
  message: { message: Message; chatId: number; mine: boolean };
  unread: number;
  error: { code: string; message: string };
  /** The sign-in state changed: true when a token is available. */
  auth: boolean;
  /** A chat the viewer did not know of was made after the start (the reference server's `chat_created`). */
  chat: ChatSummary;
  /** Started: the profile and the chats are in. */
  ready: undefined;
  /** The outbox holds messages of an earlier visit, for a `Sender` to restore. */
  pending: undefined;
  /** Caught up after (re)connecting or a poll: what waits may go out. */
  synced: undefined;
  /** The server confirmed a join: what waits for the chat may go out. */
  joined: number;
  /** The server has the message with this `client_message_id`. */
  echo: string;
  /** The server refused the message with this `client_message_id`. */
  rejected: { id: string; code?: string };
  /** The server marked the viewer's reads of a chat up to this message (a `read_receipt` of theirs). */
  read: { chatId: number; messageId: number };
  /** A chat's state for its salon changed (conversation states: a `chat_state` frame, which the staff inbox keeps). */
  state: Extract<ServerFrame, { type: 'chat_state' }>;
}

export interface ChatClientOptions {
  server: string;
  mode: Mode;
  pollMs?: number;
  outbox?: Outbox;
  /** A `ping` this often while the socket is open (30 s)… */
  pingMs?: number;
  /** …and the socket given up for a new one when its `pong` takes longer than this (10 s). */
  pongMs?: number;
}

/**
 * Everything the widget does with the server: REST, the socket, catch-up after a reconnect,
 * HTTP polling when the socket cannot open, read receipts, typing and presence. Views listen
 * to `change` and read `store`.
 */
export class ChatClient extends EventTarget {
  readonly store = new ChatStore();
  readonly auth: Auth;
  readonly api: Api;
  readonly connection: Connection;
  readonly outbox: Outbox;
  /** Sends messages; brought by the panel when it loads (see `panel/sender.ts`). */
  sender?: Sender;
  /** Marks what the viewer saw as read; brought by the panel (see `panel/reads.ts`). */
  reads?: Reads;
  readonly server: string;
  readonly mode: Mode;
  status: ConnectionStatus = 'offline';
  profile: Profile | null = null;
  /** True once the first chat list has been fetched (or could not be). */
  ready = false;
  readonly #joins = new Joins(
    (frame) => this.connection.send(frame),
    (chatId) => {
      this.emit('joined', chatId);
      this.#queueCatchUp(chatId, true);
    },
  );
  #connectedBefore = false;
  /** The chat list came in since the start: until it has, each (re)connection fetches it. */
  #chatsLoaded = false;
  /**
   * Each chat's newest message up to which the store holds every one, and the chats whose live
   * frames on this socket follow on from it (caught up once their join was confirmed): only
   * theirs move the mark, so that a live frame that comes before its chat's catch-up does not
   * hide what was missed while away.
   */
  readonly #complete = new Map<number, number>();
  readonly #following = new Set<number>();
  /** Counts the sockets: a catch-up queued for one that is gone is left to the next. */
  #socket = 0;
  /** Catch-ups run one after another. */
  #catchingUp: Promise<void> = Promise.resolve();
  #pollTimer: ReturnType<typeof setInterval> | undefined;
  readonly #typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #unread = -1;
  #changeTimer: ReturnType<typeof setTimeout> | undefined;
  #started = false;
  /** Counts the stops: a start that an await outlived a stop of gives up. */
  #stops = 0;
  #providerFailed = false;
  /** A start again after the page's `tokenProvider` failed, sooner or later. */
  readonly #providerBackoff = new Backoff({ base: 2000, cap: 60_000 });
  #providerRetry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ChatClientOptions) {
    super();
    this.server = options.server.replace(/\/+$/, '');
    this.mode = options.mode;
    this.auth = new Auth(this.server, `salon-chat:${this.server}:${this.mode}`);
    this.auth.onProviderError = (e) => {
      this.#providerFailed = true;
      this.emit('error', { code: 'token_provider', message: e instanceof Error ? e.message : String(e) });
    };
    this.api = new Api(this.server, this.auth);
    this.outbox = options.outbox ?? new Outbox();
    this.connection = new Connection({
      url: () => this.#socketUrl(),
      onFrame: (f) => this.#handleFrame(f),
      onStatus: (s) => this.#setStatus(s),
      onUnauthorized: () =>
        this.auth.renew(this.#socketToken).then(
          (ok) => (ok || this.emit('auth', false), ok),
          // the refresh was refused for now: the socket tries again after its backoff, with the session kept
          () => true,
        ),
      pingMs: options.pingMs,
      pongMs: options.pongMs,
    });
  }

  on<K extends keyof ClientEvents>(type: K, listener: (detail: ClientEvents[K]) => void): () => void {
    const handler = (e: Event) => listener((e as CustomEvent<ClientEvents[K]>).detail);
    this.addEventListener(type, handler);
    return () => this.removeEventListener(type, handler);
  }

  emit<K extends keyof ClientEvents>(type: K, detail: ClientEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /**
   * Tells the views that the store changed: once for a burst (the frames of a socket that
   * joins two thousand chats, a page of them), not once for each.
   */
  changed(): void {
    this.#changeTimer ??= setTimeout(() => {
      this.#changeTimer = undefined;
      this.emit('change', undefined);
      const unread = this.store.totalUnread();
      if (unread !== this.#unread) this.emit('unread', (this.#unread = unread));
    });
  }

  /** Whose outbox entries are this client's: a server, a side and a participant. */
  get owner(): string {
    return `${this.server}|${this.mode}|${this.store.me?.id ?? 0}`;
  }

  fail(error: unknown): void {
    const e = error instanceof ApiError ? error : new ApiError(0, String(error));
    this.emit('error', { code: e.code ?? (e.status ? `http_${e.status}` : 'network'), message: e.message });
  }

  /** Loads the profile and chats, restores the outbox and opens the socket. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#providerFailed = false;
    const stops = this.#stops;
    const token = await this.auth.current();
    if (stops !== this.#stops) return;
    if (!token) {
      this.#started = false;
      // the page's token source failed (it was told by an `error`): still connecting, asked again later
      if (this.#providerFailed) this.#providerRetry = setTimeout(() => void this.start(), this.#providerBackoff.next());
      else this.emit('auth', false);
      return;
    }
    this.#providerBackoff.reset();
    this.emit('auth', true);
    try {
      this.profile = await this.api.request<Profile>('GET', '/api/v1/auth/me');
      this.store.me = { type: this.profile.participant_type, id: this.profile.id };
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return this.#signedOut();
    }
    await this.#loadChatList().catch((e) => this.fail(e));
    this.ready = true;
    this.emit('ready', undefined);
    if ((await this.outbox.list(this.owner)).length) this.emit('pending', undefined);
    if (!this.#started) return;
    this.connection.start();
    this.#pollTimer = setInterval(() => this.connection.status === 'polling' && void this.#poll(), this.options.pollMs ?? 3000);
  }

  stop(): void {
    // what the viewer read in the last moment still reaches the server
    if (this.auth.token) void this.reads?.flush(true);
    this.#stops++;
    clearTimeout(this.#providerRetry);
    this.#started = false;
    this.ready = false;
    this.#connectedBefore = false;
    this.#chatsLoaded = false;
    clearInterval(this.#pollTimer);
    this.connection.stop();
    this.#joins.reset();
  }

  #signedOut(): void {
    this.stop();
    this.emit('auth', false);
  }

  signOut(): void {
    this.auth.signOut();
    this.#forgetChats();
    this.#signedOut();
    this.changed();
  }

  /** Starts again as the customer a sign-in answered for (a follow-up's link), whoever was signed in before. */
  async signInWith(tokens: TokenResponse): Promise<void> {
    this.stop();
    this.#forgetChats();
    this.auth.save(tokens);
    await this.start();
  }

  #forgetChats(): void {
    this.store.chats.clear();
    this.#complete.clear();
  }

  /** The token the socket last connected with: a 1008 refused that one. */
  #socketToken: string | null = null;

  async #socketUrl(): Promise<string | null> {
    const token = (this.#socketToken = await this.auth.current());
    if (!token) return null;
    const ws = this.server.replace(/^http/, 'ws') || location.origin.replace(/^http/, 'ws');
    return `${ws}${WS_PATHS[this.mode === 'staff' ? 'user' : 'customer']}?token=${encodeURIComponent(token)}`;
  }

  /** What the connection reports; `polling` only once a REST poll went through. */
  #setStatus(status: ConnectionStatus, polled = false): void {
    if (status === 'polling' && !polled) return void this.#poll();
    if (this.status === status) return;
    this.status = status;
    if (status !== 'online') {
      this.#socket++;
      this.#following.clear();
      this.#joins.reset();
      for (const s of this.store.chats.values()) s.chat.online_participants = s.chat.online_members = [];
    }
    if (status === 'unauthorized' && !this.auth.token) this.emit('auth', false);
    this.emit('status', status);
    this.changed();
  }

  // ------------------------------------------------------------------ chats and history

  /**
   * Loads the chat list a page at a time (a server without paging answers it whole): resolves
   * with the first page, while the others (up to `pages`) follow in the background, each chat
   * joined as it comes. A poll needs only the first: the newest activity comes first.
   */
  async loadChats(archived: boolean, pages = Infinity, cursor = ''): Promise<void> {
    const path = this.mode === 'staff' ? '/api/v1/chat/chats' : '/api/v1/chat/chats/customer';
    const { data, next } = await this.api.page<ChatSummary[]>(`${path}?is_archived=${archived}&limit=100${cursor && `&cursor=${encodeURIComponent(cursor)}`}`);
    for (const c of data) {
      // A joined chat's presence comes from its socket, newer than what a list written before says.
      const held = this.#joins.joined.has(c.id) ? this.store.chats.get(c.id)?.chat : undefined;
      this.store.upsertChat(held ? { ...c, online_participants: held.online_participants, online_members: held.online_members } : c);
      if (!archived) this.join(c.id);
    }
    this.changed();
    if (next && pages > 1) void this.loadChats(archived, pages - 1, next).catch((e) => this.fail(e));
  }

  async #loadChatList(): Promise<void> {
    await this.loadChats(false);
    this.#chatsLoaded = true;
  }

  addChat(chat: Partial<ChatSummary> & { id: number }): void {
    this.store.upsertChat({ last_message_preview: null, online_participants: [], unread_count: 0, ...chat } as ChatSummary);
    this.join(chat.id);
    this.changed();
  }

  /** Fetches what arrived after the last message known to be held with all before it (reconnect, polling). */
  async catchUp(chatId: number): Promise<void> {
    const state = this.store.chats.get(chatId);
    if (!state?.loaded) return;
    let after = this.#complete.get(chatId) ?? this.store.lastId(chatId);
    for (;;) {
      const res = await this.api.request<HistoryPage>('GET', `/api/v1/chat/chats/${chatId}/messages?after_id=${after}&page_size=100`);
      this.received(chatId, res.messages, false);
      const repeated = res.messages.some((m) => m.id <= after);
      after = Math.max(after, ...res.messages.map((m) => m.id));
      this.#complete.set(chatId, Math.max(after, this.#complete.get(chatId) ?? 0));
      if (!res.has_more || !res.messages.length || repeated) break;
    }
  }

  /** Catches a chat up after the ones queued before it; `follow`: its live frames follow on from then. */
  #queueCatchUp(chatId: number, follow: boolean): void {
    const socket = this.#socket;
    this.#catchingUp = this.#catchingUp
      .then(async () => {
        if (socket !== this.#socket) return;
        await this.catchUp(chatId);
        if (follow && socket === this.#socket && this.store.chats.get(chatId)?.loaded) this.#following.add(chatId);
      })
      .catch((e) => {
        // A request that met a node going down: again, while the socket is still this one.
        if (e instanceof ApiError && e.transient && socket === this.#socket) setTimeout(() => this.#queueCatchUp(chatId, follow), 1000);
        else this.fail(e);
      });
  }

  async #poll(): Promise<void> {
    try {
      for (const id of [...this.store.chats.keys()]) await this.catchUp(id);
      this.emit('synced', undefined);
      await (this.#chatsLoaded ? this.loadChats(false, 1) : this.#loadChatList());
      if (this.connection.status === 'polling') this.#setStatus('polling', true);
    } catch (e) {
      if (this.connection.status === 'polling') this.#setStatus('reconnecting');
      if (!(e instanceof ApiError && e.transient)) this.fail(e);
    }
  }

  join(chatId: number): void {
    this.#joins.want(chatId);
  }

  isJoined(chatId: number): boolean {
    return this.#joins.joined.has(chatId);
  }

  // ------------------------------------------------------------------ frames

  /** Joins the chats; each is caught up once its join is confirmed (archived ones, not joined, at once). */
  async #connected(): Promise<void> {
    for (const [id, state] of this.store.chats) if (state.loaded && !this.#complete.has(id)) this.#complete.set(id, this.store.lastId(id));
    for (const [id, state] of this.store.chats) {
      if (state.chat.is_archived) this.#queueCatchUp(id, false);
      else this.join(id);
    }
    try {
      await this.#catchingUp;
      if (this.#connectedBefore || !this.#chatsLoaded) await this.#loadChatList();
    } catch (e) {
      this.fail(e);
    }
    this.#connectedBefore = true;
    this.emit('synced', undefined);
  }

  #handleFrame(f: ServerFrame): void {
    switch (f.type) {
      case 'connected':
        this.store.me = { type: f.participant_type, id: f.participant_id };
        void this.#connected();
        break;
      case 'message':
        this.received(f.message.chat_id, [f.message], true);
        break;
      case 'typing':
        this.#typing(f.chat_id, f.participant_type, f.participant_id, f.is_typing);
        break;
      case 'read_receipt': {
        const { me } = this.store;
        this.store.addReceipt(f.chat_id, f.message_id, { type: f.reader_type, id: f.reader_id }, f.read_at, f.message_ids);
        if (me && f.reader_type === me.type && f.reader_id === me.id) this.emit('read', { chatId: f.chat_id, messageId: f.message_id });
        break;
      }
      case 'joined_chat':
        this.#joins.confirmed(f.chat_id);
        this.store.setOnline(f.chat_id, f);
        break;
      case 'presence':
        this.store.setOnline(f.chat_id, f);
        break;
      case 'chat_created': {
        const fresh = this.ready && !this.store.chats.has(f.chat.id);
        this.addChat(f.chat);
        if (fresh) this.emit('chat', f.chat);
        break;
      }
      case 'chat_state':
        this.emit('state', f);
        break;
      case 'error':
        if (f.client_message_id) this.emit('rejected', { id: f.client_message_id, code: f.code });
        else if (f.code === 'rate_limited') this.#joins.refused(f.chat_id);
        else if (f.code === 'not_joined' && f.chat_id) this.#joins.lost(f.chat_id);
        this.emit('error', { code: f.code ?? 'server', message: f.error });
        break;
    }
    this.changed();
  }

  /** New or repeated messages from the socket, polling or catch-up. */
  received(chatId: number, messages: Message[], live: boolean): void {
    const state = this.store.chats.get(chatId);
    if (!state) {
      if (live) void this.loadChats(false, 1).catch(() => undefined);
      return;
    }
    if (live && this.#following.has(chatId)) this.#complete.set(chatId, Math.max(this.#complete.get(chatId) ?? 0, ...messages.map((m) => m.id)));
    for (const m of messages) if (m.client_message_id) this.emit('echo', m.client_message_id);
    for (const m of this.store.receive(chatId, messages)) {
      const mine = isMine(m, this.store.me);
      if (!mine) this.#typing(chatId, m.sender_type, (m.sender_type === 'user' ? m.sender_user_id : m.sender_customer_id) ?? 0, false);
      this.emit('message', { message: m, chatId, mine });
    }
    this.changed();
  }

  #typing(chatId: number, type: ParticipantType, id: number, on: boolean): void {
    const state = this.store.chats.get(chatId);
    if (!state) return;
    const key = `${chatId}:${type}:${id}`;
    clearTimeout(this.#typingTimers.get(key));
    if (!on) {
      state.typing.delete(key);
      return;
    }
    const who = state.chat.participants.find((p) => p.participant_type === type && p.participant_id === id);
    state.typing.set(key, who?.name ?? '');
    this.#typingTimers.set(
      key,
      setTimeout(() => {
        state.typing.delete(key);
        this.changed();
      }, 6000),
    );
  }
}
