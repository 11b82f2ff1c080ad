import { MAX_QUICK_REPLIES, type QuickReply, type QuickReplyChange, type QuickReplyDraft } from '@salon-chat/protocol';
import type { Actor } from '../domain.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import type { PeopleRepo } from '../repos/people.ts';
import type { QuickRepliesRepo, QuickReplyRow } from '../repos/quick-replies.ts';

/** The roles that look after a salon's shared quick replies. */
export const SHARED_REPLY_ROLES = ['owner', 'admin'];

const taken = (shortcut: string, shared: boolean) =>
  new AppError(409, 'conflict', `shortcut: /${shortcut} is already one of ${shared ? "the salon's shared" : 'your'} quick replies`);

/**
 * Quick replies (extension): a salon's staff list the salon's shared replies and their own; each
 * keeps their own; the salon's owners and admins (any of its staff, where it has none) look after
 * the shared ones.
 */
export function quickReplyService(repo: QuickRepliesRepo, people: PeopleRepo) {
  function ofSalon(actor: Actor, salonId: number): void {
    if (actor.salonId !== salonId) throw forbidden("only the salon's staff use its quick replies");
  }

  async function managesShared(actor: Actor): Promise<boolean> {
    const staff = await people.salonStaff(actor.salonId!);
    const managers = staff.filter((s) => SHARED_REPLY_ROLES.includes(s.role));
    return managers.length === 0 || managers.some((s) => s.id === actor.id);
  }

  async function mayChangeShared(actor: Actor): Promise<void> {
    if (!(await managesShared(actor))) throw forbidden(`only the salon's ${SHARED_REPLY_ROLES.join(' or ')} change its shared quick replies`);
  }

  const shown = (row: QuickReplyRow, manager: boolean): QuickReply => ({
    id: row.id,
    shortcut: row.shortcut,
    title: row.title,
    content: row.content,
    scope: row.owner_id === null ? 'salon' : 'mine',
    editable: row.owner_id !== null || manager,
  });

  /** One of the replies the caller sees, to change: the salon's shared one (for those who may) or their own. */
  async function changeable(actor: Actor, salonId: number, id: number): Promise<QuickReplyRow> {
    ofSalon(actor, salonId);
    const row = await repo.byId(id);
    if (!row || row.salon_id !== salonId || (row.owner_id !== null && row.owner_id !== actor.id)) throw notFound('quick reply');
    if (row.owner_id === null) await mayChangeShared(actor);
    return row;
  }

  /** The reply as it is now (deleted meanwhile: 404). */
  async function answer(actor: Actor, id: number): Promise<QuickReply> {
    const row = await repo.byId(id);
    if (!row) throw notFound('quick reply');
    return shown(row, await managesShared(actor));
  }

  return {
    async list(actor: Actor, salonId: number): Promise<QuickReply[]> {
      ofSalon(actor, salonId);
      const manager = await managesShared(actor);
      return (await repo.visibleTo(salonId, actor.id)).map((row) => shown(row, manager));
    },

    async create(actor: Actor, salonId: number, { scope, ...reply }: QuickReplyDraft): Promise<QuickReply> {
      ofSalon(actor, salonId);
      const shared = scope === 'salon';
      if (shared) await mayChangeShared(actor);
      const owner = shared ? null : actor.id;
      if ((await repo.count(salonId, owner)) >= MAX_QUICK_REPLIES) {
        throw new AppError(409, 'conflict', `${shared ? 'the salon shares' : 'you have'} ${MAX_QUICK_REPLIES} quick replies already, the most there may be`);
      }
      const id = await repo.insert(salonId, owner, { title: null, ...reply }, Date.now());
      if (id === 'taken') throw taken(reply.shortcut, shared);
      return answer(actor, id);
    },

    async update(actor: Actor, salonId: number, id: number, change: QuickReplyChange): Promise<QuickReply> {
      const row = await changeable(actor, salonId, id);
      if ((await repo.update(id, change, Date.now())) === 'taken') throw taken(change.shortcut!, row.owner_id === null);
      return answer(actor, id);
    },

    async remove(actor: Actor, salonId: number, id: number): Promise<void> {
      await changeable(actor, salonId, id);
      await repo.remove(id);
    },
  };
}

export type QuickReplyService = ReturnType<typeof quickReplyService>;
