import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNTS, Client, api, signInCast, newChat, startTestServer, type TestServer } from './helpers.ts';

describe('WebSocket', () => {
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof signInCast>>;
  const clients: Client[] = [];
  const connect = async (who: keyof typeof cast) => {
    const client = await Client.connect(server, cast[who]);
    clients.push(client);
    return client;
  };

  before(async () => {
    server = await startTestServer({ WS_FRAMES_PER_SECOND: '200' });
    cast = await signInCast(server);
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
  });

  describe('connecting', () => {
    it('confirms the connection with the participant', async () => {
      const client = Client.open(server, 'user', cast.admin.token);
      clients.push(client);
      const connected = await client.next('connected');
      assert.equal(connected.participant_type, 'user');
      assert.equal(connected.participant_id, cast.admin.id);
    });

    it('closes with 1008 for a bad, wrong-side or refresh token', async () => {
      const login = await api(server, 'POST', '/api/v1/auth/login', { body: { email: ACCOUNTS.staff[0].email, password: ACCOUNTS.staff[0].password } });
      for (const [side, token] of [
        ['user', 'garbage'],
        ['user', ''],
        ['customer', cast.admin.token],
        ['user', cast.emma.token],
        ['user', login.body.refresh_token],
      ] as const) {
        const client = Client.open(server, side, token);
        const { code } = await client.closed;
        assert.equal(code, 1008, `${side} ${token.slice(0, 10)}`);
        assert.equal(client.received('connected').length, 0);
      }
    });

    it('answers ping with a pong carrying an ISO timestamp', async () => {
      const client = await connect('stylist');
      client.send({ type: 'ping' });
      const pong = await client.next('pong');
      assert.ok(!Number.isNaN(Date.parse(pong.timestamp)));
    });
  });

  describe('bad frames', () => {
    it('answers an error frame and keeps the socket usable', async () => {
      const client = await connect('emma');
      for (const [raw, code] of [
        ['not json', 'bad_json'],
        ['"a string"', 'bad_frame'],
        ['{"type":"fly"}', 'unknown_type'],
        ['{"type":"join_chat"}', 'validation_failed'],
        ['{"type":"typing","chat_id":1}', 'validation_failed'],
        ['{"type":"send_message","chat_id":"abc","content":"x"}', 'validation_failed'],
        [JSON.stringify({ type: 'ping', pad: 'x'.repeat(70_000) }), 'frame_too_large'],
      ]) {
        client.send(raw);
        const error = await client.next('error');
        assert.equal(error.code, code, raw.slice(0, 40));
        assert.equal(typeof error.error, 'string');
      }
      await client.settle();
      assert.equal(client.socket.readyState, client.socket.OPEN);
    });

    it('refuses to join a chat that does not exist or is not the caller’s', async () => {
      const theirs = await newChat(server, cast.lucas, cast.stylist, 'private');
      const emma = await connect('emma');
      const other = await connect('other');
      for (const [client, chatId] of [[emma, theirs], [emma, 999_999], [other, theirs]] as const) {
        client.send({ type: 'join_chat', chat_id: chatId });
        const error = await client.next('error', (f) => f.chat_id === chatId);
        assert.equal(error.code, 'not_found');
      }
      const lucas = await connect('lucas');
      await lucas.join(theirs);
      lucas.send({ type: 'send_message', chat_id: theirs, content: 'only for us' });
      await lucas.next('message');
      await Promise.all([emma.settle(), other.settle()]);
      assert.equal(emma.received('message').length + other.received('message').length, 0);
    });

    it('refuses send, typing and read before join_chat', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin, 'hello');
      const emma = await connect('emma');
      for (const frame of [
        { type: 'send_message', chat_id: chatId, content: 'hi' },
        { type: 'typing', chat_id: chatId, is_typing: true },
        { type: 'read_message', chat_id: chatId, message_id: 1 },
      ]) {
        emma.send(frame);
        assert.equal((await emma.next('error')).code, 'not_joined', frame.type);
      }
      assert.equal((await api(server, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token })).body.total, 1);
    });

    it('rate-limits a flood with one error, and closes a socket that keeps flooding', async () => {
      const flood = await startTestServer({ WS_FRAMES_PER_SECOND: '5' });
      try {
        const me = await signInCast(flood);
        const client = await Client.connect(flood, me.emma);
        for (let i = 0; i < 20; i++) client.send({ type: 'ping' });
        const error = await client.next('error', (f) => f.code === 'rate_limited');
        assert.match(error.error, /too many/);
        for (let i = 0; i < 100; i++) client.send({ type: 'ping' });
        const { code } = await client.closed;
        assert.equal(code, 1013, 'try again later: not a sign-in problem');
        assert.equal(client.received('error').length, 0, 'one rate_limited error, not one per frame');
      } finally {
        await flood.stop();
      }
    });
    it('closes a socket that floods steadily, although some of its frames get through every second', async () => {
      const flood = await startTestServer({ WS_FRAMES_PER_SECOND: '5' });
      try {
        const me = await signInCast(flood);
        const client = await Client.connect(flood, me.emma);
        const started = performance.now();
        const pinging = setInterval(() => client.socket.readyState === client.socket.OPEN && client.send({ type: 'ping' }), 20);
        const { code, reason } = await client.closed;
        clearInterval(pinging);
        assert.equal(code, 1013);
        assert.match(reason, /rate limit/);
        assert.ok(client.received('pong').length > 5, 'frames within the rate were answered meanwhile');
        assert.ok(performance.now() - started < 5000, 'closed within seconds');
      } finally {
        await flood.stop();
      }
    });

    it('counts bytes as well as frames, and answers frames over the size limit without decoding them', async () => {
      const tight = await startTestServer({ WS_BYTES_PER_SECOND: '100000' });
      try {
        const me = await signInCast(tight);
        const client = await Client.connect(tight, me.emma);
        const big = JSON.stringify({ type: 'ping', pad: 'x'.repeat(60_000) });
        client.send(big);
        assert.equal((await client.next('pong')).type, 'pong');
        client.send(big);
        const refused = await client.next('error');
        assert.equal(refused.code, 'rate_limited');
        assert.match(refused.error, /KiB a second/);

        const again = await Client.connect(tight, me.emma);
        again.send('{' + ' '.repeat(90_000) + '}');
        assert.equal((await again.next('error')).code, 'frame_too_large');
        again.send('x'.repeat(300 * 1024));
        assert.equal((await again.closed).code, 1009, 'above the hard ceiling the socket closes');
      } finally {
        await tight.stop();
      }
    });

    it('shares a budget among the sockets of one account, not with other accounts', async () => {
      const shared = await startTestServer({ WS_FRAMES_PER_SECOND: '100', WS_ACCOUNT_FRAMES_PER_SECOND: '6' });
      try {
        const me = await signInCast(shared);
        const [tab1, tab2, other] = await Promise.all([Client.connect(shared, me.emma), Client.connect(shared, me.emma), Client.connect(shared, me.lucas)]);
        for (let i = 0; i < 4; i++) [tab1, tab2, other].forEach((c) => c.send({ type: 'ping' }));
        await other.settle();
        await new Promise((resolve) => setTimeout(resolve, 200));
        const pongs = tab1.received('pong').length + tab2.received('pong').length;
        assert.ok(pongs >= 6 && pongs < 8, `the account's six frames of a burst went through, not all eight: ${pongs}`);
        assert.ok(tab1.received('error').length + tab2.received('error').length >= 1);
        assert.equal(other.received('pong').length, 4);
        assert.equal(other.received('error').length, 0);
      } finally {
        await shared.stop();
      }
    });

    it('caps the open sockets of one account', async () => {
      const capped = await startTestServer({ WS_SOCKETS_PER_ACCOUNT: '2' });
      try {
        const me = await signInCast(capped);
        const tabs = [await Client.connect(capped, me.emma), await Client.connect(capped, me.emma)];
        const third = Client.open(capped, 'customer', me.emma.token);
        const { code, reason } = await third.closed;
        assert.equal(code, 1013);
        assert.match(reason, /at most 2/);
        assert.ok(await Client.connect(capped, me.lucas), 'other accounts still connect');
        await tabs[0]!.close();
        await Client.connect(capped, me.emma);
      } finally {
        await capped.stop();
      }
    });

    it('lets an inbox join thousands of chats at once beside a tight frame limit', async () => {
      const inbox = await startTestServer({ WS_FRAMES_PER_SECOND: '5' });
      try {
        const me = await signInCast(inbox);
        const chatId = await newChat(inbox, me.emma, me.admin);
        const client = await Client.connect(inbox, me.admin);
        for (let i = 0; i < 2000; i++) client.send({ type: 'join_chat', chat_id: chatId });
        await client.settle(15_000); // each join checks access and reads who is online: seconds on a busy machine
        assert.equal(client.received('joined_chat').length, 2000);
        assert.equal(client.received('error').length, 0);
      } finally {
        await inbox.stop();
      }
    });

    it('refuses joins over their budget one by one, naming each chat, and keeps the socket', async () => {
      const inbox = await startTestServer({ WS_FRAMES_PER_SECOND: '5', WS_JOINS_PER_SECOND: '2' });
      try {
        const me = await signInCast(inbox);
        const chatId = await newChat(inbox, me.emma, me.admin);
        const client = await Client.connect(inbox, me.admin);
        for (let i = 0; i < 25; i++) client.send({ type: 'join_chat', chat_id: chatId });
        await client.settle();
        assert.equal(client.received('joined_chat').length, 20, 'ten seconds of the rate in a burst');
        const refused = client.received('error');
        assert.equal(refused.length, 5);
        for (const e of refused) assert.deepEqual([e.code, e.chat_id], ['rate_limited', chatId]);
        await client.settle();
      } finally {
        await inbox.stop();
      }
    });
  });

  describe('in a chat', () => {
    it('delivers a message to every joined member, sender included, with client_message_id', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin);
      const emma = await connect('emma');
      const admin = await connect('admin');
      await emma.join(chatId);
      await admin.join(chatId);
      emma.send({ type: 'send_message', chat_id: chatId, content: 'Hello salon', message_type: 'text', client_message_id: 'c-1' });
      const [mine, theirs] = await Promise.all([emma.next('message'), admin.next('message')]);
      assert.deepEqual(mine, theirs);
      assert.equal(mine.client_message_id, 'c-1');
      assert.equal(mine.message.content, 'Hello salon');
      assert.equal(mine.message.sender_type, 'customer');
      assert.equal(mine.message.sender_customer_id, cast.emma.id);
      assert.equal(mine.message.sender_name, ACCOUNTS.customers[0].name);
      assert.deepEqual(mine.message.read_receipts, []);
    });

    it('answers a retried client_message_id with the stored message, never a duplicate', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin);
      const emma = await connect('emma');
      const admin = await connect('admin');
      await emma.join(chatId);
      await admin.join(chatId);
      const frame = { type: 'send_message', chat_id: chatId, content: 'once', client_message_id: 'retry-1' };
      emma.send(frame);
      const first = await emma.next('message');
      emma.send(frame);
      const again = await emma.next('message');
      assert.equal(again.message.id, first.message.id);
      await admin.next('message');
      await admin.settle();
      assert.equal(admin.received('message').length, 0, 'the retry is not delivered again');
      const history = await api(server, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token });
      assert.equal(history.body.total, 1);
    });

    it('does not deliver messages of one chat to members of another', async () => {
      const a = await newChat(server, cast.emma, cast.admin);
      const b = await newChat(server, cast.lucas, cast.admin);
      const emma = await connect('emma');
      const lucas = await connect('lucas');
      await emma.join(a);
      await lucas.join(b);
      emma.send({ type: 'send_message', chat_id: a, content: 'for chat a' });
      await emma.next('message');
      await lucas.settle();
      assert.equal(lucas.received('message').length, 0);
    });

    it('sends typing, user_joined and user_left to the other members only', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin);
      const emma = await connect('emma');
      const admin = await connect('admin');
      await admin.join(chatId);
      await emma.join(chatId);
      const joined = await admin.next('user_joined');
      assert.deepEqual(joined, { type: 'user_joined', chat_id: chatId, participant_type: 'customer', participant_id: cast.emma.id });
      emma.send({ type: 'typing', chat_id: chatId, is_typing: true });
      const typing = await admin.next('typing');
      assert.deepEqual(typing, { type: 'typing', chat_id: chatId, participant_type: 'customer', participant_id: cast.emma.id, is_typing: true });
      emma.send({ type: 'leave_chat', chat_id: chatId });
      await emma.next('left_chat');
      assert.equal((await admin.next('user_left')).participant_id, cast.emma.id);
      await emma.settle();
      assert.deepEqual([...emma.received('typing'), ...emma.received('user_joined')], []);
    });

    it('sends user_left when the last socket in a chat closes', async () => {
      const chatId = await newChat(server, cast.lucas, cast.stylist);
      const stylist = await connect('stylist');
      await stylist.join(chatId);
      const lucas = await Client.connect(server, cast.lucas);
      await lucas.join(chatId);
      await stylist.next('user_joined');
      await lucas.close();
      assert.equal((await stylist.next('user_left', (f) => f.chat_id === chatId)).participant_id, cast.lucas.id);
    });

    it('sends read receipts to the members and the sender, and lowers unread_count', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin);
      const emma = await connect('emma');
      const admin = await connect('admin');
      await emma.join(chatId);
      emma.send({ type: 'send_message', chat_id: chatId, content: 'one' });
      emma.send({ type: 'send_message', chat_id: chatId, content: 'two' });
      await emma.next('message');
      const second = (await emma.next('message')).message;
      const before = await api(server, 'GET', `/api/v1/chat/chats/${chatId}`, { token: cast.admin.token });
      assert.equal(before.body.unread_count, 2);
      await admin.join(chatId);
      admin.send({ type: 'read_message', chat_id: chatId, message_id: second.id });
      const receipt = await emma.next('read_receipt');
      assert.equal(receipt.message_id, second.id, 'one receipt, for the newest read, covers the earlier one');
      assert.equal(receipt.message_ids, undefined);
      assert.equal(receipt.reader_type, 'user');
      assert.equal(receipt.reader_id, cast.admin.id);
      const afterRead = await api(server, 'GET', `/api/v1/chat/chats/${chatId}`, { token: cast.admin.token });
      assert.equal(afterRead.body.unread_count, 0);
      const history = await api(server, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token });
      assert.equal(history.body.messages[0].read_receipts[0].reader_id, cast.admin.id);
    });

    it('sends a read receipt to the sender on a socket that has not joined the chat', async () => {
      const chatId = await newChat(server, cast.lucas, cast.admin);
      const lucasSending = await connect('lucas');
      const lucasElsewhere = await connect('lucas');
      const admin = await connect('admin');
      await lucasSending.join(chatId);
      await admin.join(chatId);
      lucasSending.send({ type: 'send_message', chat_id: chatId, content: 'are you there?' });
      const { message } = await admin.next('message');
      admin.send({ type: 'read_message', chat_id: chatId, message_id: message.id });
      assert.equal((await lucasElsewhere.next('read_receipt')).message_id, message.id);
    });

    it('reports an unknown message in read_message as an error', async () => {
      const chatId = await newChat(server, cast.emma, cast.admin, 'hi');
      const admin = await connect('admin');
      await admin.join(chatId);
      admin.send({ type: 'read_message', chat_id: chatId, message_id: 987_654 });
      assert.equal((await admin.next('error')).code, 'not_found');
    });
  });

  describe('presence', () => {
    it('keeps a participant online until the last of its tabs closes', async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      // Lucas (customer 2) and Camille (user 1): ids that cannot be mistaken for each other.
      const chatId = await newChat(server, cast.lucas, cast.admin);
      const admin = await connect('admin');
      const tab1 = await Client.connect(server, cast.lucas);
      const tab2 = await Client.connect(server, cast.lucas);
      const joined = await admin.join(chatId);
      assert.ok(joined.online_participants.includes(cast.lucas.id));
      assert.deepEqual(joined.online_members, [
        { participant_type: 'customer', participant_id: cast.lucas.id },
        { participant_type: 'user', participant_id: cast.admin.id },
      ]);
      const list = async () => (await api(server, 'GET', `/api/v1/chat/chats/${chatId}`, { token: cast.admin.token })).body.online_participants;
      assert.deepEqual((await list()).sort(), [cast.lucas.id, cast.admin.id].sort());
      await tab1.close();
      await admin.settle();
      assert.equal(admin.received('presence').filter((p) => p.participant_type === 'customer').length, 0, 'one tab still open');
      assert.ok((await list()).includes(cast.lucas.id), 'still online after one tab closed');
      await tab2.close();
      const offline = await admin.next('presence', (f) => f.participant_type === 'customer' && f.chat_id === chatId);
      assert.equal(offline.online, false);
      assert.ok(!offline.online_participants.includes(cast.lucas.id));
      assert.deepEqual(offline.online_members, [{ participant_type: 'user', participant_id: cast.admin.id }]);
      assert.ok(!(await list()).includes(cast.lucas.id), 'offline after the last tab closed');
    });

    it("tells a customer whether anyone of the salon's staff is online, not only the one the chat went to", async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      const chatId = await newChat(server, cast.lucas, cast.admin);
      const staffOnline = async () => (await api(server, 'GET', '/api/v1/salons/1')).body.staff_online;
      const lucas = await connect('lucas');
      assert.equal((await lucas.join(chatId)).staff_online, false);
      assert.equal(await staffOnline(), false);
      const other = await connect('other');
      await lucas.settle();
      assert.equal(lucas.received('presence').length, 0, "another salon's staff say nothing of this one");
      const stylist = await connect('stylist');
      const came = await lucas.next('presence', (f) => f.participant_id === cast.stylist.id);
      assert.deepEqual([came.chat_id, came.online, came.staff_online], [chatId, true, true], 'the stylist is no member of the chat');
      assert.equal(await staffOnline(), true);
      await stylist.close();
      const went = await lucas.next('presence', (f) => f.participant_id === cast.stylist.id && !f.online);
      assert.equal(went.staff_online, false);
      assert.equal(await staffOnline(), false);
      await other.close();
      const admin = await connect('admin');
      await admin.join(chatId);
      await lucas.next('presence', (f) => f.participant_id === cast.admin.id && f.online);
      const back = await connect('stylist');
      assert.equal((await lucas.next('presence', (f) => f.participant_id === cast.stylist.id && f.online)).staff_online, true);
      await admin.settle();
      assert.equal(admin.received('presence').filter((f) => f.participant_id === cast.stylist.id).length, 0, "staff hear nothing of colleagues in chats that are not theirs");
      await back.close();
    });
  });

  describe('chat_created', () => {
    it('tells the salon staff about a chat a customer starts', async () => {
      const stylist = await connect('stylist');
      const other = await connect('other');
      const chatId = await newChat(server, cast.emma, cast.admin, 'new here');
      const created = await stylist.next('chat_created', (f) => f.chat.id === chatId);
      assert.equal(created.chat.last_message_preview, 'new here');
      await other.settle();
      assert.equal(other.received('chat_created').filter((f) => f.chat.id === chatId).length, 0);
    });
  });
});
