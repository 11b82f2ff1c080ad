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
      afterCreate(conn: { exec(sql: string): void }, done: (err: Error | null, conn: unknown) => void) {
        try {
          conn.exec('PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
  });
}

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
