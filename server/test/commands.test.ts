import assert from 'node:assert/strict';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { ClientFrame, ServerFrame } from '@salon-chat/protocol';
import type { WebSocket } from 'ws';
import type { Actor } from '../src/domain.ts';
import { AppError } from '../src/errors.ts';
import { LocalBroker, type Audience } from '../src/realtime/broker.ts';
import { createCommands, type Session } from '../src/realtime/commands.ts';
import { ConnectionRegistry } from '../src/realtime/registry.ts';
import { api, signInCast, newChat, startTestServer, type TestServer } from './helpers.ts';

/** The commands of a socket, run without one: what each frame answers, publishes and changes. */
describe('socket commands', () => {
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof signInCast>>;
  let chatId: number;
  let otherSalonsChat: number;
  const admin: Actor = { type: 'user', id: 0, salonId: 1, name: 'Camille Laurent' };

  before(async () => {
    server = await startTestServer();
    cast = await signInCast(server);
    admin.id = cast.admin.id;
    chatId = await newChat(server, cast.emma, cast.admin, 'hello');
    otherSalonsChat = (await api(server, 'POST', '/api/v1/chat/chats/customer', { token: cast.emma.token, body: { user_id: cast.other.id } })).body.id;
  });
  after(() => server.stop());

  /** A session of `actor` on its own registry and broker, recording what it is sent and what is published. */
  function session(actor: Actor) {
    const registry = new ConnectionRegistry();
    const broker = new LocalBroker();
    const published: { audience: Audience; frame: ServerFrame }[] = [];
    broker.subscribe((audience, frame) => published.push({ audience, frame }));
    const sent: ServerFrame[] = [];
    const pending: Promise<unknown>[] = [];
    const conn = { id: 1, socket: {} as WebSocket, stream: {} as Duplex, actor, joined: new Set<number>() };
    registry.add(conn);
    const me: Session = { conn, chats: new Map(), send: (frame) => sent.push(frame), isOpen: () => true, later: (work) => pending.push(work) };
    const run = createCommands({ chatService: server.services.chats, messageService: server.services.messages, registry, broker });
    return { registry, published, sent, pending, me, run: (frame: ClientFrame) => run(me, frame) };
  }

  it('answers ping with pong', async () => {
    const s = session(admin);
    await s.run({ type: 'ping' });
    assert.equal(s.sent[0]?.type, 'pong');
  });

  it('joins a chat the actor may see: remembers it, answers joined_chat and tells the others', async () => {
    const s = session(admin);
    await s.run({ type: 'join_chat', chat_id: chatId });
    assert.deepEqual(s.me.chats.get(chatId), { id: chatId, salon_id: 1 });
    assert.ok(s.registry.inChat(admin, chatId));
    assert.equal(s.sent[0]?.type, 'joined_chat');
    assert.deepEqual(s.published.map((p) => [p.frame.type, p.audience.except]), [['user_joined', admin]]);
  });

  it('refuses a chat of another salon as not found, and joins nothing', async () => {
    const s = session(admin);
    await assert.rejects(s.run({ type: 'join_chat', chat_id: otherSalonsChat }), (err: AppError) => err.code === 'not_found');
    assert.equal(s.me.chats.size, 0);
    assert.equal(s.registry.hasRoom(otherSalonsChat), false);
    assert.deepEqual([...s.sent, ...s.published], []);
  });

  it('refuses to send, type or read in a chat not joined', async () => {
    const s = session(admin);
    for (const frame of [
      { type: 'send_message', chat_id: chatId, content: 'hi' },
      { type: 'typing', chat_id: chatId, is_typing: true },
      { type: 'read_message', chat_id: chatId, message_id: 1 },
    ] as ClientFrame[]) {
      await assert.rejects(s.run(frame), (err: AppError) => err.code === 'not_joined', frame.type);
    }
    assert.deepEqual(s.pending, []);
  });

  it('sends a message in a joined chat without waiting for its commit, and stores it', async () => {
    const s = session(admin);
    await s.run({ type: 'join_chat', chat_id: chatId });
    await s.run({ type: 'send_message', chat_id: chatId, content: 'from the commands test', client_message_id: 'commands-1' });
    assert.equal(s.pending.length, 1);
    await Promise.all(s.pending);
    const history = await api(server, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.admin.token });
    assert.equal(history.body.messages[0].content, 'from the commands test');
  });

  it('passes typing to the other members only, and leaves', async () => {
    const s = session(admin);
    await s.run({ type: 'join_chat', chat_id: chatId });
    await s.run({ type: 'typing', chat_id: chatId, is_typing: true });
    const typing = s.published.find((p) => p.frame.type === 'typing')!;
    assert.deepEqual(typing.audience, { chatId, except: admin });
    await s.run({ type: 'leave_chat', chat_id: chatId });
    assert.deepEqual(s.sent.at(-1), { type: 'left_chat', chat_id: chatId });
    assert.equal(s.registry.inChat(admin, chatId), false);
    assert.equal(s.me.chats.has(chatId), false);
    assert.equal(s.published.at(-1)?.frame.type, 'user_left');
  });
});
