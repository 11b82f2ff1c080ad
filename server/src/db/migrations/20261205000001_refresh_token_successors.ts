import type { Knex } from 'knex';

/**
 * Refresh tokens: who used one (`used_by`, a keyed hash of the client's address and User-Agent),
 * the token issued in its place (`successor`), and when it was presented a second time
 * (`reused_at`). A second presentation within the grace, by the same client, answers the same
 * successor once; any other reuse revokes the family.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('refresh_tokens', (t) => {
    t.string('used_by', 32);
    t.string('successor', 32);
    t.timestamp('reused_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('refresh_tokens', (t) => {
    t.dropColumn('reused_at');
    t.dropColumn('successor');
    t.dropColumn('used_by');
  });
}
