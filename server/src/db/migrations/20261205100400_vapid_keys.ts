import type { Knex } from 'knex';

/**
 * The deployment's VAPID key pair, made by the first node that needs it: every node signs its
 * pushes with the one key the browsers subscribed with.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deployment', (t) => {
    t.string('vapid_public_key', 100).nullable();
    t.string('vapid_private_key', 100).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('deployment', (t) => {
    t.dropColumn('vapid_public_key');
    t.dropColumn('vapid_private_key');
  });
}
