import type { Knex } from 'knex';

/**
 * Follow-ups: what reaches a customer who left with staff replies unread. `outbox` keeps every
 * e-mail and SMS to send, durably: who sends it (a lease), how often it was tried, when next,
 * and how it ended. `follow_ups` is a chat's quiet period: opened by the first staff message the
 * customer has not read, closed when they read. `sign_in_links` are the single-use links back.
 * Times the sender compares are milliseconds since the epoch, the same on either dialect.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox', (t) => {
    t.increments('id');
    t.string('channel', 10).notNullable();
    t.string('recipient', 254).notNullable();
    t.string('sender_name', 200);
    t.string('subject', 300);
    t.text('text_body').notNullable();
    t.text('html_body');
    t.text('headers');
    t.string('dedupe_key', 120).notNullable().unique();
    t.integer('salon_id').references('salons.id').onDelete('CASCADE');
    t.integer('chat_id').references('chats.id').onDelete('SET NULL');
    t.integer('customer_id').references('customers.id').onDelete('SET NULL');
    t.string('status', 12).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at').notNullable();
    t.string('lease_owner', 80);
    t.bigInteger('lease_until');
    t.string('transport', 20);
    t.string('provider_id', 200);
    t.text('last_error');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('sent_at');
    t.index(['status', 'next_attempt_at']);
    t.index(['salon_id', 'id']);
  });
  await knex.schema.createTable('follow_ups', (t) => {
    t.integer('chat_id').primary().references('chats.id').onDelete('CASCADE');
    t.integer('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.integer('first_message_id').notNullable();
    t.string('state', 10).notNullable().defaultTo('waiting');
    t.bigInteger('due_at').notNullable();
    t.integer('outbox_id').references('outbox.id').onDelete('SET NULL');
    t.index(['state', 'due_at']);
  });
  await knex.schema.createTable('sign_in_links', (t) => {
    t.string('id', 32).primary();
    t.integer('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.integer('chat_id').notNullable().references('chats.id').onDelete('CASCADE');
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('used_at');
  });
  await knex.schema.alterTable('customers', (t) => {
    t.bigInteger('follow_ups_off_at');
  });
  await knex.schema.alterTable('salons', (t) => {
    t.integer('follow_up_after');
    t.string('widget_url', 2048);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('salons', (t) => t.dropColumns('follow_up_after', 'widget_url'));
  await knex.schema.alterTable('customers', (t) => t.dropColumn('follow_ups_off_at'));
  await knex.schema.dropTable('sign_in_links');
  await knex.schema.dropTable('follow_ups');
  await knex.schema.dropTable('outbox');
}
