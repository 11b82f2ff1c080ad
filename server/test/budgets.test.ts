import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountBudgets } from '../src/realtime/account-budgets.ts';
import { Client, api, newChat, signInCast, startTestServer } from './helpers.ts';

/** Waits for the close of a socket, or answers null once `ms` went by without one. */
const closedWithin = (client: Client, ms: number) =>
  Promise.race([client.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);

describe('the budgets of an account', () => {
  it('answers a flood of REST messages from one account with 429 beyond its budget, and leaves other accounts alone', async () => {
    // One message a second, five at once: a flood of 20 gets its five (and what a second gives back) through.
    const server = await startTestServer({ MESSAGES_PER_SECOND: '1' });
    try {
      const cast = await signInCast(server);
      // Started by staff, so that the customer's budget is whole.
      const chatId = (await api(server, 'POST', '/api/v1/chat/chats', { token: cast.admin.token, body: { customer_id: cast.emma.id } })).body.id;
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => api(server, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token, body: { content: `flood ${i}` } })),
      );
      const sent = answers.filter((r) => r.status === 201).length;
      const refused = answers.filter((r) => r.status === 429);
      assert.ok(sent >= 5 && sent + refused.length === 20, `sent ${sent}, refused ${refused.length}: ${answers.map((r) => r.status)}`);
      assert.ok(refused.length >= 5, `refused ${refused.length}`);
      for (const r of refused) {
        assert.equal(r.body.code, 'rate_limited');
        assert.match(r.body.detail, /at most 1 a second/);
        assert.ok(Number(r.headers.get('retry-after')) >= 1);
      }
      const stored = await api(server, 'GET', `/api/v1/chat/chats/${chatId}/messages?page_size=100`, { token: cast.admin.token });
      assert.equal(stored.body.total, sent, 'only what was answered 201 is stored');
      assert.equal((await api(server, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.admin.token, body: { content: 'still here' } })).status, 201);
    } finally {
      await server.stop();
    }
  });

  it('is one budget of messages over WebSocket and REST together, reads and new chats included', async () => {
    const server = await startTestServer({ MESSAGES_PER_SECOND: '1' });
    try {
      const cast = await signInCast(server);
      const chatId = await newChat(server, cast.emma, cast.admin); // one of the five
      const emma = await Client.connect(server, cast.emma);
      await emma.join(chatId);
      // The budget comes back at one a second from here on: what gets through later is counted against that.
      const drained = performance.now();
      for (let i = 0; i < 8; i++) emma.send({ type: 'send_message', chat_id: chatId, content: `ws ${i}`, client_message_id: `ws-${i}` });
      // A read names no message to send again: it is refused as other frames are, once a second.
      emma.send({ type: 'read_message', chat_id: chatId, message_id: 1 });
      const refused = await emma.next('error', (f) => f.code === 'rate_limited' && f.client_message_id !== undefined);
      assert.match(refused.error, /too many messages/);
      assert.equal(refused.chat_id, chatId);
      assert.match(refused.client_message_id, /^ws-\d$/, 'the refusal names the message, for the client to send it again');
      await emma.settle();
      assert.ok(emma.received('message').length <= 5, `${emma.received('message').length} messages went through`);
      const readRefused = await emma.next('error', (f) => f.code === 'rate_limited' && f.client_message_id === undefined);
      assert.match(readRefused.error, /too many messages and reads/);
      assert.equal(readRefused.chat_id, undefined);
      // What the socket spent, REST cannot spend again: messages, reads and new chats alike.
      const [rest, read, created] = await Promise.all([
        api(server, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token, body: { content: 'over REST' } }),
        api(server, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: cast.emma.token, body: { up_to_message_id: 1 } }),
        api(server, 'POST', '/api/v1/chat/chats/customer', { token: cast.emma.token, body: { user_id: cast.admin.id } }),
      ]);
      const through = [rest, read, created].filter((r) => r.status !== 429).length;
      const refilled = Math.floor((performance.now() - drained) / 1000);
      assert.ok(through <= refilled && through < 3, `${through} of 3 went through, ${refilled} s after the socket spent the budget`);
      assert.ok([rest, read, created].filter((r) => r.status === 429).every((r) => Number(r.headers.get('retry-after')) >= 1));
      await emma.close();
    } finally {
      await server.stop();
    }
  });

  it("keeps an account's frame budget across reconnects: a new socket starts from where the account stood", async () => {
    const server = await startTestServer({ WS_FRAMES_PER_SECOND: '100', WS_ACCOUNT_FRAMES_PER_SECOND: '4' });
    try {
      const cast = await signInCast(server);
      const first = await Client.connect(server, cast.emma);
      for (let i = 0; i < 4; i++) first.send({ type: 'ping' });
      for (let i = 0; i < 4; i++) await first.next('pong');
      await first.close();
      const again = await Client.connect(server, cast.emma);
      for (let i = 0; i < 4; i++) again.send({ type: 'ping' });
      const refused = await again.next('error', (f) => f.code === 'rate_limited');
      assert.match(refused.error, /4 and \d+ KiB on all the sockets of an account/);
      await again.close();
    } finally {
      await server.stop();
    }
  });

  it('keeps the budget of messages across reconnects', async () => {
    const server = await startTestServer({ MESSAGES_PER_SECOND: '1' });
    try {
      const cast = await signInCast(server);
      const chatId = await newChat(server, cast.emma, cast.admin);
      const first = await Client.connect(server, cast.emma);
      await first.join(chatId);
      for (let i = 0; i < 4; i++) first.send({ type: 'send_message', chat_id: chatId, content: `first ${i}`, client_message_id: `first-${i}` });
      for (let i = 0; i < 4; i++) await first.next('message');
      await first.close();
      const again = await Client.connect(server, cast.emma);
      await again.join(chatId);
      for (let i = 0; i < 3; i++) again.send({ type: 'send_message', chat_id: chatId, content: `again ${i}`, client_message_id: `again-${i}` });
      assert.equal((await again.next('error', (f) => f.code === 'rate_limited')).chat_id, chatId);
      await again.close();
    } finally {
      await server.stop();
    }
  });

  it('closes at once the next socket of an account that was closed for flooding', async () => {
    const server = await startTestServer({ WS_FRAMES_PER_SECOND: '5' });
    try {
      const cast = await signInCast(server);
      const flooder = await Client.connect(server, cast.emma);
      for (let i = 0; i < 100; i++) flooder.send({ type: 'ping' });
      assert.equal((await flooder.closed).code, 1013);
      // A fresh socket would forgive fifty refusals; the account has none left to forgive.
      const again = await Client.connect(server, cast.emma);
      for (let i = 0; i < 20; i++) again.send({ type: 'ping' });
      const closed = await closedWithin(again, 5000);
      assert.equal(closed?.code, 1013, 'the new socket was closed for the account’s flood');
      const other = await Client.connect(server, cast.lucas);
      await other.settle();
      await other.close();
    } finally {
      await server.stop();
    }
  });

  it('forgets the accounts whose budgets are full again, and holds a bounded number of the others', () => {
    const limits = { framesPerSecond: 1e9, accountFramesPerSecond: 1e9, accountBytesPerSecond: 1e9, messagesPerSecond: 1e9, guestMessagesPerDayPerAddress: 1e9 };
    const refilling = new AccountBudgets(limits);
    const online = refilling.of({ type: 'customer', id: 0 });
    online.sockets++;
    for (let id = 1; id <= 5000; id++) assert.ok(refilling.message({ type: 'customer', id }).ok);
    assert.ok(refilling.size < 2100, `${refilling.size} accounts held`);
    assert.equal(refilling.of({ type: 'customer', id: 0 }), online, 'an account with a socket open is kept');

    // One message a second, five at once: none of these is full again before the test ends.
    const slow = new AccountBudgets({ ...limits, messagesPerSecond: 1 }, () => 1, 2000);
    for (let id = 1; id <= 5000; id++) assert.ok(slow.message({ type: 'user', id }).ok);
    assert.ok(slow.size <= 2000, `${slow.size} accounts held`);
    for (let i = 0; i < 4; i++) assert.ok(slow.message({ type: 'user', id: 4999 }).ok);
    assert.equal(slow.message({ type: 'user', id: 4999 }).ok, false, 'an account still limited and lately seen is not forgotten');
  });

  it('bounds what the guests of one client address send in a day, over REST and WebSocket together, and no one else', async () => {
    const server = await startTestServer({ GUEST_MESSAGES_PER_DAY_PER_ADDRESS: '3', TRUST_PROXY: '1' });
    try {
      const cast = await signInCast(server);
      const from = (address: string) => ({ 'X-Forwarded-For': address });
      const guest = async (name: string, address: string) => {
        const started = await api(server, 'POST', '/api/v1/customer-auth/guest', { body: { name, phone: '+33 6 12 34 56 78', salon_id: 1 }, headers: from(address) });
        assert.equal(started.status, 201, JSON.stringify(started.body));
        const session = { token: started.body.access_token as string, id: started.body.profile.id as number, type: 'customer' as const };
        const chat = await api(server, 'POST', '/api/v1/chat/chats/customer', { token: session.token, body: { user_id: cast.admin.id }, headers: from(address) });
        assert.equal(chat.status, 201, JSON.stringify(chat.body));
        return { session, chatId: chat.body.id as number };
      };
      const write = (who: { session: { token: string }; chatId: number }, address: string) =>
        api(server, 'POST', `/api/v1/chat/chats/${who.chatId}/messages`, { token: who.session.token, body: { content: 'hello' }, headers: from(address) });

      const first = await guest('First', '192.0.2.50');
      const second = await guest('Second', '192.0.2.50');
      assert.equal((await write(first, '192.0.2.50')).status, 201);
      assert.equal((await write(second, '192.0.2.50')).status, 201, 'another guest of the address, the same budget');
      const socket = await Client.connect(server, first.session, from('192.0.2.50'));
      await socket.join(first.chatId);
      socket.send({ type: 'send_message', chat_id: first.chatId, content: 'third', client_message_id: 'g-3' });
      await socket.next('message', (f) => f.message?.client_message_id === 'g-3');
      socket.send({ type: 'send_message', chat_id: first.chatId, content: 'fourth', client_message_id: 'g-4' });
      const refused = await socket.next('error', (f) => f.code === 'rate_limited');
      assert.equal(refused.client_message_id, 'g-4');
      assert.match(refused.error, /too many messages from guests at this address today: at most 3 a day/);
      await socket.close();
      const overRest = await write(second, '192.0.2.50');
      assert.equal(overRest.status, 429);
      assert.match(overRest.body.detail, /guests at this address today/);

      assert.equal((await write(await guest('Elsewhere', '192.0.2.51'), '192.0.2.51')).status, 201, 'the guests of another address');
      const signedIn = await newChat(server, cast.emma, cast.admin);
      const fromCustomer = await api(server, 'POST', `/api/v1/chat/chats/${signedIn}/messages`, { token: cast.emma.token, body: { content: 'hi' }, headers: from('192.0.2.50') });
      assert.equal(fromCustomer.status, 201, 'a customer who signed in is not counted by address');
    } finally {
      await server.stop();
    }
  });
});
