import {
  ENTITY_TYPES,
  LIMITS,
  NOTE_MESSAGE_TYPE,
  messagePreview,
  type EntityType,
  type HistoryPage,
  type HistoryQuery,
  type MarkReadResponse,
  type Message,
  type MessageDraft,
  type MessageType,
  type Reference,
} from '@salon-chat/protocol';
import { now, participantKey, sameParticipant, type Actor, type ParticipantKey } from '../domain.ts';
import { AppError, forbidden, invalid, notFound } from '../errors.ts';
import type { Audience, Broker } from '../realtime/broker.ts';
import type { ChatRow, ChatStateRow, RecordedChat } from '../repos/chats.ts';
import type { MessageWrites, Repositories, UnitOfWork } from '../repos/index.ts';
import { textMessage, type HistoryScope, type MessageRow, type NewMessage, type Placed, type ReceiptRow } from '../repos/messages.ts';
import type { UploadRow } from '../repos/uploads.ts';
import type { CatalogService } from './catalog.ts';
import type { ChatService } from './chats.ts';
import type { FollowUpService } from './follow-ups/index.ts';
import { groupCommit } from './group-commit.ts';
import type { PushService } from './push.ts';
import { messageViews, newMessageView } from './views.ts';

export interface MessageDeps {
  repos: Repositories;
  catalog: CatalogService;
  chatService: ChatService;
  broker: Broker;
  /** Told of what follow-ups watch: a staff message committed, a customer's read (with what they have left unread). */
  followUps: Pick<FollowUpService, 'staffWrote' | 'customerRead'>;
  /** Told of each customer message committed: the staff's notifications. */
  push: Pick<PushService, 'customerWrote'>;
}

interface Composed {
  row: Omit<NewMessage, 'seq' | 'created_at'>;
  reference: Reference | null;
  /** The message it answers, for its preview. */
  reply?: MessageRow;
  /** The salon's time zone, for an appointment's time in the chat's preview. */
  timeZone?: string;
}

export interface ReadRequest {
  upTo?: number;
  ids?: number[];
}

/** What sending needs of a chat: which it is and whose salon. */
export type ChatRef = Pick<ChatRow, 'id' | 'salon_id'>;

export interface Sent {
  message: Message;
  duplicate: boolean;
}

interface Draft {
  chat: ChatRef;
  sender: Actor;
  composed: Composed;
}

/** What a chat's list shows of a message as its newest. */
const previewOf = (composed: Composed) => messagePreview({ reference: composed.reference, ...composed.row }, composed.timeZone);

const isEntity = (t: string): t is EntityType => (ENTITY_TYPES as readonly string[]).includes(t);

const isNote = (m: Pick<MessageRow, 'message_type'>) => m.message_type === NOTE_MESSAGE_TYPE;

/** Who a message's frame is for: the chat's sockets, only its staff's for a note. */
const audienceOf = (message: Message): Audience => ({ chatId: message.chat_id, ...(isNote(message) ? { staffOnly: true } : {}) });

/** The path of a media URL on this server (`/uploads/…`), given as a path or an absolute URL. */
function uploadPath(url: string): string | null {
  try {
    const { pathname } = new URL(url, 'http://relative.invalid');
    return url.startsWith('//') || !pathname.startsWith('/uploads/') ? null : pathname;
  } catch {
    return null;
  }
}

const MEDIA_KIND: Partial<Record<MessageType, (fileType: string) => boolean>> = {
  image: (t) => t.startsWith('image/'),
  voice: (t) => t.startsWith('audio/'),
  file: () => true,
};

