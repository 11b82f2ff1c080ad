import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HistoryPage, Message } from '@salon-chat/protocol';
import { ACCOUNTS, Client, api, signInCast, newChat, startTestServer, type TestServer } from './helpers.ts';

describe('messages', () => {
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof signInCast>>;
  before(async () => {
    server = await startTestServer();
    cast = await signInCast(server);
  });
  after(() => server.stop());

  const send = (token: string, chatId: number, body: object) => api(server, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token, body });
  const history = (token: string, chatId: number, query = '') => api(server, 'GET', `/api/v1/chat/chats/${chatId}/messages${query}`, { token });

  describe('history', () => {
    let chatId: number;
    before(async () => {
      chatId = await newChat(server, cast.emma, cast.admin);
      for (let i = 1; i <= 7; i++) assert.equal((await send(cast.emma.token, chatId, { content: `m${i}` })).status, 201);
    });

    it('serves page 1 newest first, and has_more exactly while older pages exist', async () => {
      const pages = [];
      for (let page = 1; page <= 4; page++) {
        const res = await history(cast.admin.token, chatId, `?page=${page}&page_size=3`);
        assert.equal(res.status, 200);
        HistoryPage.parse(res.body);
        pages.push(res.body);
      }
      assert.deepEqual(pages.map((p) => p.messages.map((m: { content: string }) => m.content)), [['m7', 'm6', 'm5'], ['m4', 'm3', 'm2'], ['m1'], []]);
      assert.deepEqual(pages.map((p) => p.has_more), [true, true, false, false]);
      assert.deepEqual(pages.map((p) => p.total), [7, 7, 7, 7]);
      const exact = await history(cast.admin.token, chatId, '?page=1&page_size=7');
      assert.equal(exact.body.has_more, false);
    });

    it('scrolls back by cursor with before_id: newest first, has_more while older ones exist', async () => {
      const back = [];
      let cursor = (await history(cast.admin.token, chatId, '?page=1&page_size=3')).body.messages.at(-1).id as number;
      for (;;) {
        const res = await history(cast.admin.token, chatId, `?before_id=${cursor}&page_size=3`);
        assert.equal(res.status, 200);
        HistoryPage.parse(res.body);
        back.push([res.body.messages.map((m: { content: string }) => m.content), res.body.has_more]);
        if (!res.body.has_more) break;
        cursor = res.body.messages.at(-1).id;
      }
      assert.deepEqual(back, [[['m4', 'm3', 'm2'], true], [['m1'], false]]);
      const both = await history(cast.admin.token, chatId, `?before_id=${cursor}&after_id=1`);
      assert.equal(both.status, 422);
      assert.match(both.body.detail, /after_id and before_id/);
      assert.equal((await history(cast.admin.token, chatId, '?before_id=0')).status, 422);
    });

    it('defaults to 50 a page and caps page_size at 100', async () => {
      assert.equal((await history(cast.admin.token, chatId)).body.page_size, 50);
      assert.equal((await history(cast.admin.token, chatId, '?page_size=5000')).body.page_size, 100);
    });

    it('answers 422 to a page or page_size that is not a positive number', async () => {
      for (const q of ['?page=0', '?page=-1', '?page=abc', '?page_size=0', '?after_id=x']) {
        const res = await history(cast.admin.token, chatId, q);
        assert.equal(res.status, 422, q);
        assert.ok(res.body.detail);
      }
    });

    it('serves what came after a known message, oldest first', async () => {
      const all = (await history(cast.admin.token, chatId, '?page_size=100')).body.messages.reverse();
      const res = await history(cast.admin.token, chatId, `?after_id=${all[2].id}&page_size=2`);
      assert.deepEqual(res.body.messages.map((m: { content: string }) => m.content), ['m4', 'm5']);
      assert.equal(res.body.has_more, true);
      const tail = await history(cast.admin.token, chatId, `?after_id=${all[5].id}&page_size=2`);
      assert.deepEqual(tail.body.messages.map((m: { content: string }) => m.content), ['m7']);
      assert.equal(tail.body.has_more, false);
    });
  });

  describe('sending over REST', () => {
    it('stores and delivers the message like send_message', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin);
      const admin = await Client.connect(server, cast.admin);
      await admin.join(chatId);
      const res = await send(cast.emma.token, chatId, { content: 'over http', client_message_id: 'rest-1' });
      assert.equal(res.status, 201);
      Message.parse(res.body);
      const frame = await admin.next('message');
      assert.deepEqual(frame.message, res.body);
      assert.equal(frame.client_message_id, 'rest-1');
      await admin.close();
    });

    it('answers a retry with the stored message and status 200', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin);
      const first = await send(cast.emma.token, chatId, { content: 'once', client_message_id: 'same' });
      const again = await send(cast.emma.token, chatId, { content: 'once', client_message_id: 'same' });
      assert.equal(again.status, 200);
      assert.equal(again.body.id, first.body.id);
      assert.equal((await history(cast.emma.token, chatId)).body.total, 1);
      const elsewhere = await newChat(server, cast.emma, cast.admin);
      assert.equal((await send(cast.emma.token, elsewhere, { content: 'x', client_message_id: 'same' })).status, 409);
    });

    it('quotes the message a reply answers', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin);
      const original = await send(cast.emma.token, chatId, { content: 'Can I come at 5?' });
      const reply = await send(cast.admin.token, chatId, { content: 'Yes!', reply_to_message_id: original.body.id });
      assert.equal(reply.body.reply_to_message_id, original.body.id);
      assert.deepEqual(
        { id: reply.body.reply_to.id, content: reply.body.reply_to.content, sender: reply.body.reply_to.sender_name },
        { id: original.body.id, content: 'Can I come at 5?', sender: ACCOUNTS.customers[0].name },
      );
      const other = await newChat(server, cast.emma, cast.admin, 'other chat');
      const foreign = await send(cast.admin.token, other, { content: 'x', reply_to_message_id: original.body.id });
      assert.equal(foreign.status, 422);
      assert.match(foreign.body.detail, /reply_to_message_id/);
    });

    it('resolves appointment, product and pack references of the salon', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin);
      const appointments = (await api(server, 'GET', '/api/v1/catalog/appointments?salon_id=1', { token: cast.emma.token })).body;
      assert.ok(appointments.length > 0 && appointments.every((a: { customer_id: number }) => a.customer_id === cast.emma.id));
      const products = (await api(server, 'GET', '/api/v1/catalog/products', { token: cast.admin.token })).body;
      const packs = (await api(server, 'GET', '/api/v1/catalog/packs?salon_id=1', { token: cast.emma.token })).body;
      for (const [type, entity] of [['appointment', appointments[0]], ['product', products[0]], ['pack', packs[0]]] as const) {
        const res = await send(cast.admin.token, chatId, { message_type: type, reference_id: entity.id });
        assert.equal(res.status, 201, type);
        assert.equal(res.body.reference_type, type);
        assert.equal(res.body.reference.id, entity.id);
        assert.equal(res.body.reference.title, entity.service ?? entity.name);
        assert.equal(typeof res.body.reference.price, 'number');
      }
      const appointment = (await history(cast.admin.token, chatId)).body.messages.find((m: { message_type: string }) => m.message_type === 'appointment');
      assert.ok(appointment.reference.starts_at);
    });

    it('refuses references to another salon or another customer', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin);
      const foreignProduct = (await api(server, 'GET', '/api/v1/catalog/products', { token: cast.other.token })).body[0];
      const lucasAppointment = (await api(server, 'GET', '/api/v1/catalog/appointments?salon_id=1', { token: cast.lucas.token })).body[0];
      for (const body of [
        { message_type: 'product', reference_id: foreignProduct.id },
        { message_type: 'appointment', reference_id: lucasAppointment.id },
        { message_type: 'pack', reference_id: 99_999 },
        { message_type: 'product' },
        { content: 'x', reference_id: 1 },
      ]) {
        const res = await send(cast.admin.token, chatId, body);
        assert.equal(res.status, 422, JSON.stringify(body));
        assert.match(res.body.detail, /reference_id/);
      }
    });

    it('refuses empty, oversized, unsafe or ill-typed messages with 422', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin);
      for (const body of [
        {},
        { content: '   ' },
        { content: 'x'.repeat(4001) },
        { content: 42 },
        { message_type: 'image' },
        { message_type: 'sticker', content: 'x' },
        { media_url: 'javascript:alert(1)' },
        { media_url: '//evil.example/x.png' },
        { media_url: 'https://tracker.example/pixel.png', message_type: 'image' },
        { media_url: '/uploads/chat/never-uploaded.jpg' },
        { media_url: '/uploads/chat/demo-inspiration.jpg', message_type: 'voice' },
        { media_url: '/uploads/chat/demo-inspiration.jpg', message_type: 'product', reference_id: 1 },
        { content: 'a\u0000b' },
        { content: 'x', reply_to_message_id: 3_000_000_000 },
        { content: 'x', reply_to_message_id: 'first' },
      ]) {
        const res = await send(cast.emma.token, chatId, body);
        assert.equal(res.status, 422, JSON.stringify(body).slice(0, 60));
        assert.ok(res.body.detail);
      }
      assert.equal((await history(cast.emma.token, chatId)).body.total, 0);
    });
  });

  it('answers ids beyond 32 bits with 422, not a server error', async () => {
    for (const route of ['/api/v1/chat/chats/3000000000/messages', '/api/v1/chat/chats/1/messages?after_id=3000000000', '/api/v1/salons/3000000000']) {
      assert.equal((await api(server, 'GET', route, { token: cast.admin.token })).status, 422, route);
    }
    const create = await api(server, 'POST', '/api/v1/chat/chats', { token: cast.admin.token, body: { customer_id: 3_000_000_000 } });
    assert.equal(create.status, 422);
  });

  it('takes ids in JSON as numbers only', async () => {
    for (const customer_id of [true, '1', [1]]) {
      const res = await api(server, 'POST', '/api/v1/chat/chats', { token: cast.admin.token, body: { customer_id } });
      assert.equal(res.status, 422, JSON.stringify(customer_id));
    }
  });

  it('answers 400 to a body that claims gzip but is not', async () => {
    const res = await api(server, 'POST', '/api/v1/auth/login', { raw: '{"email":"a","password":"b"}', headers: { 'Content-Encoding': 'gzip' } });
    assert.equal(res.status, 400);
  });

  it('brings an archived chat back to the inbox when the customer writes', async () => {
    const chatId = await newChat(server, cast.emma, cast.admin, 'first');
    await api(server, 'POST', `/api/v1/chat/chats/${chatId}/archive`, { token: cast.admin.token });
    await send(cast.admin.token, chatId, { content: 'staff note in the archive' });
    assert.equal((await api(server, 'GET', `/api/v1/chat/chats/${chatId}`, { token: cast.admin.token })).body.is_archived, true);
    await send(cast.emma.token, chatId, { content: 'me again' });
    assert.equal((await api(server, 'GET', `/api/v1/chat/chats/${chatId}`, { token: cast.admin.token })).body.is_archived, false);
  });

  describe('reading', () => {
    it('marks a batch read in one call, with one receipt frame for the sender naming what was read', async () => {
      const chatId = await newChat(server, cast.lucas, cast.admin);
      const ids = [];
      for (const text of ['a', 'b', 'c']) ids.push((await send(cast.lucas.token, chatId, { content: text })).body.id);
      const lucas = await Client.connect(server, cast.lucas);
      const res = await api(server, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: cast.admin.token, body: { message_ids: [ids[0], ids[2]] } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { chat_id: chatId, read_message_ids: ids, unread_count: 0 });
      const receipt = await lucas.next('read_receipt');
      assert.equal(receipt.message_id, ids[2]);
      assert.deepEqual(receipt.message_ids, ids);
      await lucas.settle();
      assert.deepEqual(lucas.received('read_receipt'), [], 'no other receipt');
      const again = await api(server, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: cast.admin.token, body: { up_to_message_id: ids[2] } });
      assert.deepEqual(again.body.read_message_ids, []);
      await lucas.close();
    });

    it('sends each sender one receipt for the newest of its messages a read covers', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin);
      const byAdmin = [];
      const byStylist = [];
      for (const text of ['a1', 'a2']) byAdmin.push((await send(cast.admin.token, chatId, { content: text })).body.id);
      for (const text of ['s1', 's2', 's3']) byStylist.push((await send(cast.stylist.token, chatId, { content: text })).body.id);
      const [admin, stylist] = await Promise.all([Client.connect(server, cast.admin), Client.connect(server, cast.stylist)]);
      const res = await api(server, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: cast.emma.token, body: { up_to_message_id: byStylist[2] } });
      assert.deepEqual(res.body.read_message_ids, [...byAdmin, ...byStylist]);
      assert.equal((await admin.next('read_receipt')).message_id, byAdmin[1]);
      assert.equal((await stylist.next('read_receipt')).message_id, byStylist[2]);
      await Promise.all([admin.settle(), stylist.settle()]);
      assert.deepEqual([...admin.received('read_receipt'), ...stylist.received('read_receipt')], [], 'no other receipt');
      await Promise.all([admin.close(), stylist.close()]);
    });

    it('shows staff outside the chat what the salon has not read', async () => {
      const chatId = await newChat(server, cast.lucas, cast.admin, 'anyone there?');
      const forSam = async () => (await api(server, 'GET', `/api/v1/chat/chats/${chatId}`, { token: cast.stylist.token })).body.unread_count;
      assert.equal(await forSam(), 1);
      const last = (await history(cast.admin.token, chatId)).body.messages[0].id;
      await api(server, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: cast.admin.token, body: { up_to_message_id: last } });
      assert.equal(await forSam(), 0);
    });

    it('does not count or receipt one’s own messages', async () => {
      const chatId = await newChat(server, cast.lucas, cast.admin);
      const own = await send(cast.lucas.token, chatId, { content: 'mine' });
      const res = await api(server, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: cast.lucas.token, body: { up_to_message_id: own.body.id } });
      assert.deepEqual(res.body.read_message_ids, []);
      assert.equal(res.body.unread_count, 0);
    });

    it('answers 404 for messages outside the chat and 422 for a malformed batch', async () => {
      const chatId = await newChat(server, cast.lucas, cast.admin, 'hello');
      const elsewhere = await newChat(server, cast.emma, cast.admin, 'elsewhere');
      const foreignId = (await history(cast.admin.token, elsewhere)).body.messages[0].id;
      const read = (body: unknown) => api(server, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: cast.admin.token, body });
      assert.equal((await read({ message_ids: [foreignId] })).status, 404);
      for (const body of [{}, { message_ids: [] }, { message_ids: ['x'] }, { message_ids: Array.from({ length: 501 }, (_, i) => i + 1) }]) {
        assert.equal((await read(body)).status, 422, JSON.stringify(body).slice(0, 40));
      }
    });
  });
});
