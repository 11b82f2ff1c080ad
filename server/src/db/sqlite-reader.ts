/**
 * The search thread of a SQLite database (see `SqliteReadClient` in sqlite-client.ts): its own
 * read-only connection to the file, which in WAL mode reads what was committed without waiting
 * for the writer, nor making it wait. A statement that fails answers its error as a value; a
 * task that rejects means the thread itself was lost.
 */
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { addSalonFunctions, keepPreparedStatements } from './sqlite-setup.ts';

export interface ReadTask {
  sql: string;
  bindings: unknown[];
}

export type ReadAnswer = { rows: unknown[] } | { error: { message: string; code?: string } };

const db = new Database((workerData as { filename: string }).filename, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
keepPreparedStatements(db);
addSalonFunctions(db);

export default function read({ sql, bindings }: ReadTask): ReadAnswer {
  try {
    const statement = db.prepare(sql);
    if (!statement.reader) return { error: { message: 'the search thread only reads' } };
    return { rows: statement.all(...bindings) };
  } catch (err) {
    return { error: { message: (err as Error).message, code: (err as { code?: string }).code } };
  }
}
