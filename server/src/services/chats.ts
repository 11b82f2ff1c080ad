import {
  LIMITS,
  MAX_ID,
  type ChatCounts,
  type ChatStatus,
  type ChatSummary,
  type CreateChatAsCustomer,
  type CreateChatAsStaff,
  type ListChatsQuery,
} from '@salon-chat/protocol';
import { now, type Actor, type ParticipantKey } from '../domain.ts';
import { forbidden, invalid, notFound, tooMany } from '../errors.ts';
import type { Broker } from '../realtime/broker.ts';
import type { SearchLimits } from '../config.ts';
import type { ChatRow, ChatStateRow, ParticipantRow, StatePatch } from '../repos/chats.ts';
import type { Repositories, UnitOfWork } from '../repos/index.ts';
import type { QuotaService } from './quotas.ts';
import { chatSearch } from './chat-search.ts';
import { chatView, onlineOf } from './views.ts';

const DAY_MS = 24 * 3600 * 1000;

export type InitialMessage = (tx: UnitOfWork, chat: ChatRow, sender: Actor, content: string) => Promise<number>;

/** Who has a socket open, as the node knows it. */
export interface Online {
  isOnline(who: ParticipantKey): boolean;
}

export interface ChatDeps {
  repos: Repositories;
  online: Online;
  broker: Broker;
  /** Stores a new chat's first message inside the creating transaction. */
  initialMessage: InitialMessage;
  /** Told when staff start a chat with a first message (committed), as follow-ups watch. */
  onStaffMessage: (chatId: number, messageId: number) => Promise<void>;
  /** Told when a customer starts a chat with a first message (committed), as the staff's notifications watch. */
  onCustomerMessage: (chatId: number) => void;
  /** Chats a customer may start in a day. */
  chatsPerDay: number;
  quotas: QuotaService;
  /** New chats guests may start in a day: those of one client address together, and with one salon. */
  guestChatsPerDay: { perAddress: number; perSalon: number };
  /** What a search may cost. */
  search: SearchLimits;
}

