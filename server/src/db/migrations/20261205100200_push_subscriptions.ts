import type { Knex } from 'knex';

/**
 * Web Push subscriptions of the salons' staff: one row per browser (its endpoint, unique), with
 * the keys that encrypt what is pushed to it, and the staff member it notifies.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('push_subscriptions', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('endpoint', 2048).notNullable().unique();
    t.string('p256dh', 100).notNullable();
    t.string('auth', 40).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('push_subscriptions');
}
