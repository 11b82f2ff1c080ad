import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openAt } from '../src/services/salon-settings.ts';
import { ACCOUNTS, api, newChat, signInCast, startTestServer, type TestServer } from './helpers.ts';

describe('guest customers', () => {
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof signInCast>>;

  before(async () => {
    server = await startTestServer({ GUESTS_PER_MINUTE: '100' });
    cast = await signInCast(server);
  });
  after(() => server.stop());

  const guest = (body: Record<string, unknown>) => api(server, 'POST', '/api/v1/customer-auth/guest', { body });

  it('starts a guest from a name and a phone number, with the token pair of a customer login', async () => {
    const res = await guest({ name: '  Léa Martin ', phone: '+33 6 12 34 56 78', salon_id: 1 });
    assert.equal(res.status, 201);
    assert.equal(res.body.token_type, 'bearer');
    assert.deepEqual([res.body.profile.participant_type, res.body.profile.name, res.body.profile.phone, res.body.profile.is_guest], ['customer', 'Léa Martin', '+33 6 12 34 56 78', true]);
    const me = await api(server, 'GET', '/api/v1/auth/me', { token: res.body.access_token });
    assert.equal(me.body.id, res.body.profile.id);
    const renewed = await api(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: res.body.refresh_token } });
    assert.equal(renewed.status, 200, 'renewed by its refresh token');
  });

  it('lets a guest write to the salon, whose staff see the name and the contact given', async () => {
    const res = await guest({ name: 'Noor', email: 'noor@example.com', staff_id: cast.stylist.id });
    const token = res.body.access_token;
    const chat = await api(server, 'POST', '/api/v1/chat/chats/customer', { token, body: { user_id: cast.stylist.id, initial_message: 'Do you do henna?' } });
    assert.equal(chat.status, 201);
    const seen = await api(server, 'GET', `/api/v1/chat/chats/${chat.body.id}/messages`, { token: cast.admin.token });
    assert.equal(seen.body.messages[0].content, 'Do you do henna?');
    const list = await api(server, 'GET', '/api/v1/chat/chats', { token: cast.admin.token });
    const customer = list.body.find((c: { id: number }) => c.id === chat.body.id).participants.find((p: { participant_type: string }) => p.participant_type === 'customer');
    assert.deepEqual([customer.name, customer.phone], ['Noor', 'noor@example.com']);
  });

  it("shows a guest's name and a chat's title without the controls that reverse text, and right-to-left names as they are", async () => {
    const res = await guest({ name: 'Invoice \u202Egnp.exe\u202C \u2067x\u2069', email: 'rlo@example.com', salon_id: 1 });
    assert.equal(res.body.profile.name, 'Invoice gnp.exe x', 'the staff read gnp.exe, not exe.png');
    const chat = await api(server, 'POST', '/api/v1/chat/chats/customer', { token: res.body.access_token, body: { user_id: cast.admin.id, title: 'Photo \u202Egnp.exe' } });
    assert.equal(chat.body.title, 'Photo gnp.exe');
    const arabic = await guest({ name: 'نور \u200Fالهدى', phone: '+971 50 000 0000', salon_id: 1 });
    assert.equal(arabic.body.profile.name, 'نور \u200Fالهدى', 'a right-to-left mark reorders nothing and stays');
  });

  it("never opens an existing customer's account or chats to a guest who types their phone number", async () => {
    const res = await guest({ name: 'Not Emma', phone: ACCOUNTS.customers[0].phone, salon_id: 1 });
    assert.equal(res.status, 201);
    assert.notEqual(res.body.profile.id, cast.emma.id);
    const chats = await api(server, 'GET', '/api/v1/chat/chats/customer', { token: res.body.access_token });
    assert.deepEqual(chats.body, []);
    const emmasChat = await newChat(server, cast.emma, cast.admin, 'only for the salon');
    const peek = await api(server, 'GET', `/api/v1/chat/chats/${emmasChat}/messages`, { token: res.body.access_token });
    assert.ok(peek.status === 403 || peek.status === 404);
    const login = await api(server, 'POST', '/api/v1/customer-auth/login', { body: { phone: ACCOUNTS.customers[0].phone, password: ACCOUNTS.customers[0].password } });
    assert.equal(login.body.profile.id, cast.emma.id, 'the real account still signs in');
  });

  it('cannot sign in with a password', async () => {
    const res = await guest({ name: 'Sam', phone: '+44 20 7946 0000', salon_id: 1 });
    const login = await api(server, 'POST', '/api/v1/customer-auth/login', { body: { phone: res.body.profile.phone, password: '!' } });
    assert.equal(login.status, 401);
  });

  it('answers a salon that takes no guests, and bad input, with a reason', async () => {
    const off = await guest({ name: 'Ola', phone: '+47 22 00 00 00', salon_id: 2 });
    assert.equal(off.status, 403);
    assert.match(off.body.detail, /guests/);
    for (const [body, where] of [
      [{ name: 'Ola', salon_id: 1 }, /phone number or an e-mail/],
      [{ name: '   ', phone: '+33 6 00 00 00 00', salon_id: 1 }, /blank/],
      [{ name: 'Ola', email: 'not-an-address', salon_id: 1 }, /e-mail/],
      [{ name: 'Ola', phone: '+33 6 00 00 00 00' }, /salon_id/],
    ] as const) {
      const res = await guest(body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.match(res.body.detail, where);
    }
    assert.equal((await guest({ name: 'Ola', phone: '+33 6 00 00 00 00', salon_id: 999 })).status, 404);
  });

  it('takes the client address from X-Forwarded-For only from as many proxies as TRUST_PROXY says', async () => {
    const direct = await startTestServer({ GUESTS_PER_MINUTE: '1' });
    const proxied = await startTestServer({ GUESTS_PER_MINUTE: '1', TRUST_PROXY: '1' });
    try {
      const start = (server: TestServer, forwardedFor: string) =>
        api(server, 'POST', '/api/v1/customer-auth/guest', { body: { name: 'Flood', phone: '+33 6 11 11 11 11', salon_id: 1 }, headers: { 'X-Forwarded-For': forwardedFor } });
      assert.equal((await start(direct, '203.0.113.1')).status, 201);
      assert.equal((await start(direct, '203.0.113.2')).status, 429, 'without a proxy, a forged header is no new address');
      assert.equal((await start(proxied, '203.0.113.1')).status, 201);
      assert.equal((await start(proxied, '203.0.113.2')).status, 201, 'behind one proxy, its entry is the address');
      assert.equal((await start(proxied, '198.51.100.7, 203.0.113.2')).status, 429, 'what the client wrote before the proxy is not believed');
    } finally {
      await Promise.all([direct.stop(), proxied.stop()]);
    }
  });

  it('limits guest starts per client address with 429 and Retry-After', async () => {
    const tight = await startTestServer({ GUESTS_PER_MINUTE: '2' });
    try {
      const start = () => api(tight, 'POST', '/api/v1/customer-auth/guest', { body: { name: 'Flood', phone: '+33 6 11 11 11 11', salon_id: 1 } });
      assert.equal((await start()).status, 201);
      assert.equal((await start()).status, 201);
      const third = await start();
      assert.equal(third.status, 429);
      assert.ok(Number(third.headers.get('retry-after')) >= 1);
      assert.match(third.body.detail, /at most 2 a minute/);
    } finally {
      await tight.stop();
    }
  });
});

