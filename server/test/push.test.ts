/**
 * Web Push to the staff (docs/protocol.md, Web Push): subscriptions per staff member and device,
 * and what a customer's message pushes, to a push service stand-in that checks the VAPID
 * signature and decrypts each message with the device's own keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, Client, newChat, signInCast, startOn, type Session, type TestServer } from './helpers.ts';
import { DEVICES_PER_STAFF } from '../src/services/push.ts';
import { startPushService, type Device } from './push-service.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`Web Push on ${dialect}`, () => {
    let server: TestServer | undefined;
    let skip: string | undefined;
    let cast: Awaited<ReturnType<typeof signInCast>>;
    let push: Awaited<ReturnType<typeof startPushService>>;
    let phones: { admin: Device; stylist: Device; other: Device };

    const subscribe = (who: Session, body: unknown) => api(server!, 'POST', '/api/v1/push/subscriptions', { token: who.token, body });
    const send = async (who: Session, chatId: number, content: string) => {
      const res = await api(server!, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: who.token, body: { content } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    const assign = async (chatId: number, assignee: Session) => {
      const res = await api(server!, 'PUT', `/api/v1/chat/chats/${chatId}/assignee`, { token: cast.admin.token, body: { assignee_id: assignee.id } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    /** The notifications of a chat each device got, once every one due has been sent. */
    const pushedFor = async (chatId: number) => {
      // A message's answer goes out before the turn that announces it (and tells the push service): that turn comes first.
      await new Promise((resolve) => setImmediate(resolve));
      await server!.services.push.settled();
      assert.deepEqual(push.refused, []);
      return push.delivered.filter((d) => d.payload.chat_id === chatId);
    };

    before(async () => {
      push = await startPushService(async () => (await api(server!, 'GET', '/api/v1/push/key', { token: cast.admin.token })).body.public_key);
      const started = await startOn(dialect, { PUSH_COALESCE_MS: '300', PUSH_TTL: '600' });
      if ('skip' in started) {
        skip = started.skip;
        return;
      }
      server = started;
      cast = await signInCast(server);
      phones = { admin: push.device('admin'), stylist: push.device('stylist'), other: push.device('other') };
      for (const [who, phone] of [[cast.admin, phones.admin], [cast.stylist, phones.stylist], [cast.other, phones.other]] as const) {
        const res = await subscribe(who, { ...phone.json, expirationTime: null });
        assert.equal(res.status, 204, JSON.stringify(res.body));
      }
    });
    after(async () => {
      await server?.stop();
      await push.close();
    });

    it('answers its VAPID public key, made when first needed and kept in the database for every node', async (t) => {
      if (skip) return t.skip(skip);
      assert.equal((await api(server!, 'GET', '/api/v1/push/key')).status, 401);
      const res = await api(server!, 'GET', '/api/v1/push/key', { token: cast.stylist.token });
      assert.equal(res.status, 200);
      const key = Buffer.from(res.body.public_key, 'base64url');
      assert.equal(key.length, 65);
      assert.equal(key[0], 4);
      const kept = await server!.services.db('deployment').first('vapid_public_key');
      assert.equal(kept.vapid_public_key, res.body.public_key);
    });

    it("refuses what is not a browser's push subscription, saying why, and subscriptions by customers", async (t) => {
      if (skip) return t.skip(skip);
      const phone = push.device('refused');
      const cases: [unknown, RegExp][] = [
        [{ ...phone.json, endpoint: phone.json.endpoint.replace('https:', 'http:') }, /endpoint must be an https:\/\/ URL/],
        [{ ...phone.json, keys: { ...phone.json.keys, p256dh: phone.json.keys.p256dh.slice(1) } }, /keys\.p256dh/],
        [{ ...phone.json, keys: { p256dh: phone.json.keys.p256dh } }, /keys\.auth/],
        [{ keys: phone.json.keys }, /endpoint/],
      ];
      for (const [body, why] of cases) {
        const res = await subscribe(cast.admin, body);
        assert.equal(res.status, 422, JSON.stringify(body));
        assert.match(res.body.detail, why);
      }
      assert.equal((await subscribe(cast.emma, phone.json)).status, 403);
      assert.equal((await api(server!, 'POST', '/api/v1/push/subscriptions', { body: phone.json })).status, 401);
      assert.equal(await server!.services.db('push_subscriptions').where({ endpoint: phone.json.endpoint }).first(), undefined);
    });

    it('keeps the newest ten devices of a staff member: an eleventh replaces the oldest', async (t) => {
      if (skip) return t.skip(skip);
      const laptops = Array.from({ length: DEVICES_PER_STAFF + 1 }, (_, i) => push.device(`laptop-${i}`));
      for (const laptop of laptops) assert.equal((await subscribe(cast.admin, laptop.json)).status, 204);
      const kept = await server!.services.db('push_subscriptions').where({ user_id: cast.admin.id }).pluck('endpoint');
      assert.equal(kept.length, DEVICES_PER_STAFF);
      assert.ok(!kept.includes(phones.admin.json.endpoint) && !kept.includes(laptops[0]!.json.endpoint));
      assert.ok(kept.includes(laptops[DEVICES_PER_STAFF]!.json.endpoint));
      assert.equal((await subscribe(cast.admin, phones.admin.json)).status, 204);
      await server!.services.db('push_subscriptions').whereIn('endpoint', laptops.map((l) => l.json.endpoint)).delete();
    });

    it("pushes a customer's message to the chat's assignee only: encrypted, with the customer's name, a preview and the chat", async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin);
      await assign(chatId, cast.stylist);
      await send(cast.emma, chatId, 'Can I move my appointment to Friday afternoon?');
      const pushed = await pushedFor(chatId);
      assert.deepEqual(
        pushed.map((d) => d.device),
        ['stylist'],
      );
      assert.deepEqual(pushed[0]!.payload, { chat_id: chatId, name: 'Zoe Adams', preview: 'Can I move my appointment to Friday afternoon?' });
      assert.equal(pushed[0]!.topic, `chat-${chatId}`);
      assert.equal(pushed[0]!.ttl, 600);
    });

    it('pushes to all the salon staff while nobody is assigned, but to nobody who has the chat open', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin);
      const open = await Client.connect(server!, cast.admin);
      await open.join(chatId);
      await send(cast.emma, chatId, 'Hello?');
      assert.deepEqual((await pushedFor(chatId)).map((d) => d.device), ['stylist']);
      open.socket.close();
    });

    it('makes one push of a burst of messages in a chat, with the newest as its preview', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin);
      await assign(chatId, cast.admin);
      for (const text of ['Hi', 'one more thing', 'is the shampoo in stock?']) await send(cast.emma, chatId, text);
      const pushed = await pushedFor(chatId);
      assert.deepEqual(pushed.map((d) => [d.device, d.payload.preview]), [['admin', 'is the shampoo in stock?']]);
      await send(cast.emma, chatId, 'thanks!');
      assert.equal((await pushedFor(chatId)).length, 2, 'the next burst gets its own push');
    });

    it('pushes a new chat that starts with a message', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin, 'First question');
      assert.deepEqual((await pushedFor(chatId)).map((d) => d.device).sort(), ['admin', 'stylist']);
    });

    it("never pushes to another salon's staff", async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.lucas, cast.admin, 'From Leo');
      await send(cast.lucas, chatId, 'Are you open on Sunday?');
      assert.deepEqual((await pushedFor(chatId)).map((d) => d.device).sort(), ['admin', 'stylist']);
      await server!.services.push.settled();
      assert.deepEqual(push.to('other'), []);
    });

    it('forgets a subscription its push service says is gone (410), and one its staff member removes', async (t) => {
      if (skip) return t.skip(skip);
      const tablet = push.device('tablet');
      assert.equal((await subscribe(cast.stylist, tablet.json)).status, 204);
      assert.equal((await subscribe(cast.stylist, tablet.json)).status, 204, 'subscribing again updates the subscription');
      push.answer('tablet', 410);
      const chatId = await newChat(server!, cast.emma, cast.admin);
      await assign(chatId, cast.stylist);
      await send(cast.emma, chatId, 'Anyone there?');
      assert.deepEqual((await pushedFor(chatId)).map((d) => d.device), ['stylist']);
      assert.equal(await server!.services.db('push_subscriptions').where({ endpoint: tablet.json.endpoint }).first(), undefined);

      const unsubscribe = (who: Session) => api(server!, 'DELETE', '/api/v1/push/subscriptions', { token: who.token, body: { endpoint: phones.stylist.json.endpoint } });
      assert.equal((await unsubscribe(cast.admin)).status, 404, "a staff member cannot remove another's subscription");
      assert.equal((await unsubscribe(cast.stylist)).status, 204);
      assert.equal((await unsubscribe(cast.stylist)).status, 404);
      await send(cast.emma, chatId, 'Hello again');
      assert.deepEqual(await pushedFor(chatId).then((p) => p.length), 1);
    });
  });
}

