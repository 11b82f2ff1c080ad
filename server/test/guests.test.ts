import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openAt } from '../src/services/salon-settings.ts';
import { ACCOUNTS, api, newChat, signInCast, startTestServer, type Session, type TestServer } from './helpers.ts';

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
    assert.deepEqual([customer.name, customer.email, customer.phone, customer.is_guest], ['Noor', 'noor@example.com', null, true]);
    const emmas = await newChat(server, cast.emma, cast.admin, 'from an account');
    const member = (await api(server, 'GET', `/api/v1/chat/chats/${emmas}`, { token: cast.admin.token })).body.participants.find((p: { participant_type: string }) => p.participant_type === 'customer');
    assert.equal(member.is_guest, false, 'a customer with an account is no guest');
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

  it('starts a guest who writes first, then gives a name and a contact, which staff then see', async () => {
    const res = await guest({ salon_id: 1 });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual([res.body.profile.name, res.body.profile.phone, res.body.profile.is_guest], ['Guest', null, true]);
    const token = res.body.access_token;
    const chat = await api(server, 'POST', '/api/v1/chat/chats/customer', { token, body: { user_id: cast.admin.id, initial_message: 'Are you open on Sunday?' } });
    assert.equal(chat.status, 201, 'the question reaches the salon without a contact');
    const seen = await api(server, 'GET', `/api/v1/chat/chats/${chat.body.id}/messages`, { token: cast.admin.token });
    assert.equal(seen.body.messages[0].content, 'Are you open on Sunday?');

    const given = await api(server, 'PUT', '/api/v1/customer-auth/guest', { token, body: { name: ' Inès ', email: 'ines@example.com' } });
    assert.equal(given.status, 200, JSON.stringify(given.body));
    assert.deepEqual([given.body.name, given.body.phone, given.body.is_guest], ['Inès', 'ines@example.com', true]);
    const customer = (await api(server, 'GET', `/api/v1/chat/chats/${chat.body.id}`, { token: cast.admin.token })).body.participants.find(
      (p: { participant_type: string }) => p.participant_type === 'customer',
    );
    assert.deepEqual([customer.name, customer.email], ['Inès', 'ines@example.com']);

    const phoneOnly = await api(server, 'PUT', '/api/v1/customer-auth/guest', { token, body: { phone: '+33 6 11 22 33 44' } });
    assert.deepEqual([phoneOnly.body.name, phoneOnly.body.phone], ['Inès', '+33 6 11 22 33 44'], 'the name stays when none is given');
    const none = await api(server, 'PUT', '/api/v1/customer-auth/guest', { token, body: { name: 'Inès' } });
    assert.equal(none.status, 422);
    assert.match(none.body.detail, /phone number or an e-mail/);
    assert.equal((await api(server, 'PUT', '/api/v1/customer-auth/guest', { token: cast.emma.token, body: { phone: '+33 6 00 00 00 01' } })).status, 403, 'not an account');
    assert.equal((await api(server, 'PUT', '/api/v1/customer-auth/guest', { token: cast.admin.token, body: { phone: '+33 6 00 00 00 01' } })).status, 403, 'not staff');
    assert.equal((await api(server, 'PUT', '/api/v1/customer-auth/guest', { body: { phone: '+33 6 00 00 00 01' } })).status, 401);
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

describe('guests kept to their salon and to the budgets of an address and a salon', () => {
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof signInCast>>;

  before(async () => {
    server = await startTestServer({ TRUST_PROXY: '1', GUESTS_PER_MINUTE: '100', GUESTS_PER_DAY_PER_ADDRESS: '3', GUEST_CHATS_PER_DAY_PER_ADDRESS: '2' });
    cast = await signInCast(server);
  });
  after(() => server.stop());

  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const startGuest = (address: string, target: TestServer = server) =>
    api(target, 'POST', '/api/v1/customer-auth/guest', { body: { name: 'Visitor', email: 'visitor@example.com', salon_id: 1 }, headers: from(address) });
  const chatWith = (token: string, staff: Session, address: string, target: TestServer = server) =>
    api(target, 'POST', '/api/v1/chat/chats/customer', { token, body: { user_id: staff.id, initial_message: 'Hello' }, headers: from(address) });

  it("writes only to the salon the guest started with, and never becomes another salon's customer", async () => {
    const address = '198.51.100.1';
    const { body: guest } = await startGuest(address);
    const elsewhere = await chatWith(guest.access_token, cast.other, address);
    assert.equal(elsewhere.status, 403);
    assert.match(elsewhere.body.detail, /only to the salon they started with/);
    const setGuests = (staff: Session, salon: number, on: boolean) => api(server, 'PUT', `/api/v1/salons/${salon}/settings`, { token: staff.token, body: { guests_enabled: on } });
    await setGuests(cast.other, 2, true);
    assert.equal((await chatWith(guest.access_token, cast.other, address)).status, 403, 'not even where that salon takes guests');
    await setGuests(cast.other, 2, false);
    const theirs = await api(server, 'GET', '/api/v1/customers', { token: cast.other.token });
    assert.ok(!theirs.body.some((c: { id: number }) => c.id === guest.profile.id), "not in the other salon's customers");

    assert.equal((await chatWith(guest.access_token, cast.stylist, address)).status, 201, 'their own salon, yes');
    await setGuests(cast.admin, 1, false);
    const closed = await chatWith(guest.access_token, cast.admin, address);
    await setGuests(cast.admin, 1, true);
    assert.equal(closed.status, 403, 'no new chat once their salon takes no more guests');
    assert.match(closed.body.detail, /no longer takes new chats from guests/);
  });

  it('starts a few guests a day from one address, an IPv6 one by its /64, and counts other addresses apart', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await startGuest('203.0.113.9')).status, 201);
    const over = await startGuest('203.0.113.9');
    assert.equal(over.status, 429);
    assert.match(over.body.detail, /at most 3 a day/);
    assert.ok(Number(over.headers.get('retry-after')) > 23 * 3600, 'until the first of them is a day old');
    assert.equal((await startGuest('203.0.113.10')).status, 201);

    for (let i = 1; i <= 3; i++) assert.equal((await startGuest(`2001:db8:5:6::${i}`)).status, 201);
    assert.equal((await startGuest('2001:db8:5:6:ffff:1:2:3')).status, 429, 'another address of the same /64');
    assert.equal((await startGuest('2001:db8:5:7::1')).status, 201, 'the next /64');
  });

  it('counts the new chats of all the guests of one address together, and not those of customers who signed in', async () => {
    const address = '192.0.2.1';
    const guests = await Promise.all([1, 2, 3].map(async () => (await startGuest(address)).body.access_token as string));
    assert.equal((await chatWith(guests[0]!, cast.stylist, address)).status, 201);
    assert.equal((await chatWith(guests[1]!, cast.stylist, address)).status, 201);
    const over = await chatWith(guests[2]!, cast.stylist, address);
    assert.equal(over.status, 429);
    assert.match(over.body.detail, /guest chats from this address: at most 2 a day/);
    assert.ok(Number(over.headers.get('retry-after')) > 23 * 3600);
    assert.equal((await chatWith(guests[2]!, cast.stylist, '192.0.2.2')).status, 201, 'the same guest from another address');
    assert.equal((await chatWith(cast.emma.token, cast.stylist, address)).status, 201, 'a customer who signed in');
  });

  it('caps the new chats of guests with one salon a day, from any address, and leaves customers who signed in alone', async () => {
    const small = await startTestServer({ TRUST_PROXY: '1', GUEST_CHATS_PER_DAY_PER_SALON: '2' });
    try {
      const { stylist, lucas } = await signInCast(small);
      for (const address of ['192.0.2.10', '192.0.2.11']) {
        const guest = await startGuest(address, small);
        assert.equal((await chatWith(guest.body.access_token, stylist, address, small)).status, 201);
      }
      const guest = await startGuest('192.0.2.12', small);
      const over = await chatWith(guest.body.access_token, stylist, '192.0.2.12', small);
      assert.equal(over.status, 429);
      assert.match(over.body.detail, /its 2 new chats from guests today/);
      assert.equal((await chatWith(lucas.token, stylist, '192.0.2.12', small)).status, 201);
    } finally {
      await small.stop();
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

  it('keep a greeting, and the greeting, away text and reply time in other languages beside the defaults', async () => {
    const change = {
      greeting: 'Welcome! Ask us anything.',
      greetings: { fr: 'Bienvenue ! Posez-nous vos questions.', ar: 'أهلًا بكم! اسألونا ما تشاؤون.' },
      away_messages: { fr: 'Nous revenons à 14 h' },
      reply_times: { 'pt-BR': 'em uma hora' },
    };
    const res = await api(server, 'PUT', '/api/v1/salons/1/settings', { token: cast.admin.token, body: change });
    assert.equal(res.status, 200);
    const read = await api(server, 'GET', '/api/v1/salons/1/settings');
    assert.deepEqual([read.body.greeting, read.body.greetings, read.body.away_messages, read.body.reply_times], [change.greeting, change.greetings, change.away_messages, change.reply_times]);
    const cleared = await api(server, 'PUT', '/api/v1/salons/1/settings', { token: cast.admin.token, body: { greeting: null, away_messages: {} } });
    assert.deepEqual([cleared.body.greeting, cleared.body.away_messages, cleared.body.greetings], [null, {}, change.greetings], 'the rest stays');
    for (const body of [{ greetings: { French: 'Bonjour' } }, { greetings: { fr: 'x'.repeat(501) } }, { reply_times: Object.fromEntries([...'abcdefghijklmnopqrstu'].map((c) => [`a${c}`, 'soon'])) }]) {
      const bad = await api(server, 'PUT', '/api/v1/salons/1/settings', { token: cast.admin.token, body });
      assert.equal(bad.status, 422, JSON.stringify(body).slice(0, 60));
      assert.ok(bad.body.detail);
    }
  });

  it('say whether the salon is open now, in its own time zone', () => {
    const hours = { tue: [['09:00', '19:00']] as [string, string][] };
    const tuesdayTenInParis = new Date('2026-12-01T09:00:00Z');
    assert.equal(openAt(hours, 'Europe/Paris', tuesdayTenInParis), true);
    assert.equal(openAt(hours, 'America/New_York', tuesdayTenInParis), false, '4 am in New York');
    assert.equal(openAt(hours, 'Europe/Paris', new Date('2026-12-01T18:00:00Z')), false, '19:00 is closing time');
  });
});
