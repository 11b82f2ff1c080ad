/**
 * Conversation states (docs/protocol.md, Conversation states): open or resolved, waiting for the
 * salon, the assignee, the views of the inbox and their counts, the salon's reads, and that the
 * salon's filing never takes a chat from its customer; through the real server, on every dialect.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertedId, migrate, openDb, type Db } from '../src/db/connection.ts';
import { migrationSource } from '../src/db/migrations/index.ts';
import { api, Client, newChat, signInCast, startOn, type Session, type TestServer } from './helpers.ts';
import { postgresDatabase } from './postgres.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`conversation states on ${dialect}`, () => {
    let server: TestServer | undefined;
    let skip: string | undefined;
    let cast: Awaited<ReturnType<typeof signInCast>>;

    const chat = async (who: Session, chatId: number) => {
      const res = await api(server!, 'GET', `/api/v1/chat/chats/${chatId}`, { token: who.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const send = async (who: Session, chatId: number, content: string) => {
      const res = await api(server!, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: who.token, body: { content } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const post = (who: Session, path: string, body?: unknown) => api(server!, 'POST', path, { token: who.token, body });
    const assign = (who: Session, chatId: number, assigneeId: number | null) =>
      api(server!, 'PUT', `/api/v1/chat/chats/${chatId}/assignee`, { token: who.token, body: { assignee_id: assigneeId } });
    const list = async (who: Session, query: string) => {
      const res = await api(server!, 'GET', `/api/v1/chat/chats${who.type === 'customer' ? '/customer' : ''}?${query}`, { token: who.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return { ids: (res.body as { id: number }[]).map((c) => c.id), chats: res.body as Record<string, unknown>[], next: res.headers.get('X-Next-Cursor') };
    };
    const counts = async (who: Session) => {
      const res = await api(server!, 'GET', '/api/v1/chat/chats/counts', { token: who.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    /** The salon's chats made so far start afresh: resolved, so that a test counts only its own. */
    const resolveAll = () => server!.services.db('chats').update({ status: 'resolved', waiting_since: null, assignee_id: null });

    before(async () => {
      const started = await startOn(dialect);
      if ('skip' in started) {
        skip = started.skip;
        return;
      }
      server = started;
      cast = await signInCast(server);
    });
    after(() => server?.stop());

    it('makes a chat wait since its first unanswered customer message; the first staff reply ends the wait and assigns it to whoever replied', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin, 'Is Friday free?');
      const [first] = (await api(server!, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.admin.token })).body.messages;
      assert.deepEqual(pick(await chat(cast.admin, chatId)), { status: 'open', assignee_id: null, waiting_since: first.created_at });

      await send(cast.emma, chatId, 'In the morning, ideally');
      assert.equal((await chat(cast.admin, chatId)).waiting_since, first.created_at, 'still waiting since the first');

      await send(cast.stylist, chatId, 'Friday 10:00 works');
      assert.deepEqual(pick(await chat(cast.admin, chatId)), { status: 'open', assignee_id: cast.stylist.id, waiting_since: null });
      await send(cast.admin, chatId, 'See you then');
      assert.equal((await chat(cast.admin, chatId)).assignee_id, cast.stylist.id, 'the first who replied keeps it');

      const again = await send(cast.emma, chatId, 'Can I bring my daughter?');
      assert.equal((await chat(cast.stylist, chatId)).waiting_since, again.created_at);
    });

    it('lets staff resolve and reopen a chat; a customer who writes into a resolved chat reopens the same chat, never seeing it resolved', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.lucas, cast.admin, 'Thanks for today');
      const resolved = await post(cast.stylist, `/api/v1/chat/chats/${chatId}/resolve`);
      assert.equal(resolved.status, 200);
      assert.deepEqual(pick(resolved.body), { status: 'resolved', assignee_id: null, waiting_since: null });
      assert.equal((await post(cast.lucas, `/api/v1/chat/chats/${chatId}/resolve`)).status, 403);
      assert.equal((await post(cast.other, `/api/v1/chat/chats/${chatId}/resolve`)).status, 404);

      const seen = await chat(cast.lucas, chatId);
      assert.equal(seen.is_archived, false);
      assert.equal('status' in seen || 'assignee_id' in seen || 'waiting_since' in seen, false, 'the salon’s filing is not the customer’s');
      const before = (await list(cast.lucas, 'is_archived=false')).ids;
      assert.ok(before.includes(chatId));

      await send(cast.admin, chatId, 'Glad you liked it');
      assert.deepEqual(pick(await chat(cast.admin, chatId)), { status: 'resolved', assignee_id: cast.admin.id, waiting_since: null }, 'a staff message keeps it resolved');

      const message = await send(cast.lucas, chatId, 'One more question');
      assert.equal(message.chat_id, chatId);
      assert.deepEqual(pick(await chat(cast.admin, chatId)), { status: 'open', assignee_id: cast.admin.id, waiting_since: message.created_at });
      assert.deepEqual((await list(cast.lucas, 'is_archived=false')).ids.sort(), before.sort(), 'no second chat');

      assert.equal((await post(cast.admin, `/api/v1/chat/chats/${chatId}/resolve`)).body.status, 'resolved');
      const reopened = await post(cast.admin, `/api/v1/chat/chats/${chatId}/reopen`);
      assert.deepEqual(pick(reopened.body), { status: 'open', assignee_id: cast.admin.id, waiting_since: null });
    });

    it('keeps an archived chat, with its whole history, in its customer’s list; the customer writes into the same chat and brings it back to the inbox', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.lucas, cast.stylist, 'Colour next week?');
      await send(cast.stylist, chatId, 'Tuesday?');
      const archived = await post(cast.admin, `/api/v1/chat/chats/${chatId}/archive`);
      assert.equal(archived.body.is_archived, true);
      assert.ok(!(await list(cast.admin, 'is_archived=false')).ids.includes(chatId));

      const mine = await list(cast.lucas, 'is_archived=false');
      assert.ok(mine.ids.includes(chatId), 'the customer keeps the chat');
      assert.equal(mine.chats.find((c) => c.id === chatId)!.is_archived, false);
      assert.deepEqual((await list(cast.lucas, 'is_archived=true')).ids, []);
      const history = await api(server!, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.lucas.token });
      assert.equal(history.body.total, 2);

      await send(cast.lucas, chatId, 'Tuesday is fine');
      assert.ok((await list(cast.admin, 'is_archived=false')).ids.includes(chatId), 'back in the inbox');
      assert.equal((await chat(cast.admin, chatId)).total_messages, 3);
    });

    it('lets anyone of the salon assign, reassign and unassign a chat among the salon’s staff, and no one else', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin, 'Nails?');
      assert.equal((await assign(cast.admin, chatId, cast.stylist.id)).body.assignee_id, cast.stylist.id);
      assert.equal((await assign(cast.stylist, chatId, cast.admin.id)).body.assignee_id, cast.admin.id);
      assert.equal((await assign(cast.stylist, chatId, null)).body.assignee_id, null);

      const elsewhere = await assign(cast.admin, chatId, cast.other.id);
      assert.equal(elsewhere.status, 422);
      assert.match(elsewhere.body.detail, /assignee_id/);
      assert.equal((await assign(cast.admin, chatId, 999_999)).status, 422);
      assert.equal((await api(server!, 'PUT', `/api/v1/chat/chats/${chatId}/assignee`, { token: cast.admin.token, body: { assignee_id: String(cast.stylist.id) } })).status, 422);
      assert.equal((await assign(cast.emma, chatId, cast.admin.id)).status, 403);
      assert.equal((await assign(cast.other, chatId, cast.other.id)).status, 404);
      assert.equal((await chat(cast.admin, chatId)).assignee_id, null);
    });

    it('lists each view, combined with search and the cursor, and counts conversations, not messages', async (t) => {
      if (skip) return t.skip(skip);
      await resolveAll();
      const older = await newChat(server!, cast.emma, cast.admin, 'waiting longest: balayage');
      await send(cast.emma, older, 'and a second message');
      const newer = await newChat(server!, cast.lucas, cast.admin, 'waiting since later: balayage too');
      const answered = await newChat(server!, cast.lucas, cast.admin, 'answered');
      await send(cast.admin, answered, 'answered by Ava');
      const done = await newChat(server!, cast.emma, cast.admin, 'done');
      await post(cast.admin, `/api/v1/chat/chats/${done}/resolve`);

      assert.deepEqual((await list(cast.admin, 'view=unanswered')).ids, [older, newer], 'longest waiting first');
      assert.deepEqual((await list(cast.admin, 'view=mine')).ids, [answered]);
      assert.deepEqual((await list(cast.stylist, 'view=mine')).ids, []);
      assert.deepEqual((await list(cast.admin, 'view=open')).ids, [answered, newer, older]);
      assert.ok((await list(cast.admin, 'view=resolved')).ids.includes(done));
      assert.deepEqual((await list(cast.admin, 'view=unanswered&search=balayage')).ids, [older, newer]);
      assert.deepEqual((await list(cast.admin, 'view=unanswered&search=later')).ids, [newer]);

      const first = await list(cast.admin, 'view=unanswered&limit=1');
      assert.deepEqual(first.ids, [older]);
      assert.ok(first.next);
      const second = await list(cast.admin, `view=unanswered&limit=1&cursor=${first.next}`);
      assert.deepEqual([second.ids, second.next], [[newer], null]);

      const resolvedCount = (await list(cast.admin, 'view=resolved&limit=100')).ids.length;
      assert.deepEqual(await counts(cast.admin), { unanswered: 2, mine: 1, open: 3, resolved: resolvedCount });
      assert.deepEqual(await counts(cast.stylist), { unanswered: 2, mine: 0, open: 3, resolved: resolvedCount });
      assert.equal((await api(server!, 'GET', '/api/v1/chat/chats/counts', { token: cast.emma.token })).status, 403);
      assert.equal((await api(server!, 'GET', '/api/v1/chat/chats?view=waiting', { token: cast.admin.token })).status, 422);
    });

    it('counts a colleague’s read, participant or not: the customer sees it read, it stays read after a reload, and the chat stays unanswered until someone replies', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin, 'Hello?');
      const second = await send(cast.emma, chatId, 'Anyone there?');
      const emma = await Client.connect(server!, cast.emma);
      const noah = await Client.connect(server!, cast.stylist);
      assert.equal((await chat(cast.stylist, chatId)).unread_count, 2);
      await noah.join(chatId);
      noah.send({ type: 'read_message', chat_id: chatId, message_id: second.id });
      const receipt = await emma.next('read_receipt', (f) => f.chat_id === chatId);
      assert.deepEqual([receipt.message_id, receipt.reader_type, receipt.reader_id], [second.id, 'user', cast.stylist.id]);

      const history = await api(server!, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token });
      for (const message of history.body.messages) {
        assert.deepEqual(message.read_receipts.map((r: { reader_id: number }) => r.reader_id), [cast.stylist.id], `message ${message.id} read by Noah`);
      }
      assert.equal((await chat(cast.stylist, chatId)).unread_count, 0, 'read for Noah after a reload');
      assert.equal((await chat(cast.emma, chatId)).participants.length, 2, 'reading makes no one a participant');
      assert.ok((await list(cast.stylist, 'view=unanswered')).ids.includes(chatId), 'read, not answered');
      await post(cast.stylist, `/api/v1/chat/chats/${chatId}/read`, { up_to_message_id: second.id });
      assert.ok((await list(cast.stylist, 'view=unanswered')).ids.includes(chatId));
      await Promise.all([emma.close(), noah.close()]);
    });

    it('tells every staff socket of the salon of each change, joined or not, and neither customers nor another salon', async (t) => {
      if (skip) return t.skip(skip);
      const [ava, noah, mia, lucas] = await Promise.all([cast.admin, cast.stylist, cast.other, cast.lucas].map((who) => Client.connect(server!, who)));
      const chatId = await newChat(server!, cast.lucas, cast.admin, 'Hi');
      const state = (client: Client) => client.next('chat_state', (f) => f.chat_id === chatId);

      await post(cast.admin, `/api/v1/chat/chats/${chatId}/resolve`);
      for (const client of [ava, noah]) {
        const frame = await state(client);
        assert.deepEqual(frame, { type: 'chat_state', chat_id: chatId, status: 'resolved', assignee_id: null, waiting_since: null, is_archived: false, changed_by: { participant_type: 'user', participant_id: cast.admin.id } });
      }
      const written = await send(cast.lucas, chatId, 'Back again');
      for (const client of [ava, noah]) assert.deepEqual(pick(await state(client)), { status: 'open', assignee_id: null, waiting_since: written.created_at });
      await send(cast.stylist, chatId, 'Welcome back');
      for (const client of [ava, noah]) assert.deepEqual(pick(await state(client)), { status: 'open', assignee_id: cast.stylist.id, waiting_since: null });
      await assign(cast.stylist, chatId, cast.admin.id);
      for (const client of [ava, noah]) assert.equal((await state(client)).assignee_id, cast.admin.id);
      await post(cast.admin, `/api/v1/chat/chats/${chatId}/archive`);
      for (const client of [ava, noah]) assert.equal((await state(client)).is_archived, true);

      await send(cast.stylist, chatId, 'Nothing changes the state');
      await assign(cast.admin, chatId, cast.admin.id);
      await Promise.all([ava, noah, mia, lucas].map((c) => c.settle()));
      assert.deepEqual([ava, noah].map((c) => c.received('chat_state').filter((f) => f.chat_id === chatId).length), [0, 0], 'no frame when nothing changed');
      assert.deepEqual([mia, lucas].map((c) => c.received('chat_state').length), [0, 0]);
      await Promise.all([ava, noah, mia, lucas].map((c) => c.close()));
    });
  });
}

