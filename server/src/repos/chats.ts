import type { ChatStatus, ChatView, ParticipantType } from '@salon-chat/protocol';
import { insertedId, isPostgres, prepared, type Db } from '../db/connection.ts';
import { jsonTable, rowsOf } from '../db/json-table.ts';
import { throughKnex, type Run } from '../db/statements.ts';
import { SearchLost, SearchTimeout, textSearch, type TextSearch } from '../db/text-search.ts';
import { isoOrNull, type ParticipantKey } from '../domain.ts';

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
  status: ChatStatus;
  assignee_id: number | null;
  waiting_since: string | Date | null;
  /** The newest message of the chat that a staff member of its salon has read. */
  staff_read_message_id: number | null;
  /** The customer's messages after `staff_read_message_id`: what the salon has not read. */
  staff_unread_count: number;
}

/** A chat's state for its salon, as `chat_state` frames carry it. */
export interface ChatStateRow {
  chat_id: number;
  salon_id: number;
  status: ChatStatus;
  assignee_id: number | null;
  waiting_since: string | null;
  is_archived: boolean;
}

/** What staff may change of a chat's state. */
export type StatePatch = Partial<Pick<ChatStateRow, 'status' | 'assignee_id' | 'waiting_since' | 'is_archived'>>;

/** Which of a salon's chats a list shows: one view of them (or all), archived or not (or both). */
export interface ChatFilter {
  view?: ChatView;
  archived?: boolean;
  /** The staff user asking, whose chats `mine` shows. */
  me: number;
}

/** A chat's state as a row answers it, in the API's terms (times in ISO 8601). */
export const stateOf = (row: Pick<ChatRow, 'id' | 'salon_id' | 'status' | 'assignee_id' | 'waiting_since' | 'is_archived'>): ChatStateRow => ({
  chat_id: row.id,
  salon_id: row.salon_id,
  status: row.status,
  assignee_id: row.assignee_id ?? null,
  waiting_since: isoOrNull(row.waiting_since),
  is_archived: Boolean(row.is_archived),
});

const sameState = (a: ChatStateRow, b: ChatStateRow) =>
  a.status === b.status && a.assignee_id === b.assignee_id && a.waiting_since === b.waiting_since && a.is_archived === b.is_archived;

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
  /** An account's phone (its sign-in); a guest's is a placeholder. */
  customer_phone: string | null;
  /** What a guest gave to be reached by (a phone number or an e-mail). */
  customer_contact: string | null;
  customer_is_guest: boolean | number | null;
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
  /** How many of the batch's messages the customer wrote. */
  customerCount: number;
  /** The first staff user who wrote in the batch: the assignee of a chat that has none. */
  firstStaff: number | null;
  /** Whether the batch's newest message is the customer's: the chat then waits for the salon. */
  endsWithCustomer: boolean;
  senders: { who: ParticipantKey; count: number }[];
}

/**
 * What a batch of messages does to a chat's state: a customer's message reopens it, brings it
 * back from the archive and makes it wait (since the first of them after the salon's last
 * message); a staff message ends the wait and assigns a chat that has no assignee. `?`: the
 * batch's time twice (`time`: how a time is bound).
 */
const STATE_BY_MESSAGES = (b: string, time = '?') => `is_archived = CASE WHEN ${b}revive THEN false ELSE chats.is_archived END,
        status = CASE WHEN ${b}revive THEN 'open' ELSE chats.status END,
        assignee_id = coalesce(chats.assignee_id, ${b}first_staff),
        waiting_since = CASE WHEN ${b}first_staff IS NOT NULL THEN (CASE WHEN ${b}ends_customer THEN ${time} END) WHEN ${b}revive THEN coalesce(chats.waiting_since, ${time}) ELSE chats.waiting_since END,
        staff_unread_count = chats.staff_unread_count + ${b}customers`;
const STATE_COLUMNS = 'chats.id, chats.salon_id, chats.status, chats.assignee_id, chats.waiting_since, chats.is_archived';

