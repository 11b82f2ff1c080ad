import type { ParticipantType } from '@salon-chat/protocol';
import { insertedId, isPostgres, type Db } from '../db/connection.ts';
import type { ParticipantKey } from '../domain.ts';

export interface ChatRow {
  id: number;
  chat_type: string;
  salon_id: number;
  title: string | null;
  is_active: boolean | number;
  is_archived: boolean | number;
  last_message_at: string | Date | null;
  last_message_preview: string | null;
  message_count: number;
  created_at: string | Date;
  updated_at: string | Date;
}

export interface ParticipantRow {
  chat_id: number;
  participant_type: ParticipantType;
  participant_id: number;
  joined_at: string | Date;
  is_active: boolean | number;
  unread_count: number;
  last_read_message_id: number | null;
  user_name: string | null;
  user_email: string | null;
  customer_name: string | null;
  customer_phone: string | null;
}

export interface NewChat {
  salon_id: number;
  title: string | null;
  created_at: string;
}

/** What a batch of new messages changes on one chat. */
export interface RecordedChat {
  chatId: number;
  count: number;
  /** The preview of the chat's newest message in the batch. */
  preview: string;
  customerWrote: boolean;
  senders: { who: ParticipantKey; count: number }[];
}

/** Which part of a chat list: at most `limit`, after a chat (by its time and id), matching `search`. */
export interface ListPage {
  limit: number;
  after?: { at: string; id: number };
  search?: string;
}

