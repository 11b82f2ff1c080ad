import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Chat, ChatSummary, CreatedChat } from '@salon-chat/protocol';
import { ACCOUNTS, Client, api, signInCast, newChat, startTestServer, type TestServer } from './helpers.ts';

describe('chats', () => {
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof signInCast>>;
  before(async () => {
    server = await startTestServer();
    cast = await signInCast(server);
  });
  after(() => server.stop());

  it('lets staff start a chat with a salon customer, shaped as in the guide', async () => {
    const res = await api(server, 'POST', '/api/v1/chat/chats', {
      token: cast.admin.token,
      body: { customer_id: cast.emma.id, title: 'Support Chat', initial_message: 'Hi, how can I help you?' },
    });
    assert.equal(res.status, 201);
    CreatedChat.parse(res.body);
    assert.equal(res.body.chat_type, 'user_customer');
    assert.equal(res.body.salon_id, 1);
    assert.equal(res.body.title, 'Support Chat');
    assert.equal(res.body.total_messages, 1);
    assert.equal(res.body.unread_count, 0);
    const customer = res.body.participants.find((p: { participant_type: string }) => p.participant_type === 'customer');
    assert.deepEqual({ id: customer.participant_id, unread: customer.unread_count, phone: customer.phone }, { id: cast.emma.id, unread: 1, phone: ACCOUNTS.customers[0].phone });
    const staff = res.body.participants.find((p: { participant_type: string }) => p.participant_type === 'user');
    assert.equal(staff.email, ACCOUNTS.staff[0].email);
  });

  it('lets a customer start a chat with a staff member', async () => {
    const res = await api(server, 'POST', '/api/v1/chat/chats/customer', {
      token: cast.lucas.token,
      body: { user_id: cast.stylist.id, title: 'Booking Inquiry', initial_message: "I'd like to book an appointment" },
    });
    assert.equal(res.status, 201);
    Chat.parse(res.body);
    assert.equal(res.body.unread_count, 0);
    assert.equal(res.body.last_message_preview, "I'd like to book an appointment");
  });

  it('refuses a chat with an unknown or foreign counterpart, naming the field', async () => {
    const cases = [
      [cast.admin.token, '/api/v1/chat/chats', { customer_id: 99_999 }, 'customer_id'],
      [cast.other.token, '/api/v1/chat/chats', { customer_id: cast.emma.id }, 'customer_id'],
      [cast.emma.token, '/api/v1/chat/chats/customer', { user_id: 99_999 }, 'user_id'],
      [cast.emma.token, '/api/v1/chat/chats/customer', { user_id: 'abc' }, 'user_id'],
      [cast.emma.token, '/api/v1/chat/chats/customer', {}, 'user_id'],
      [cast.emma.token, '/api/v1/chat/chats/customer', { user_id: 1, title: 'x'.repeat(201) }, 'title'],
    ] as const;
    for (const [token, route, body, field] of cases) {
      const res = await api(server, 'POST', route, { token, body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.match(res.body.detail, new RegExp(field));
    }
  });

  it('lists the salon inbox newest activity first, with previews, the caller’s unread and presence', async () => {
    const older = await newChat(server, cast.emma, cast.stylist, 'older');
    const newer = await newChat(server, cast.lucas, cast.stylist, 'newer');
    const lucas = await Client.connect(server, cast.lucas);
    try {
      const res = await api(server, 'GET', '/api/v1/chat/chats?is_archived=false', { token: cast.stylist.token });
      assert.equal(res.status, 200);
      for (const chat of res.body) ChatSummary.parse(chat);
      const ids = res.body.map((c: { id: number }) => c.id);
      assert.ok(ids.indexOf(newer) < ids.indexOf(older));
      const times = res.body.map((c: { last_message_at: string }) => c.last_message_at);
      assert.deepEqual(times, [...times].sort().reverse());
      const chat = res.body.find((c: { id: number }) => c.id === newer);
      assert.equal(chat.last_message_preview, 'newer');
      assert.equal(chat.unread_count, 1);
      assert.deepEqual(chat.online_participants, [cast.lucas.id]);
      assert.ok(res.body.every((c: { salon_id: number }) => c.salon_id === 1));
    } finally {
      await lucas.close();
    }
  });

  it('lists a customer only the chats it takes part in', async () => {
    const mine = await newChat(server, cast.emma, cast.admin, 'mine');
    const res = await api(server, 'GET', '/api/v1/chat/chats/customer', { token: cast.emma.token });
    assert.equal(res.status, 200);
    assert.ok(res.body.some((c: { id: number }) => c.id === mine));
    for (const chat of res.body) {
      assert.ok(chat.participants.some((p: { participant_type: string; participant_id: number }) => p.participant_type === 'customer' && p.participant_id === cast.emma.id));
    }
  });

  it('archives and unarchives in the salon’s lists, the customer keeping the chat in theirs', async () => {
    const chatId = await newChat(server, cast.emma, cast.admin, 'to archive');
    const archived = await api(server, 'POST', `/api/v1/chat/chats/${chatId}/archive`, { token: cast.admin.token });
    assert.equal(archived.status, 200);
    assert.equal(archived.body.is_archived, true);
    const inbox = async (flag: string) => (await api(server, 'GET', `/api/v1/chat/chats?is_archived=${flag}`, { token: cast.admin.token })).body.map((c: { id: number }) => c.id);
    assert.ok(!(await inbox('false')).includes(chatId));
    assert.ok((await inbox('true')).includes(chatId));
    const customerView = async (flag: string) => (await api(server, 'GET', `/api/v1/chat/chats/customer?is_archived=${flag}`, { token: cast.emma.token })).body;
    assert.deepEqual((await customerView('false')).find((c: { id: number }) => c.id === chatId)?.is_archived, false);
    assert.deepEqual(await customerView('true'), []);
    assert.equal((await api(server, 'POST', `/api/v1/chat/chats/${chatId}/unarchive`, { token: cast.admin.token })).body.is_archived, false);
    assert.ok((await inbox('false')).includes(chatId));
    assert.equal((await api(server, 'POST', `/api/v1/chat/chats/${chatId}/archive`, { token: cast.emma.token })).status, 403);
    assert.equal((await api(server, 'GET', '/api/v1/chat/chats?is_archived=maybe', { token: cast.admin.token })).status, 422);
  });

  it('lists any number of chats in the same two queries', async () => {
    const count = async () => {
      let queries = 0;
      const listener = () => queries++;
      server.services.db.on('query', listener);
      const res = await api(server, 'GET', '/api/v1/chat/chats', { token: cast.admin.token });
      server.services.db.removeListener('query', listener);
      return { queries, chats: res.body.length };
    };
    const before = await count();
    for (let i = 0; i < 5; i++) await newChat(server, cast.lucas, cast.admin, `more ${i}`);
    const afterMore = await count();
    assert.equal(afterMore.chats, before.chats + 5);
    assert.equal(afterMore.queries, before.queries);
  });

  it('gives staff the salon customers to start chats with, by name', async () => {
    const res = await api(server, 'GET', '/api/v1/customers', { token: cast.admin.token });
    assert.deepEqual(res.body.map((c: { name: string }) => c.name), ACCOUNTS.customers.map((c) => c.name).sort());
    const other = await api(server, 'GET', '/api/v1/customers', { token: cast.other.token });
    assert.deepEqual(other.body.map((c: { name: string }) => c.name), [ACCOUNTS.customers[1].name]);
  });

  it("finds the salon's customers by a part of their name (case aside) or phone number, the first few by name", async () => {
    const find = async (query: string) => {
      const res = await api(server, 'GET', `/api/v1/customers?${query}`, { token: cast.admin.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.map((c: { name: string }) => c.name);
    };
    assert.deepEqual(await find('search=ZOE'), ['Zoe Adams']);
    assert.deepEqual(await find('search=0000002'), ['Leo Chen']);
    assert.deepEqual(await find('search=nobody-like-this'), []);
    assert.deepEqual(await find('limit=1'), [ACCOUNTS.customers.map((c) => c.name).sort()[0]]);
    const other = await api(server, 'GET', '/api/v1/customers?search=Zoe', { token: cast.other.token });
    assert.deepEqual(other.body, [], "never another salon's customer");
    const bad = await api(server, 'GET', `/api/v1/customers?search=${encodeURIComponent('a\u0000b')}`, { token: cast.admin.token });
    assert.equal(bad.status, 422);
    assert.match(bad.body.detail, /control/);
  });
});
