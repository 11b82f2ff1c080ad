/**
 * The checkpoints of a SQLite database in WAL mode, on a thread of their own: twice a second it
 * copies what the WAL holds into the database file (PASSIVE: it never waits for, nor blocks, the
 * connection writing). The writing connection turns its own checkpoints off, so its commits stay
 * short and the event loop never waits for a checkpoint's fsync.
 *
 * A WAL only starts over once everything in it is copied, which under a steady stream of commits
 * never happens: it would grow for as long as the stream lasts, and its file keep that size. So
 * when the file is over `walLimit` bytes, right after a PASSIVE checkpoint has copied nearly all
 * of it, a TRUNCATE checkpoint copies the rest and empties the file. That one holds the writer
 * up while it copies the few pages the PASSIVE one missed; it waits at most `BUSY_MS` for a
 * commit under way or a reader to finish, and otherwise gives up until the next turn.
 */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export const CHECKPOINT_EVERY_MS = 500;
/** How long a TRUNCATE checkpoint waits for the writer's commit or a reader before trying again at the next turn. */
const BUSY_MS = 20;

const { filename, walLimit } = workerData as { filename: string; walLimit: number };
const db = new Database(filename);
db.pragma(`busy_timeout = ${BUSY_MS}`);
db.pragma(`journal_size_limit = ${Math.floor(walLimit)}`);

const walBytes = () => statSync(`${filename}-wal`, { throwIfNoEntry: false })?.size ?? 0;

function checkpoint(): void {
  db.pragma('wal_checkpoint(PASSIVE)');
  if (walBytes() > walLimit) db.pragma('wal_checkpoint(TRUNCATE)');
}

const timer = setInterval(checkpoint, CHECKPOINT_EVERY_MS);

parentPort!.once('message', () => {
  clearInterval(timer);
  db.pragma('wal_checkpoint(PASSIVE)');
  db.close();
  parentPort!.close();
});
parentPort!.postMessage('ready');
