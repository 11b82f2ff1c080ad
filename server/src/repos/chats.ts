import type { ParticipantType } from '@salon-chat/protocol';
import { insertedId, isPostgres, prepared, type Db } from '../db/connection.ts';
import { jsonTable, rowsOf } from '../db/json-table.ts';
import { throughKnex, type Run } from '../db/statements.ts';
import { SearchLost, SearchTimeout, textSearch, type TextSearch } from '../db/text-search.ts';
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

/** Which part of a chat list: at most `limit`, after a chat (by its time and id). */
export interface ListPage {
  limit: number;
  after?: { at: string; id: number };
}

/** What one search may cost: the matching messages it may read, and its time on the database (PostgreSQL). */
export interface SearchBudget {
  messages: number;
  ms: number;
}

/** A search's page of chats, what it ran out of, or that the thread running it ended before it answered. */
export type SearchOutcome = { rows: ChatRow[] } | { over: 'messages' | 'time' } | { lost: true };

/** Whether `words` are looked for in messages too: 3 letters or digits or more, what a trigram index can narrow. */
export const indexable = (words: string) => (words.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 3;

/** `run`: how the statements of `recordMessages` run (through Knex unless a unit of work runs them itself). */
export function chatsRepo(db: Db, run: Run = throughKnex(db)) {
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

  /**
   * The ids of a salon's chats whose title, customer (name or contact; one of the salon's
   * customers, as every chat's customer is) or any message contains `words`, case aside; messages only for words of 3 letters or digits or more (`indexable`),
   * at most `messages` of them, through the index.
   */
  const matchingIds = (q: Db, search: TextSearch, salonId: number, words: string, messages: number) => {
    const where = (column: string) => {
      const { sql, bindings } = search.contains(column, words);
      return q.raw(sql, bindings);
    };
    const ids = q('chats').where('salon_id', salonId).andWhere(where('title')).select('id')
      .union(
        q('salon_customers as sc')
          .join('customers as c', 'c.id', 'sc.customer_id')
          .join('chat_participants as p', (on) => on.on('p.participant_id', '=', 'c.id').andOnVal('p.participant_type', '=', 'customer'))
          .where('sc.salon_id', salonId)
          .andWhere((w) => w.where(where('c.name')).orWhere(where('coalesce(c.contact, c.phone)')))
          .select('p.chat_id'),
      );
    if (!indexable(words)) return ids;
    const found = search.salonMessages(salonId, words, messages);
    return ids.union(q('messages').whereRaw(`id IN (${found.sql})`, found.bindings).select('chat_id'));
  };

  /** `recordMessages` on PostgreSQL: the batch as JSON, its parts in one statement that sees one snapshot. */
  async function recordInOneStatement(at: string, batch: RecordedChat[]): Promise<void> {
    const chats = JSON.stringify(batch.map((c) => ({ chat_id: c.chatId, count: c.count, preview: c.preview, revive: c.customerWrote })));
    const senders = JSON.stringify(batch.flatMap((c) => c.senders.map((s) => ({ chat_id: c.chatId, type: s.who.type, id: s.who.id, count: s.count }))));
    const inputs = `b AS ${jsonTable(db, { chat_id: 'integer', count: 'integer', preview: 'text', revive: 'boolean' })},
      s AS ${jsonTable(db, { chat_id: 'integer', type: 'text', id: 'integer', count: 'integer' })}`;
    const bump = `UPDATE chats SET message_count = chats.message_count + b.count, last_message_preview = b.preview, last_message_at = ?, updated_at = ?,
        is_archived = CASE WHEN b.revive THEN false ELSE chats.is_archived END
      FROM b WHERE chats.id = b.chat_id`;
    // The deltas are gathered first, then each participant's row is updated once; the staff the
    // insert adds are not in the snapshot the update sees.
    const unread = `d AS MATERIALIZED (
        SELECT id, sum(delta) AS delta FROM (
          SELECT p.id, b.count AS delta FROM b CROSS JOIN chat_participants AS p WHERE p.chat_id = b.chat_id
          UNION ALL
          SELECT p.id, -s.count FROM s CROSS JOIN chat_participants AS p WHERE p.chat_id = s.chat_id AND p.participant_type = s.type AND p.participant_id = s.id
        ) AS x GROUP BY id
      )
      UPDATE chat_participants SET unread_count = chat_participants.unread_count + d.delta FROM d WHERE chat_participants.id = d.id AND d.delta <> 0`;
    const addStaff = `INSERT INTO chat_participants (chat_id, participant_type, participant_id, joined_at, is_active, unread_count)
      SELECT s.chat_id, 'user', s.id, ?, true, b.count - s.count FROM s CROSS JOIN b WHERE b.chat_id = s.chat_id AND s.type = 'user'
      ON CONFLICT (chat_id, participant_type, participant_id) DO NOTHING`;
    await run(`WITH ${inputs}, joined AS (${addStaff}), bumped AS (${bump}), ${unread}`, [chats, senders, at, at, at], 'chats.recordMessages');
  }

  return {
    byId: (id: number) => db<ChatRow>('chats').where({ id }).first().options(prepared('chats.byId')),

    async create(chat: NewChat, members: ParticipantKey[]): Promise<number> {
      const [row] = await db('chats')
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
      await db('chat_participants').insert(
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

    /** A page of a salon's chats, newest activity first. */
    forSalon: (salonId: number, archived: boolean, page: ListPage) =>
      paged(db('chats').where({ salon_id: salonId, is_archived: archived }), page).select<ChatRow[]>('chats.*'),

    /**
     * A page of a salon's chats that contain `page.search` (see `matchingIds`), newest activity
     * first, within `budget`: more than `budget.messages` matching messages answer
     * `{ over: 'messages' }` before any chat is read, a search past `budget.ms` (PostgreSQL)
     * `{ over: 'time' }`, a search whose thread ended (SQLite) `{ lost: true }`.
     */
    async searchSalon(salonId: number, archived: boolean, page: ListPage & { search: string }, budget: SearchBudget): Promise<SearchOutcome> {
      const search = textSearch(db);
      try {
        return await search.withinBudget(budget.ms, async (q) => {
          if (indexable(page.search)) {
            const found = search.salonMessages(salonId, page.search, budget.messages + 1);
            const [row] = rowsOf<{ n: number | string }>(await q.raw(`SELECT count(*) AS n FROM (${found.sql}) AS found`, found.bindings));
            if (Number(row?.n) > budget.messages) return { over: 'messages' as const };
          }
          const ids = matchingIds(q, search, salonId, page.search, budget.messages);
          const rows = await paged(q('chats').where({ salon_id: salonId, is_archived: archived }).whereIn('chats.id', ids), page).select<ChatRow[]>('chats.*');
          return { rows };
        });
      } catch (err) {
        if (err instanceof SearchTimeout) return { over: 'time' };
        if (err instanceof SearchLost) return { lost: true };
        throw err;
      }
    },

    forCustomer: (customerId: number, archived: boolean, page: ListPage) =>
      paged(
        db('chats')
          .join('chat_participants as p', 'p.chat_id', 'chats.id')
          .where({ 'p.participant_type': 'customer', 'p.participant_id': customerId, 'chats.is_archived': archived }),
        page,
      ).select<ChatRow[]>('chats.*'),

    /** Participants of many chats in one query, with their names. */
    participantsOf(chatIds: number[]): Promise<ParticipantRow[]> {
      if (chatIds.length === 0) return Promise.resolve([]);
      return db('chat_participants as p')
        .leftJoin('users as u', function () {
          this.on('u.id', '=', 'p.participant_id').andOnVal('p.participant_type', '=', 'user');
        })
        .leftJoin('customers as c', function () {
          this.on('c.id', '=', 'p.participant_id').andOnVal('p.participant_type', '=', 'customer');
        })
        .where((q) => (isPostgres(db) ? q.whereRaw('p.chat_id = ANY(?)', [chatIds]) : q.whereIn('p.chat_id', chatIds)))
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
        )
        .options(prepared('chats.participantsOf'));
    },

    /** A participant's read state; `lock` holds the row until the transaction ends (PostgreSQL). */
    participant(chatId: number, who: ParticipantKey, lock = false) {
      const q = db('chat_participants').where({ chat_id: chatId, participant_type: who.type, participant_id: who.id });
      return (lock && isPostgres(db) ? q.forUpdate().options(prepared('chats.participantLocked')) : q.options(prepared('chats.participant'))).first<{ unread_count: number; last_read_message_id: number | null } | undefined>();
    },

    setArchived: (chatId: number, archived: boolean, at: string) =>
      db('chats').where({ id: chatId }).update({ is_archived: archived, updated_at: at }),

    async chatIdsOf(who: ParticipantKey): Promise<number[]> {
      const rows = await db('chat_participants')
        .where({ participant_type: who.type, participant_id: who.id })
        .select<{ chat_id: number }[]>('chat_id');
      return rows.map((r) => r.chat_id);
    },

    /**
     * Records a batch of new messages on their chats whatever the batch's size: each chat gets
     * its count, newest time and preview, and leaves the archive when a customer wrote; each
     * participant counts unread the messages of the others; staff who wrote become participants,
     * starting with the others' messages of the batch unread. On PostgreSQL it is one statement
     * (one round trip); on SQLite, which has no writes inside WITH but runs in the process, a
     * statement for each chat and each sender.
     */
    async recordMessages(at: string, batch: RecordedChat[]): Promise<void> {
      if (isPostgres(db)) return recordInOneStatement(at, batch);
      for (const c of batch) {
        await run(
          `UPDATE chats SET message_count = message_count + ?, last_message_preview = ?, last_message_at = ?, updated_at = ?,
             is_archived = CASE WHEN ? THEN false ELSE is_archived END WHERE id = ?`,
          [c.count, c.preview, at, at, Number(c.customerWrote), c.chatId],
        );
        await run('UPDATE chat_participants SET unread_count = unread_count + ? WHERE chat_id = ?', [c.count, c.chatId]);
        for (const s of c.senders) {
          await run('UPDATE chat_participants SET unread_count = unread_count - ? WHERE chat_id = ? AND participant_type = ? AND participant_id = ?', [s.count, c.chatId, s.who.type, s.who.id]);
          if (s.who.type !== 'user') continue;
          await run(
            `INSERT INTO chat_participants (chat_id, participant_type, participant_id, joined_at, is_active, unread_count) VALUES (?, 'user', ?, ?, true, ?)
             ON CONFLICT (chat_id, participant_type, participant_id) DO NOTHING`,
            [c.chatId, s.who.id, at, c.count - s.count],
          );
        }
      }
    },

    setReadState: (chatId: number, who: ParticipantKey, lastRead: number, unread: number) =>
      db('chat_participants')
        .where({ chat_id: chatId, participant_type: who.type, participant_id: who.id })
        .update({ last_read_message_id: lastRead, unread_count: unread }),
  };
}

export type ChatsRepo = ReturnType<typeof chatsRepo>;
