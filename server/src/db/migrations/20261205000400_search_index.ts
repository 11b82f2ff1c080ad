import type { Knex } from 'knex';

/**
 * The chat search goes through an index of trigrams, so that words (3 characters or more) are
 * found among a salon's messages without reading every message.
 *
 * SQLite: `messages_search`, an FTS5 table with the trigram tokenizer over `messages.content`
 * and the salon of the message's chat (`=<salon id>=`, so a search reads only its salon's
 * matches). Contentless: it keeps only the index, the text stays in `messages`. Triggers keep it
 * in step; a message without text (an image, a card) costs it nothing.
 *
 * PostgreSQL: GIN trigram indexes (pg_trgm) on the message text and on what else a search
 * matches (chat titles, customer names and contacts), used by `ILIKE`. Building them holds off
 * writes to those tables meanwhile; a large database may have them built beforehand with
 * `CREATE INDEX CONCURRENTLY` under the same names, which this migration then keeps.
 */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    try {
      await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    } catch (err) {
      throw new Error(
        `the chat search needs the PostgreSQL extension pg_trgm, which this database user could not create (${(err as Error).message}); ` +
          'have an administrator run CREATE EXTENSION pg_trgm in this database (or grant CREATE on it), then start again',
      );
    }
    await knex.raw('CREATE INDEX IF NOT EXISTS messages_content_trgm ON messages USING gin (content gin_trgm_ops)');
    await knex.raw('CREATE INDEX IF NOT EXISTS chats_title_trgm ON chats USING gin (title gin_trgm_ops)');
    await knex.raw('CREATE INDEX IF NOT EXISTS customers_name_trgm ON customers USING gin (name gin_trgm_ops)');
    await knex.raw('CREATE INDEX IF NOT EXISTS customers_contact_trgm ON customers USING gin ((coalesce(contact, phone)) gin_trgm_ops)');
    return;
  }
  await knex.raw(`CREATE VIRTUAL TABLE messages_search USING fts5(content, salon, content='', contentless_delete=1, tokenize='trigram')`);
  const salonOf = `(SELECT '=' || salon_id || '=' FROM chats WHERE id = new.chat_id)`;
  await knex.raw(`CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN new.content IS NOT NULL BEGIN
      INSERT INTO messages_search (rowid, content, salon) VALUES (new.id, new.content, ${salonOf});
    END`);
  await knex.raw(`CREATE TRIGGER messages_search_delete AFTER DELETE ON messages WHEN old.content IS NOT NULL BEGIN
      DELETE FROM messages_search WHERE rowid = old.id;
    END`);
  await knex.raw(`CREATE TRIGGER messages_search_update AFTER UPDATE OF content ON messages BEGIN
      DELETE FROM messages_search WHERE rowid = old.id;
      INSERT INTO messages_search (rowid, content, salon) SELECT new.id, new.content, ${salonOf} WHERE new.content IS NOT NULL;
    END`);
  await knex.raw(`INSERT INTO messages_search (rowid, content, salon)
    SELECT m.id, m.content, '=' || c.salon_id || '=' FROM messages AS m JOIN chats AS c ON c.id = m.chat_id WHERE m.content IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    for (const index of ['messages_content_trgm', 'chats_title_trgm', 'customers_name_trgm', 'customers_contact_trgm']) await knex.raw(`DROP INDEX IF EXISTS ${index}`);
    return;
  }
  for (const trigger of ['messages_search_insert', 'messages_search_delete', 'messages_search_update']) await knex.raw(`DROP TRIGGER IF EXISTS ${trigger}`);
  await knex.raw('DROP TABLE IF EXISTS messages_search');
}
