import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, DEMO_ACCOUNTS, api, signInCast, newChat, startOn, type TestServer } from './helpers.ts';
import { timestampText } from '../src/db/connection.ts';
import { repositories } from '../src/repos/index.ts';

/** The same data-layer behaviour, through the real server, on every dialect. */
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`data layer on ${dialect}`, () => {
    let server: TestServer | undefined;
    let skip: string | undefined;
    let cast: Awaited<ReturnType<typeof signInCast>>;

    before(async () => {
      const started = await startOn(dialect, { SEED_DEMO: 'true' });
      if ('skip' in started) {
        skip = started.skip;
        return;
      }
      server = started;
      cast = await signInCast(server, DEMO_ACCOUNTS);
    });
    after(() => server?.stop());

    it('migrates and seeds the demo with history of every message type', async (t) => {
      if (skip) return t.skip(skip);
      const chats = await api(server!, 'GET', '/api/v1/chat/chats', { token: cast.admin.token });
      assert.equal(chats.body.length, 2);
      const history = await api(server!, 'GET', `/api/v1/chat/chats/${chats.body[0].id}/messages`, { token: cast.admin.token });
      const types = new Set(history.body.messages.map((m: { message_type: string }) => m.message_type));
      assert.deepEqual([...types].sort(), ['appointment', 'file', 'image', 'note', 'pack', 'product', 'text', 'voice']);
      assert.ok(history.body.messages.every((m: { created_at: string }) => m.created_at.endsWith('Z')));
    });

    it('gives every time as ISO 8601 in UTC with milliseconds, as it was written', async (t) => {
      if (skip) return t.skip(skip);
      const chats = (await api(server!, 'GET', '/api/v1/chat/chats', { token: cast.admin.token })).body;
      const history = (await api(server!, 'GET', `/api/v1/chat/chats/${chats[0].id}/messages`, { token: cast.admin.token })).body;
      const found = (value: unknown, key: string): string[] => {
        if (Array.isArray(value)) return value.flatMap((v) => found(v, ''));
        if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => found(v, k));
        return key.endsWith('_at') && value !== null ? [String(value)] : [];
      };
      const times = found([chats, history], '');
      assert.ok(times.length > 20);
      for (const time of times) assert.match(time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const sent = (await api(server!, 'POST', `/api/v1/chat/chats/${chats[0].id}/messages`, { token: cast.admin.token, body: { content: 'on time' } })).body;
      const stored = (await api(server!, 'GET', `/api/v1/chat/chats/${chats[0].id}/messages?page_size=1`, { token: cast.admin.token })).body.messages[0];
      assert.equal(stored.created_at, sent.created_at);
    });

    it('keeps unread counts, receipts and pages consistent', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.stylist, 'first');
      for (let i = 0; i < 4; i++) await api(server!, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token, body: { content: `n${i}` } });
      const unread = async () => (await api(server!, 'GET', `/api/v1/chat/chats/${chatId}`, { token: cast.stylist.token })).body.unread_count;
      assert.equal(await unread(), 5);
      const page = await api(server!, 'GET', `/api/v1/chat/chats/${chatId}/messages?page=2&page_size=2`, { token: cast.stylist.token });
      assert.deepEqual(page.body.messages.map((m: { content: string }) => m.content), ['n1', 'n0']);
      const read = await api(server!, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: cast.stylist.token, body: { up_to_message_id: page.body.messages[0].id } });
      assert.equal(read.body.read_message_ids.length, 3);
      assert.equal(await unread(), 2);
    });

    it('stores a message once when the same client_message_id races in', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.lucas, cast.admin);
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          api(server!, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.lucas.token, body: { content: 'race', client_message_id: 'race-1' } }),
        ),
      );
      assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
      assert.equal(results.filter((r) => r.status === 201).length, 1);
      const history = await api(server!, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.lucas.token });
      assert.equal(history.body.total, 1);
    });

    it('keeps every page exact when retried client ids share a batch with new messages', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.lucas, cast.stylist, 'm0');
      const lucas = { type: 'customer' as const, id: cast.lucas.id, salonId: null, name: 'Lucas' };
      const { messages } = server!.services;
      await messages.send(lucas, chatId, { content: 'm1', client_message_id: 'kept-1' });
      // Sent in one turn on a chat already proved (as a joined socket sends), so written in one
      // batch, in this order: the retry in the middle is skipped, not stored.
      const joined = { id: chatId, salon_id: 1 };
      const batch = await Promise.all(
        ['m2', 'm1 again', 'm3', 'm4'].map((content, i) => messages.send(lucas, chatId, { content, client_message_id: i === 1 ? 'kept-1' : `new-${i}` }, joined)),
      );
      assert.deepEqual(batch.map((s) => s.duplicate), [false, true, false, false]);
      const contents = async (query: string) =>
        (await api(server!, 'GET', `/api/v1/chat/chats/${chatId}/messages?${query}`, { token: cast.stylist.token })).body;
      const all = await contents('page_size=100');
      assert.deepEqual(all.messages.map((m: { content: string }) => m.content), ['m4', 'm3', 'm2', 'm1', 'm0']);
      assert.equal(all.total, 5);
      for (const [page, expected] of [[1, ['m4', 'm3']], [2, ['m2', 'm1']], [3, ['m0']]] as const) {
        const body = await contents(`page=${page}&page_size=2`);
        assert.deepEqual(body.messages.map((m: { content: string }) => m.content), expected, `page ${page}`);
        assert.equal(body.has_more, page < 3);
      }
    });

    it('keeps unread counts exact and frames in id order under concurrent writers', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin, 'start');
      const listener = await Client.connect(server!, cast.stylist);
      await listener.join(chatId);
      const first = (await api(server!, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token })).body.messages[0].id;
      const sends = Array.from({ length: 30 }, (_, i) =>
        api(server!, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: i % 3 ? cast.admin.token : cast.lucas.token, body: { content: `c${i}` } }),
      );
      const writers = [
        ...sends.filter((_, i) => i % 3 !== 0).map((p) => p.then((r) => r.status)),
        ...sends.filter((_, i) => i % 3 === 0).map((p) => p.then((r) => r.status)),
      ];
      const reads = Array.from({ length: 5 }, () =>
        api(server!, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: cast.emma.token, body: { up_to_message_id: first } }),
      );
      const statuses = await Promise.all(writers);
      await Promise.all(reads);
      assert.ok(statuses.every((s) => s === 201 || s === 404), String(statuses));
      const stored = await api(server!, 'GET', `/api/v1/chat/chats/${chatId}/messages?page_size=100`, { token: cast.emma.token });
      const fromStaff = stored.body.messages.filter((m: { sender_type: string; id: number }) => m.sender_type === 'user' && m.id > first).length;
      const emma = await api(server!, 'GET', `/api/v1/chat/chats/${chatId}`, { token: cast.emma.token });
      assert.equal(emma.body.unread_count, fromStaff);
      const frames = [];
      for (let i = 0; i < fromStaff; i++) frames.push((await listener.next('message')).message);
      const ids = frames.map((m) => m.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
      assert.deepEqual(frames.map((m) => m.created_at), [...frames.map((m) => m.created_at)].sort());
      assert.equal(emma.body.last_message_preview, stored.body.messages[0].content);
      await listener.close();
    });

    it('records a batch on its chats: count, preview, unread for each participant, staff who wrote joining with the others\' messages unread', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin, 'before the batch');
      const db = server!.services.db;
      const unread = async () =>
        Object.fromEntries(
          (await db('chat_participants').where({ chat_id: chatId }).select('participant_type', 'participant_id', 'unread_count')).map((p) => [`${p.participant_type}:${p.participant_id}`, p.unread_count]),
        );
      assert.deepEqual(await unread(), { [`customer:${cast.emma.id}`]: 0, [`user:${cast.admin.id}`]: 1 });
      const batch = { chatId, count: 3, preview: 'newest of the batch', customerWrote: true, customerCount: 2, firstStaff: cast.stylist.id, endsWithCustomer: false, senders: [{ who: { type: 'customer' as const, id: cast.emma.id }, count: 2 }, { who: { type: 'user' as const, id: cast.stylist.id }, count: 1 }] };
      const changed = await repositories(db).transaction((tx) => tx.chats.recordMessages(new Date().toISOString(), [batch]));
      assert.deepEqual(await unread(), { [`customer:${cast.emma.id}`]: 1, [`user:${cast.admin.id}`]: 4, [`user:${cast.stylist.id}`]: 2 });
      const chat = await db('chats').where({ id: chatId }).first();
      assert.deepEqual([chat.message_count, chat.last_message_preview], [4, 'newest of the batch']);
      // the stylist answered last: the chat waits no more, and is theirs
      assert.deepEqual(changed, [{ chat_id: chatId, salon_id: chat.salon_id, status: 'open', assignee_id: cast.stylist.id, waiting_since: null, is_archived: false }]);
      assert.deepEqual([chat.assignee_id, chat.waiting_since, chat.staff_unread_count], [cast.stylist.id, null, 3]);
    });

    it('keeps each chat in its senders\' order when batches are written side by side', async (t) => {
      if (skip) return t.skip(skip);
      const chatIds = [await newChat(server!, cast.emma, cast.admin, 'a'), await newChat(server!, cast.emma, cast.admin, 'b'), await newChat(server!, cast.emma, cast.admin, 'c')];
      // three sockets a side, each sending 20 frames over the three chats (within the rate limits)
      const sockets = await Promise.all([cast.admin, cast.admin, cast.admin, cast.emma, cast.emma, cast.emma].map((who) => Client.connect(server!, who)));
      for (const socket of sockets) for (const chatId of chatIds) await socket.join(chatId);
      const perSocket = 20;
      for (let n = 0; n < perSocket; n++) {
        sockets.forEach((socket, k) => socket.send({ type: 'send_message', chat_id: chatIds[(n + k) % 3], content: `${k}:${n}`, client_message_id: `side-by-side-${k}-${n}` }));
      }
      const sent = perSocket * sockets.length;
      const frames: { id: number; chat_id: number; content: string }[] = [];
      while (frames.length < sent) frames.push((await sockets[0]!.next('message')).message);
      for (const chatId of chatIds) {
        const ids = frames.filter((m) => m.chat_id === chatId).map((m) => m.id);
        assert.deepEqual(ids, [...ids].sort((a, b) => a - b), `chat ${chatId}: frames in id order`);
        const stored = await api(server!, 'GET', `/api/v1/chat/chats/${chatId}/messages?page_size=100`, { token: cast.admin.token });
        const contents: string[] = stored.body.messages.map((m: { content: string }) => m.content).reverse().slice(1);
        sockets.forEach((_, k) => {
          const mine = contents.filter((c) => c.startsWith(`${k}:`)).map((c) => Number(c.split(':')[1]));
          assert.deepEqual(mine, [...mine].sort((a, b) => a - b), `chat ${chatId}: socket ${k}'s messages in the order sent`);
        });
        assert.equal(stored.body.total, 1 + sent / 3);
      }
      await Promise.all(sockets.map((socket) => socket.close()));
    });

    it('restores the demo data only for the demo salons\' staff, from its own pages, trusting no address', async (t) => {
      if (skip) return t.skip(skip);
      const crossSite = await api(server!, 'POST', '/api/v1/demo/reset', { token: cast.admin.token, headers: { Origin: 'https://attacker.example' } });
      assert.equal(crossSite.status, 403);
      const anonymous = await api(server!, 'POST', '/api/v1/demo/reset', { headers: { 'X-Forwarded-For': '127.0.0.1', 'X-Forwarded-Host': 'localhost' } });
      assert.equal(anonymous.status, 401, 'a request from this very machine is no one in particular');
      assert.equal((await api(server!, 'POST', '/api/v1/demo/reset', { token: cast.emma.token })).status, 403, 'customers do not reset');
      const guest = await api(server!, 'POST', '/api/v1/customer-auth/guest', { body: { name: 'Reset Tester', email: 'r@example.com', salon_id: 1 } });
      assert.equal((await api(server!, 'POST', '/api/v1/demo/reset', { token: guest.body.access_token })).status, 403);
    });

    it('restores the demo data with ids from 1 again, closing sockets with 1012', async (t) => {
      if (skip) return t.skip(skip);
      await newChat(server!, cast.lucas, cast.admin, 'goes away');
      const quickReplies = '/api/v1/salons/1/quick-replies';
      const own = await api(server!, 'POST', quickReplies, { token: cast.admin.token, body: { shortcut: 'goes-away', content: 'goes away too' } });
      assert.equal(own.status, 201, JSON.stringify(own.body));
      const socket = await Client.connect(server!, cast.admin);
      assert.equal((await api(server!, 'POST', '/api/v1/demo/reset', { token: cast.stylist.token })).status, 204);
      assert.equal((await socket.closed).code, 1012);
      const again = await signInCast(server!, DEMO_ACCOUNTS);
      assert.deepEqual([again.admin.id, again.stylist.id, again.emma.id, again.lucas.id], [1, 2, 1, 2]);
      const chats = await api(server!, 'GET', '/api/v1/chat/chats', { token: again.admin.token });
      assert.deepEqual(chats.body.map((c: { id: number }) => c.id), [1, 2]);
      const replies = await api(server!, 'GET', quickReplies, { token: again.admin.token });
      assert.deepEqual(replies.body.map((r: { shortcut: string }) => r.shortcut), ['hours', 'parking', 'prices', 'thanks', 'when'], 'the demo salon\'s shared replies, and no other');
      const image = await fetch(`${server!.url}/uploads/chat/demo-inspiration.jpg`);
      assert.equal(image.status, 200);
    });

    it('pages the chat list by cursor, searches it, and starts guests', async (t) => {
      if (skip) return t.skip(skip);
      const s = server!;
      for (let i = 0; i < 12; i++) await newChat(s, cast.lucas, cast.stylist, i === 7 ? 'Do you do 100% henna_dye?' : `paging ${i}`);
      const whole = (await api(s, 'GET', '/api/v1/chat/chats', { token: cast.admin.token })).body.map((c: { id: number }) => c.id);
      const paged: number[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await fetch(`${s.url}/api/v1/chat/chats?limit=5${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${cast.admin.token}` } });
        const page = (await res.json()) as { id: number }[];
        assert.ok(page.length <= 5);
        paged.push(...page.map((c) => c.id));
        cursor = res.headers.get('x-next-cursor');
      } while (cursor);
      assert.deepEqual(paged, whole, 'the pages, one after another, are the whole list in its order');

      const search = async (q: string) =>
        (await api(s, 'GET', `/api/v1/chat/chats?search=${encodeURIComponent(q)}`, { token: cast.admin.token })).body.map((c: { id: number }) => c.id);
      assert.equal((await search('HENNA')).length, 1, 'message text, case aside');
      assert.equal((await search('100% henna_')).length, 1);
      assert.deepEqual(await search('100%henna'), [], '% is a character, not a wildcard');
      assert.ok((await search('lucas')).length >= 12, 'the customer name');
      assert.deepEqual(await search('no such words anywhere'), []);
      const bad = await api(s, 'GET', '/api/v1/chat/chats?limit=5&cursor=nonsense', { token: cast.admin.token });
      assert.equal(bad.status, 422);

      const at = new Date().toISOString();
      await s.services.db.batchInsert('chats', Array.from({ length: 150 }, (_, i) => ({ salon_id: 1, title: `bulk ${i}`, last_message_at: at, created_at: at, updated_at: at })), 50);
      const first = await api(s, 'GET', '/api/v1/chat/chats', { token: cast.admin.token });
      assert.equal(first.body.length, 100, 'without limit, the first page of the largest size, not every chat');
      assert.ok(first.headers.get('x-next-cursor'), 'with the cursor of the rest');

      const guest = await api(s, 'POST', '/api/v1/customer-auth/guest', { body: { name: 'Dialect Guest', email: 'guest@example.com', salon_id: 1 } });
      assert.equal(guest.status, 201);
      assert.equal(guest.body.profile.phone, 'guest@example.com');
    });

    it('rotates a refresh token once when the same one races in: one successor for the same client, the family revoked for another', async (t) => {
      if (skip) return t.skip(skip);
      const s = server!;
      const jti = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
      const { email, password } = DEMO_ACCOUNTS.staff[1];
      const login = async () => (await api(s, 'POST', '/api/v1/auth/login', { body: { email, password } })).body.refresh_token as string;
      const refresh = (token: string, agent: string) => api(s, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: token }, headers: { 'User-Agent': agent } });

      const token = await login();
      const tabs = await Promise.all([refresh(token, 'tab'), refresh(token, 'tab')]);
      assert.deepEqual(tabs.map((r) => r.status), [200, 200]);
      assert.equal(jti(tabs[0]!.body.refresh_token), jti(tabs[1]!.body.refresh_token));
      assert.equal((await refresh(tabs[0]!.body.refresh_token, 'tab')).status, 200, 'the one successor works');

      const stolen = await login();
      const race = await Promise.all([refresh(stolen, 'owner'), refresh(stolen, 'thief')]);
      assert.deepEqual(race.map((r) => r.status).sort(), [200, 401]);
      const won = race.find((r) => r.status === 200)!;
      assert.equal((await refresh(won.body.refresh_token, 'owner')).status, 401, 'the family is revoked, the successor given included');
    });
  });
}

describe('times read from PostgreSQL', () => {
  it('become the ISO 8601 text the API speaks, whatever digits of a second PostgreSQL wrote', () => {
    assert.equal(timestampText('2026-11-30 09:15:00+00'), '2026-11-30T09:15:00.000Z');
    assert.equal(timestampText('2026-11-30 09:15:00.5+00'), '2026-11-30T09:15:00.500Z');
    assert.equal(timestampText('2026-11-30 09:15:00.25+00'), '2026-11-30T09:15:00.250Z');
    assert.equal(timestampText('2026-11-30 09:15:00.123456+00'), '2026-11-30T09:15:00.123Z');
  });

  it('are read as dates when written in another zone', () => {
    assert.deepEqual(timestampText('2026-11-30 11:15:00.25+02'), new Date('2026-11-30T09:15:00.250Z'));
  });
});