/** Archived chats of before conversation states: resolved, and their customers' again; the state of every chat from its messages. */
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`the conversation states' migration on ${dialect}`, () => {
    it('resolves archived chats, and gives each chat its assignee, its wait and what the salon read from the messages it has', async (t) => {
      let drop = async () => {};
      let url = 'sqlite::memory:';
      if (dialect === 'postgres') {
        const pg = await postgresDatabase();
        if ('skip' in pg) return t.skip(pg.skip);
        ({ url, drop } = pg);
      }
      const db = openDb(url);
      try {
        const before = (await migrationSource.getMigrations([])).filter((name) => name < '20261205100000');
        await db.migrate.latest({ migrationSource: { ...migrationSource, getMigrations: async () => before } });
        const chats = await oldChats(db);
        await migrate(db);
        const rows = await db('chats').orderBy('id').select('status', 'assignee_id', 'waiting_since', 'staff_read_message_id', 'staff_unread_count');
        assert.deepEqual(
          rows.map((r) => ({ ...r, waiting_since: r.waiting_since && new Date(r.waiting_since).toISOString() })),
          [
            { status: 'resolved', assignee_id: chats.staff, waiting_since: null, staff_read_message_id: chats.read, staff_unread_count: 1 },
            { status: 'open', assignee_id: null, waiting_since: chats.asked, staff_read_message_id: null, staff_unread_count: 2 },
          ],
        );
        await db.migrate.rollback({ migrationSource }, false);
        assert.equal(await db.schema.hasColumn('chats', 'status'), false, 'and down again');
      } finally {
        await db.destroy();
        await drop();
      }
    });
  });
}

