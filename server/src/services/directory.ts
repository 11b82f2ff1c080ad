import type { Actor } from '../domain.ts';
import { notFound } from '../errors.ts';
import type { PeopleRepo } from '../repos/people.ts';

/** Who is who: a salon's public card and staff, a salon's customers. */
export function directoryService(people: PeopleRepo) {
  return {
    async salon(id: number) {
      const salon = await people.salonById(id);
      if (!salon) throw notFound('salon');
      const staff = await people.salonStaff(id);
      return { id: salon.id, name: salon.name, currency: salon.currency, staff: staff.map(({ id, name, role }) => ({ id, name, role })) };
    },

    customers: (staff: Actor) => people.salonCustomers(staff.salonId!),
  };
}

export type DirectoryService = ReturnType<typeof directoryService>;
