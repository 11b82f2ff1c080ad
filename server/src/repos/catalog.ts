import type { EntityType } from '@salon-chat/protocol';
import type { Db } from '../db/connection.ts';

export interface AppointmentRow {
  id: number;
  salon_id: number;
  customer_id: number | null;
  staff_user_id: number | null;
  staff_name: string | null;
  service: string;
  starts_at: string | Date;
  duration_minutes: number;
  price_cents: number;
  status: string;
  currency: string;
}

export interface ProductRow {
  id: number;
  salon_id: number;
  name: string;
  description: string | null;
  price_cents: number;
  image_url: string | null;
  sessions?: number;
  currency: string;
}

export function catalogRepo(db: Db) {
  const appointments = () =>
    db('appointments as a')
      .join('salons as s', 's.id', 'a.salon_id')
      .leftJoin('users as u', 'u.id', 'a.staff_user_id')
      .select<AppointmentRow[]>('a.*', 'u.name as staff_name', 's.currency');

  const items = (table: 'products' | 'packs') =>
    db(`${table} as i`).join('salons as s', 's.id', 'i.salon_id').select<ProductRow[]>('i.*', 's.currency');

  return {
    appointments(salonId: number, customerId?: number) {
      const q = appointments().where('a.salon_id', salonId).orderBy('a.starts_at');
      return customerId === undefined ? q : q.where('a.customer_id', customerId);
    },
    products: (salonId: number) => items('products').where('i.salon_id', salonId).orderBy('i.name'),
    packs: (salonId: number) => items('packs').where('i.salon_id', salonId).orderBy('i.name'),

    /** One entity of a salon, or undefined when it is not that salon's. */
    async entity(type: EntityType, id: number, salonId: number): Promise<AppointmentRow | ProductRow | undefined> {
      if (type === 'appointment') return (await appointments().where({ 'a.id': id, 'a.salon_id': salonId }))[0];
      return (await items(type === 'product' ? 'products' : 'packs').where({ 'i.id': id, 'i.salon_id': salonId }))[0];
    },
  };
}

export type CatalogRepo = ReturnType<typeof catalogRepo>;