describe('salon settings', () => {
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof signInCast>>;

  before(async () => {
    server = await startTestServer();
    cast = await signInCast(server);
  });
  after(() => server.stop());

  it('are readable by anyone, with the salon card too', async () => {
    const res = await api(server, 'GET', '/api/v1/salons/1/settings');
    assert.equal(res.status, 200);
    assert.equal(res.body.guests_enabled, true);
    assert.equal(res.body.timezone, 'Europe/Paris');
    assert.equal(typeof res.body.open_now, 'boolean');
    assert.ok(res.body.away_message);
    const card = await api(server, 'GET', '/api/v1/salons/1');
    assert.deepEqual(card.body.settings, res.body);
  });

  it("are changed by the salon's staff only", async () => {
    const change = { away_message: 'Back at 2 pm', reply_time: 'within two hours', opening_hours: { mon: [['10:00', '18:00']] } };
    const mine = await api(server, 'PUT', '/api/v1/salons/1/settings', { token: cast.stylist.token, body: change });
    assert.equal(mine.status, 200);
    assert.deepEqual([mine.body.away_message, mine.body.reply_time, mine.body.opening_hours], [change.away_message, change.reply_time, change.opening_hours]);
    assert.equal(mine.body.timezone, 'Europe/Paris', 'what is not given stays');
    assert.equal((await api(server, 'PUT', '/api/v1/salons/1/settings', { token: cast.other.token, body: change })).status, 403);
    assert.equal((await api(server, 'PUT', '/api/v1/salons/1/settings', { token: cast.emma.token, body: change })).status, 403);
    assert.equal((await api(server, 'PUT', '/api/v1/salons/1/settings', { body: change })).status, 401);
    const bad = await api(server, 'PUT', '/api/v1/salons/1/settings', { token: cast.admin.token, body: { timezone: 'Mars/Olympus', opening_hours: { mon: [['9am', '6pm']] } } });
    assert.equal(bad.status, 422);
    assert.match(bad.body.detail, /time zone|HH:MM/);
  });

  it('say whether the salon is open now, in its own time zone', () => {
    const hours = { tue: [['09:00', '19:00']] as [string, string][] };
    const tuesdayTenInParis = new Date('2026-12-01T09:00:00Z');
    assert.equal(openAt(hours, 'Europe/Paris', tuesdayTenInParis), true);
    assert.equal(openAt(hours, 'America/New_York', tuesdayTenInParis), false, '4 am in New York');
    assert.equal(openAt(hours, 'Europe/Paris', new Date('2026-12-01T18:00:00Z')), false, '19:00 is closing time');
  });
});
