import { insertedId, type Db } from '../db/connection.ts';

/** What a reservation answers: the ids of what it recorded, or the first meter it would take over its limit. */
export type Reserved =
  | { ok: true; ids: number[] }
  | { ok: false; meter: string; used: number; /** The oldest amount still in the window, which frees first. */ oldest: string | Date | null };

export function quotasRepo(db: Db) {
  return {
    /**
     * Records `amount` under every meter whose use since `since`, with it, stays within its
     * limit, or under none. One transaction that first locks each meter's row (in one order, so
     * that two reservations cannot wait on each other): on PostgreSQL requests for the same meter
     * check and record one after another; SQLite runs one transaction at a time anyway.
     */
    async reserve(meters: { meter: string; limit: number }[], amount: number, at: string, since: string): Promise<Reserved> {
      const ordered = [...meters].sort((a, b) => (a.meter < b.meter ? -1 : a.meter > b.meter ? 1 : 0));
      return db.transaction(async (trx) => {
        for (const { meter } of ordered) await trx('quota_meters').insert({ meter, touched_at: at }).onConflict('meter').merge(['touched_at']);
        for (const { meter, limit } of ordered) {
          const row = await trx('quota_usage')
            .where({ meter })
            .andWhere('at', '>', since)
            .first<{ used: number | string | null; oldest: string | Date | null }>(trx.raw('sum(amount) as used'), trx.raw('min(at) as oldest'));
          const used = Number(row?.used ?? 0);
          if (used + amount > limit) return { ok: false, meter, used, oldest: row?.oldest ?? null };
        }
        const rows = await trx('quota_usage')
          .insert(ordered.map(({ meter }) => ({ meter, amount, at })))
          .returning('id');
        return { ok: true, ids: rows.map(insertedId) };
      });
    },

    /** Gives back what a reservation recorded. */
    release: (ids: number[]) => db('quota_usage').whereIn('id', ids).del(),

    /** Forgets amounts recorded before a moment, and the meters untouched since; how many amounts went. */
    async forgetBefore(before: string): Promise<number> {
      const removed = await db('quota_usage').where('at', '<', before).del();
      await db('quota_meters').where('touched_at', '<', before).del();
      return removed;
    },
  };
}

export type QuotasRepo = ReturnType<typeof quotasRepo>;
