/**
 * The checkpoints of a SQLite database in WAL mode, on a thread of their own: twice a second it
 * copies what the WAL holds into the database file (PASSIVE: it never waits for, nor blocks, the
 * connection writing). The writing connection turns its own checkpoints off, so its commits stay
 * short and the event loop never waits for a checkpoint's fsync.
 *
 * A WAL only starts over once everything in it is copied, which under a steady stream of commits
 * rarely happens: it would grow for as long as the stream lasts, and its file keep that size. So
 * the thread asks the process for a moment without statements (`quiet?`) when the file is over
 * `walLimit` bytes, or when the writer has paused (the file untouched for `IDLE_MS`) and left
 * anything in it. The process holds its connection, so its queries wait in the pool's queue and
 * not on the event loop (`go`), while the checkpoint copies the rest (`done`): over the limit, a
 * RESTART one (about 20 ms on the development machine), after which the next commit starts the
 * file over and cuts it to the limit (`journal_size_limit`); once the writer has paused, a
 * TRUNCATE one that empties the file.
 */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export const CHECKPOINT_EVERY_MS = 500;
/** How long the WAL must have gone unwritten for the writer to count as paused. */
const IDLE_MS = 1000;

const { filename, walLimit } = workerData as { filename: string; walLimit: number };
const db = new Database(filename);
db.pragma('busy_timeout = 5000');
db.pragma(`journal_size_limit = ${Math.floor(walLimit)}`);

/** The checkpoint the WAL needs beyond the PASSIVE ones, asked for and not yet run. */
let wanted: 'RESTART' | 'TRUNCATE' | null = null;

function needed(): typeof wanted {
  const wal = statSync(`${filename}-wal`, { throwIfNoEntry: false });
  if (!wal || wal.size === 0) return null;
  if (Date.now() - wal.mtimeMs >= IDLE_MS) return 'TRUNCATE';
  return wal.size > walLimit ? 'RESTART' : null;
}

const timer = setInterval(() => {
  db.pragma('wal_checkpoint(PASSIVE)');
  if (wanted) return;
  wanted = needed();
  if (wanted) parentPort!.postMessage('quiet?');
}, CHECKPOINT_EVERY_MS);

parentPort!.on('message', (message: 'go' | 'skip' | 'stop') => {
  if (message !== 'stop') {
    // `done` whatever happens: the process holds its connection until it comes
    try {
      if (message === 'go') db.pragma(`wal_checkpoint(${wanted})`);
    } finally {
      wanted = null;
      parentPort!.postMessage('done');
    }
    return;
  }
  clearInterval(timer);
  db.pragma('wal_checkpoint(PASSIVE)');
  db.close();
  parentPort!.close();
});
parentPort!.postMessage('ready');
