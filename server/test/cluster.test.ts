/**
 * Two nodes sharing PostgreSQL and Redis, as behind a load balancer without sticky sessions:
 * clients on different nodes chat, see each other's presence, receipts and typing; a node that
 * dies is forgotten within seconds and its clients carry on on the other node. Skipped (with the
 * reason) where PostgreSQL or Redis is absent, except under CI=true.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { startNodeProcess } from '../scripts/node-process.ts';
import { api, Client, signInCast, newChat, startTestServer, type Session, type TestServer } from './helpers.ts';
import { postgresDatabase } from './postgres.ts';
import { startPushService } from './push-service.ts';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/** Why the two-node tests cannot run here, or null when Redis answers. */
async function redisAbsent(): Promise<string | null> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    return `Redis not reachable at ${REDIS_URL}: ${(err as Error).message}`;
  } finally {
    redis.disconnect();
  }
}

describe('two nodes on PostgreSQL and Redis', () => {
  let skip: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  let env: Record<string, string>;
  let a: TestServer;
  let b: TestServer;
  let cast: Awaited<ReturnType<typeof signInCast>>;

  before(async () => {
    const db = await postgresDatabase();
    if ('skip' in db) skip = db.skip;
    else drop = db.drop;
    skip ??= (await redisAbsent()) ?? undefined;
    if (skip) return console.log(`# skipped: ${skip}`);
    if ('skip' in db) return;
    env = {
      DATABASE_URL: db.url,
      REDIS_URL,
      CLUSTER_NAME: `test-${randomBytes(4).toString('hex')}`,
      LOGIN_FAILURES_PER_ACCOUNT: '4',
      WS_SOCKETS_PER_ACCOUNT: '3',
      WS_ACCOUNT_FRAMES_PER_SECOND: '40',
      PUSH_COALESCE_MS: '200',
    };
    a = await startTestServer({ ...env, NODE_ID: 'a' });
    b = await startTestServer({ ...env, NODE_ID: 'b' });
    cast = await signInCast(a);
    const hearEachOther = async () => (await Promise.all([a, b].map((n) => api(n, 'GET', '/healthz')))).every((h) => h.body.cluster.nodes === 2);
    await until(hearEachOther, 'the nodes hear from each other');
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await drop?.();
  });

  it('says in /healthz that each node is one of two, with Redis up', async (t) => {
    if (skip) return t.skip(skip);
    for (const [server, node] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      const { body } = await api(server, 'GET', '/healthz');
      assert.equal(body.status, 'ok');
      assert.deepEqual(body.cluster, { node, redis: 'up', nodes: 2 });
    }
  });

  it('delivers the messages of both sides to both nodes, each once and in id order, a retry not again', async (t) => {
    if (skip) return t.skip(skip);
    const chatId = await newChat(a, cast.emma, cast.admin);
    const emma = await Client.connect(a, cast.emma);
    const admin = await Client.connect(b, cast.admin);
    await Promise.all([emma.join(chatId), admin.join(chatId)]);
    for (let i = 0; i < 25; i++) {
      emma.send({ type: 'send_message', chat_id: chatId, content: `from a ${i}`, client_message_id: `a-${i}` });
      admin.send({ type: 'send_message', chat_id: chatId, content: `from b ${i}`, client_message_id: `b-${i}` });
    }
    for (const client of [emma, admin]) {
      await until(async () => client.received('message').length >= 50, 'fifty messages');
      await client.settle();
      const ids = client.received('message').map((f) => f.message.id);
      assert.equal(ids.length, 50, 'each message once');
      assert.deepEqual(ids, [...ids].sort((x, y) => x - y), 'in id order');
    }
    const stored = await api(b, 'GET', `/api/v1/chat/chats/${chatId}/messages?page_size=100`, { token: cast.admin.token });
    assert.equal(stored.body.messages.filter((m: { content: string }) => /^from [ab] /.test(m.content)).length, 50);
    // A retry is answered from the store; its frame goes out again only where the first never did.
    const retried = 'a-0';
    await emma.next('message', (f) => f.message.client_message_id === retried);
    emma.send({ type: 'send_message', chat_id: chatId, content: 'from a 0', client_message_id: retried });
    await emma.next('message', (f) => f.message.client_message_id === retried);
    emma.send({ type: 'send_message', chat_id: chatId, content: 'after the retry', client_message_id: 'a-after' });
    await admin.next('message', (f) => f.message.client_message_id === 'a-after');
    assert.equal(admin.received('message').length, 50, 'the retry is not delivered again');
    await Promise.all([emma.close(), admin.close()]);
  });

  it("carries staff's notes to the salon's staff on both nodes and to no customer, whose messages after them come without a wait", async (t) => {
    if (skip) return t.skip(skip);
    const chatId = await newChat(a, cast.emma, cast.admin);
    const writer = await Client.connect(a, cast.admin);
    const [emma, colleague] = await Promise.all([Client.connect(b, cast.emma), Client.connect(b, cast.stylist)]);
    await Promise.all([writer.join(chatId), emma.join(chatId), colleague.join(chatId)]);
    for (let i = 0; i < 10; i++) {
      writer.send({ type: 'send_message', chat_id: chatId, message_type: 'note', content: `note ${i}`, client_message_id: `note-${i}` });
      writer.send({ type: 'send_message', chat_id: chatId, content: `answer ${i}`, client_message_id: `answer-${i}` });
    }
    await until(async () => emma.received('message').length >= 10, 'ten answers on the other node');
    await until(async () => colleague.received('message').length >= 20, 'the notes and the answers to the colleague');
    await Promise.all([emma.settle(), colleague.settle()]);
    const ids = emma.received('message').map((f) => f.message.id);
    assert.deepEqual(emma.received('message').map((f) => f.message.content), [...Array(10).keys()].map((i) => `answer ${i}`));
    assert.deepEqual(ids, [...ids].sort((x, y) => x - y), 'in id order');
    assert.equal(colleague.received('message').filter((f) => f.message.message_type === 'note').length, 10);
    // A note holds no place the customer's node would wait for: a place missing there would have had her socket close to catch up.
    assert.equal(emma.socket.readyState, emma.socket.OPEN);
    await Promise.all([writer.close(), emma.close(), colleague.close()]);
  });

  it('tells a customer on one node when staff on the other come online and go offline', async (t) => {
    if (skip) return t.skip(skip);
    const chatId = await newChat(a, cast.lucas, cast.stylist);
    const lucas = await Client.connect(a, cast.lucas);
    const joined = await lucas.join(chatId);
    assert.ok(!online(joined as { online_members?: Member[] }, cast.stylist), 'the stylist is offline at first');
    const stylist = await Client.connect(b, cast.stylist);
    const came = await lucas.next('presence', (f) => f.participant_id === cast.stylist.id && f.chat_id === chatId);
    assert.equal(came.online, true);
    assert.ok(online((await stylist.join(chatId)) as { online_members?: Member[] }, cast.lucas), 'the stylist sees Lucas online, on the other node');
    const secondTab = await Client.connect(a, cast.lucas);
    assert.ok(online((await secondTab.join(chatId)) as { online_members?: Member[] }, cast.stylist), 'a new socket of Lucas sees the stylist online');
    await secondTab.close();
    await stylist.close();
    const went = await lucas.next('presence', (f) => f.participant_id === cast.stylist.id && f.chat_id === chatId);
    assert.equal(went.online, false);
    await lucas.close();
  });

  it('carries typing, read receipts and new chats across nodes', async (t) => {
    if (skip) return t.skip(skip);
    const staffOnB = await Client.connect(b, cast.admin);
    const chatId = await newChat(a, cast.emma, cast.admin, 'Hello from node a');
    const created = await staffOnB.next('chat_created', (f) => f.chat.id === chatId);
    assert.equal(created.chat.id, chatId);
    const emma = await Client.connect(a, cast.emma);
    await Promise.all([emma.join(chatId), staffOnB.join(chatId)]);
    emma.send({ type: 'typing', chat_id: chatId, is_typing: true });
    assert.equal((await staffOnB.next('typing', (f) => f.chat_id === chatId)).participant_id, cast.emma.id);
    emma.send({ type: 'send_message', chat_id: chatId, content: 'Read me', client_message_id: 'read-me' });
    const sent = await staffOnB.next('message', (f) => f.message.client_message_id === 'read-me');
    staffOnB.send({ type: 'read_message', chat_id: chatId, message_id: sent.message.id });
    const receipt = await emma.next('read_receipt', (f) => f.chat_id === chatId);
    assert.deepEqual([receipt.message_id, receipt.reader_type, receipt.reader_id], [sent.message.id, 'user', cast.admin.id]);
    await Promise.all([emma.close(), staffOnB.close()]);
  });

  it("carries each change of a chat's state to the salon's staff on both nodes at once", async (t) => {
    if (skip) return t.skip(skip);
    const [adminOnA, stylistOnB] = await Promise.all([Client.connect(a, cast.admin), Client.connect(b, cast.stylist)]);
    const chatId = await newChat(a, cast.emma, cast.admin, 'Is there a slot today?');
    const state = (client: Client) => client.next('chat_state', (f) => f.chat_id === chatId);
    const pick = (f: Record<string, unknown>) => ({ assignee_id: f.assignee_id, waiting_since: f.waiting_since });
    const reply = await api(b, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.stylist.token, body: { content: 'At three' } });
    assert.equal(reply.status, 201);
    for (const client of [adminOnA, stylistOnB]) assert.deepEqual(Object.values(pick(await state(client))), [cast.stylist.id, null]);
    await api(a, 'PUT', `/api/v1/chat/chats/${chatId}/assignee`, { token: cast.admin.token, body: { assignee_id: cast.admin.id } });
    for (const client of [adminOnA, stylistOnB]) assert.equal((await state(client)).assignee_id, cast.admin.id);
    await api(b, 'POST', `/api/v1/chat/chats/${chatId}/resolve`, { token: cast.stylist.token });
    for (const client of [adminOnA, stylistOnB]) assert.equal((await state(client)).status, 'resolved');
    const back = await api(a, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token, body: { content: 'Actually, four?' } });
    for (const client of [adminOnA, stylistOnB]) {
      const frame = await state(client);
      assert.deepEqual([frame.status, frame.waiting_since], ['open', back.body.created_at]);
    }
    await Promise.all([adminOnA.close(), stylistOnB.close()]);
  });

  it("pushes a customer's message to no staff member who has the chat open on the other node, with the deployment's one VAPID key", async (t) => {
    if (skip) return t.skip(skip);
    const keys = await Promise.all([a, b].map(async (n) => (await api(n, 'GET', '/api/v1/push/key', { token: cast.admin.token })).body.public_key));
    assert.equal(keys[0], keys[1], 'every node signs with the key the browsers subscribed with');
    const push = await startPushService(async () => keys[0]);
    try {
      for (const [who, node] of [[cast.admin, a], [cast.stylist, b]] as const) {
        const res = await api(node, 'POST', '/api/v1/push/subscriptions', { token: who.token, body: { ...push.device(who === cast.admin ? 'admin' : 'stylist').json, expirationTime: null } });
        assert.equal(res.status, 204, JSON.stringify(res.body));
      }
      const chatId = await newChat(a, cast.emma, cast.admin);
      const open = await Client.connect(b, cast.admin);
      await open.join(chatId);
      const res = await api(a, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.emma.token, body: { content: 'Anyone there?' } });
      assert.equal(res.status, 201);
      await until(async () => push.delivered.some((d) => d.payload.chat_id === chatId), 'a push');
      await Promise.all([a, b].map((n) => n.services.push.settled()));
      assert.deepEqual(push.refused, []);
      assert.deepEqual(
        push.delivered.filter((d) => d.payload.chat_id === chatId).map((d) => d.device),
        ['stylist'],
        'not the admin, who has the chat open on node b',
      );
      await open.close();
    } finally {
      await push.close();
    }
  });

  it('counts the failed logins of an account on all the nodes together', async (t) => {
    if (skip) return t.skip(skip);
    const attempt = (server: TestServer) => api(server, 'POST', '/api/v1/auth/login', { body: { email: 'owner@other-salon.com', password: 'not the password' } });
    for (const server of [a, b, a, b]) assert.equal((await attempt(server)).status, 401);
    const refused = await attempt(a);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.equal((await attempt(b)).status, 429);
  });

  it('counts the open sockets of an account on all the nodes together', async (t) => {
    if (skip) return t.skip(skip);
    const open = [await Client.connect(a, cast.lucas), await Client.connect(a, cast.lucas), await Client.connect(b, cast.lucas)];
    await until(async () => {
      const probe = Client.open(b, 'customer', cast.lucas.token);
      const first = await Promise.race([probe.next('connected').then(() => 'connected' as const), probe.closed]);
      if (first === 'connected') await probe.close();
      else open.push(probe);
      return first !== 'connected' && first.code === 1013 && /too many open sockets/.test(first.reason);
    }, 'a fourth socket refused on the other node');
    await Promise.all(open.map((client) => client.close()));
  });

  it("shares an account's frame budget among its sockets on all the nodes", async (t) => {
    if (skip) return t.skip(skip);
    const sockets = [await Client.connect(a, cast.lucas), await Client.connect(b, cast.lucas)];
    // each node hears of the other's socket within milliseconds
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Each socket may send 30 frames at once (its own budget); the account 40 in all, not 40 on each node.
    for (const client of sockets) for (let i = 0; i < 30; i++) client.send({ type: 'ping' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const answered = sockets.map((client) => client.received('pong').length);
    const refused = sockets.map((client) => client.received('error').filter((f) => f.code === 'rate_limited').length);
    assert.ok(answered[0]! + answered[1]! <= 48, `the account got ${answered.join(' + ')} pongs`);
    assert.ok(refused.every((n) => n > 0), 'both sockets were told they went over');
    await Promise.all(sockets.map((client) => client.close()));
  });

  it('keeps serving its own sockets without Redis, says so, rejoins by itself when Redis is back and has the clients that missed frames reconnect to catch up', async (t) => {
    if (skip) return t.skip(skip);
    const link = await redisLink(REDIS_URL);
    const c = await startTestServer({ ...env, REDIS_URL: link.url, NODE_ID: 'c' });
    try {
      await until(async () => (await api(a, 'GET', '/healthz')).body.cluster.nodes === 3, 'node a hears from node c');
      const chatId = await newChat(c, cast.emma, cast.admin);
      const [emma, admin, adminOnA, stylistOnA, otherOnA] = await Promise.all([
        Client.connect(c, cast.emma),
        Client.connect(c, cast.admin),
        Client.connect(a, cast.admin),
        Client.connect(a, cast.stylist),
        Client.connect(a, cast.other),
      ]);
      await Promise.all([emma.join(chatId), admin.join(chatId), adminOnA.join(chatId)]);
      const before = await api(a, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.admin.token });
      assert.equal(before.status, 200, JSON.stringify(before.body));
      const lastSeen = Math.max(0, ...before.body.messages.map((m: { id: number }) => m.id));

      link.cut();
      await until(async () => (await api(c, 'GET', '/healthz')).body.status === 'degraded', 'node c reports Redis down');
      assert.equal((await api(c, 'GET', '/healthz')).body.cluster.redis, 'down');
      emma.send({ type: 'send_message', chat_id: chatId, content: 'Redis is down', client_message_id: 'alone' });
      await admin.next('message', (f) => f.message.client_message_id === 'alone');
      await emma.next('message', (f) => f.message.client_message_id === 'alone');

      // Node c's sockets missed what the others sent meanwhile, node a's sockets in the chat what c sent alone.
      await link.restore();
      await until(async () => (await api(c, 'GET', '/healthz')).body.status === 'ok', 'node c reports Redis back');
      assert.equal((await emma.closed).code, 1012);
      assert.equal((await admin.closed).code, 1012);
      assert.equal((await adminOnA.closed).code, 1012);
      // The salon's staff on node a missed the chat's new state (it waits for the salon now), told to all of them.
      assert.equal((await stylistOnA.closed).code, 1012);
      const missed = await api(a, 'GET', `/api/v1/chat/chats/${chatId}/messages?after_id=${lastSeen}`, { token: cast.admin.token });
      assert.equal(missed.status, 200, JSON.stringify(missed.body));
      assert.deepEqual(
        missed.body.messages.map((m: { client_message_id: string }) => m.client_message_id),
        ['alone'],
      );
      // A socket of node a that no frame sent alone was for (another salon's staff) stays open.
      await otherOnA.settle();

      const [again, adminAgain] = await Promise.all([Client.connect(c, cast.emma), Client.connect(a, cast.admin)]);
      await Promise.all([again.join(chatId), adminAgain.join(chatId)]);
      again.send({ type: 'send_message', chat_id: chatId, content: 'Redis is back', client_message_id: 'together' });
      await adminAgain.next('message', (f) => f.message.client_message_id === 'together');
      await Promise.all([again.close(), adminAgain.close(), otherOnA.close()]);
    } finally {
      await c.stop();
      await link.close();
    }
  });

  it('closes a client a handful of times, not every second, while two nodes go on without Redis for 20 s, and has it catch up once Redis is back', { timeout: 90_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const link = await redisLink(REDIS_URL);
    const [left, right] = [await startTestServer({ ...env, REDIS_URL: link.url, NODE_ID: 'left' }), await startTestServer({ ...env, REDIS_URL: link.url, NODE_ID: 'right' })];
    const staying: Staying[] = [];
    try {
      await until(async () => (await api(a, 'GET', '/healthz')).body.cluster.nodes === 4, 'node a hears from both');
      // Both sides of one chat write on their own node, so that without Redis each node's frames of the chat leave gaps on the other.
      const chatId = await newChat(left, cast.lucas, cast.stylist);
      staying.push(await stay(left, cast.lucas, chatId), await stay(right, cast.stylist, chatId));
      link.cut();
      await until(async () => (await Promise.all([left, right].map((n) => api(n, 'GET', '/healthz')))).every((h) => h.body.status === 'degraded'), 'both nodes alone');
      const outage = staying.map((s) => s.closes);
      let n = 0;
      const writing = setInterval(() => staying.forEach((s, i) => s.client.socket.readyState === s.client.socket.OPEN && s.client.send({ type: 'send_message', chat_id: chatId, content: `alone ${n}`, client_message_id: `alone-${i}-${n++}` })), 250);
      await new Promise((resolve) => setTimeout(resolve, 20_000));
      clearInterval(writing);
      const closed = staying.map((s, i) => s.closes - outage[i]!);
      t.diagnostic(`without Redis for 20 s, the two clients were closed ${closed.join(' and ')} times`);
      assert.ok(closed.every((count) => count >= 1), `each client was closed to catch up with the other side: ${closed}`);
      assert.ok(closed.every((count) => count <= 6), `closed ${closed} times in 20 s`);

      const before = staying.map((s) => s.closes);
      await link.restore();
      await until(async () => staying.every((s, i) => s.closes > before[i]!), 'both clients closed to catch up once Redis is back', 20_000);
      await until(async () => (await Promise.all([left, right].map((n) => api(n, 'GET', '/healthz')))).every((h) => h.body.status === 'ok'), 'both nodes together again');
      await until(async () => staying.every((s) => s.client.socket.readyState === s.client.socket.OPEN && s.client.joined), 'both clients back in the chat');
      staying[0]!.client.send({ type: 'send_message', chat_id: chatId, content: 'together again', client_message_id: 'together-again' });
      await staying[1]!.client.next('message', (f) => f.message.client_message_id === 'together-again');
    } finally {
      staying.forEach((s) => s.stop());
      await Promise.all([left.stop(), right.stop()]);
      await link.close();
    }
  });

  it('forgets a node killed without a word within seconds; its client resumes on the other node', async (t) => {
    if (skip) return t.skip(skip);
    const chatId = await newChat(a, cast.emma, cast.stylist);
    const emma = await Client.connect(a, cast.emma);
    await emma.join(chatId);
    const doomed = await startNode({ ...env, NODE_ID: 'doomed' });
    try {
      const stylist = await Client.connect(doomed, cast.stylist);
      await stylist.join(chatId);
      assert.equal((await emma.next('presence', (f) => f.participant_id === cast.stylist.id)).online, true);
      stylist.send({ type: 'send_message', chat_id: chatId, content: 'before the crash', client_message_id: 'before-crash' });
      const last = await stylist.next('message', (f) => f.message.client_message_id === 'before-crash');
      doomed.kill();
      const killedAt = Date.now();
      const went = await emma.next('presence', (f) => f.participant_id === cast.stylist.id, 15_000);
      assert.equal(went.online, false);
      const forgotten = Date.now() - killedAt;
      assert.ok(forgotten < 10_000, `gone from presence in ${forgotten} ms`);
      emma.send({ type: 'send_message', chat_id: chatId, content: 'while you were away', client_message_id: 'while-away' });
      await emma.next('message', (f) => f.message.client_message_id === 'while-away');
      // The stylist's client reconnects, to whichever node the balancer gives it, and catches up.
      const again = await Client.connect(a, cast.stylist);
      await again.join(chatId);
      const missed = await api(a, 'GET', `/api/v1/chat/chats/${chatId}/messages?after_id=${last.message.id}`, { token: cast.stylist.token });
      assert.deepEqual(
        missed.body.messages.map((m: { client_message_id: string }) => m.client_message_id),
        ['while-away'],
      );
      await again.close();
    } finally {
      doomed.kill();
      await emma.close();
    }
  });
});

