import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, api, signInCast, newChat, startTestServer, type Session, type TestServer } from './helpers.ts';

/** Every chat endpoint and frame, tried by every actor who is not allowed in the chat. */
describe('authorization matrix', () => {
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof signInCast>>;
  let chatId: number;
  let messageId: number;

  before(async () => {
    server = await startTestServer();
    cast = await signInCast(server);
    chatId = await newChat(server, cast.emma, cast.admin, 'private to Emma and the salon');
    messageId = (await api(server, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token })).body.messages[0].id;
  });
  after(() => server.stop());

  const endpoints = () =>
    [
      ['GET', `/api/v1/chat/chats/${chatId}`, undefined],
      ['GET', `/api/v1/chat/chats/${chatId}/messages`, undefined],
      ['GET', `/api/v1/chat/chats/${chatId}/messages?after_id=0`, undefined],
      ['POST', `/api/v1/chat/chats/${chatId}/messages`, { content: 'let me in' }],
      ['POST', `/api/v1/chat/chats/${chatId}/read`, { message_ids: [messageId] }],
      ['POST', `/api/v1/chat/chats/${chatId}/archive`, undefined],
      ['POST', `/api/v1/chat/chats/${chatId}/unarchive`, undefined],
    ] as const;

  const foreigners = (): [string, Session][] => [
    ['another customer', cast.lucas],
    ['staff of another salon', cast.other],
  ];

  it('answers 403 or 404 and never the chat’s data to every foreign actor on every endpoint', async () => {
    for (const [who, session] of foreigners()) {
      for (const [method, route, body] of endpoints()) {
        const res = await api(server, method, route, { token: session.token, body });
        assert.ok([403, 404].includes(res.status), `${who}: ${method} ${route} answered ${res.status}`);
        assert.ok(!JSON.stringify(res.body).includes('private to Emma'), `${who}: ${method} ${route} leaked the chat`);
      }
    }
    const history = await api(server, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token });
    assert.equal(history.body.total, 1, 'no foreign write landed');
    assert.deepEqual(history.body.messages[0].read_receipts, [], 'no foreign read landed');
  });

  it('answers 401 on every endpoint without a token', async () => {
    for (const [method, route, body] of endpoints()) {
      assert.equal((await api(server, method, route, { body })).status, 401, `${method} ${route}`);
    }
  });

  it('keeps foreign actors out over WebSocket: no join, no send, no typing, no read, nothing delivered', async () => {
    const emma = await Client.connect(server, cast.emma);
    await emma.join(chatId);
    for (const [who, session] of foreigners()) {
      const intruder = await Client.connect(server, session);
      for (const frame of [
        { type: 'join_chat', chat_id: chatId },
        { type: 'send_message', chat_id: chatId, content: 'let me in' },
        { type: 'typing', chat_id: chatId, is_typing: true },
        { type: 'read_message', chat_id: chatId, message_id: messageId },
      ]) {
        intruder.send(frame);
        const error = await intruder.next('error');
        assert.ok(['not_found', 'not_joined'].includes(error.code), `${who}: ${frame.type} → ${error.code}`);
      }
      emma.send({ type: 'send_message', chat_id: chatId, content: `secret for ${who}` });
      await emma.next('message');
      await intruder.settle();
      assert.deepEqual(
        intruder.frames.filter((f) => f.type !== 'presence' && f.type !== 'chat_created'),
        [],
        `${who} received something of the chat`,
      );
      await intruder.close();
    }
    await emma.settle();
    assert.deepEqual([...emma.received('typing'), ...emma.received('read_receipt'), ...emma.received('user_joined')], []);
    await emma.close();
  });

  it('lets every staff member of the salon work the chat (shared inbox)', async () => {
    const res = await api(server, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.stylist.token, body: { content: 'Sam here' } });
    assert.equal(res.status, 201);
    const chat = await api(server, 'GET', `/api/v1/chat/chats/${chatId}`, { token: cast.stylist.token });
    assert.ok(chat.body.participants.some((p: { participant_id: number; participant_type: string }) => p.participant_type === 'user' && p.participant_id === cast.stylist.id));
    const stylist = await Client.connect(server, cast.stylist);
    await stylist.join(chatId);
    await stylist.close();
  });

  it('keeps catalogues to their salon', async () => {
    assert.equal((await api(server, 'GET', '/api/v1/catalog/products?salon_id=1', { token: cast.other.token })).status, 403);
    assert.equal((await api(server, 'GET', '/api/v1/catalog/products', { token: cast.emma.token })).status, 422);
    assert.equal((await api(server, 'GET', '/api/v1/catalog/products?salon_id=999', { token: cast.emma.token })).status, 422);
    const appointments = await api(server, 'GET', '/api/v1/catalog/appointments', { token: cast.other.token });
    assert.ok(appointments.body.every((a: { salon_id: number }) => a.salon_id === 2));
  });
});