/**
 * Two chats as they were before conversation states: one the salon answered, read and archived
 * (then the customer wrote again), one where the customer asked twice unanswered.
 */
async function oldChats(db: Db) {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 9, 10, minute)).toISOString();
  const insert = async (table: string, row: Record<string, unknown>) => insertedId((await db(table).insert(row).returning('id'))[0]);
  const salonId = await insert('salons', { name: 'Salon Rose', currency: 'EUR', created_at: at(0) });
  const staff = await insert('users', { salon_id: salonId, email: 'a@rose.test', name: 'Ava', password_hash: 'x', created_at: at(0) });
  const customerId = await insert('customers', { phone: '+15550000001', name: 'Lucas', password_hash: 'x', created_at: at(0) });
  const chat = (archived: boolean) => insert('chats', { salon_id: salonId, is_archived: archived, created_at: at(0), updated_at: at(0) });
  const message = (chatId: number, seq: number, type: 'user' | 'customer', minute: number) =>
    insert('messages', { chat_id: chatId, seq, sender_type: type, sender_id: type === 'user' ? staff : customerId, message_type: 'text', content: `at ${minute}`, created_at: at(minute), updated_at: at(minute) });
  const archived = await chat(true);
  await message(archived, 1, 'customer', 1);
  const answer = await message(archived, 2, 'user', 2);
  await db('chat_participants').insert({ chat_id: archived, participant_type: 'user', participant_id: staff, joined_at: at(0), last_read_message_id: answer });
  await message(archived, 3, 'customer', 3);
  const waiting = await chat(false);
  await message(waiting, 1, 'customer', 4);
  await message(waiting, 2, 'customer', 5);
  return { staff, read: answer, asked: at(4) };
}

/** A chat's state, as staff see it. */
const pick = (chat: Record<string, unknown>) => ({ status: chat.status, assignee_id: chat.assignee_id, waiting_since: chat.waiting_since });
