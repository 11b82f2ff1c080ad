import { NOTE_MESSAGE_TYPE } from '@salon-chat/protocol';
import type { Db } from '../db/connection.ts';
import type { MessageRow } from './messages.ts';
import { outboxRepo, type NewOutboxItem } from './outbox.ts';

export interface FollowUpRow {
  chat_id: number;
  customer_id: number;
  first_message_id: number;
  state: 'waiting' | 'queued' | 'skipped';
  due_at: number;
  outbox_id: number | null;
}

/** What a follow-up is made of: the customer, how to reach them, the salon and the chat. */
export interface FollowUpContext {
  chat_id: number;
  salon_id: number;
  salon_name: string;
  widget_url: string | null;
  timezone: string;
  /** The salon's own delay in seconds, if it set one. */
  follow_up_after: number | null;
  customer_id: number;
  customer_name: string;
  customer_phone: string;
  contact: string | null;
  is_guest: boolean | number;
  follow_ups_off_at: number | string | null;
  last_read_message_id: number | null;
  unread_count: number;
}

export type LinkUse = { used: true } | { used: false; why: 'unknown' | 'used' | 'expired' };

/**
 * A chat's quiet period (`follow_ups`: one row per chat while the customer has staff messages
 * unread), the single-use links back, and the customers' opt-out.
 */
export function followUpsRepo(db: Db) {
  const outbox = outboxRepo(db);
  return {
    /** The chat's customer and their read state, the salon and its settings; nothing for a chat without a customer. */
    context: (chatId: number) =>
      db('chat_participants as p')
        .join('chats as ch', 'ch.id', 'p.chat_id')
        .join('salons as s', 's.id', 'ch.salon_id')
        .join('customers as c', 'c.id', 'p.participant_id')
        .where({ 'p.chat_id': chatId, 'p.participant_type': 'customer' })
        .first<FollowUpContext | undefined>(
          'p.chat_id',
          'ch.salon_id',
          's.name as salon_name',
          's.widget_url',
          's.timezone',
          's.follow_up_after',
          'c.id as customer_id',
          'c.name as customer_name',
          'c.phone as customer_phone',
          'c.contact',
          'c.is_guest',
          'c.follow_ups_off_at',
          'p.last_read_message_id',
          'p.unread_count',
        ),

    /** Staff messages after `afterId` the customer has not read, oldest first; never the salon's notes. */
    unreadStaffMessages: (chatId: number, afterId: number, limit: number) =>
      db<MessageRow>('messages as m')
        .leftJoin('users as u', 'u.id', 'm.sender_id')
        .where({ 'm.chat_id': chatId, 'm.sender_type': 'user', 'm.is_deleted': false })
        .whereNot('m.message_type', NOTE_MESSAGE_TYPE)
        .andWhere('m.id', '>', afterId)
        .orderBy('m.id')
        .limit(limit)
        .select<MessageRow[]>('m.*', 'u.name as sender_name'),

    /** Opens the chat's quiet period at a staff message, unless one is open already (then nothing changes). */
    open: (row: Pick<FollowUpRow, 'chat_id' | 'customer_id' | 'first_message_id' | 'due_at'>) =>
      db('follow_ups').insert({ ...row, state: 'waiting' }).onConflict('chat_id').ignore(),

    /** Ends the chat's quiet period: answers the outbox item it had queued, if any. */
    async close(chatId: number): Promise<number | null> {
      const row = await db('follow_ups').where({ chat_id: chatId }).first<FollowUpRow | undefined>();
      if (!row) return null;
      await db('follow_ups').where({ chat_id: chatId }).delete();
      return row.outbox_id;
    },

    async due(at: number, limit: number): Promise<FollowUpRow[]> {
      const rows = await db('follow_ups').where({ state: 'waiting' }).andWhere('due_at', '<=', at).orderBy('due_at').limit(limit);
      return rows.map((r: FollowUpRow) => ({ ...r, due_at: Number(r.due_at) }));
    },

    postpone: (chatId: number, dueAt: number) => db('follow_ups').where({ chat_id: chatId, state: 'waiting' }).update({ due_at: dueAt }),

    /** The period ends without a follow-up (nobody to send it to): none is made until it closes. */
    skip: (chatId: number) => db('follow_ups').where({ chat_id: chatId, state: 'waiting' }).update({ state: 'skipped' }),

    /**
     * Queues the period's follow-up, in one transaction with taking the period: of several nodes
     * that found it due, only the one whose UPDATE moved it from `waiting` adds the item.
     */
    queue: (chatId: number, at: number, item: NewOutboxItem): Promise<number | null> =>
      db.transaction(async (trx) => {
        const taken = await trx('follow_ups').where({ chat_id: chatId, state: 'waiting' }).andWhere('due_at', '<=', at).update({ state: 'queued' });
        if (taken !== 1) return null;
        const id = await outbox.insert(trx, item, at);
        await trx('follow_ups').where({ chat_id: chatId }).update({ outbox_id: id });
        return id;
      }),

    createLink: (link: { id: string; customer_id: number; chat_id: number; expires_at: number }) => db('sign_in_links').insert(link),

    /** Uses a link up, once: in one UPDATE that holds only while it is unused and unexpired. */
    async useLink(id: string, at: number): Promise<LinkUse & { customer_id?: number; chat_id?: number }> {
      const used = await db('sign_in_links').where({ id }).whereNull('used_at').andWhere('expires_at', '>', at).update({ used_at: at });
      const row = await db('sign_in_links').where({ id }).first<{ customer_id: number; chat_id: number; used_at: unknown } | undefined>();
      if (!row) return { used: false, why: 'unknown' };
      if (used === 1) return { used: true, customer_id: row.customer_id, chat_id: row.chat_id };
      return { used: false, why: row.used_at != null ? 'used' : 'expired' };
    },

    forgetLinks: (before: number) => db('sign_in_links').where('expires_at', '<', before).delete(),

    optOut: (customerId: number, at: number) => db('customers').where({ id: customerId }).whereNull('follow_ups_off_at').update({ follow_ups_off_at: at }),
  };
}

export type FollowUpsRepo = ReturnType<typeof followUpsRepo>;
