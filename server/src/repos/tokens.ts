import type { Db } from '../db/connection.ts';

export interface RefreshTokenRow {
  id: string;
  family: string;
  participant_type: string;
  participant_id: number;
  expires_at: string;
  used_at: string | null;
  /** A keyed hash of the client that used it. */
  used_by: string | null;
  /** The id of the token issued in its place. */
  successor: string | null;
  /** When it was presented again, within its grace, and answered with its successor. */
  reused_at: string | null;
  revoked: boolean | number;
}

export type NewRefreshToken = Pick<RefreshTokenRow, 'id' | 'family' | 'participant_type' | 'participant_id' | 'expires_at'>;

export function tokensRepo(db: Db) {
  return {
    insert: (row: NewRefreshToken) => db('refresh_tokens').insert(row),
    byId: (id: string) => db<RefreshTokenRow>('refresh_tokens').where({ id }).first(),

    /**
     * Uses a token up: records when, by whom and its successor, which is stored in the same
     * transaction. False (and nothing stored) when it was used already.
     */
    rotate: (id: string, use: { at: string; by: string }, successor: NewRefreshToken): Promise<boolean> =>
      db.transaction(async (tx) => {
        const used = await tx('refresh_tokens').where({ id }).whereNull('used_at').update({ used_at: use.at, used_by: use.by, successor: successor.id });
        if (used !== 1) return false;
        await tx('refresh_tokens').insert(successor);
        return true;
      }),

    /**
     * Records the one second presentation a used token may have: by the client that used it, at
     * or after `since`, and not before; false when it is not that (the caller revokes the family).
     */
    async reuse(id: string, by: string, since: string, at: string): Promise<boolean> {
      const rows = await db('refresh_tokens').where({ id, used_by: by, revoked: false }).whereNull('reused_at').where('used_at', '>=', since).update({ reused_at: at });
      return rows === 1;
    },

    revokeFamily: (family: string) => db('refresh_tokens').where({ family }).update({ revoked: true }),

    /** Forgets tokens past their expiry; how many went. */
    deleteExpired: (now: string) => db('refresh_tokens').where('expires_at', '<', now).del(),
  };
}

export type TokensRepo = ReturnType<typeof tokensRepo>;
