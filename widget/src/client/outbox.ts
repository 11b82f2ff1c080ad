import type { OutboxEntry } from './types.ts';

const STORE = 'outbox';

/**
 * Messages not yet confirmed by the server, kept in IndexedDB so that a message written
 * offline or just before a reload is sent when the widget is back. Each entry keeps its
 * `client_message_id`, so a resend after an unseen success is recognised by the server.
 * Falls back to memory where IndexedDB cannot be opened.
 */
export class Outbox {
  #db: Promise<IDBDatabase | null> | undefined;
  readonly #memory = new Map<string, OutboxEntry>();

  constructor(private readonly name = 'salon-chat') {}

  #open(): Promise<IDBDatabase | null> {
    this.#db ??= new Promise((resolve) => {
      try {
        const request = indexedDB.open(this.name, 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore(STORE, { keyPath: 'client_message_id' }).createIndex('owner', 'owner');
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(null);
      } catch {
        resolve(null);
      }
    });
    return this.#db;
  }

  async #run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.#open();
    if (!db) throw new Error('no IndexedDB');
    return new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }

  async put(entry: OutboxEntry): Promise<void> {
    this.#memory.set(entry.client_message_id, entry);
    await this.#run('readwrite', (s) => s.put(entry)).catch(() => undefined);
  }

  async delete(clientMessageId: string): Promise<void> {
    this.#memory.delete(clientMessageId);
    await this.#run('readwrite', (s) => s.delete(clientMessageId)).catch(() => undefined);
  }

  /** The entries of one owner (a server and a participant), oldest first. */
  async list(owner: string): Promise<OutboxEntry[]> {
    const stored = await this.#run<OutboxEntry[]>('readonly', (s) => s.index('owner').getAll(owner)).catch(() => []);
    const all = new Map(stored.map((e) => [e.client_message_id, e]));
    for (const e of this.#memory.values()) if (e.owner === owner) all.set(e.client_message_id, e);
    return [...all.values()].sort((a, b) => a.created_at.localeCompare(b.created_at));
  }
}

/** A fresh `client_message_id` (works outside secure contexts too). */
export function newClientMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
