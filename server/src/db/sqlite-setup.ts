/** What every connection to the SQLite file needs, on the event loop's connection and on the search thread's. */
interface Connection {
  prepare(sql: string): unknown;
  function(name: string, options: { deterministic: boolean }, fn: (text: unknown) => unknown): void;
}

/** How many prepared statements a connection keeps, the least recently used going first. */
const PREPARED_STATEMENTS = 256;

/**
 * Knex prepares every query anew; SQLite then parses and plans it each time, which for the
 * statements of a small batch costs more than running them. The connection keeps the statements
 * it prepared, by their text (SQLite prepares a kept statement again by itself when the schema
 * changes).
 */
export function keepPreparedStatements(conn: Connection): void {
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

/** SQLite's lower() changes ASCII letters only; the chat search folds "Éclat" too (text-search.ts). */
export function addSalonFunctions(conn: Connection): void {
  conn.function('salon_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
}
