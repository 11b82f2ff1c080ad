import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * The deployment: one row, whose `id` is drawn once, when the database is made. Every node of a
 * deployment shares its database and so this id; another database (one checkout run twice, a
 * second site on the same `JWT_SECRET`) has another. Tokens name it as their audience.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('deployment', (t) => {
    t.string('id', 32).primary();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex('deployment').insert({ id: randomBytes(16).toString('base64url'), created_at: new Date().toISOString() });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('deployment');
}
