import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Knex } from 'knex';

interface Connection {
  readonly memory: boolean;
  exec(sql: string): void;
  prepare(sql: string): unknown;
  function(name: string, options: { deterministic: boolean }, fn: (text: unknown) => unknown): void;
  close(): void;
}

/** What `openDb` gives the client: the file, and the bytes its WAL may keep once checkpointed. */
export interface SqliteConnection {
  filename: string;
  walLimit: number;
}

/** The bytes a WAL keeps unless told otherwise (`SQLITE_WAL_LIMIT`). */
export const DEFAULT_WAL_LIMIT = 64 * 1024 * 1024;

/** Knex's better-sqlite3 dialect, which this client extends. */
const BetterSqlite3Client = createRequire(import.meta.url)('knex/lib/dialects/better-sqlite3/index.js') as new (config: Knex.Config) => Knex.Client & {
  connectionSettings: SqliteConnection;
  acquireRawConnection(): Promise<Connection>;
  destroyRawConnection(connection: Connection): Promise<void>;
};

/** How many prepared statements a connection keeps, the least recently used going first. */
const PREPARED_STATEMENTS = 256;

/**
 * Knex prepares every query anew; SQLite then parses and plans it each time, which for the
 * statements of a small batch costs more than running them. The connection keeps the statements
 * it prepared, by their text (SQLite prepares a kept statement again by itself when the schema
 * changes).
 */
function keepPreparedStatements(conn: Connection): void {
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
 * The code a thread starts with: it loads `module`, with the TypeScript loader the process runs
 * with when the module is TypeScript (a thread does not inherit the process's module hooks).
 */
function bootstrap(module: URL): string {
  const load = `import(${JSON.stringify(module.href)})`;
  if (!module.pathname.endsWith('.ts')) return load;
  return `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return ${load}; })`;
}

/**
 * Starts the checkpoint thread of a database file (`sqlite-checkpoints.ts`); resolves to its stop.
 * When the thread asks to empty the WAL, `quiet` runs its checkpoint while no statement runs.
 */
function checkpointThread(settings: SqliteConnection, quiet: (checkpoint: () => Promise<void>) => Promise<void>): Promise<() => Promise<void>> {
  const workerData = { filename: settings.filename, walLimit: settings.walLimit };
  const worker = new Worker(bootstrap(new URL('./sqlite-checkpoints.ts', import.meta.url)), { eval: true, workerData });
  const exited = new Promise((done) => worker.once('exit', done));
  /** The thread's `done`, or its end: a thread that failed holds no connection up. */
  const answered = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        worker.off('message', done).off('exit', done);
        resolve();
      };
      worker.on('message', done).on('exit', done);
    });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () => {
      worker.unref();
      worker.on('message', (message: string) => {
        if (message !== 'quiet?') return;
        quiet(() => {
          const done = answered();
          worker.postMessage('go');
          return done;
        }).catch(() => worker.postMessage('skip'));
      });
      resolve(async () => {
        worker.postMessage('stop');
        await exited;
      });
    });
  });
}

/**
 * Knex's better-sqlite3 client, with the connection set up for a server: foreign keys on, WAL
 * (readers never wait for the writer), commits that reach the OS but not the disk (a power loss
 * may lose the last commits, a crash of the process does not), statements kept prepared, and the
 * WAL's checkpoints on a thread of their own, which also keeps the WAL to `walLimit` bytes
 * (`journal_size_limit` here too: a WAL started over is cut to it at its first commit).
 */
export class SqliteClient extends BetterSqlite3Client {
  readonly #stopCheckpoints = new WeakMap<Connection, () => Promise<void>>();

  async acquireRawConnection(): Promise<Connection> {
    const conn = await super.acquireRawConnection();
    try {
      conn.exec('PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
      keepPreparedStatements(conn);
      // SQLite's lower() changes ASCII letters only; the chat search folds "Éclat" too (text-search.ts).
      conn.function('salon_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
      if (!conn.memory) {
        this.#stopCheckpoints.set(conn, await checkpointThread(this.connectionSettings, (checkpoint) => this.#withoutStatements(checkpoint)));
        conn.exec(`PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = ${Math.floor(this.connectionSettings.walLimit)};`);
      }
      return conn;
    } catch (err) {
      conn.close();
      throw err;
    }
  }

  /**
   * Runs `work` while this process runs no statement: the pool's one connection is held for the
   * while, so queries wait for it in the pool's queue, not on the event loop.
   */
  async #withoutStatements(work: () => Promise<void>): Promise<void> {
    const conn = await this.acquireConnection();
    try {
      await work();
    } finally {
      await this.releaseConnection(conn);
    }
  }

  async destroyRawConnection(conn: Connection): Promise<void> {
    await this.#stopCheckpoints.get(conn)?.();
    await super.destroyRawConnection(conn);
  }
}
