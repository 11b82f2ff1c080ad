import type { VapidKeys } from '../config.ts';
import type { Db } from '../db/connection.ts';

export interface PushSubscriptionRow {
  id: number;
  user_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** What a chat's notification needs: who gets it and what it says. */
export interface PushTarget {
  salon_id: number;
  assignee_id: number | null;
  customer_name: string | null;
  preview: string | null;
}

/** The staff's Web Push subscriptions, one per browser, and what a chat's notification is made of. */
export function pushRepo(db: Db) {
  return {
    /** The deployment's VAPID key pair: the first node to ask stores `made`, and every node reads the one stored. */
    async vapidKeys(made: () => VapidKeys): Promise<VapidKeys> {
      const stored = () => db('deployment').first<{ vapid_public_key: string | null; vapid_private_key: string | null }>('vapid_public_key', 'vapid_private_key');
      let row = await stored();
      if (!row?.vapid_public_key) {
        const keys = made();
        await db('deployment').whereNull('vapid_public_key').update({ vapid_public_key: keys.publicKey, vapid_private_key: keys.privateKey });
        row = await stored();
      }
      if (!row?.vapid_public_key || !row.vapid_private_key) throw new Error('the deployment table is empty: the database was not migrated');
      return { publicKey: row.vapid_public_key, privateKey: row.vapid_private_key };
    },

    /**
     * Stores a browser's subscription for a staff member; a known endpoint takes the new keys and
     * owner. The member keeps their `keep` newest subscriptions: older ones go.
     */
    async save(userId: number, sub: { endpoint: string; p256dh: string; auth: string }, at: number, keep: number): Promise<void> {
      await db.transaction(async (trx) => {
        await trx('push_subscriptions')
          .insert({ user_id: userId, ...sub, created_at: at, updated_at: at })
          .onConflict('endpoint')
          .merge(['user_id', 'p256dh', 'auth', 'updated_at']);
        const newest = trx('push_subscriptions').where({ user_id: userId }).orderBy([{ column: 'updated_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(keep).select('id');
        await trx('push_subscriptions').where({ user_id: userId }).whereNotIn('id', newest).delete();
      });
    },

    /** Forgets a staff member's subscription; false when they had none at that endpoint. */
    async remove(userId: number, endpoint: string): Promise<boolean> {
      return (await db('push_subscriptions').where({ user_id: userId, endpoint }).delete()) > 0;
    },

    /** Forgets a subscription its push service says is gone. */
    async expire(id: number): Promise<void> {
      await db('push_subscriptions').where({ id }).delete();
    },

    async target(chatId: number): Promise<PushTarget | undefined> {
      return db('chats as c')
        .leftJoin('chat_participants as p', (j) => j.on('p.chat_id', 'c.id').andOnVal('p.participant_type', 'customer'))
        .leftJoin('customers as cu', 'cu.id', 'p.participant_id')
        .where('c.id', chatId)
        .first('c.salon_id', 'c.assignee_id', 'cu.name as customer_name', 'c.last_message_preview as preview');
    },

    /** The subscriptions of the salon's staff, or of the one staff member of the salon named. */
    async ofStaff(salonId: number, userId: number | null): Promise<PushSubscriptionRow[]> {
      const q = db('push_subscriptions as s').join('users as u', 'u.id', 's.user_id').where('u.salon_id', salonId);
      if (userId !== null) q.andWhere('u.id', userId);
      return q.select('s.id', 's.user_id', 's.endpoint', 's.p256dh', 's.auth').orderBy('s.id');
    },
  };
}

export type PushRepo = ReturnType<typeof pushRepo>;
