import type { Knex } from 'knex';

/**
 * Messages: `seq`, a message's place in its chat (1 for the first), so that any page of a long
 * history is an index range instead of an offset to walk. Written with the message, under the
 * chat's row lock; `chats.message_count` is the chat's newest `seq`. The index on `media_url`
 * covers only messages that carry a file, so a text message costs it nothing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.integer('seq');
    t.dropIndex(['media_url']);
  });
  await knex.raw(
    `UPDATE messages SET seq = r.seq FROM (SELECT id, row_number() OVER (PARTITION BY chat_id ORDER BY id) AS seq FROM messages) AS r WHERE messages.id = r.id`,
  );
  await knex.raw('UPDATE chats SET message_count = (SELECT count(*) FROM messages WHERE messages.chat_id = chats.id)');
  await knex.schema.alterTable('messages', (t) => {
    t.index(['chat_id', 'seq']);
    t.index(['media_url'], 'messages_media_url_index', { predicate: knex.whereNotNull('media_url') });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropIndex(['media_url']);
    t.dropIndex(['chat_id', 'seq']);
    t.dropColumn('seq');
  });
  await knex.schema.alterTable('messages', (t) => {
    t.index(['media_url']);
  });
}
