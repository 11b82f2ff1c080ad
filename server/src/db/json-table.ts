import { isPostgres, type Db } from './connection.ts';

export type JsonColumnType = 'integer' | 'text' | 'boolean' | 'timestamp';

const POSTGRES_TYPES: Record<JsonColumnType, string> = { integer: 'integer', text: 'text', boolean: 'boolean', timestamp: 'timestamptz' };

/**
 * A derived table whose rows arrive as one JSON parameter (`?`, bound to `JSON.stringify(rows)`),
 * so a statement over a batch has the same text whatever its size: the database parses it once,
 * and neither side builds thousands of bindings. Use it as `FROM ${jsonTable(db, …)} AS name`.
 */
export function jsonTable(conn: Db, columns: Record<string, JsonColumnType>): string {
  const names = Object.keys(columns);
  if (isPostgres(conn)) {
    const typed = names.map((name) => `${name} ${POSTGRES_TYPES[columns[name]!]}`).join(', ');
    return `(SELECT * FROM json_to_recordset(CAST(? AS json)) AS r(${typed}))`;
  }
  return `(SELECT ${names.map((name) => `value ->> '${name}' AS ${name}`).join(', ')} FROM json_each(?))`;
}

/** The rows of a raw statement's answer, as either dialect's driver gives them. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}
