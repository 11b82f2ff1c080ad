import type { Knex } from 'knex';

/**
 * Quick replies (canned responses) of the salons' staff: a salon's shared ones (no owner) and
 * each staff member's own. A shortcut is unique among the salon's shared ones, and among a staff
 * member's own; partial unique indexes say so alike in SQLite and PostgreSQL.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('quick_replies', (t) => {
    t.increments('id');
    t.integer('salon_id').notNullable().references('salons.id').onDelete('CASCADE');
    t.integer('owner_id').nullable().references('users.id').onDelete('CASCADE');
    t.string('shortcut', 32).notNullable();
    t.string('title', 80).nullable();
    t.text('content').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
  });
  await knex.raw('CREATE UNIQUE INDEX quick_replies_shared_shortcut ON quick_replies (salon_id, shortcut) WHERE owner_id IS NULL');
  await knex.raw('CREATE UNIQUE INDEX quick_replies_own_shortcut ON quick_replies (owner_id, shortcut) WHERE owner_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('quick_replies');
}
