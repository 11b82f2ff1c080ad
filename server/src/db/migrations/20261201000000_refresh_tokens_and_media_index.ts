import type { Knex } from 'knex';

/**
 * Refresh tokens, one row each, so that they rotate: a token is used once, its successor is of
 * the same family, and a token used again after its grace period revokes the whole family (one
 * sign-in and everything refreshed from it). Signing out revokes the family too. Messages: an
 * index on `media_url`, to find the uploads no message carries.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('refresh_tokens', (t) => {
    t.string('id', 32).primary();
    t.string('family', 32).notNullable().index();
    t.string('participant_type', 10).notNullable();
    t.integer('participant_id').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable().index();
    t.timestamp('used_at', { useTz: true });
    t.boolean('revoked').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('messages', (t) => {
    t.index(['media_url']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropIndex(['media_url']);
  });
  await knex.schema.dropTableIfExists('refresh_tokens');
}
