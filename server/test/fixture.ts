import { insertedId } from '../src/db/connection.ts';
import type { Services } from '../src/services/index.ts';

/**
 * The people the tests sign in as. Salon 1 has two staff and both customers; salon 2 one owner
 * and the second customer. (Shaped as the demo's accounts, so a test may sign in to either.)
 */
export const ACCOUNTS = {
  staff: [
    { email: 'owner@rose.test', password: 'rose-owner-1', name: 'Ava Martin', role: 'owner' },
    { email: 'stylist@rose.test', password: 'rose-stylist-1', name: 'Noah Petit', role: 'stylist' },
  ],
  otherSalonStaff: { email: 'owner@lin.test', password: 'lin-owner-1', name: 'Mia Berg', role: 'owner' },
  customers: [
    { phone: '+15550000001', password: 'zoe-secret-1', name: 'Zoe Adams' },
    { phone: '+15550000002', password: 'leo-secret-1', name: 'Leo Chen' },
  ],
} as const;

const DAY_MS = 24 * 3600 * 1000;

/**
 * What the tests start from, whatever the demo shows: two salons, their staff and customers, a
 * catalogue on each (products, packs, appointments) and no chats. Does nothing (and answers false)
 * when the database already has a salon, as a second node on the same database finds it.
 */
export async function seedFixture({ db, passwords }: Services): Promise<boolean> {
  if (await db('salons').first()) return false;
  const at = new Date().toISOString();
  const [rose, lin] = await db('salons')
    .insert([
      { name: 'Salon Rose', currency: 'EUR', created_at: at, guests_enabled: true, away_message: 'Back soon.', reply_time: 'within the hour', opening_hours: null, timezone: 'Europe/Paris' },
      { name: 'Salon Lin', currency: 'EUR', created_at: at, guests_enabled: false, away_message: null, reply_time: null, opening_hours: null, timezone: 'Europe/Oslo' },
    ])
    .returning('id')
    .then((rows) => rows.map(insertedId));

  const staff: number[] = [];
  for (const s of [...ACCOUNTS.staff.map((s) => ({ ...s, salon_id: rose })), { ...ACCOUNTS.otherSalonStaff, salon_id: lin }]) {
    const [row] = await db('users')
      .insert({ salon_id: s.salon_id, email: s.email, name: s.name, role: s.role, password_hash: await passwords.hash(s.password), created_at: at })
      .returning('id');
    staff.push(insertedId(row));
  }
  const customers: number[] = [];
  for (const c of ACCOUNTS.customers) {
    const [row] = await db('customers').insert({ phone: c.phone, name: c.name, password_hash: await passwords.hash(c.password), created_at: at }).returning('id');
    customers.push(insertedId(row));
  }
  const [ava, noah, mia] = staff as [number, number, number];
  const [zoe, leo] = customers as [number, number];
  await db('salon_customers').insert([
    { salon_id: rose, customer_id: zoe, created_at: at },
    { salon_id: rose, customer_id: leo, created_at: at },
    { salon_id: lin, customer_id: leo, created_at: at },
  ]);

  await db('products').insert([
    { salon_id: rose, name: 'Repair Oil', description: '50 ml', price_cents: 2490, image_url: null },
    { salon_id: rose, name: 'Shampoo', description: '250 ml', price_cents: 1850, image_url: null },
    { salon_id: rose, name: 'Heat Spray', description: '150 ml', price_cents: 1500, image_url: null },
    { salon_id: lin, name: 'Beard Balm', description: '60 ml', price_cents: 1200, image_url: null },
  ]);
  await db('packs').insert([
    { salon_id: rose, name: 'Colour Pack', description: 'Three sessions', price_cents: 14900, sessions: 3, image_url: null },
    { salon_id: rose, name: 'Wedding Pack', description: 'Two sessions', price_cents: 32000, sessions: 2, image_url: null },
  ]);
  const day = (offset: number, hour: number) => new Date(Math.floor(Date.now() / DAY_MS + offset) * DAY_MS + hour * 3600 * 1000).toISOString();
  await db('appointments').insert([
    { salon_id: rose, customer_id: zoe, staff_user_id: ava, service: 'Colour & cut', starts_at: day(1, 10), duration_minutes: 120, price_cents: 14500, status: 'booked' },
    { salon_id: rose, customer_id: zoe, staff_user_id: noah, service: 'Blow-dry', starts_at: day(-7, 15), duration_minutes: 45, price_cents: 3500, status: 'completed' },
    { salon_id: rose, customer_id: leo, staff_user_id: noah, service: 'Cut', starts_at: day(2, 17), duration_minutes: 30, price_cents: 2800, status: 'booked' },
    { salon_id: lin, customer_id: leo, staff_user_id: mia, service: 'Beard trim', starts_at: day(3, 11), duration_minutes: 20, price_cents: 1500, status: 'booked' },
  ]);
  return true;
}
