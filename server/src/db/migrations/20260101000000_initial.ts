import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('salons', (t) => {
    t.increments('id');
    t.string('name', 200).notNullable();
    t.string('currency', 3).notNullable().defaultTo('EUR');
    t.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.integer('salon_id').notNullable().references('salons.id').onDelete('CASCADE');
    t.string('email', 254).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('role', 20).notNullable().defaultTo('staff');
    t.string('password_hash', 200).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['salon_id']);
  });

  await knex.schema.createTable('customers', (t) => {
    t.increments('id');
    t.string('phone', 32).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('password_hash', 200).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('salon_customers', (t) => {
    t.integer('salon_id').notNullable().references('salons.id').onDelete('CASCADE');
    t.integer('customer_id').notNullable().references('customers.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['salon_id', 'customer_id']);
    t.index(['customer_id']);
  });

  await knex.schema.createTable('chats', (t) => {
    t.increments('id');
    t.string('chat_type', 30).notNullable().defaultTo('user_customer');
    t.integer('salon_id').notNullable().references('salons.id').onDelete('CASCADE');
    t.string('title', 200);
    t.boolean('is_active').notNullable().defaultTo(true);
    t.boolean('is_archived').notNullable().defaultTo(false);
    t.timestamp('last_message_at', { useTz: true });
    t.string('last_message_preview', 200);
    t.integer('message_count').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['salon_id', 'is_archived', 'last_message_at']);
  });

  await knex.schema.createTable('chat_participants', (t) => {
    t.increments('id');
    t.integer('chat_id').notNullable().references('chats.id').onDelete('CASCADE');
    t.string('participant_type', 10).notNullable();
    t.integer('participant_id').notNullable();
    t.timestamp('joined_at', { useTz: true }).notNullable();
    t.boolean('is_active').notNullable().defaultTo(true);
    t.integer('unread_count').notNullable().defaultTo(0);
    t.integer('last_read_message_id');
    t.unique(['chat_id', 'participant_type', 'participant_id']);
    t.index(['participant_type', 'participant_id']);
  });

  await knex.schema.createTable('messages', (t) => {
    t.increments('id');
    t.integer('chat_id').notNullable().references('chats.id').onDelete('CASCADE');
    t.string('sender_type', 10).notNullable();
    t.integer('sender_id').notNullable();
    t.string('message_type', 20).notNullable();
    t.text('content');
    t.string('media_url', 2048);
    t.string('thumbnail_url', 2048);
    t.integer('reply_to_message_id').references('messages.id').onDelete('SET NULL');
    t.string('reference_type', 20);
    t.integer('reference_id');
    t.text('reference_snapshot');
    t.string('client_message_id', 64);
    t.boolean('is_edited').notNullable().defaultTo(false);
    t.boolean('is_deleted').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['chat_id', 'id']);
    t.unique(['sender_type', 'sender_id', 'client_message_id']);
  });

  await knex.schema.createTable('message_reads', (t) => {
    t.increments('id');
    t.integer('message_id').notNullable().references('messages.id').onDelete('CASCADE');
    t.integer('chat_id').notNullable().references('chats.id').onDelete('CASCADE');
    t.string('reader_type', 10).notNullable();
    t.integer('reader_id').notNullable();
    t.timestamp('read_at', { useTz: true }).notNullable();
    t.unique(['message_id', 'reader_type', 'reader_id']);
  });

  await knex.schema.createTable('uploads', (t) => {
    t.increments('id');
    t.string('file_url', 2048).notNullable().unique();
    t.string('file_name', 255).notNullable();
    t.string('file_type', 100).notNullable();
    t.integer('file_size').notNullable();
    t.string('thumbnail_url', 2048);
    t.string('uploader_type', 10).notNullable();
    t.integer('uploader_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('appointments', (t) => {
    t.increments('id');
    t.integer('salon_id').notNullable().references('salons.id').onDelete('CASCADE');
    t.integer('customer_id').references('customers.id').onDelete('SET NULL');
    t.integer('staff_user_id').references('users.id').onDelete('SET NULL');
    t.string('service', 200).notNullable();
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.integer('duration_minutes').notNullable();
    t.integer('price_cents').notNullable();
    t.string('status', 20).notNullable().defaultTo('booked');
    t.index(['salon_id', 'starts_at']);
    t.index(['customer_id']);
  });

  for (const table of ['products', 'packs']) {
    await knex.schema.createTable(table, (t) => {
      t.increments('id');
      t.integer('salon_id').notNullable().references('salons.id').onDelete('CASCADE');
      t.string('name', 200).notNullable();
      t.text('description');
      t.integer('price_cents').notNullable();
      t.string('image_url', 2048);
      if (table === 'packs') t.integer('sessions').notNullable().defaultTo(1);
      t.index(['salon_id']);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'packs',
    'products',
    'appointments',
    'uploads',
    'message_reads',
    'messages',
    'chat_participants',
    'chats',
    'salon_customers',
    'customers',
    'users',
    'salons',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
