import type { Knex } from 'knex';
import { isPostgres, prepared, type Db } from './connection.ts';
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
interface SqliteConnection {
  exec(sql: string): void;
  prepare(sql: string): { reader: boolean; all(...bindings: unknown[]): unknown[]; run(...bindings: unknown[]): unknown };
}

/** Statements run at once on a SQLite connection, past Knex's query pipeline. */
const onConnection =
  (conn: SqliteConnection): Run =>
  async <T>(sql: string, bindings: readonly unknown[]) => {
    const statement = conn.prepare(sql);
    if (statement.reader) return statement.all(...bindings) as T[];
    statement.run(...bindings);
    return [];
  };

/** A PostgreSQL connection as pg gives it. */
interface PostgresConnection {
  query(query: string | { text: string; values: readonly unknown[]; name?: string }): Promise<{ rows: unknown[] }>;
}

/** Statements sent straight on a PostgreSQL connection, past Knex's query pipeline. */
const onPostgresConnection =
  (db: Db, conn: PostgresConnection): Run =>
  async <T>(sql: string, bindings: readonly unknown[], name?: string) => {
    const text = (db.client as unknown as { positionBindings(sql: string): string }).positionBindings(sql);
    return (await conn.query({ text, values: bindings, ...(name ? prepared(name) : {}) })).rows as T[];
  };

/**
 * Runs one statement on PostgreSQL, committed by itself, straight on a connection taken from
 * Knex's pool for the while, past Knex's query pipeline: one round trip.
 */
export async function postgresStatement<T>(db: Db, sql: string, bindings: readonly unknown[], name?: string): Promise<T[]> {
  const conn: unknown = await db.client.acquireConnection();
  try {
    return await onPostgresConnection(db, conn as PostgresConnection)<T>(sql, bindings, name);
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/**
 * Runs `work` in one transaction straight on a connection taken from Knex's pool for the while:
 * a Knex transaction costs more than the statements of a small batch. On SQLite the statements
 * run at once in the process; on PostgreSQL each is one round trip. `work` must run its
 * statements through `run` only (anything through Knex could wait for this very connection).
 */
export async function directTransaction<T>(db: Db, work: (run: Run) => Promise<T>): Promise<T> {
  const conn: unknown = await db.client.acquireConnection();
  const postgres = isPostgres(db);
  const exec = postgres ? (sql: string) => (conn as PostgresConnection).query(sql) : async (sql: string) => (conn as SqliteConnection).exec(sql);
  try {
    await exec(postgres ? 'BEGIN' : 'BEGIN IMMEDIATE');
    try {
      const result = await work(postgres ? onPostgresConnection(db, conn as PostgresConnection) : onConnection(conn as SqliteConnection));
      await exec('COMMIT');
      return result;
    } catch (err) {
      await exec('ROLLBACK').catch(() => {});
      throw err;
    }
  } finally {
    await db.client.releaseConnection(conn);
  }
}