export function chatService({ repos, online, broker, initialMessage, onStaffMessage, onCustomerMessage, chatsPerDay, quotas, guestChatsPerDay, search }: ChatDeps) {
  const { chats, people } = repos;
  const searchSalon = chatSearch(chats, search);
  const isOnline = (p: ParticipantKey) => online.isOnline(p);

  async function views(rows: ChatRow[], caller: Actor): Promise<ChatSummary[]> {
    const participants = await chats.participantsOf(rows.map((r) => r.id));
    const byChat = new Map<number, typeof participants>();
    for (const p of participants) byChat.set(p.chat_id, [...(byChat.get(p.chat_id) ?? []), p]);
    return rows.map((row) => chatView(row, byChat.get(row.id) ?? [], caller, isOnline));
  }

  /**
   * The chat if the caller may see it: staff see their salon's chats (a shared inbox),
   * customers the chats they take part in. Anything else is "not found", never its data.
   */
  async function accessible(actor: Actor, chatId: number): Promise<ChatRow> {
    const chat = await chats.byId(chatId);
    if (!chat) throw notFound('chat');
    if (actor.type === 'user' ? chat.salon_id === actor.salonId : await chats.participant(chatId, actor)) return chat;
    throw notFound('chat');
  }

  async function create(
    creator: Actor,
    salonId: number,
    members: ParticipantKey[],
    body: { title?: string | null; initial_message?: string | null },
  ): Promise<ChatSummary> {
    const at = now();
    const customer = members.find((m) => m.type === 'customer')!;
    const staff = members.find((m) => m.type === 'user')!;
    let first: number | undefined;
    const chatId = await repos.transaction(async (tx) => {
      await tx.people.linkCustomer(salonId, customer.id, at);
      const id = await tx.chats.create({ salon_id: salonId, title: body.title?.trim() || null, created_at: at }, members);
      const text = body.initial_message?.trim();
      if (text) first = await initialMessage(tx, (await tx.chats.byId(id))!, creator, text);
      return id;
    });
    if (first != null && creator.type === 'user') void onStaffMessage(chatId, first);
    if (first != null && creator.type === 'customer') onCustomerMessage(chatId);
    const row = (await chats.byId(chatId))!;
    const participants = await chats.participantsOf([chatId]);
    const viewFor = (who: Actor) => chatView(row, participants, who, isOnline);
    // Each side gets the chat as it sees it (its own unread count); the salon's staff see the staff participant's.
    broker.publish({ participants: [customer] }, { type: 'chat_created', chat: viewFor({ ...customer, salonId: null, name: '' }) });
    broker.publish({ salonStaff: salonId }, { type: 'chat_created', chat: viewFor({ ...staff, salonId, name: '' }) });
    return viewFor(creator);
  }

  async function get(actor: Actor, chatId: number): Promise<ChatSummary> {
    const [chat] = await views([await accessible(actor, chatId)], actor);
    return chat!;
  }

  /** Tells every staff socket of the chat's salon, on every node, that its state changed, and who changed it. */
  function announce(state: ChatStateRow, by: ParticipantKey | null): void {
    const { salon_id: salonId, ...fields } = state;
    broker.publish(
      { salonStaff: salonId },
      { type: 'chat_state', ...fields, changed_by: by ? { participant_type: by.type, participant_id: by.id } : null },
    );
  }

  /** Staff change a chat's state for their salon: stored, announced when it changed, and answered as the chat. */
  async function changeState(actor: Actor, chatId: number, patch: StatePatch): Promise<ChatSummary> {
    if (actor.type !== 'user') throw forbidden("only salon staff change a chat's state");
    await accessible(actor, chatId);
    const set = await chats.setState(chatId, patch, now());
    if (!set) throw notFound('chat');
    if (set.changed) announce(set.state, actor);
    return get(actor, chatId);
  }

  return {
    accessible,
    get,

    async createAsStaff(actor: Actor, body: CreateChatAsStaff) {
      const salonId = actor.salonId!;
      const customer = await people.customerById(body.customer_id);
      if (!customer || !(await people.isSalonCustomer(salonId, customer.id))) {
        throw invalid(`customer_id: no customer ${body.customer_id} in this salon`);
      }
      return create(actor, salonId, [actor, { type: 'customer', id: customer.id }], body);
    },

    /**
     * A customer's new chat with a staff member. A guest writes only to the salon they started
     * with, while it takes guests; the new chats of guests also count per client address (`ip`)
     * and per salon.
     */
    async createAsCustomer(actor: Actor, body: CreateChatAsCustomer, ip: string) {
      const since = new Date(Date.now() - DAY_MS);
      if ((await chats.startedSince(actor.id, since.toISOString())) >= chatsPerDay) {
        throw tooMany(`at most ${chatsPerDay} new chats a day: write in one you have`, DAY_MS / 1000);
      }
      const user = await people.userById(body.user_id);
      if (!user) throw invalid(`user_id: no staff user ${body.user_id}`);
      if (actor.guestOf === undefined) return create(actor, user.salon_id, [actor, { type: 'user', id: user.id }], body);

      if (user.salon_id !== actor.guestOf) throw forbidden('a guest writes only to the salon they started with: sign in, or start as a guest of this salon');
      if (!(await people.salonById(user.salon_id))?.guests_enabled) throw forbidden('this salon no longer takes new chats from guests: sign in instead');
      const { perAddress, perSalon } = guestChatsPerDay;
      const reservation = await quotas.take(1, [
        {
          meter: quotas.addressMeter('guest-chats', ip),
          limit: perAddress,
          refuse: (_used, wait) => tooMany(`too many new guest chats from this address: at most ${perAddress} a day; write in one you have, or sign in`, wait),
        },
        {
          meter: `guest-chats:salon:${user.salon_id}`,
          limit: perSalon,
          refuse: (_used, wait) => tooMany(`this salon has had its ${perSalon} new chats from guests today: sign in to write, or try again later`, wait),
        },
      ]);
      try {
        return await create(actor, user.salon_id, [actor, { type: 'user', id: user.id }], body);
      } catch (err) {
        await quotas.release(reservation);
        throw err;
      }
    },

    /**
     * The caller's chats, newest activity first, a page at a time (`limit`, by default the
     * largest, after `cursor`) with the cursor of the next one when more follow; staff may
     * `search` them (chat-search.ts; customers' lists ignore it).
     */
    async list(actor: Actor, query: ListChatsQuery): Promise<{ chats: ChatSummary[]; next: string | null }> {
      const limit = query.limit ?? LIMITS.maxPageSize;
      const key = actor.type === 'user' && query.view === 'unanswered' ? 'waiting_since' : 'last_message_at';
      const page = { limit, after: query.cursor ? decodeCursor(query.cursor) : undefined };
      // A view shows archived chats and others alike unless `is_archived` is asked; the plain list has the guide's default.
      const filter = { view: query.view, archived: query.is_archived ?? (query.view ? undefined : false), me: actor.id };
      // To a customer no chat is archived (the archive is the salon's filing): all of theirs are in the unarchived list.
      const rows =
        actor.type !== 'user'
          ? query.is_archived
            ? []
            : await chats.forCustomer(actor.id, page)
          : query.search
            ? await searchSalon(actor, filter, { ...page, search: query.search })
            : await chats.forSalon(actor.salonId!, filter, page);
      const more = rows.length > limit;
      const shown = more ? rows.slice(0, limit) : rows;
      const last = shown[shown.length - 1];
      return { chats: await views(shown, actor), next: more && last ? encodeCursor(last, key) : null };
    },

    /** How many conversations each view of the caller's inbox holds (staff). */
    async counts(actor: Actor): Promise<ChatCounts> {
      if (actor.type !== 'user') throw forbidden('only salon staff have the views of the inbox');
      return chats.counts(actor.salonId!, actor.id);
    },

    setArchived: (actor: Actor, chatId: number, archived: boolean) => changeState(actor, chatId, { is_archived: archived }),

    /** Resolves a chat (it then waits for no one) or reopens it. */
    setStatus: (actor: Actor, chatId: number, status: ChatStatus) =>
      changeState(actor, chatId, status === 'resolved' ? { status, waiting_since: null } : { status }),

    /** Assigns a chat to a staff user of its salon, or unassigns it (null). */
    async assign(actor: Actor, chatId: number, assigneeId: number | null): Promise<ChatSummary> {
      if (assigneeId !== null) {
        const user = await people.userById(assigneeId);
        if (!user || user.salon_id !== actor.salonId) throw invalid(`assignee_id: no staff user ${assigneeId} in this salon`);
      }
      return changeState(actor, chatId, { assignee_id: assigneeId });
    },

    /** Tells the salon's staff of the state changes that messages' writes made. */
    announceWritten: (states: ChatStateRow[]) => states.forEach((state) => announce(state, null)),

    /** For each of these chats, who of its participants has a socket open. */
    async onlineParticipants(chatIds: number[]): Promise<Map<number, ReturnType<typeof onlineOf>>> {
      const byChat = new Map<number, ParticipantRow[]>(chatIds.map((id) => [id, []]));
      for (const p of await chats.participantsOf(chatIds)) byChat.get(p.chat_id)!.push(p);
      return new Map([...byChat].map(([chatId, participants]) => [chatId, onlineOf(participants, isOnline)]));
    },

    chatIdsOf: (who: ParticipantKey) => chats.chatIdsOf(who),

    /** Whether anyone of the salon's staff has a socket open. */
    async staffOnline(salonId: number): Promise<boolean> {
      return (await people.salonStaff(salonId)).some((s) => isOnline({ type: 'user', id: s.id }));
    },

    /** The salon a staff user works for, if the user exists. */
    salonOfStaff: async (userId: number): Promise<number | null> => (await people.userById(userId))?.salon_id ?? null,
  };
}

