import type { Knex } from 'knex';

/**
 * Quotas: what each budget spent when (`quota_usage`: amounts by meter, e.g. an account's upload
 * bytes), and one row per meter that a reservation locks while it checks and records
 * (`quota_meters`), so that requests at once cannot spend a budget twice.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('quota_meters', (t) => {
    t.string('meter', 80).primary();
    t.timestamp('touched_at', { useTz: true }).notNullable().index();
  });
  await knex.schema.createTable('quota_usage', (t) => {
    t.increments('id');
    t.string('meter', 80).notNullable();
    t.bigInteger('amount').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().index();
    t.index(['meter', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('quota_usage');
  await knex.schema.dropTableIfExists('quota_meters');
}
