import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import { migrationSource } from './migrations/index.ts';
import { DEFAULT_WAL_LIMIT, SqliteClient, type SqliteConnection } from './sqlite-client.ts';

export type Db = Knex;

/**
 * Opens the database named by a `sqlite:<file>`, `sqlite::memory:` or `postgres://` URL;
 * `walLimit`: the bytes a SQLite file's WAL may keep (see sqlite-client.ts).
 */
export function openDb(url: string, { walLimit = DEFAULT_WAL_LIMIT }: { walLimit?: number } = {}): Db {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return knex({ client: 'pg', connection: { connectionString: url, options: '-c TimeZone=UTC', types: { getTypeParser } }, pool: { min: 0, max: 10 } });
  }
  if (!url.startsWith('sqlite:')) {
    throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url.split(':')[0]}:"`);
  }
  const filename = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  if (filename !== ':memory:') mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const connection: SqliteConnection = { filename, walLimit };
  return knex({ client: SqliteClient as unknown as typeof Knex.Client, connection, useNullAsDefault: true, pool: { min: 1, max: 1 } });
}

const TIMESTAMPTZ = 1184;

/**
 * A timestamp as PostgreSQL writes it in UTC (`2026-11-30 09:15:00.25+00`) becomes the ISO 8601
 * text the API speaks (`2026-11-30T09:15:00.250Z`) without a Date between: parsing a Date and
 * formatting it again cost a chat list of 100 chats 2 ms. A time in another zone is a Date, as
 * pg gives it.
 */
export function timestampText(text: string): string | Date {
  const fractionEnd = text.length - 3;
  const plain = text.charCodeAt(10) === 32 && text.endsWith('+00') && fractionEnd <= 26 && (fractionEnd === 19 || text.charCodeAt(19) === 46);
  if (!plain) return pg.types.getTypeParser(TIMESTAMPTZ)(text) as Date;
  const millis = fractionEnd === 19 ? '000' : `${text.slice(20, fractionEnd)}00`.slice(0, 3);
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${millis}Z`;
}

const getTypeParser = (oid: number, format: string) =>
  oid === TIMESTAMPTZ && format === 'text' ? timestampText : pg.types.getTypeParser(oid, format as 'text');

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

/** Whether a write failed on a unique index: PostgreSQL's `23505`, SQLite's `SQLITE_CONSTRAINT_UNIQUE`. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
