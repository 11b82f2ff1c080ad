import type { Knex } from 'knex';

/**
 * Guests: customers who started a chat with a name and a phone number or an e-mail. They keep
 * what they typed in `contact` (never in `phone`, which stays the sign-in of real accounts and
 * unique), and cannot sign in with a password. Salons: their settings for customers.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customers', (t) => {
    t.boolean('is_guest').notNullable().defaultTo(false);
    t.string('contact', 254);
  });
  await knex.schema.alterTable('salons', (t) => {
    t.boolean('guests_enabled').notNullable().defaultTo(true);
    t.text('away_message');
    t.string('reply_time', 60);
    t.text('opening_hours');
    t.string('timezone', 64).notNullable().defaultTo('UTC');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('salons', (t) => {
    t.dropColumns('guests_enabled', 'away_message', 'reply_time', 'opening_hours', 'timezone');
  });
  await knex.schema.alterTable('customers', (t) => {
    t.dropColumns('is_guest', 'contact');
  });
}
