import type { Db } from '../db/connection.ts';

export interface RefreshTokenRow {
  id: string;
  family: string;
  participant_type: string;
  participant_id: number;
  expires_at: string;
  used_at: string | null;
  revoked: boolean | number;
}

export function tokensRepo(db: Db) {
  return {
    insert: (row: Omit<RefreshTokenRow, 'used_at' | 'revoked'>) => db('refresh_tokens').insert(row),
    byId: (id: string) => db<RefreshTokenRow>('refresh_tokens').where({ id }).first(),

    /** Marks a token used; false when another request used it first. */
    async markUsed(id: string, at: string): Promise<boolean> {
      return (await db('refresh_tokens').where({ id }).whereNull('used_at').update({ used_at: at })) === 1;
    },

    revokeFamily: (family: string) => db('refresh_tokens').where({ family }).update({ revoked: true }),

    /** Forgets tokens past their expiry; how many went. */
    deleteExpired: (now: string) => db('refresh_tokens').where('expires_at', '<', now).del(),
  };
}

export type TokensRepo = ReturnType<typeof tokensRepo>;
