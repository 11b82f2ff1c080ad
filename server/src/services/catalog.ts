import type { Appointment, EntityType, Pack, Product, Reference } from '@salon-chat/protocol';
import { iso, type Actor } from '../domain.ts';
import { forbidden, invalid } from '../errors.ts';
import type { AppointmentRow, CatalogRepo, ProductRow } from '../repos/catalog.ts';
import type { PeopleRepo } from '../repos/people.ts';

const price = (cents: number) => Math.round(cents) / 100;

export function appointmentView(a: AppointmentRow): Appointment {
  return {
    id: a.id,
    salon_id: a.salon_id,
    customer_id: a.customer_id,
    service: a.service,
    staff_name: a.staff_name,
    starts_at: iso(a.starts_at),
    duration_minutes: a.duration_minutes,
    price: price(a.price_cents),
    currency: a.currency,
    status: a.status,
  };
}

export function productView(p: ProductRow): Product | Pack {
  const view = {
    id: p.id,
    salon_id: p.salon_id,
    name: p.name,
    description: p.description,
    price: price(p.price_cents),
    currency: p.currency,
    image_url: p.image_url,
  };
  return p.sessions === undefined ? view : { ...view, sessions: p.sessions };
}

/** The card a message shows for an entity: what it is, when or how much. */
export function referenceOf(type: EntityType, row: AppointmentRow | ProductRow): Reference {
  if (type === 'appointment') {
    const a = row as AppointmentRow;
    return {
      type,
      id: a.id,
      title: a.service,
      subtitle: [a.staff_name, `${a.duration_minutes} min`].filter(Boolean).join(' · '),
      image_url: null,
      price: price(a.price_cents),
      currency: a.currency,
      starts_at: iso(a.starts_at),
      duration_minutes: a.duration_minutes,
      status: a.status,
    };
  }
  const p = row as ProductRow;
  return {
    type,
    id: p.id,
    title: p.name,
    subtitle: p.sessions !== undefined ? `${p.sessions} sessions` : p.description,
    image_url: p.image_url,
    price: price(p.price_cents),
    currency: p.currency,
    starts_at: null,
  };
}

export function catalogService(catalog: CatalogRepo, people: PeopleRepo) {
  /** The salon whose catalogue the caller may read: staff their own, customers one of theirs. */
  async function salonFor(actor: Actor, salonId: number | undefined): Promise<number> {
    if (actor.type === 'user') {
      if (salonId !== undefined && salonId !== actor.salonId) throw forbidden('staff see only their own salon');
      return actor.salonId!;
    }
    if (salonId === undefined) throw invalid('salon_id: required for customers');
    const salon = await people.salonById(salonId);
    if (!salon) throw invalid('salon_id: no such salon');
    return salonId;
  }

  return {
    async appointments(actor: Actor, salonId?: number, customerId?: number) {
      const salon = await salonFor(actor, salonId);
      const rows = await catalog.appointments(salon, actor.type === 'customer' ? actor.id : customerId);
      return rows.map(appointmentView);
    },
    async products(actor: Actor, salonId?: number) {
      return (await catalog.products(await salonFor(actor, salonId))).map(productView);
    },
    async packs(actor: Actor, salonId?: number) {
      return (await catalog.packs(await salonFor(actor, salonId))).map(productView);
    },

    /**
     * Resolves the entity a message in a chat of `salonId` refers to. Appointments must be the
     * chat customer's own.
     */
    /** The salon's time zone, in which its appointments' times are told. */
    async timeZone(salonId: number): Promise<string> {
      return (await people.salonById(salonId))?.timezone ?? 'UTC';
    },

    async resolve(type: EntityType, id: number, salonId: number, chatCustomerId: number | null): Promise<Reference> {
      const row = await catalog.entity(type, id, salonId);
      const foreignAppointment =
        type === 'appointment' && row && (row as AppointmentRow).customer_id !== null && (row as AppointmentRow).customer_id !== chatCustomerId;
      if (!row || foreignAppointment) throw invalid(`reference_id: no ${type} ${id} in this salon`);
      return referenceOf(type, row);
    },
  };
}

export type CatalogService = ReturnType<typeof catalogService>;