/** A chat's row as recording a batch answers it, with its state before the batch. */
export type RecordedRow = ChatRow & { was_status: ChatStatus; was_assignee_id: number | null; was_waiting_since: string | Date | null; was_archived: boolean };

/** The states of the chats a batch changed, of the rows recording it answered. */
export function changedStates(rows: RecordedRow[]): ChatStateRow[] {
  return rows.flatMap((row) => {
    const after = stateOf(row);
    const before = stateOf({ ...row, status: row.was_status, assignee_id: row.was_assignee_id, waiting_since: row.was_waiting_since, is_archived: row.was_archived });
    return sameState(before, after) ? [] : [after];
  });
}

/**
 * The CTEs that record a batch of messages on their chats in one PostgreSQL statement (see
 * `recordMessages`), over two CTEs before them: `b`, a row a chat (chat_id, count, preview,
 * revive, customers, first_staff, ends_customer, as `RecordedChat` has them), and `s`, a row a
 * sender of a chat (chat_id, type, id, count). `was`: where the chats' rows before the batch
 * are read (the chats themselves, or what locked them in the same statement). `bumped` answers
 * each chat's row after, with its state before (`RecordedRow`). Bindings: the batch's time five
 * times.
 */
export function recording(was: string): string {
  const bump = `UPDATE chats SET message_count = chats.message_count + b.count, last_message_preview = b.preview, last_message_at = ?, updated_at = ?,
        ${STATE_BY_MESSAGES('b.', 'CAST(? AS timestamptz)')}
      FROM b JOIN ${was} AS was ON was.id = b.chat_id WHERE chats.id = b.chat_id
      RETURNING ${STATE_COLUMNS}, was.status AS was_status, was.assignee_id AS was_assignee_id, was.waiting_since AS was_waiting_since, was.is_archived AS was_archived`;
  // The deltas are gathered first, then each participant's row is updated once; the staff the
  // insert adds are not in the snapshot the update sees.
  const unread = `d AS MATERIALIZED (
        SELECT id, sum(delta) AS delta FROM (
          SELECT p.id, b.count AS delta FROM b CROSS JOIN chat_participants AS p WHERE p.chat_id = b.chat_id
          UNION ALL
          SELECT p.id, -s.count FROM s CROSS JOIN chat_participants AS p WHERE p.chat_id = s.chat_id AND p.participant_type = s.type AND p.participant_id = s.id
        ) AS x GROUP BY id
      ),
      counted AS (UPDATE chat_participants SET unread_count = chat_participants.unread_count + d.delta FROM d WHERE chat_participants.id = d.id AND d.delta <> 0)`;
  const addStaff = `INSERT INTO chat_participants (chat_id, participant_type, participant_id, joined_at, is_active, unread_count)
      SELECT s.chat_id, 'user', s.id, ?, true, b.count - s.count FROM s CROSS JOIN b WHERE b.chat_id = s.chat_id AND s.type = 'user'
      ON CONFLICT (chat_id, participant_type, participant_id) DO NOTHING`;
  return `joined AS (${addStaff}), bumped AS (${bump}), ${unread}`;
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

  /** Longest waiting first; after the cursor's chat (by its `waiting_since` and id) and at most `limit` (and one). */
  const longestWaitingFirst = (q: ReturnType<Db>, { limit, after }: ListPage) => {
    if (after) {
      q.where((w) =>
        w.where('chats.waiting_since', '>', after.at).orWhere((same) => same.where('chats.waiting_since', '=', after.at).andWhere('chats.id', '>', after.id)),
      );
    }
    return q.orderBy([{ column: 'chats.waiting_since', order: 'asc' }, { column: 'chats.id', order: 'asc' }]).limit(limit + 1);
  };

  /** A salon's chats that `filter` keeps, a page of them in the view's order. */
  const salonPage = (q: ReturnType<Db>, salonId: number, { view, archived, me }: ChatFilter, page: ListPage) => {
    q.where('chats.salon_id', salonId);
    if (archived !== undefined) q.where('chats.is_archived', archived);
    if (view) q.where('chats.status', view === 'resolved' ? 'resolved' : 'open');
    if (view === 'mine') q.where('chats.assignee_id', me);
    if (view !== 'unanswered') return paged(q, page);
    return longestWaitingFirst(q.whereNotNull('chats.waiting_since'), page);
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
  async function recordInOneStatement(at: string, batch: RecordedChat[]): Promise<ChatStateRow[]> {
    const chats = JSON.stringify(
      batch.map((c) => ({
        chat_id: c.chatId,
        count: c.count,
        preview: c.preview,
        revive: c.customerWrote,
        customers: c.customerCount,
        first_staff: c.firstStaff,
        ends_customer: c.endsWithCustomer,
      })),
    );
    const senders = JSON.stringify(batch.flatMap((c) => c.senders.map((s) => ({ chat_id: c.chatId, type: s.who.type, id: s.who.id, count: s.count }))));
    const inputs = `b AS ${jsonTable(db, { chat_id: 'integer', count: 'integer', preview: 'text', revive: 'boolean', customers: 'integer', first_staff: 'integer', ends_customer: 'boolean' })},
      s AS ${jsonTable(db, { chat_id: 'integer', type: 'text', id: 'integer', count: 'integer' })}`;
    const rows = await run<RecordedRow>(`WITH ${inputs}, ${recording('chats')} SELECT * FROM bumped`, [chats, senders, at, at, at, at, at], 'chats.recordMessages');
    return changedStates(rows);
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

    /** A page of a salon's chats that `filter` keeps, newest activity first (`unanswered`: longest waiting first). */
    forSalon: (salonId: number, filter: ChatFilter, page: ListPage) => salonPage(db('chats'), salonId, filter, page).select<ChatRow[]>('chats.*'),

    /**
     * How many of a salon's chats each view holds, archived or not; `me`: whose are `mine`. Each
     * count reads one of the state indexes only, never the chats' rows (waiting implies open:
     * resolving ends the wait).
     */
    async counts(salonId: number, me: number): Promise<Record<ChatView, number>> {
      const n = (row: { n?: number | string } | undefined) => Number(row?.n ?? 0);
      const [byStatus, unanswered, mine] = await Promise.all([
        db('chats').where('salon_id', salonId).groupBy('status').select<{ status: ChatStatus; n: number | string }[]>('status', db.raw('count(*) AS n')),
        db('chats').where('salon_id', salonId).whereNotNull('waiting_since').count<{ n: number | string }>({ n: '*' }).first(),
        db('chats').where({ salon_id: salonId, assignee_id: me, status: 'open' }).count<{ n: number | string }>({ n: '*' }).first(),
      ]);
      const status = (which: ChatStatus) => n(byStatus.find((r) => r.status === which));
      return { unanswered: n(unanswered), mine: n(mine), open: status('open'), resolved: status('resolved') };
    },

    /** Changes a chat's state; answers it, and whether it changed, or undefined when there is no such chat. */
    async setState(chatId: number, patch: StatePatch, at: string): Promise<{ state: ChatStateRow; changed: boolean } | undefined> {
      return db.transaction(async (trx) => {
        const q = trx<ChatRow>('chats').where({ id: chatId });
        const row = await (isPostgres(db) ? q.forUpdate() : q).first();
        if (!row) return undefined;
        const state = { ...stateOf(row), ...patch };
        const changed = !sameState(stateOf(row), state);
        if (changed) await trx('chats').where({ id: chatId }).update({ ...patch, updated_at: at });
        return { state, changed };
      });
    },

    /**
     * A staff member of the salon read the chat up to `messageId`: the salon has read its
     * customer's messages so far, whoever of its staff takes part.
     */
    staffRead: (chatId: number, messageId: number) =>
      db('chats')
        .where({ id: chatId })
        .andWhere((w) => w.whereNull('staff_read_message_id').orWhere('staff_read_message_id', '<', messageId))
        .update({
          staff_read_message_id: messageId,
          staff_unread_count: db('messages').where({ chat_id: chatId, sender_type: 'customer' }).andWhere('id', '>', messageId).count('*'),
        }),

    /**
     * A page of a salon's chats that contain `page.search` (see `matchingIds`), newest activity
     * first, within `budget`: more than `budget.messages` matching messages answer
     * `{ over: 'messages' }` before any chat is read, a search past `budget.ms` (PostgreSQL)
     * `{ over: 'time' }`, a search whose thread ended (SQLite) `{ lost: true }`.
     */
    async searchSalon(salonId: number, filter: ChatFilter, page: ListPage & { search: string }, budget: SearchBudget): Promise<SearchOutcome> {
      const search = textSearch(db);
      try {
        return await search.withinBudget(budget.ms, async (q) => {
          if (indexable(page.search)) {
            const found = search.salonMessages(salonId, page.search, budget.messages + 1);
            const [row] = rowsOf<{ n: number | string }>(await q.raw(`SELECT count(*) AS n FROM (${found.sql}) AS found`, found.bindings));
            if (Number(row?.n) > budget.messages) return { over: 'messages' as const };
          }
          const ids = matchingIds(q, search, salonId, page.search, budget.messages);
          const rows = await salonPage(q('chats').whereIn('chats.id', ids), salonId, filter, page).select<ChatRow[]>('chats.*');
          return { rows };
        });
      } catch (err) {
        if (err instanceof SearchTimeout) return { over: 'time' };
        if (err instanceof SearchLost) return { lost: true };
        throw err;
      }
    },

    /** A page of a customer's chats, newest activity first: all of them, whatever the salon's filing. */
    forCustomer: (customerId: number, page: ListPage) =>
      paged(db('chats').join('chat_participants as p', 'p.chat_id', 'chats.id').where({ 'p.participant_type': 'customer', 'p.participant_id': customerId }), page).select<ChatRow[]>(
        'chats.*',
      ),

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
          'c.phone as customer_phone',
          'c.contact as customer_contact',
          'c.is_guest as customer_is_guest',
        )
        .options(prepared('chats.participantsOf'));
    },

    /** A participant's read state; `lock` holds the row until the transaction ends (PostgreSQL). */
    participant(chatId: number, who: ParticipantKey, lock = false) {
      const q = db('chat_participants').where({ chat_id: chatId, participant_type: who.type, participant_id: who.id });
      return (lock && isPostgres(db) ? q.forUpdate().options(prepared('chats.participantLocked')) : q.options(prepared('chats.participant'))).first<{ unread_count: number; last_read_message_id: number | null } | undefined>();
    },


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
     * starting with the others' messages of the batch unread; each chat's state follows
     * (`STATE_BY_MESSAGES`). Answers the states that changed. On PostgreSQL it is one statement
     * (one round trip); on SQLite, which has no writes inside WITH but runs in the process, a
     * statement for each chat and each sender.
     */
    async recordMessages(at: string, batch: RecordedChat[]): Promise<ChatStateRow[]> {
      if (isPostgres(db)) return recordInOneStatement(at, batch);
      const changed: ChatStateRow[] = [];
      for (const c of batch) {
        const [was] = await run<ChatRow>(`SELECT ${STATE_COLUMNS} FROM chats WHERE id = ?`, [c.chatId]);
        const [row] = await run<ChatRow>(
          `UPDATE chats SET message_count = message_count + ?, last_message_preview = ?, last_message_at = ?, updated_at = ?,
             ${STATE_BY_MESSAGES('c.')}
           FROM (SELECT ? AS revive, ? AS first_staff, ? AS ends_customer, ? AS customers) AS c WHERE id = ? RETURNING ${STATE_COLUMNS}`,
          [c.count, c.preview, at, at, at, at, Number(c.customerWrote), c.firstStaff, Number(c.endsWithCustomer), c.customerCount, c.chatId],
        );
        if (was && row && !sameState(stateOf(was), stateOf(row))) changed.push(stateOf(row));
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
      return changed;
    },

    setReadState: (chatId: number, who: ParticipantKey, lastRead: number, unread: number) =>
      db('chat_participants')
        .where({ chat_id: chatId, participant_type: who.type, participant_id: who.id })
        .update({ last_read_message_id: lastRead, unread_count: unread }),
  };
}

export type ChatsRepo = ReturnType<typeof chatsRepo>;
