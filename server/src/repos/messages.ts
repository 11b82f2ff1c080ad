import { NOTE_MESSAGE_TYPE, type ParticipantType } from '@salon-chat/protocol';
import type { Knex } from 'knex';
import { isPostgres, prepared, type Db } from '../db/connection.ts';
import { jsonTable, type JsonColumnType } from '../db/json-table.ts';
import { throughKnex, type Run } from '../db/statements.ts';
import type { ParticipantKey } from '../domain.ts';

export interface MessageRow {
  id: number;
  chat_id: number;
  sender_type: ParticipantType;
  sender_id: number;
  sender_name: string | null;
  message_type: string;
  content: string | null;
  media_url: string | null;
  thumbnail_url: string | null;
  reply_to_message_id: number | null;
  reference_type: string | null;
  reference_id: number | null;
  reference_snapshot: string | null;
  client_message_id: string | null;
  /** Its place in its chat: 1 for the first message. */
  seq: number;
  is_edited: boolean | number;
  is_deleted: boolean | number;
  created_at: string | Date;
  updated_at: string | Date;
}

export type NewMessage = Omit<MessageRow, 'id' | 'sender_name' | 'is_edited' | 'is_deleted' | 'created_at' | 'updated_at'> & {
  created_at: string;
};

/** A message to write, before it has its place in its chat. */
export type Unplaced = Omit<NewMessage, 'seq'>;

/** A plain text message of `sender` to write in a chat. */
export const textMessage = (chatId: number, sender: ParticipantKey, content: string, clientMessageId: string | null = null): Omit<Unplaced, 'created_at'> => ({
  chat_id: chatId,
  sender_type: sender.type,
  sender_id: sender.id,
  message_type: 'text',
  content,
  media_url: null,
  thumbnail_url: null,
  reply_to_message_id: null,
  reference_type: null,
  reference_id: null,
  reference_snapshot: null,
  client_message_id: clientMessageId,
});

/** A message written: its id, and its place in its chat. */
export type Placed = Pick<MessageRow, 'id' | 'seq'>;

/** The next place in a chat, counting on from `counter` (its chats' counts so far). */
function nextPlace(counter: Map<number, number>, chatId: number): number {
  const seq = counter.get(chatId)! + 1;
  counter.set(chatId, seq);
  return seq;
}

/** The chats' counts before a batch, and the rows it wrote, by id. */
interface Batch {
  counts: Map<number, number>;
  written: Written[];
}

/** A message as its insert answers it: enough to tell which of a batch were written. */
export type Written = Pick<MessageRow, 'id' | 'sender_type' | 'sender_id' | 'client_message_id'>;

export const MESSAGE_COLUMNS = {
  chat_id: 'integer',
  sender_type: 'text',
  sender_id: 'integer',
  message_type: 'text',
  content: 'text',
  media_url: 'text',
  thumbnail_url: 'text',
  reply_to_message_id: 'integer',
  reference_type: 'text',
  reference_id: 'integer',
  reference_snapshot: 'text',
  client_message_id: 'text',
  seq: 'integer',
  created_at: 'timestamp',
} satisfies Record<keyof NewMessage, JsonColumnType>;
const MESSAGE_NAMES = Object.keys(MESSAGE_COLUMNS) as (keyof NewMessage)[];

export interface ReceiptRow {
  message_id: number;
  reader_type: ParticipantType;
  reader_id: number;
  read_at: string | Date;
}

/**
 * Which messages of a chat a history request covers: a page by number, counted from the newest
 * (page 1 holds the `limit` newest places, with the notes that follow them), or at most `limit`
 * before or after a message. `notes`: the reader is of the salon's staff and sees its notes.
 */
export type HistoryScope = { chatId: number; limit: number; notes: boolean } & ({ page: number } | { beforeId: number } | { afterId: number });

const scopeKind = (scope: HistoryScope) => `${'page' in scope ? 'page' : 'beforeId' in scope ? 'before' : 'after'}${scope.notes ? '.notes' : ''}`;

/** Leaves out the salon's notes: for whoever is not of its staff. */
const withoutNotes = (q: Knex.QueryBuilder, notes = false) => (notes ? q : q.whereNot('messages.message_type', NOTE_MESSAGE_TYPE));

