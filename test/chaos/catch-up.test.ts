/**
 * The widget's ChatClient in Node, behind the balancer: after a reconnect it catches up what it
 * missed while away even when a live message of the chat comes before its catch-up does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newChat, signInCast, startTestServer, api, type TestServer } from '../../server/test/helpers.ts';
import { startBalancer, type Balancer, type Upstream } from '../../server/scripts/balancer.ts';
import { installBrowserGlobals } from './browser.ts';
import { freePort, until } from './deployment.ts';
import { Person } from './people.ts';

describe('ChatClient catching up after a reconnect', () => {
  let server: TestServer;
  let upstream: Upstream;
  let balancer: Balancer;

  before(async () => {
    installBrowserGlobals();
    server = await startTestServer();
    upstream = { id: 'only', port: server.port };
    balancer = await startBalancer([upstream], 0, '127.0.0.1');
  });

  after(async () => {
    await balancer.close();
    await server.stop();
  });

  it('fetches what was missed while away though a live message of the chat came first', async () => {
    const cast = await signInCast(server);
    const chatId = await newChat(server, cast.emma, cast.admin, 'Before');
    // Newer, so listed and caught up before it.
    await newChat(server, cast.emma, cast.stylist, 'Another chat');
    const emma = new Person({ name: 'emma', mode: 'customer', token: cast.emma.token, participant: `customer:${cast.emma.id}` }, `http://127.0.0.1:${balancer.port}`, { pingMs: 30_000, pongMs: 10_000 });
    await emma.start();
    await until(() => emma.online, 'emma online');
    const say = (content: string) => api(server, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: cast.admin.token, body: { content, message_type: 'text' } });

    // Away: the route fails and no node takes her back until the missed message is stored.
    upstream.port = await freePort();
    for (const tunnel of balancer.tunnels) tunnel.cut();
    await until(() => !emma.online, 'emma away');
    const missed = (await say('Sent while you were away')).body.id as number;
    // Back, but the catch-up of her other chats is slow to answer: a live message of this chat comes before its own.
    const realFetch = globalThis.fetch;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    globalThis.fetch = async (input, init) => {
      if (String(input).includes('after_id=') && !String(input).includes(`/chats/${chatId}/`)) await held;
      return realFetch(input, init);
    };
    try {
      upstream.port = server.port;
      await until(() => emma.client.isJoined(chatId), 'emma joined again');
      const live = (await say('Sent once you were back')).body.id as number;
      await until(() => emma.client.store.lastId(chatId) === live, 'the live message');
      release();
      await until(() => emma.client.store.chats.get(chatId)!.messages.some((m) => m.id === missed), 'the missed message', 5000);
      assert.deepEqual(
        emma.client.store.chats.get(chatId)!.messages.map((m) => m.content),
        ['Before', 'Sent while you were away', 'Sent once you were back'],
      );
    } finally {
      globalThis.fetch = realFetch;
      emma.stop();
    }
  });
});
