import { isPostgres, type Db } from './connection.ts';
import { ReaderLost, searchReader } from './sqlite-client.ts';

/** A piece of SQL with its `?` bindings. */
export interface Sql {
  sql: string;
  bindings: (string | number)[];
}

/** A search that ran out of its time budget (PostgreSQL's `statement_timeout`). */
export class SearchTimeout extends Error {}

/** A search whose statements lost the thread running them (SQLite's search thread ended). */
export class SearchLost extends Error {}

/**
 * How a search for words runs on one database (the index the search index migration made):
 * what the chat repository's search needs, without asking which database it runs on.
 */
export interface TextSearch {
  /** A condition: `column`'s text contains `words`, case aside (a scan of the rows it is asked of). */
  contains(column: string, words: string): Sql;
  /** The ids of at most `limit` messages of the salon's chats whose text contains `words` (3 characters or more), through the index. */
  salonMessages(salonId: number, words: string, limit: number): Sql;
  /**
   * Runs `work` (its statements on the given `db`), failing with `SearchTimeout` past `ms` where the
   * database can stop a statement, and with `SearchLost` when the thread running them ends.
   */
  withinBudget<T>(ms: number, work: (db: Db) => Promise<T>): Promise<T>;
}

const likePattern = (words: string) => `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** PostgreSQL: `ILIKE` through the pg_trgm GIN indexes; a statement over its budget is cancelled. */
const postgres = (db: Db): TextSearch => ({
  contains: (column, words) => ({ sql: `${column} ILIKE ? ESCAPE '\\'`, bindings: [likePattern(words)] }),
  salonMessages: (salonId, words, limit) => ({
    sql: `SELECT m.id FROM messages AS m JOIN chats AS c ON c.id = m.chat_id WHERE c.salon_id = ? AND m.content ILIKE ? ESCAPE '\\' LIMIT ?`,
    bindings: [salonId, likePattern(words), limit],
  }),
  async withinBudget(ms, work) {
    try {
      return await db.transaction(async (trx) => {
        await trx.raw(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(ms))}`);
        return work(trx);
      });
    } catch (err) {
      if ((err as { code?: string }).code === '57014') throw new SearchTimeout('the search ran out of time');
      throw err;
    }
  },
});

/**
 * SQLite: the FTS5 trigram table `messages_search`, whose `salon` column holds `=<salon id>=`.
 * Names and titles are few (a salon's chats, its customers) and are scanned: with `lower()` for
 * ASCII words (SQLite's own, fast), else with `salon_fold()`, JavaScript's `toLowerCase`
 * (sqlite-client.ts). The statements run on the search thread (`searchReader`), so the event loop
 * never waits for them, except on a database in memory, which no other connection can open; they
 * cannot be stopped, and the callers bound their work instead (the index, and a cap on the
 * messages read).
 */
const sqlite = (db: Db): TextSearch => ({
  contains: (column, words) =>
    /^[\x20-\x7e]*$/.test(words)
      ? { sql: `instr(lower(${column}), ?) > 0`, bindings: [words.toLowerCase()] }
      : { sql: `instr(salon_fold(${column}), ?) > 0`, bindings: [words.toLowerCase()] },
  salonMessages: (salonId, words, limit) => ({
    sql: 'SELECT rowid AS id FROM messages_search WHERE messages_search MATCH ? LIMIT ?',
    bindings: [`salon : "=${salonId}=" AND content : "${words.replace(/"/g, '""')}"`, limit],
  }),
  async withinBudget(_ms, work) {
    try {
      return await work(searchReader(db) ?? db);
    } catch (err) {
      if (err instanceof ReaderLost) throw new SearchLost(err.message, { cause: err });
      throw err;
    }
  },
});

export const textSearch = (db: Db): TextSearch => (isPostgres(db) ? postgres(db) : sqlite(db));
