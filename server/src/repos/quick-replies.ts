import { insertedId, isUniqueViolation, type Db } from '../db/connection.ts';

export interface QuickReplyRow {
  id: number;
  salon_id: number;
  /** The staff member whose own reply it is; null: the salon's, shared. */
  owner_id: number | null;
  shortcut: string;
  title: string | null;
  content: string;
}

/** What a quick reply says: its shortcut, title and text. */
export type QuickReplyText = Pick<QuickReplyRow, 'shortcut' | 'title' | 'content'>;

const COLUMNS = ['id', 'salon_id', 'owner_id', 'shortcut', 'title', 'content'] as const;

/** Quick replies: a salon's shared ones and its staff members' own. A taken shortcut answers `'taken'`. */
export function quickRepliesRepo(db: Db) {
  /** Runs a write; a shortcut already taken in the same scope is `'taken'`, not an error. */
  const unlessTaken = async <T>(write: () => Promise<T>): Promise<T | 'taken'> => {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err)) return 'taken';
      throw err;
    }
  };

  return {
    /** The salon's shared replies and the staff member's own, by shortcut (shared first on a tie). */
    visibleTo: (salonId: number, userId: number): Promise<QuickReplyRow[]> =>
      db<QuickReplyRow>('quick_replies')
        .where({ salon_id: salonId })
        .andWhere((q) => q.whereNull('owner_id').orWhere('owner_id', userId))
        .orderBy([{ column: 'shortcut' }, { column: 'owner_id', order: 'asc', nulls: 'first' }, { column: 'id' }])
        .select(...COLUMNS),

    byId: (id: number): Promise<QuickReplyRow | undefined> => db<QuickReplyRow>('quick_replies').where({ id }).first(...COLUMNS),

    /** How many replies a scope holds: the salon's shared ones (`ownerId` null) or a staff member's own. */
    async count(salonId: number, ownerId: number | null): Promise<number> {
      const q = db('quick_replies').where({ salon_id: salonId });
      if (ownerId === null) q.whereNull('owner_id');
      else q.where({ owner_id: ownerId });
      const row = await q.count<{ n: number | string }[]>({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },

    insert: (salonId: number, ownerId: number | null, reply: QuickReplyText, at: number): Promise<number | 'taken'> =>
      unlessTaken(async () => {
        const [row] = await db('quick_replies')
          .insert({ salon_id: salonId, owner_id: ownerId, ...reply, created_at: at, updated_at: at })
          .returning('id');
        return insertedId(row);
      }),

    update: (id: number, changes: Partial<QuickReplyText>, at: number): Promise<void | 'taken'> =>
      unlessTaken(async () => {
        await db('quick_replies').where({ id }).update({ ...changes, updated_at: at });
      }),

    remove: async (id: number): Promise<void> => {
      await db('quick_replies').where({ id }).delete();
    },
  };
}

export type QuickRepliesRepo = ReturnType<typeof quickRepliesRepo>;
