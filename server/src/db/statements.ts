import type { Knex } from 'knex';
import { prepared, type Db } from './connection.ts';
import { rowsOf } from './json-table.ts';

/**
 * Runs one statement with `?` bindings and answers its rows (none for a statement that returns
 * none). `name`: the statement's text never changes, so PostgreSQL may keep it prepared.
 */
export type Run = <T>(sql: string, bindings: readonly unknown[], name?: string) => Promise<T[]>;

/** Statements through Knex, on the pool or in the transaction `db` stands for. */
export const throughKnex =
  (db: Db): Run =>
  async <T>(sql: string, bindings: readonly unknown[], name?: string) =>
    rowsOf<T>(await db.raw(sql, bindings as Knex.RawBinding[]).options(name ? prepared(name) : {})) ?? [];

/** A SQLite connection as better-sqlite3 gives it (its statements kept prepared, see sqlite-client.ts). */
export interface SqliteConnection {
  readonly inTransaction: boolean;
  exec(sql: string): void;
  prepare(sql: string): { reader: boolean; all(...bindings: unknown[]): unknown[]; run(...bindings: unknown[]): unknown };
}

/** Statements run at once on a SQLite connection, past Knex's query pipeline. */
export const onConnection =
  (conn: SqliteConnection): Run =>
  async <T>(sql: string, bindings: readonly unknown[]) => {
    const statement = conn.prepare(sql);
    if (statement.reader) return statement.all(...bindings) as T[];
    statement.run(...bindings);
    return [];
  };

/**
 * Runs `work` in one SQLite transaction straight on the connection, taken from Knex's pool for
 * the while: a Knex transaction costs more than the statements of a small batch. `work` must run
 * its statements through `run` only (anything through Knex would wait for this connection).
 */
export async function sqliteTransaction<T>(db: Db, work: (run: Run) => Promise<T>): Promise<T> {
  const conn = (await db.client.acquireConnection()) as SqliteConnection;
  try {
    conn.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(onConnection(conn));
      conn.exec('COMMIT');
      return result;
    } catch (err) {
      if (conn.inTransaction) conn.exec('ROLLBACK');
      throw err;
    }
  } finally {
    await db.client.releaseConnection(conn);
  }
}