type Member = { participant_type: string; participant_id: number };

interface Staying {
  client: Client & { joined?: boolean };
  /** How many times its node closed it with 1012. */
  closes: number;
  stop(): void;
}

/** A client in a chat that connects again (to the same node) and joins the chat again whenever it is closed, as the widget does. */
async function stay(server: TestServer, session: Session, chatId: number): Promise<Staying> {
  let stopped = false;
  const open = async (): Promise<Client & { joined?: boolean }> => {
    const client: Client & { joined?: boolean } = await Client.connect(server, session);
    void client.closed.then(async ({ code }) => {
      if (stopped) return;
      if (code === 1012) staying.closes++;
      staying.client = await open();
    });
    // A join cut short by a close is made again by the next socket.
    await client.join(chatId).then(
      () => (client.joined = true),
      () => {},
    );
    return client;
  };
  const staying: Staying = { client: await open(), closes: 0, stop: () => ((stopped = true), void staying.client.close()) };
  return staying;
}

/** A TCP hop between a node and Redis that the test can cut and restore. */
async function redisLink(target: string): Promise<{ url: string; cut(): void; restore(): Promise<void>; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const open = new Set<net.Socket>();
  let server: net.Server | undefined;
  let listenPort = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(port), hostname);
        for (const [from, to] of [
          [client, upstream],
          [upstream, client],
        ] as const) {
          open.add(from);
          from.pipe(to);
          from.on('error', () => to.destroy());
          from.on('close', () => (to.destroy(), open.delete(from)));
        }
      });
      server.listen(listenPort, '127.0.0.1', () => {
        listenPort = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const cut = () => {
    server?.close();
    for (const socket of open) socket.destroy();
  };
  return { url: `redis://127.0.0.1:${listenPort}`, cut, restore: listen, close: async () => cut() };
}

const online = (frame: { online_members?: Member[] }, who: Session) =>
  (frame.online_members ?? []).some((p) => p.participant_type === who.type && p.participant_id === who.id);

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A node in a process of its own, to be killed with SIGKILL. */
async function startNode(env: Record<string, string>): Promise<{ url: string; kill(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-node-'));
  const { child, url } = await startNodeProcess({ ...env, DATA_DIR: dir, JWT_SECRET: 'test-secret-test-secret', LOG_LEVEL: 'info', SEED_DEMO: 'false' }, { stderr: 'inherit' });
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return { url, kill: () => child.kill('SIGKILL') };
}
