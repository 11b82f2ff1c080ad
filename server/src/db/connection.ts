import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { migrationSource } from './migrations/index.ts';

export type Db = Knex;

/** Opens the database named by a `sqlite:<file>`, `sqlite::memory:` or `postgres://` URL. */
export function openDb(url: string): Db {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return knex({ client: 'pg', connection: url, pool: { min: 0, max: 10 } });
  }
  if (!url.startsWith('sqlite:')) {
    throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url.split(':')[0]}:"`);
  }
  const filename = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  if (filename !== ':memory:') mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  return knex({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        try {
          conn.exec('PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
          keepPreparedStatements(conn);
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
  });
}

interface SqliteConnection {
  exec(sql: string): void;
  prepare(sql: string): unknown;
}

/** How many prepared statements a SQLite connection keeps, the least recently used going first. */
const PREPARED_STATEMENTS = 256;

/**
 * Knex prepares every query anew; SQLite then parses and plans it each time, which for the
 * statements of a small batch costs more than running them. The connection keeps the statements
 * it prepared, by their text (SQLite prepares a kept statement again by itself when the schema
 * changes).
 */
function keepPreparedStatements(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  const kept = new Map<string, unknown>();
  conn.prepare = (sql) => {
    let statement = kept.get(sql);
    if (statement) kept.delete(sql);
    else statement = prepare(sql);
    kept.set(sql, statement);
    if (kept.size > PREPARED_STATEMENTS) kept.delete(kept.keys().next().value!);
    return statement;
  };
}

/**
 * Query options for a statement whose text never changes: PostgreSQL keeps it prepared on each
 * connection under this name and plans it once, instead of at every call (SQLite's connections
 * keep their statements by themselves). `name` must stand for one text only.
 */
export const prepared = (name: string) => ({ name: `salon-chat:${name}` });

export async function migrate(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

export function isPostgres(db: Db): boolean {
  return db.client.config.client === 'pg';
}

/** The id of an inserted row, as `returning('id')` gives it on either dialect. */
export function insertedId(row: unknown): number {
  return typeof row === 'object' && row !== null ? (row as { id: number }).id : (row as number);
}
