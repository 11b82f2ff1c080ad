import { insertedId, type Db } from '../db/connection.ts';
import { textSearch } from '../db/text-search.ts';

export interface UserRow {
  id: number;
  salon_id: number;
  email: string;
  name: string;
  role: string;
  password_hash: string;
}

export interface CustomerRow {
  id: number;
  phone: string;
  name: string;
  password_hash: string;
  is_guest: boolean | number;
  /** What a guest gave to be reached by: a phone number or an e-mail. */
  contact: string | null;
  /** The salon a guest started with. */
  guest_salon_id: number | null;
}

export interface SalonRow {
  id: number;
  name: string;
  currency: string;
  guests_enabled: boolean | number;
  away_message: string | null;
  reply_time: string | null;
  greeting: string | null;
  /** JSON objects of `Translations`: the greeting, away text and reply time by language tag. */
  greetings: string | null;
  away_messages: string | null;
  reply_times: string | null;
  /** JSON of `OpeningHours`. */
  opening_hours: string | null;
  timezone: string;
  /** Seconds before a follow-up, when the salon set its own. */
  follow_up_after: number | null;
  /** The page where the salon's widget lives, which follow-ups link back to. */
  widget_url: string | null;
}

/** How a customer is reached: what they gave to be reached by, else an account's phone (a guest's is a placeholder); or nothing. */
export const reachableAt = (c: { phone: string | null; contact: string | null; is_guest: boolean | number | null }) => c.contact ?? (c.is_guest ? null : c.phone);

/** How a customer is reached, as their salon's staff see it: a phone number or an e-mail (the other null), or neither. */
export function contactFields(c: Parameters<typeof reachableAt>[0]): { phone: string | null; email: string | null } {
  const contact = reachableAt(c);
  if (!contact) return { phone: null, email: null };
  return contact.includes('@') ? { phone: null, email: contact } : { phone: contact, email: null };
}

export function peopleRepo(db: Db) {
  return {
    userByEmail: (email: string) => db<UserRow>('users').whereRaw('lower(email) = lower(?)', [email]).first(),
    userById: (id: number) => db<UserRow>('users').where({ id }).first(),
    customerByPhone: (phone: string) => db<CustomerRow>('customers').where({ phone, is_guest: false }).first(),
    customerById: (id: number) => db<CustomerRow>('customers').where({ id }).first(),
    salonById: (id: number) => db<SalonRow>('salons').where({ id }).first(),
    setPasswordHash: (table: 'users' | 'customers', id: number, passwordHash: string) => db(table).where({ id }).update({ password_hash: passwordHash }),

    salonStaff: (salonId: number) =>
      db<UserRow>('users').where({ salon_id: salonId }).orderBy('id').select('id', 'name', 'role', 'email'),

    /** A salon's customers by name: all, or those whose name, phone or contact contains `search`; at most `limit`. */
    salonCustomers(salonId: number, { search, limit }: { search?: string; limit?: number } = {}) {
      const q = db('customers')
        .join('salon_customers', 'salon_customers.customer_id', 'customers.id')
        .where('salon_customers.salon_id', salonId)
        .orderBy('customers.name')
        .orderBy('customers.id')
        .select<Pick<CustomerRow, 'id' | 'name' | 'phone' | 'contact' | 'is_guest'>[]>('customers.id', 'customers.name', 'customers.phone', 'customers.contact', 'customers.is_guest');
      if (search) {
        const text = textSearch(db);
        q.where((w) => {
          for (const column of ['customers.name', 'customers.phone', 'customers.contact']) {
            const { sql, bindings } = text.contains(column, search);
            w.orWhereRaw(sql, bindings);
          }
        });
      }
      return limit ? q.limit(limit) : q;
    },

    async isSalonCustomer(salonId: number, customerId: number): Promise<boolean> {
      return Boolean(await db('salon_customers').where({ salon_id: salonId, customer_id: customerId }).first());
    },

    async customerSalonIds(customerId: number): Promise<number[]> {
      const rows = await db('salon_customers').where({ customer_id: customerId }).select<{ salon_id: number }[]>('salon_id');
      return rows.map((r) => r.salon_id);
    },

    /** A guest customer of a salon (theirs for good), in one transaction; answers its row. */
    async createGuest(salonId: number, guest: { name: string; contact: string | null; phone: string; password_hash: string }, at: string): Promise<CustomerRow> {
      return db.transaction(async (trx) => {
        const id = await trx('customers')
          .insert({ ...guest, is_guest: true, guest_salon_id: salonId, created_at: at })
          .returning('id')
          .then(([row]) => insertedId(row));
        await trx('salon_customers').insert({ salon_id: salonId, customer_id: id, created_at: at });
        return (await trx<CustomerRow>('customers').where({ id }).first())!;
      });
    },

    updateGuest: (id: number, changes: { contact: string; name?: string }) => db('customers').where({ id, is_guest: true }).update(changes),

    updateSalon: (id: number, changes: Partial<SalonRow>) => db<SalonRow>('salons').where({ id }).update(changes),

    linkCustomer: (salonId: number, customerId: number, at: string) =>
      db('salon_customers')
        .insert({ salon_id: salonId, customer_id: customerId, created_at: at })
        .onConflict(['salon_id', 'customer_id'])
        .ignore(),
  };
}

export type PeopleRepo = ReturnType<typeof peopleRepo>;
