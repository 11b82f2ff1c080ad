import type { Knex } from 'knex';

/**
 * Conversation states, the salon's filing of a chat (docs/protocol.md, Conversation states):
 * `status` (`open` or `resolved`), `assignee_id` (a staff user of the chat's salon; no foreign
 * key, which SQLite would add by rebuilding the table, its cascades emptying the messages),
 * `waiting_since` (the first customer message no staff message has followed yet) and what the
 * salon's staff together have read (`staff_read_message_id`, and the customer messages after
 * it, `staff_unread_count`). All kept by the writes of messages, so a view of the inbox and its
 * counts read them from the chats' rows.
 *
 * The chats already there: an archived one is resolved (archiving meant done), the first staff
 * member who wrote in one is its assignee, and it waits since the first customer message after
 * the last staff message; what the salon read is the newest any of its staff participants read.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('chats', (t) => {
    t.string('status', 10).notNullable().defaultTo('open');
    t.integer('assignee_id');
    t.timestamp('waiting_since', { useTz: true });
    t.integer('staff_read_message_id');
    t.integer('staff_unread_count').notNullable().defaultTo(0);
  });
  await knex('chats').where({ is_archived: true }).update({ status: 'resolved' });
  const lastStaff = `(SELECT max(s.id) FROM messages AS s WHERE s.chat_id = chats.id AND s.sender_type = 'user')`;
  await knex.raw(`UPDATE chats SET
      assignee_id = (SELECT f.sender_id FROM messages AS f WHERE f.chat_id = chats.id AND f.sender_type = 'user' ORDER BY f.id LIMIT 1),
      waiting_since = CASE WHEN status = 'open' THEN
        (SELECT min(m.created_at) FROM messages AS m WHERE m.chat_id = chats.id AND m.sender_type = 'customer' AND m.id > coalesce(${lastStaff}, 0))
      END,
      staff_read_message_id = (SELECT max(p.last_read_message_id) FROM chat_participants AS p WHERE p.chat_id = chats.id AND p.participant_type = 'user')`);
  await knex.raw(`UPDATE chats SET staff_unread_count =
      (SELECT count(*) FROM messages AS m WHERE m.chat_id = chats.id AND m.sender_type = 'customer' AND m.id > coalesce(chats.staff_read_message_id, 0))`);
  await knex.schema.alterTable('chats', (t) => {
    t.index(['salon_id', 'status', 'last_message_at'], 'chats_salon_status_index');
    t.index(['salon_id', 'waiting_since'], 'chats_salon_waiting_index', { predicate: knex.whereNotNull('waiting_since') });
    t.index(['salon_id', 'assignee_id', 'status'], 'chats_salon_assignee_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('chats', (t) => {
    t.dropIndex([], 'chats_salon_assignee_index');
    t.dropIndex([], 'chats_salon_waiting_index');
    t.dropIndex([], 'chats_salon_status_index');
  });
  // in place on both databases: Knex would rebuild the table on SQLite, and its cascades would empty the messages
  for (const column of ['staff_unread_count', 'staff_read_message_id', 'waiting_since', 'assignee_id', 'status']) {
    await knex.raw(`ALTER TABLE chats DROP COLUMN ${column}`);
  }
}