/** `run`: how the statements of `place` run (through Knex unless a unit of work runs them itself). */
export function messagesRepo(db: Db, run: Run = throughKnex(db)) {
  /**
   * A history scope as conditions on `messages`. A page by number is a range of places, read
   * against the chat's count in the same statement, so any page costs what page 1 does.
   */
  const scoped = (q: Knex.QueryBuilder, scope: HistoryScope) => {
    withoutNotes(q.where('messages.chat_id', scope.chatId), scope.notes);
    if ('page' in scope) {
      const count = '(SELECT message_count FROM chats WHERE id = ?)';
      const newest = (skip: number) => db.raw(`${count} - ?`, [scope.chatId, skip]);
      // The last page also holds the notes written before the chat's first message (place 0).
      const oldest = db.raw(`CASE WHEN ${count} > ? THEN ${count} - ? ELSE -1 END`, [scope.chatId, scope.page * scope.limit, scope.chatId, scope.page * scope.limit]);
      return q.where('messages.seq', '<=', newest((scope.page - 1) * scope.limit)).where('messages.seq', '>', oldest);
    }
    if ('beforeId' in scope) return q.where('messages.id', '<', scope.beforeId).orderBy('messages.id', 'desc').limit(scope.limit);
    return q.where('messages.id', '>', scope.afterId).orderBy('messages.id', 'asc').limit(scope.limit);
  };

  /**
   * Messages with their sender's name: the one query every read of messages goes through. The
   * rows are picked (and limited) first, then joined, so a page of a huge chat stays an index scan.
   */
  const withSender = (picked: Knex.QueryBuilder) =>
    db
      .from(picked.as('m'))
      .leftJoin('users as u', function () {
        this.on('u.id', '=', 'm.sender_id').andOnVal('m.sender_type', '=', 'user');
      })
      .leftJoin('customers as c', function () {
        this.on('c.id', '=', 'm.sender_id').andOnVal('m.sender_type', '=', 'customer');
      })
      .select('m.*', db.raw('coalesce(u.name, c.name) as sender_name'));

  const columns = MESSAGE_NAMES.join(', ');

  /** A note takes no place of its own: it shares the place of the message it follows (its chat's count). */
  const insertNote = `INSERT INTO messages (${columns}, is_edited, is_deleted, updated_at)
    SELECT ${MESSAGE_NAMES.map((name) => (name === 'seq' ? 'message_count' : '?')).join(', ')}, false, false, ? FROM chats WHERE id = ?
    ON CONFLICT (sender_type, sender_id, client_message_id) DO NOTHING RETURNING id, seq`;

  const insertOne = `INSERT INTO messages (${columns}, is_edited, is_deleted, updated_at) VALUES (${MESSAGE_NAMES.map(() => '?').join(', ')}, false, false, ?)
    ON CONFLICT (sender_type, sender_id, client_message_id) DO NOTHING RETURNING id, sender_type, sender_id, client_message_id`;

  /**
   * SQLite (one writer: the transaction itself holds the chats): the counts, then the rows. It
   * runs in the process, so a statement a row costs no round trip, and each is cheaper than one
   * over the batch as JSON (no decoding).
   */
  async function lockThenInsert(rows: Unplaced[]): Promise<Batch> {
    const counts = new Map<number, number>();
    for (const chatId of new Set(rows.map((r) => r.chat_id))) {
      const [chat] = await run<{ message_count: number }>('SELECT message_count FROM chats WHERE id = ?', [chatId]);
      if (chat) counts.set(chatId, chat.message_count);
    }
    const placing = new Map(counts);
    // One insert after the other: the rows written come in id order.
    const written: Written[] = [];
    for (const row of rows) {
      const values = MESSAGE_NAMES.map((name) => (name === 'seq' ? nextPlace(placing, row.chat_id) : row[name]));
      written.push(...(await run<Written>(insertOne, [...values, row.created_at])));
    }
    return { counts, written };
  }

  /**
   * PostgreSQL, in one round trip: the chats locked in id order (so batches written side by side
   * cannot deadlock), each row placed after its chat's count, ids in the order given.
   */
  async function lockAndInsert(rows: Unplaced[]): Promise<Batch> {
    const { seq: _seq, ...unplacedColumns } = MESSAGE_COLUMNS;
    const names = Object.keys(unplacedColumns);
    const result = (
      await run<{ counts: [number, number][]; written: Written[] }>(
        `WITH m AS ${jsonTable(db, { ord: 'integer', ...unplacedColumns })},
             l AS MATERIALIZED (SELECT id, message_count FROM chats WHERE id IN (SELECT chat_id FROM m) ORDER BY id FOR UPDATE),
             w AS (
               INSERT INTO messages (${names.join(', ')}, seq, is_edited, is_deleted, updated_at)
               SELECT ${names.map((n) => `m.${n}`).join(', ')}, l.message_count + row_number() OVER (PARTITION BY m.chat_id ORDER BY m.ord), false, false, m.created_at
               FROM m JOIN l ON l.id = m.chat_id ORDER BY m.ord
               ON CONFLICT (sender_type, sender_id, client_message_id) DO NOTHING RETURNING id, sender_type, sender_id, client_message_id
             )
           SELECT (SELECT json_agg(json_build_array(id, message_count)) FROM l) AS counts, (SELECT coalesce(json_agg(w ORDER BY w.id), '[]') FROM w) AS written`,
        [JSON.stringify(rows.map((row, ord) => ({ ord, ...row })))],
        'messages.place',
      )
    )[0]!;
    return { counts: new Map(result.counts), written: result.written };
  }

  const fromOthers = (who: ParticipantKey) =>
    function (this: Knex.QueryBuilder) {
      this.whereNot(function () {
        this.where({ sender_type: who.type, sender_id: who.id });
      });
    };

  return {
    /**
     * Writes a batch: takes its chats (their rows stay locked until the transaction ends, taken in
     * id order) and inserts each row at the next place of its chat, in the order given, skipping
     * any whose sender already used its `client_message_id`. Ids are handed out in the order
     * given; the places skipped rows leave are closed up. Answers each row's id and place, or null
     * when it was skipped. On PostgreSQL the locks and the insert are one statement.
     */
    async place(rows: Unplaced[]): Promise<(Placed | null)[]> {
      const { counts, written } = isPostgres(db) ? await lockAndInsert(rows) : await lockThenInsert(rows);
      const planned = new Map(counts);
      const closedUp = new Map(counts);
      const moved: Placed[] = [];
      let next = 0;
      const placed = rows.map((row): Placed | null => {
        const plannedSeq = nextPlace(planned, row.chat_id);
        const w = written[next];
        if (!w || w.sender_type !== row.sender_type || w.sender_id !== row.sender_id || w.client_message_id !== row.client_message_id) return null;
        next++;
        const seq = nextPlace(closedUp, row.chat_id);
        if (seq !== plannedSeq) moved.push({ id: w.id, seq });
        return { id: w.id, seq };
      });
      if (moved.length) {
        await run(`UPDATE messages SET seq = p.seq FROM ${jsonTable(db, { id: 'integer', seq: 'integer' })} AS p WHERE messages.id = p.id`, [JSON.stringify(moved)], 'messages.renumber');
      }
      return placed;
    },

    /** Writes a note after its chat's newest message, in its place; null when its sender already used its `client_message_id`. */
    async placeNote(row: Unplaced): Promise<Placed | null> {
      const values = MESSAGE_NAMES.filter((name) => name !== 'seq').map((name) => row[name]);
      const [placed] = await run<Placed>(insertNote, [...values, row.created_at, row.chat_id], 'messages.note');
      return placed ?? null;
    },

    byIds: (ids: number[]): Promise<MessageRow[]> => (ids.length ? withSender(db('messages').whereIn('id', ids)).orderBy('m.id') : Promise.resolve([])),

    byClientId: (sender: ParticipantKey, clientMessageId: string): Promise<MessageRow | undefined> =>
      withSender(db('messages').where({ sender_type: sender.type, sender_id: sender.id, client_message_id: clientMessageId })).first(),

    /** The messages a history request covers, with their senders' names. */
    history: (scope: HistoryScope): Promise<MessageRow[]> => {
      const order = 'page' in scope || 'beforeId' in scope ? 'desc' : 'asc';
      return withSender(scoped(db('messages'), scope))
        .orderBy('page' in scope ? 'm.seq' : 'm.id', order)
        .options(prepared(`messages.history.${scopeKind(scope)}`));
    },

    /** The receipts of the messages a history request covers. */
    historyReceipts: (scope: HistoryScope): Promise<ReceiptRow[]> =>
      db('message_reads')
        .where({ chat_id: scope.chatId })
        .whereIn('message_id', scoped(db('messages').select('id'), scope))
        .orderBy('id')
        .select('message_id', 'reader_type', 'reader_id', 'read_at')
        .options(prepared(`messages.historyReceipts.${scopeKind(scope)}`)),

    receiptsFor: (messageIds: number[]): Promise<ReceiptRow[]> =>
      messageIds.length
        ? db('message_reads').whereIn('message_id', messageIds).orderBy('id').select('message_id', 'reader_type', 'reader_id', 'read_at')
        : Promise.resolve([]),

    senders: (ids: number[]) =>
      db('messages').whereIn('id', ids).select<Pick<MessageRow, 'id' | 'sender_type' | 'sender_id'>[]>('id', 'sender_type', 'sender_id'),

    /** Whether a message of the chat already carries this file. */
    async mediaInChat(chatId: number, mediaUrl: string): Promise<boolean> {
      return Boolean(await db('messages').where({ chat_id: chatId, media_url: mediaUrl }).first('id'));
    },

    /** A message of the chat, with its sender's name; a note only for a reader who sees `notes`. */
    inChat: (chatId: number, messageId: number, notes: boolean): Promise<MessageRow | undefined> =>
      withSender(withoutNotes(db('messages').where({ id: messageId, chat_id: chatId }), notes)).first(),

    /** Ids of messages from others in (afterId, upTo], newest `limit` of them; `senderType`: only from that side. Notes are never read. */
    async othersBetween(chatId: number, reader: ParticipantKey, afterId: number, upTo: number, limit: number, senderType?: ParticipantKey['type']) {
      const rows = await withoutNotes(db('messages'))
        .where({ chat_id: chatId, ...(senderType ? { sender_type: senderType } : {}) })
        .where('id', '>', afterId)
        .where('id', '<=', upTo)
        .where(fromOthers(reader))
        .orderBy('id', 'desc')
        .limit(limit)
        .select<{ id: number }[]>('id');
      return rows.map((r) => r.id);
    },

    /** Of these ids, the messages that are in the chat, with their senders; notes only for a reader who sees `notes`. */
    among: (chatId: number, ids: number[], notes: boolean) =>
      withoutNotes(db('messages').where({ chat_id: chatId }).whereIn('id', ids), notes).select<Pick<MessageRow, 'id' | 'sender_type' | 'sender_id' | 'message_type'>[]>(
        'id',
        'sender_type',
        'sender_id',
        'message_type',
      ),

    /** How many messages from others came after `afterId`: the reader's unread count, which notes never add to. */
    async countOthersAfter(chatId: number, reader: ParticipantKey, afterId: number): Promise<number> {
      const row = await withoutNotes(db('messages'))
        .where({ chat_id: chatId })
        .where('id', '>', afterId)
        .where(fromOthers(reader))
        .count<{ n: number | string }>({ n: '*' })
        .first();
      return Number(row?.n ?? 0);
    },

    /** Adds receipts the reader does not have yet; returns the ones added. */
    async addReceipts(chatId: number, reader: ParticipantKey, messageIds: number[], at: string): Promise<number[]> {
      if (messageIds.length === 0) return [];
      const existing = await db('message_reads')
        .whereIn('message_id', messageIds)
        .where({ reader_type: reader.type, reader_id: reader.id })
        .select<{ message_id: number }[]>('message_id');
      const have = new Set(existing.map((r) => r.message_id));
      const fresh = messageIds.filter((id) => !have.has(id)).sort((a, b) => a - b);
      for (let i = 0; i < fresh.length; i += 200) {
        await db('message_reads')
          .insert(
            fresh.slice(i, i + 200).map((message_id) => ({
              message_id,
              chat_id: chatId,
              reader_type: reader.type,
              reader_id: reader.id,
              read_at: at,
            })),
          )
          .onConflict(['message_id', 'reader_type', 'reader_id'])
          .ignore();
      }
      return fresh;
    },
  };
}

export type MessagesRepo = ReturnType<typeof messagesRepo>;
