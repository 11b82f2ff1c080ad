import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import knex, { type Knex } from 'knex';
import { Piscina } from 'piscina';
import type { ReadAnswer, ReadTask } from './sqlite-reader.ts';
import { addSalonFunctions, keepPreparedStatements } from './sqlite-setup.ts';

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
  destroy(callback?: unknown): Promise<void>;
  _formatBindings(bindings: unknown[] | undefined): unknown[];
};

/**
 * The code a thread starts with: it loads `module`, with the TypeScript loader the process runs
 * with when the module is TypeScript (a thread does not inherit the process's module hooks).
 */
export function bootstrap(module: URL): string {
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

/** A statement of the search thread that got no answer: the thread ended (crashed, or stopped with the server). */
export class ReaderLost extends Error {}

/** How many statements may wait for the search thread at once; more wait in the pool's queue. */
const READER_QUEUE = 8;

/**
 * A Knex client whose statements run on a thread of their own (`sqlite-reader.ts`, one read-only
 * connection to the file), not on the event loop: the searches, each 15 to 40 ms of statements on
 * a busy salon. The thread runs at a lower priority than the event loop (nice +10), so with
 * both cores busy the sockets go first; a thread that dies is started again, and the statements
 * it held fail with `ReaderLost`.
 */
class SqliteReadClient extends BetterSqlite3Client {
  readonly #thread = new Piscina<ReadTask, ReadAnswer>({
    filename: new URL('./sqlite-reader.ts', import.meta.url).href,
    workerData: { filename: this.connectionSettings.filename },
    minThreads: 1,
    maxThreads: 1,
    niceIncrement: 10,
  });

  /** The thread now running the statements, if one is. */
  get thread(): Worker | undefined {
    return this.#thread.threads[0];
  }

  /** The pool's connections are places in the thread's queue: the thread holds the one connection. */
  async acquireRawConnection(): Promise<Connection> {
    return {} as Connection;
  }

  async destroyRawConnection(): Promise<void> {}

  async _query(_conn: Connection, obj: { sql: string; bindings?: unknown[]; response?: unknown }) {
    let answer: ReadAnswer;
    try {
      answer = await this.#thread.run({ sql: obj.sql, bindings: this._formatBindings(obj.bindings) });
    } catch (err) {
      throw new ReaderLost(`the search thread stopped: ${(err as Error).message}`, { cause: err });
    }
    if ('error' in answer) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
    obj.response = answer.rows;
    return obj;
  }

  async destroy(callback?: unknown): Promise<void> {
    await this.#thread.destroy();
    return super.destroy(callback);
  }
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
  #reader: Knex | null | undefined;

  /**
   * The database on the search thread (`SqliteReadClient`), started at the first call; null for
   * a database in memory, which belongs to its one connection and no thread can open.
   */
  reader(): Knex | null {
    if (this.#reader !== undefined) return this.#reader;
    const { filename } = this.connectionSettings;
    this.#reader = filename === ':memory:' ? null : knex({ client: SqliteReadClient as unknown as typeof Knex.Client, connection: { filename }, useNullAsDefault: true, pool: { min: 0, max: READER_QUEUE } });
    return this.#reader;
  }

  async acquireRawConnection(): Promise<Connection> {
    const conn = await super.acquireRawConnection();
    try {
      conn.exec('PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
      keepPreparedStatements(conn);
      addSalonFunctions(conn);
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

  async destroy(callback?: unknown): Promise<void> {
    await this.#reader?.destroy();
    return super.destroy(callback);
  }
}

/** Where a search on `db` runs its statements: the search thread of a SQLite file, or null (PostgreSQL, a transaction, a database in memory). */
export const searchReader = (db: Knex): Knex | null => (db.client instanceof SqliteClient && !db.isTransaction ? db.client.reader() : null);