export type ChatService = ReturnType<typeof chatService>;

/** Where a page of a chat list ends: its last chat's time it is sorted by (its activity, or since when it waits) and id, opaque to clients. */
function encodeCursor(row: ChatRow, key: 'last_message_at' | 'waiting_since'): string {
  const value = row[key];
  const at = value instanceof Date ? value.toISOString() : String(value);
  return Buffer.from(JSON.stringify([at, row.id])).toString('base64url');
}

/** An ISO 8601 time in UTC, as encodeCursor writes it, of a day that exists. */
const isTime = (at: string) => /^(?!0000)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/.test(at) && new Date(at).toISOString().slice(0, 19) === at.slice(0, 19);

/**
 * The chat a page ends with, from a cursor; anything but a cursor encodeCursor could have written
 * (other characters than base64url, a time that is not one, an id out of the ids' range) answers
 * 422 here, before the database sees it.
 */
function decodeCursor(cursor: string): { at: string; id: number } {
  try {
    const [at, id] = /^[\w-]+$/.test(cursor) ? (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown]) : [];
    if (typeof at === 'string' && isTime(at) && Number.isInteger(id) && (id as number) >= 1 && (id as number) <= MAX_ID) return { at, id: id as number };
  } catch {
    // falls through to the error below
  }
  throw invalid('cursor: not a cursor this server gave (X-Next-Cursor of the previous page)');
}
