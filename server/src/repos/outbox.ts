import { insertedId, type Db } from '../db/connection.ts';

export type Channel = 'email' | 'sms';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxRow {
  id: number;
  channel: Channel;
  recipient: string;
  sender_name: string | null;
  subject: string | null;
  text_body: string;
  html_body: string | null;
  /** JSON of extra mail headers (`List-Unsubscribe`…). */
  headers: string | null;
  dedupe_key: string;
  salon_id: number | null;
  chat_id: number | null;
  customer_id: number | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  transport: string | null;
  provider_id: string | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export type NewOutboxItem = Pick<OutboxRow, 'channel' | 'recipient' | 'sender_name' | 'subject' | 'text_body' | 'html_body' | 'headers' | 'dedupe_key' | 'salon_id' | 'chat_id' | 'customer_id'>;

/** PostgreSQL answers a bigint as text. */
const millis = (value: unknown) => (value == null ? null : Number(value));
const outboxRow = (row: Record<string, unknown>): OutboxRow =>
  ({ ...row, next_attempt_at: millis(row.next_attempt_at), lease_until: millis(row.lease_until), created_at: millis(row.created_at), sent_at: millis(row.sent_at) }) as OutboxRow;

/** The outbox: items wait (`pending`), are leased by one sender (`sending`), and end `sent`, `failed` or `cancelled`. */
export function outboxRepo(db: Db) {
  /** A leased item's row, while the lease is still the caller's. */
  const leased = (id: number, owner: string) => db('outbox').where({ id, status: 'sending', lease_owner: owner });

  return {
    async byId(id: number): Promise<OutboxRow | undefined> {
      const row = await db('outbox').where({ id }).first();
      return row ? outboxRow(row) : undefined;
    },

    /** Ids of items whose time has come, soonest first. */
    async due(at: number, limit: number): Promise<number[]> {
      const rows = await db('outbox').where({ status: 'pending' }).andWhere('next_attempt_at', '<=', at).orderBy('next_attempt_at').limit(limit).select<{ id: number }[]>('id');
      return rows.map((r) => r.id);
    },

    /**
     * Takes an item for one attempt, for `owner` until `until`: a single UPDATE that only one of
     * several senders (nodes) can win, as it holds only while the item is still pending. Answers
     * the leased row, or nothing when another sender took it first.
     */
    async claim(id: number, owner: string, at: number, until: number): Promise<OutboxRow | undefined> {
      const won = await db('outbox')
        .where({ id, status: 'pending' })
        .andWhere('next_attempt_at', '<=', at)
        .update({ status: 'sending', lease_owner: owner, lease_until: until, attempts: db.raw('attempts + 1') });
      if (won !== 1) return undefined;
      const row = await db('outbox').where({ id, lease_owner: owner }).first();
      return row ? outboxRow(row) : undefined;
    },

    markSent: (id: number, owner: string, done: { transport: string; providerId: string | null; at: number }) =>
      leased(id, owner).update({ status: 'sent', transport: done.transport, provider_id: done.providerId, sent_at: done.at, lease_owner: null, lease_until: null, last_error: null }),

    /** Back to pending, for another attempt at `nextAt`. */
    retryAt: (id: number, owner: string, nextAt: number, error: string) =>
      leased(id, owner).update({ status: 'pending', next_attempt_at: nextAt, last_error: error, lease_owner: null, lease_until: null }),

    fail: (id: number, owner: string, error: string) => leased(id, owner).update({ status: 'failed', last_error: error, lease_owner: null, lease_until: null }),

    /**
     * Items whose sender stopped during an attempt (its lease ran out): the message may have
     * left already, so they are failed, never tried again. Answers how many.
     */
    abandonExpired: (at: number, error: string) =>
      db('outbox').where({ status: 'sending' }).andWhere('lease_until', '<', at).update({ status: 'failed', last_error: error, lease_owner: null, lease_until: null }),

    /** Cancels an item that no sender has taken yet; true when it was. */
    async cancel(id: number, reason: string): Promise<boolean> {
      return (await db('outbox').where({ id, status: 'pending' }).update({ status: 'cancelled', last_error: reason })) === 1;
    },

    /** Cancels what no sender has taken yet for a customer; how many. */
    cancelForCustomer: (customerId: number, reason: string) => db('outbox').where({ customer_id: customerId, status: 'pending' }).update({ status: 'cancelled', last_error: reason }),

    /** A salon's items that were kept in the local mailbox, newest first. */
    async mailbox(salonId: number, limit: number): Promise<OutboxRow[]> {
      const rows = await db('outbox').where({ salon_id: salonId, transport: 'local' }).orderBy('id', 'desc').limit(limit);
      return rows.map(outboxRow);
    },

    /** Inserts an item in a transaction or on its own; an item whose `dedupe_key` exists already is not added again. */
    async insert(trx: Db, item: NewOutboxItem, at: number): Promise<number | null> {
      const rows = await trx('outbox')
        .insert({ ...item, status: 'pending', attempts: 0, next_attempt_at: at, created_at: at })
        .onConflict('dedupe_key')
        .ignore()
        .returning('id');
      return rows.length ? insertedId(rows[0]) : null;
    },
  };
}

export type OutboxRepo = ReturnType<typeof outboxRepo>;
