import { createHmac } from 'node:crypto';
import { addressKey } from '../client-address.ts';
import type { AppError } from '../errors.ts';
import type { QuotasRepo } from '../repos/quotas.ts';

const DAY_MS = 24 * 3600 * 1000;

/** A budget of a day: what is counted under `meter`, how much of it 24 hours allow, and the refusal beyond. */
export interface Budget {
  meter: string;
  limit: number;
  refuse(used: number, retryAfterSeconds: number): AppError;
}

/** What a `take` recorded, to give back if the work it paid for is refused. */
export interface Reservation {
  ids: number[];
}

/**
 * Budgets of 24 hours counted in the database, so that they hold across restarts and the nodes of
 * a deployment, and that requests at once cannot spend one twice. Client addresses are counted by
 * a keyed hash of their network (`addressKey`): the database keeps no address.
 */
export function quotaService(repo: QuotasRepo, secret: string) {
  return {
    /** The meter of what a client address does (`what`: guests, guest chats, …). */
    addressMeter: (what: string, ip: string) => `${what}:address:${createHmac('sha256', secret).update(`quota:${addressKey(ip)}`).digest('base64url').slice(0, 22)}`,

    /** Takes `amount` from every budget at once, or from none and throws the refusal of one it would exceed. */
    async take(amount: number, budgets: Budget[]): Promise<Reservation> {
      const now = Date.now();
      const reserved = await repo.reserve(budgets, amount, new Date(now).toISOString(), new Date(now - DAY_MS).toISOString());
      if (reserved.ok) return { ids: reserved.ids };
      const budget = budgets.find((b) => b.meter === reserved.meter)!;
      const frees = reserved.oldest === null ? now + DAY_MS : new Date(reserved.oldest).getTime() + DAY_MS;
      throw budget.refuse(reserved.used, (frees - now) / 1000);
    },

    /** Gives back what a `take` recorded, for work that was refused after all. */
    release: async (reservation: Reservation): Promise<void> => {
      await repo.release(reservation.ids);
    },

    /** Forgets what was spent more than a day ago; how many amounts went. */
    forgetSpent: () => repo.forgetBefore(new Date(Date.now() - DAY_MS).toISOString()),
  };
}

export type QuotaService = ReturnType<typeof quotaService>;
