import type { Knex } from 'knex';

/**
 * Guests: the salon a guest started with, the only one they may write to; the guests already
 * there get the salon they were first linked to.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customers', (t) => {
    // no foreign key: SQLite would rebuild the table for one, and its cascades would empty salon_customers
    t.integer('guest_salon_id');
  });
  await knex('customers')
    .where({ is_guest: true })
    .update({
      guest_salon_id: knex('salon_customers').select('salon_id').whereRaw('salon_customers.customer_id = customers.id').orderBy(['created_at', 'salon_id']).limit(1),
    });
}

export async function down(knex: Knex): Promise<void> {
  // in place on both databases: Knex would rebuild the table on SQLite, and its cascades would empty salon_customers
  await knex.raw('ALTER TABLE customers DROP COLUMN guest_salon_id');
}