export function messageService({ repos, catalog, chatService, broker, followUps, push }: MessageDeps) {
  const { chats, messages, uploads } = repos;
  /**
   * Checks a draft against the chat and turns it into a row, with its resolved reference. Media
   * must be a file uploaded here, so no message makes a reader's browser fetch a stranger's URL.
   */
  async function compose(chat: ChatRef, sender: Actor, draft: MessageDraft): Promise<Composed> {
    const content = draft.content?.trim() || null;
    let upload: UploadRow | undefined;
    if (draft.media_url) {
      const path = uploadPath(draft.media_url);
      upload = path ? await uploads.byUrl(path) : undefined;
      if (!upload) throw invalid('media_url: not a file uploaded to this server (POST /api/v1/chat/upload, then send its file_url)');
      const own = upload.uploader_type === sender.type && upload.uploader_id === sender.id;
      if (!own && !(await messages.mediaInChat(chat.id, upload.file_url))) {
        throw invalid('media_url: a file uploaded by someone else can only be sent again in the chat where it was shared');
      }
    }
    const type: MessageType =
      draft.message_type ?? (upload ? (upload.file_type.startsWith('image/') ? 'image' : upload.file_type.startsWith('audio/') ? 'voice' : 'file') : 'text');

    if (type === NOTE_MESSAGE_TYPE && sender.type !== 'user') throw forbidden("message_type: only the salon's staff write notes");
    if ((type === 'text' || type === NOTE_MESSAGE_TYPE) && !content) throw invalid(`content: required for a ${type} message`);
    const fits = MEDIA_KIND[type];
    if (fits && !upload) throw invalid(`media_url: required for a ${type} message`);
    if (fits && upload && !fits(upload.file_type)) throw invalid(`media_url: a ${upload.file_type} file cannot be sent as ${type}`);
    if (!fits && upload) throw invalid(`media_url: a ${type} message carries no media`);

    let reference: Reference | null = null;
    if (isEntity(type)) {
      if (draft.reference_id == null) throw invalid(`reference_id: required for a ${type} message`);
      const members = await chats.participantsOf([chat.id]);
      const customerId = members.find((p) => p.participant_type === 'customer')?.participant_id ?? null;
      reference = await catalog.resolve(type, draft.reference_id, chat.salon_id, customerId);
    } else if (draft.reference_id != null) {
      throw invalid('reference_id: only for appointment, product or pack messages');
    }

    const reply = draft.reply_to_message_id != null ? await messages.inChat(chat.id, draft.reply_to_message_id, sender.type === 'user') : undefined;
    if (draft.reply_to_message_id != null && !reply) throw invalid(`reply_to_message_id: no message ${draft.reply_to_message_id} in this chat`);
    if (reply && isNote(reply) && type !== NOTE_MESSAGE_TYPE) throw invalid('reply_to_message_id: a note stays with the staff; only another note answers it');

    return {
      reference,
      reply,
      timeZone: reference?.starts_at ? await catalog.timeZone(chat.salon_id) : undefined,
      row: {
        chat_id: chat.id,
        sender_type: sender.type,
        sender_id: sender.id,
        message_type: type,
        content,
        media_url: upload?.file_url ?? null,
        thumbnail_url: upload?.thumbnail_url ?? null,
        reply_to_message_id: draft.reply_to_message_id ?? null,
        reference_type: reference ? type : null,
        reference_id: reference ? reference.id : null,
        reference_snapshot: reference ? JSON.stringify(reference) : null,
        client_message_id: draft.client_message_id ?? null,
      },
    };
  }

  /**
   * Stores composed messages together, in a constant number of statements. Their chats' rows are
   * taken with the insert, so a chat's messages get their ids and places in one order. A message
   * whose sender already used its client id is not written again (its id is null). Staff
   * answering a salon chat become its participants; each chat is updated once, with its newest
   * preview. `ordered` is called once the messages hold their places (and the chats stay locked):
   * a batch written beside this one then comes after it in every chat they share. Answers too
   * the chats' states for their salons that the batch changed.
   */
  async function store(tx: MessageWrites, drafts: Draft[], ordered = () => {}, at = now()): Promise<{ placed: (Placed | null)[]; at: string; states: ChatStateRow[] }> {
    // The added fields come before the spread ones: V8 copies a spread object fast only when nothing is added after it.
    const placed = await tx.messages.place(drafts.map((d) => ({ created_at: at, ...d.composed.row })));
    ordered();
    const fresh = drafts.filter((_, i) => placed[i] !== null);
    if (fresh.length === 0) return { placed, at, states: [] };
    const byChat = new Map<number, RecordedChat & { newest: Composed }>();
    for (const { chat, sender, composed } of fresh) {
      let recorded = byChat.get(chat.id);
      if (!recorded) {
        recorded = { chatId: chat.id, count: 0, preview: '', customerWrote: false, customerCount: 0, firstStaff: null, endsWithCustomer: false, senders: [], newest: composed };
        byChat.set(chat.id, recorded);
      }
      recorded.count++;
      recorded.newest = composed;
      recorded.customerWrote ||= sender.type === 'customer';
      recorded.endsWithCustomer = sender.type === 'customer';
      if (sender.type === 'customer') recorded.customerCount++;
      else recorded.firstStaff ??= sender.id;
      const own = recorded.senders.find((s) => sameParticipant(s.who, sender));
      if (own) own.count++;
      else recorded.senders.push({ who: sender, count: 1 });
    }
    // Only a chat's newest message makes its preview.
    for (const recorded of byChat.values()) recorded.preview = previewOf(recorded.newest);
    const states = await tx.chats.recordMessages(at, [...byChat.values()]);
    return { placed, at, states };
  }

  /**
   * Stores a batch: on PostgreSQL in one statement when it can, else in a transaction (`store`).
   * The next batch may begin once this one is ordered: after the statement, or once the
   * transaction holds its chats.
   */
  async function commit(drafts: Draft[], ordered: () => void): Promise<{ placed: (Placed | null)[]; at: string; states: ChatStateRow[] }> {
    const at = now();
    const atOnce = await repos.writeMessagesAtOnce?.(
      at,
      drafts.map(({ composed }) => ({ created_at: at, preview: previewOf(composed), ...composed.row })),
    );
    if (atOnce) {
      ordered();
      return { ...atOnce, at };
    }
    return repos.writeMessages((tx) => store(tx, drafts, ordered, at));
  }

  /**
   * Messages sent together are committed together; a message whose client id was used before
   * comes back null. A batch's frames go out in id order, in the turn after its commit, so that
   * the next batch can begin first; batches written side by side (PostgreSQL) share no chat
   * until the earlier commits, so each chat's frames still go out in its order.
   */
  const write = groupCommit<Draft, Message | null>(async (batch, ordered) => {
    const { placed, at, states } = await commit(batch, ordered);
    const written = batch.map(({ sender, composed }, i) => {
      const place = placed[i];
      if (!place) return null;
      const row = { id: place.id, seq: place.seq, sender_name: sender.name, is_edited: false, is_deleted: false, created_at: at, updated_at: at, ...composed.row };
      return newMessageView(row, composed.reply);
    });
    setImmediate(() => {
      written.forEach((message, i) => {
        if (message?.sender_type === 'user') void followUps.staffWrote(message.chat_id, message.id);
        else if (message?.sender_type === 'customer') push.customerWrote(message.chat_id);
        if (message) broker.publish(audienceOf(message), { type: 'message', message, client_message_id: message.client_message_id }, { chatId: message.chat_id, seq: placed[i]!.seq });
      });
      chatService.announceWritten(states);
    });
    return written;
  }, { inFlight: repos.writers });

  /** Rows as API messages, with their receipts (read unless given) and what they reply to. */
  async function complete(rows: MessageRow[], receipts?: ReceiptRow[]): Promise<Message[]> {
    const replyIds = [...new Set(rows.map((r) => r.reply_to_message_id).filter((id): id is number => id != null))];
    const [read, replies] = await Promise.all([receipts ?? messages.receiptsFor(rows.map((r) => r.id)), messages.byIds(replyIds)]);
    return messageViews(rows, read, replies);
  }

  async function view(id: number): Promise<Message> {
    const [message] = await complete(await messages.byIds([id]));
    return message!;
  }

  /**
   * The message a sender already sent with this client id. Its frame goes out again, to reach
   * only the nodes it never reached (one that committed it may have died before publishing).
   */
  async function stored(sender: Actor, chatId: number, clientMessageId: string): Promise<Message> {
    const existing = (await messages.byClientId(sender, clientMessageId))!;
    if (existing.chat_id !== chatId) throw new AppError(409, 'conflict', 'client_message_id: already used for a message in another chat');
    const message = await view(existing.id);
    broker.publish(audienceOf(message), { type: 'message', message, client_message_id: clientMessageId }, isNote(message) ? undefined : { chatId, seq: existing.seq, again: true });
    return message;
  }

  /**
   * A note, written at once beside the commit queue: it takes no place of its own, changes nothing
   * of its chat (no preview, count, unread count nor state), tells no follow-up nor push, and its
   * frame goes to the staff's sockets only, outside the chat's order (no customer waits for it).
   */
  async function writeNote(sender: Actor, composed: Composed): Promise<Message | null> {
    const at = now();
    const place = await messages.placeNote({ created_at: at, ...composed.row });
    if (!place) return null;
    const message = newMessageView({ ...place, sender_name: sender.name, is_edited: false, is_deleted: false, created_at: at, updated_at: at, ...composed.row }, composed.reply);
    broker.publish(audienceOf(message), { type: 'message', message, client_message_id: message.client_message_id });
    return message;
  }

  /**
   * `send` in two steps: resolves once the message is checked and has its place in the commit
   * queue (so messages submitted one after another are stored and delivered in that order);
   * `sent` resolves once it is committed.
   */
  async function submit(actor: Actor, chatId: number, draft: MessageDraft, joined?: ChatRef): Promise<{ sent: Promise<Sent> }> {
    const chat = joined ?? (await chatService.accessible(actor, chatId));
    const composed = await compose(chat, actor, draft);
    const written = isNote(composed.row) ? writeNote(actor, composed) : write({ chat, sender: actor, composed });
    const sent = written.then(
      async (message): Promise<Sent> => (message ? { message, duplicate: false } : { message: await stored(actor, chatId, draft.client_message_id!), duplicate: true }),
    );
    return { sent };
  }

  return {
    /** Used by chat creation: stores the first (text) message inside the creating transaction. */
    initialMessage(tx: UnitOfWork, chat: ChatRow, sender: Actor, content: string): Promise<number> {
      return store(tx, [{ chat, sender, composed: { row: textMessage(chat.id, sender, content), reference: null } }]).then(({ placed }) => placed[0]!.id);
    },

    /**
     * Sends a message and delivers it to the chat. A retried `client_message_id` answers the
     * stored message (`duplicate: true`), delivered again only where it never went out. `joined` is the chat as the
     * sender's socket proved its access when joining; without it access is checked now.
     */
    async send(actor: Actor, chatId: number, draft: MessageDraft, joined?: ChatRef): Promise<Sent> {
      return (await submit(actor, chatId, draft, joined)).sent;
    },

    submit,



    /** A page of a chat's history. The access check and the reads run side by side; a refusal discards the reads. */
    async history(actor: Actor, chatId: number, query: HistoryQuery): Promise<HistoryPage> {
      const size = query.page_size;
      const notes = actor.type === 'user';
      const scope: HistoryScope =
        query.after_id !== undefined
          ? { chatId, notes, limit: size + 1, afterId: query.after_id }
          : query.before_id !== undefined
            ? { chatId, notes, limit: size + 1, beforeId: query.before_id }
            : { chatId, notes, limit: size, page: query.page };
      const [chat, rows, receipts] = await Promise.all([chatService.accessible(actor, chatId), messages.history(scope), messages.historyReceipts(scope)]);
      const total = chat.message_count;
      // A page by number is its places (with the notes that follow them, for staff); a cursor's one more row tells whether more follow.
      const shown = 'page' in scope ? rows : rows.slice(0, size);
      const page = { messages: await complete(shown, receipts), total, page_size: size };
      if (query.after_id !== undefined) return { ...page, page: 1, has_more: rows.length > size, after_id: query.after_id };
      if (query.before_id !== undefined) return { ...page, page: 1, has_more: rows.length > size, before_id: query.before_id };
      return { ...page, page: query.page, has_more: query.page * size < total };
    },

    /**
     * Marks messages read: the named ones, and for a participant, or a staff member of the
     * chat's salon, every unread message up to the newest named (for staff who do not take part,
     * the customer's after what the salon's staff had read). A staff member's read is the salon's: the
     * chat's staff read state moves on with it. Publishes one `read_receipt` per sender whose
     * messages were newly read.
     */
    async markRead(actor: Actor, chatId: number, request: ReadRequest): Promise<MarkReadResponse> {
      const chat = await chatService.accessible(actor, chatId);
      const at = now();
      const { fresh, unread } = await repos.transaction(async (tx) => {
        const me = await tx.chats.participant(chatId, actor, true);
        // Staff may name a note (the newest they see): it moves their read state on, but is never read itself.
        const named = await tx.messages.among(chatId, request.ids ?? [request.upTo!], actor.type === 'user');
        if (named.length === 0) throw notFound('message');
        const target = Math.max(...named.map((m) => m.id));
        const ids = new Set(named.filter((m) => !isNote(m) && !sameParticipant({ type: m.sender_type, id: m.sender_id }, actor)).map((m) => m.id));
        const lastRead = me ? (me.last_read_message_id ?? 0) : actor.type === 'user' ? (chat.staff_read_message_id ?? 0) : target;
        if (target > lastRead) {
          // Staff who do not take part read for the salon: the customer's messages, not their colleagues'.
          const from = me ? undefined : 'customer';
          for (const id of await tx.messages.othersBetween(chatId, actor, lastRead, target, LIMITS.maxReadBatch, from)) ids.add(id);
        }
        const fresh = await tx.messages.addReceipts(chatId, actor, [...ids], at);
        if (actor.type === 'user') await tx.chats.staffRead(chatId, target);
        if (!me) return { fresh, unread: 0 };
        if (target <= lastRead) return { fresh, unread: me.unread_count };
        const unread = await tx.messages.countOthersAfter(chatId, actor, target);
        await tx.chats.setReadState(chatId, actor, target, unread);
        return { fresh, unread };
      });
      if (actor.type === 'customer') void followUps.customerRead(chatId, unread);
      // One receipt per sender, for the newest of its messages read: it covers that sender's
      // earlier ones, or exactly the ids named when the reader named them.
      const bySender = new Map<string, { newest: number; ids: number[]; sender: ParticipantKey }>();
      for (const m of await messages.senders(fresh)) {
        const sender = { type: m.sender_type, id: m.sender_id };
        const key = participantKey(sender);
        let read = bySender.get(key);
        if (!read) bySender.set(key, (read = { newest: 0, ids: [], sender }));
        read.newest = Math.max(read.newest, m.id);
        read.ids.push(m.id);
      }
      for (const { newest, ids, sender } of [...bySender.values()].sort((a, b) => a.newest - b.newest)) {
        broker.publish(
          { chatId, participants: [sender] },
          {
            type: 'read_receipt',
            chat_id: chatId,
            message_id: newest,
            reader_type: actor.type,
            reader_id: actor.id,
            read_at: at,
            ...(request.ids ? { message_ids: ids.sort((a, b) => a - b) } : {}),
          },
        );
      }
      return { chat_id: chatId, read_message_ids: fresh, unread_count: unread };
    },
  };
}

export type MessageService = ReturnType<typeof messageService>;