export function chatsRepo(db: Db) {
  const newestFirst = (q: ReturnType<Db>) => q.orderBy([
    { column: 'chats.last_message_at', order: 'desc' },
    { column: 'chats.id', order: 'desc' },
  ]);

  /** Newest first; after the cursor's chat and at most `limit` (one more is read to know whether more follow). */
  const paged = (q: ReturnType<Db>, { limit, after }: ListPage) => {
    if (after) {
      q.where((w) =>
        w.where('chats.last_message_at', '<', after.at).orWhere((same) => same.where('chats.last_message_at', '=', after.at).andWhere('chats.id', '<', after.id)),
      );
    }
    return newestFirst(q).limit(limit + 1);
  };

  /** Chats whose customer (name or contact), title or any message contains the words, case aside. */
  const matching = (q: ReturnType<Db>, search?: string) => {
    if (!search) return q;
    const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = (column: string) => db.raw(`lower(${column}) like ? escape '\\'`, [pattern]);
    return q.where((w) =>
      w
        .where(like('chats.title'))
        .orWhereExists(
          db('chat_participants as sp')
            .join('customers as sc', 'sc.id', 'sp.participant_id')
            .whereRaw('sp.chat_id = chats.id')
            .andWhere('sp.participant_type', 'customer')
            .andWhere((c) => c.where(like('sc.name')).orWhere(like('coalesce(sc.contact, sc.phone)'))),
        )
        .orWhereExists(db('messages as sm').whereRaw('sm.chat_id = chats.id').andWhere(like('sm.content'))),
    );
  };

  return {
    byId: (id: number) => db<ChatRow>('chats').where({ id }).first(),

    async create(conn: Db, chat: NewChat, members: ParticipantKey[]): Promise<number> {
      const [row] = await conn('chats')
        .insert({
          ...chat,
          chat_type: 'user_customer',
          is_active: true,
          is_archived: false,
          last_message_at: chat.created_at,
          message_count: 0,
          updated_at: chat.created_at,
        })
        .returning('id');
      const chatId = insertedId(row);
      await conn('chat_participants').insert(
        members.map((m) => ({
          chat_id: chatId,
          participant_type: m.type,
          participant_id: m.id,
          joined_at: chat.created_at,
          is_active: true,
          unread_count: 0,
        })),
      );
      return chatId;
    },

    /** How many chats a customer has taken part in that began after `since`. */
    async startedSince(customerId: number, since: string): Promise<number> {
      const row = await db('chats')
        .join('chat_participants as p', 'p.chat_id', 'chats.id')
        .where({ 'p.participant_type': 'customer', 'p.participant_id': customerId })
        .andWhere('chats.created_at', '>', since)
        .count<{ n: number | string }[]>({ n: '*' })
        .first();
      return Number(row?.n ?? 0);
    },

    /** A page of a salon's chats, newest activity first, only those matching `search` if given. */
    forSalon: (salonId: number, archived: boolean, page: ListPage) =>
      paged(
        matching(db('chats').where({ salon_id: salonId, is_archived: archived }), page.search),
        page,
      ).select<ChatRow[]>('chats.*'),

    forCustomer: (customerId: number, archived: boolean, page: ListPage) =>
      paged(
        db('chats')
          .join('chat_participants as p', 'p.chat_id', 'chats.id')
          .where({ 'p.participant_type': 'customer', 'p.participant_id': customerId, 'chats.is_archived': archived }),
        page,
      ).select<ChatRow[]>('chats.*'),

    /** Participants of many chats in one query, with their names. */
    participantsOf(chatIds: number[], conn: Db = db): Promise<ParticipantRow[]> {
      if (chatIds.length === 0) return Promise.resolve([]);
      return conn('chat_participants as p')
        .leftJoin('users as u', function () {
          this.on('u.id', '=', 'p.participant_id').andOnVal('p.participant_type', '=', 'user');
        })
        .leftJoin('customers as c', function () {
          this.on('c.id', '=', 'p.participant_id').andOnVal('p.participant_type', '=', 'customer');
        })
        .whereIn('p.chat_id', chatIds)
        .orderBy('p.id')
        .select(
          'p.chat_id',
          'p.participant_type',
          'p.participant_id',
          'p.joined_at',
          'p.is_active',
          'p.unread_count',
          'p.last_read_message_id',
          'u.name as user_name',
          'u.email as user_email',
          'c.name as customer_name',
          db.raw('coalesce(c.contact, c.phone) as customer_phone'),
        );
    },

    /** A participant's read state; `lock` holds the row until the transaction ends (PostgreSQL). */
    participant(conn: Db, chatId: number, who: ParticipantKey, lock = false) {
      const q = conn('chat_participants').where({ chat_id: chatId, participant_type: who.type, participant_id: who.id });
      return (lock && isPostgres(conn) ? q.forUpdate() : q).first<{ unread_count: number; last_read_message_id: number | null } | undefined>();
    },

    setArchived: (chatId: number, archived: boolean, at: string) =>
      db('chats').where({ id: chatId }).update({ is_archived: archived, updated_at: at }),

    async chatIdsOf(who: ParticipantKey): Promise<number[]> {
      const rows = await db('chat_participants')
        .where({ participant_type: who.type, participant_id: who.id })
        .select<{ chat_id: number }[]>('chat_id');
      return rows.map((r) => r.chat_id);
    },

    /** Holds the chat's row until the transaction ends, putting concurrent senders in line (PostgreSQL; SQLite has one writer). */
    /** Holds the chats' rows until the transaction ends (PostgreSQL), in id order so that writers never deadlock. */
    async lock(conn: Db, chatIds: number[]): Promise<void> {
      if (isPostgres(conn)) await conn('chats').whereIn('id', chatIds).orderBy('id').forUpdate().select('id');
    },

    /**
     * Records a batch of new messages on their chats, a statement for all: staff who wrote become
     * participants; each chat gets its count, newest time and preview, and leaves the archive
     * when a customer wrote; each participant counts unread the messages of the others.
     */
    async recordMessages(conn: Db, at: string, batch: RecordedChat[]): Promise<void> {
      const staff = batch.flatMap((c) => c.senders.filter((s) => s.who.type === 'user').map((s) => ({ chat_id: c.chatId, participant_type: 'user', participant_id: s.who.id, joined_at: at, is_active: true, unread_count: 0 })));
      if (staff.length) await conn('chat_participants').insert(staff).onConflict(['chat_id', 'participant_type', 'participant_id']).ignore();

      const ids = batch.map((c) => c.chatId);
      const inIds = `(${ids.map(() => '?').join(', ')})`;
      const byChat = (column: string, type: string, value: (c: RecordedChat) => string | number) => ({
        sql: `CASE ${column} ${batch.map(() => `WHEN ? THEN CAST(? AS ${type})`).join(' ')} END`,
        bindings: batch.flatMap((c) => [c.chatId, value(c)]),
      });
      const count = byChat('id', 'integer', (c) => c.count);
      const preview = byChat('id', 'varchar(200)', (c) => c.preview);
      const revived = batch.filter((c) => c.customerWrote).map((c) => c.chatId);
      const revive = revived.length ? `, is_archived = CASE WHEN id IN (${revived.map(() => '?').join(', ')}) THEN ? ELSE is_archived END` : '';
      await conn.raw(
        `UPDATE chats SET message_count = message_count + ${count.sql}, last_message_preview = ${preview.sql}, last_message_at = ?, updated_at = ?${revive} WHERE id IN ${inIds}`,
        [...count.bindings, ...preview.bindings, at, at, ...(revived.length ? [...revived, false] : []), ...ids],
      );

      const all = byChat('chat_id', 'integer', (c) => c.count);
      const senders = batch.flatMap((c) => c.senders.map((s) => ({ chatId: c.chatId, ...s })));
      const own = `CASE ${senders.map(() => 'WHEN chat_id = ? AND participant_type = ? AND participant_id = ? THEN CAST(? AS integer)').join(' ')} ELSE 0 END`;
      await conn.raw(`UPDATE chat_participants SET unread_count = unread_count + ${all.sql} - ${own} WHERE chat_id IN ${inIds}`, [
        ...all.bindings,
        ...senders.flatMap((s) => [s.chatId, s.who.type, s.who.id, s.count]),
        ...ids,
      ]);
    },

    setReadState: (conn: Db, chatId: number, who: ParticipantKey, lastRead: number, unread: number) =>
      conn('chat_participants')
        .where({ chat_id: chatId, participant_type: who.type, participant_id: who.id })
        .update({ last_read_message_id: lastRead, unread_count: unread }),
  };
}

export type ChatsRepo = ReturnType<typeof chatsRepo>;