describe('Web Push where private endpoints are refused (production)', () => {
  let server: TestServer;
  let push: Awaited<ReturnType<typeof startPushService>>;
  let cast: Awaited<ReturnType<typeof signInCast>>;

  before(async () => {
    push = await startPushService(async () => (await api(server, 'GET', '/api/v1/push/key', { token: cast.admin.token })).body.public_key);
    const started = await startOn('sqlite', { PUSH_COALESCE_MS: '50', PUSH_PRIVATE_ENDPOINTS: 'refuse' });
    server = started as TestServer;
    cast = await signInCast(server);
  });
  after(async () => {
    await server?.stop();
    await push.close();
  });

  it("refuses an endpoint on the server's host or a private network, saying why", async () => {
    for (const host of ['127.0.0.1', '10.1.2.3', '169.254.169.254', '[::1]', '[fd00::1]', '[::ffff:127.0.0.1]']) {
      const phone = push.device(`at ${host}`);
      const endpoint = phone.json.endpoint.replace(/\/\/[^/]+/, `//${host}`);
      const res = await api(server, 'POST', '/api/v1/push/subscriptions', { token: cast.admin.token, body: { ...phone.json, endpoint } });
      assert.equal(res.status, 422, host);
      assert.match(res.body.detail, /push service on the internet/);
    }
  });

  it('does not send to a name that resolves to a private address when connecting', async () => {
    const phone = push.device('named');
    const endpoint = phone.json.endpoint.replace('//127.0.0.1', '//localhost');
    assert.equal((await api(server, 'POST', '/api/v1/push/subscriptions', { token: cast.admin.token, body: { ...phone.json, endpoint } })).status, 204);
    await newChat(server, cast.emma, cast.admin, 'Is anyone in today?');
    await new Promise((resolve) => setImmediate(resolve));
    await server.services.push.settled();
    assert.deepEqual(push.to('named'), [], 'the push service on this host got nothing');
  });
});
