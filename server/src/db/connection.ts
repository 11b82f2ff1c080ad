import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { migrationSource } from './migrations/index.ts';
import { SqliteClient } from './sqlite-client.ts';

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
  return knex({ client: SqliteClient as unknown as typeof Knex.Client, connection: { filename }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
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
