/**
 * The checkpoints of a SQLite database in WAL mode, on a thread of their own: twice a second it
 * copies what the WAL holds into the database file (PASSIVE: it never waits for, nor blocks, the
 * connection writing). The writing connection turns its own checkpoints off, so its commits stay
 * short and the event loop never waits for a checkpoint's fsync.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export const CHECKPOINT_EVERY_MS = 500;

const db = new Database((workerData as { filename: string }).filename);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), CHECKPOINT_EVERY_MS);

parentPort!.once('message', () => {
  clearInterval(timer);
  db.pragma('wal_checkpoint(PASSIVE)');
  db.close();
  parentPort!.close();
});
parentPort!.postMessage('ready');
