import type { CustomersQuery, SalonSettingsUpdate } from '@salon-chat/protocol';
import type { Actor } from '../domain.ts';
import { forbidden, notFound } from '../errors.ts';
import { contactFields, type PeopleRepo } from '../repos/people.ts';
import type { Online } from './chats.ts';
import { settingsOf, settingsRow } from './salon-settings.ts';

/** Who is who: a salon's public card, staff and settings, whether anyone of its staff is online; a salon's customers. */
export function directoryService(people: PeopleRepo, online: Online) {
  async function salonRow(id: number) {
    const salon = await people.salonById(id);
    if (!salon) throw notFound('salon');
    return salon;
  }

  return {
    async salon(id: number) {
      const salon = await salonRow(id);
      const staff = await people.salonStaff(id);
      return {
        id: salon.id,
        name: salon.name,
        currency: salon.currency,
        staff: staff.map(({ id, name, role }) => ({ id, name, role })),
        settings: settingsOf(salon),
        staff_online: staff.some((s) => online.isOnline({ type: 'user', id: s.id })),
      };
    },

    async settings(id: number) {
      return settingsOf(await salonRow(id));
    },

    /** Only the salon's own staff change its settings. */
    async updateSettings(actor: Actor, id: number, update: SalonSettingsUpdate) {
      await salonRow(id);
      if (actor.salonId !== id) throw forbidden("only the salon's staff change its settings");
      if (Object.keys(update).length) await people.updateSalon(id, settingsRow(update));
      return settingsOf(await salonRow(id));
    },

    /** The salon's customers, with how each is reached: all, or those a search finds (name, phone, e-mail). */
    customers: async (staff: Actor, query: CustomersQuery = {}) =>
      (await people.salonCustomers(staff.salonId!, query)).map((c) => ({ id: c.id, name: c.name, ...contactFields(c) })),
  };
}

export type DirectoryService = ReturnType<typeof directoryService>;
