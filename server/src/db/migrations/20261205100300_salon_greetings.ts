import type { Knex } from 'knex';

/**
 * Salons greet: `greeting` is what the empty conversation says before a customer's first
 * message; `greetings`, `away_messages` and `reply_times` hold the greeting, the away text and
 * the reply time in other languages (JSON objects by language tag), beside the defaults.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('salons', (t) => {
    t.text('greeting');
    t.text('greetings');
    t.text('away_messages');
    t.text('reply_times');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('salons', (t) => t.dropColumns('greeting', 'greetings', 'away_messages', 'reply_times'));
}
