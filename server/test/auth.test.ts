import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { ACCOUNTS, api, Client, loginCustomer, loginStaff, startTestServer, type TestServer } from './helpers.ts';

describe('authentication', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.stop());

  it('logs staff in with email and password', async () => {
    const res = await api(server, 'POST', '/api/v1/auth/login', { body: { email: ACCOUNTS.staff[0].email, password: ACCOUNTS.staff[0].password } });
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'bearer');
    assert.match(res.body.access_token, /^eyJ/);
    assert.equal(res.body.profile.participant_type, 'user');
    assert.equal(res.body.profile.email, ACCOUNTS.staff[0].email);
  });

  it('logs customers in with phone and password', async () => {
    const res = await api(server, 'POST', '/api/v1/customer-auth/login', { body: { phone: ACCOUNTS.customers[0].phone, password: ACCOUNTS.customers[0].password } });
    assert.equal(res.status, 200);
    assert.equal(res.body.profile.participant_type, 'customer');
    assert.equal(res.body.profile.phone, ACCOUNTS.customers[0].phone);
  });

  it('answers 401 to wrong credentials, known or not', async () => {
    for (const [route, body] of [
      ['/api/v1/auth/login', { email: ACCOUNTS.staff[0].email, password: 'wrong' }],
      ['/api/v1/auth/login', { email: 'nobody@salon.com', password: ACCOUNTS.staff[0].password }],
      ['/api/v1/customer-auth/login', { phone: ACCOUNTS.customers[0].phone, password: ACCOUNTS.customers[1].password }],
    ] as const) {
      const res = await api(server, 'POST', route, { body });
      assert.equal(res.status, 401, route);
      assert.ok(res.body.detail);
    }
  });

  it('answers 422 naming the field to a malformed login, 400 to bad JSON', async () => {
    const missing = await api(server, 'POST', '/api/v1/auth/login', { body: { email: ACCOUNTS.staff[0].email } });
    assert.equal(missing.status, 422);
    assert.match(missing.body.detail, /password/);
    const wrongType = await api(server, 'POST', '/api/v1/customer-auth/login', { body: { phone: 1234567890, password: 'x' } });
    assert.equal(wrongType.status, 422);
    assert.match(wrongType.body.detail, /phone/);
    const badJson = await api(server, 'POST', '/api/v1/auth/login', { raw: '{"email":' });
    assert.equal(badJson.status, 400);
    assert.equal(badJson.body.code, 'bad_json');
  });

  it('refuses bodies over the size limit with 413', async () => {
    const res = await api(server, 'POST', '/api/v1/auth/login', { body: { email: 'x'.repeat(400_000), password: 'x' } });
    assert.equal(res.status, 413);
    assert.ok(res.body.detail);
  });

  it('refreshes a token pair, and a refresh token is no access token', async () => {
    const login = await api(server, 'POST', '/api/v1/auth/login', { body: { email: ACCOUNTS.staff[1].email, password: ACCOUNTS.staff[1].password } });
    const refreshed = await api(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: login.body.refresh_token } });
    assert.equal(refreshed.status, 200);
    const me = await api(server, 'GET', '/api/v1/auth/me', { token: refreshed.body.access_token });
    assert.equal(me.body.email, ACCOUNTS.staff[1].email);
    assert.equal((await api(server, 'GET', '/api/v1/auth/me', { token: login.body.refresh_token })).status, 401);
    assert.equal((await api(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: login.body.access_token } })).status, 401);
  });

  it('rotates refresh tokens: each is used once, and used again after its grace it ends the whole sign-in', async () => {
    const refresh = (token: string) => api(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: token } });
    const login = await api(server, 'POST', '/api/v1/customer-auth/login', { body: { phone: ACCOUNTS.customers[1].phone, password: ACCOUNTS.customers[1].password } });
    const first = await refresh(login.body.refresh_token);
    assert.equal(first.status, 200);
    assert.notEqual(first.body.refresh_token, login.body.refresh_token);
    const second = await refresh(first.body.refresh_token);
    assert.equal(second.status, 200);

    await server.services.db('refresh_tokens').update({ used_at: new Date(Date.now() - 60_000).toISOString() }).whereNotNull('used_at');
    const replayed = await refresh(login.body.refresh_token);
    assert.equal(replayed.status, 401);
    assert.match(replayed.body.detail, /already used/);
    const res = await refresh(second.body.refresh_token);
    assert.equal(res.status, 401, 'every token of the sign-in is revoked');
    assert.match(res.body.detail, /session has ended/);
    const again = await api(server, 'POST', '/api/v1/customer-auth/login', { body: { phone: ACCOUNTS.customers[1].phone, password: ACCOUNTS.customers[1].password } });
    assert.equal((await refresh(again.body.refresh_token)).status, 200, 'a new sign-in is a new family');
  });

  it('signs out: the refresh tokens of that sign-in stop working, other sign-ins go on', async () => {
    const body = { email: ACCOUNTS.staff[1].email, password: ACCOUNTS.staff[1].password };
    const [here, elsewhere] = [await api(server, 'POST', '/api/v1/auth/login', { body }), await api(server, 'POST', '/api/v1/auth/login', { body })];
    const out = await api(server, 'POST', '/api/v1/auth/logout', { body: { refresh_token: here.body.refresh_token } });
    assert.equal(out.status, 204);
    assert.equal((await api(server, 'POST', '/api/v1/auth/logout', { body: { refresh_token: here.body.refresh_token } })).status, 204, 'signing out twice is fine');
    assert.equal((await api(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: here.body.refresh_token } })).status, 401);
    assert.equal((await api(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: elsewhere.body.refresh_token } })).status, 200);
    const bad = await api(server, 'POST', '/api/v1/auth/logout', { body: { refresh_token: here.body.access_token } });
    assert.equal(bad.status, 401);
    assert.ok(bad.body.detail);
  });

  it('refuses a refresh token it never recorded, even when signed with its secret', async () => {
    const key = new TextEncoder().encode('test-secret-test-secret');
    const minted = await new SignJWT({ typ: 'user', kind: 'refresh' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('1')
      .setIssuer('salon-chat')
      .setAudience(await deploymentOf(server))
      .setExpirationTime('1h')
      .sign(key);
    const res = await api(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: minted } });
    assert.equal(res.status, 401);
    assert.match(res.body.detail, /unknown refresh token/);
  });

  it('rejects missing, malformed, forged, unsigned, expired, never-expiring and audience-less tokens with 401', async () => {
    const key = new TextEncoder().encode('test-secret-test-secret');
    const audience = await deploymentOf(server);
    const expired = await new SignJWT({ typ: 'user', kind: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('1')
      .setIssuer('salon-chat')
      .setAudience(audience)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const forged = await new SignJWT({ typ: 'user', kind: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('1')
      .setIssuer('salon-chat')
      .setAudience(audience)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-entirely'));
    const forever = await new SignJWT({ typ: 'user', kind: 'access' }).setProtectedHeader({ alg: 'HS256' }).setSubject('1').setIssuer('salon-chat').setAudience(audience).sign(key);
    const noAudience = await new SignJWT({ typ: 'user', kind: 'access' }).setProtectedHeader({ alg: 'HS256' }).setSubject('1').setIssuer('salon-chat').setExpirationTime('1h').sign(key);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: '1', typ: 'user', kind: 'access', iss: 'salon-chat', aud: audience })}.`;
    const tokens = [expired, forged, unsigned, forever, noAudience];
    for (const headers of [{} as Record<string, string>, { Authorization: 'Token abc' }, { Authorization: 'Bearer not-a-jwt' }, ...tokens.map((t) => ({ Authorization: `Bearer ${t}` }))]) {
      const res = await api(server, 'GET', '/api/v1/chat/chats', { headers });
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.equal(res.body.code, 'unauthorized');
    }
  });

  it('keeps each side to its own endpoints', async () => {
    const staff = await loginStaff(server, ACCOUNTS.staff[0].email, ACCOUNTS.staff[0].password);
    const customer = await loginCustomer(server, ACCOUNTS.customers[0].phone, ACCOUNTS.customers[0].password);
    assert.equal((await api(server, 'GET', '/api/v1/chat/chats/customer', { token: staff.token })).status, 403);
    assert.equal((await api(server, 'GET', '/api/v1/chat/chats', { token: customer.token })).status, 403);
    assert.equal((await api(server, 'GET', '/api/v1/customers', { token: customer.token })).status, 403);
  });

  it('shows a salon and its staff to anyone', async () => {
    const res = await api(server, 'GET', '/api/v1/salons/1');
    assert.equal(res.status, 200);
    assert.equal(res.body.name, 'Salon Rose');
    assert.deepEqual(res.body.staff.map((s: { name: string }) => s.name), [ACCOUNTS.staff[0].name, ACCOUNTS.staff[1].name]);
    assert.equal((await api(server, 'GET', '/api/v1/salons/999')).status, 404);
    assert.equal((await api(server, 'GET', '/api/v1/salons/abc')).status, 422);
  });
});

/** The audience this server's tokens name: its database's deployment id. */
const deploymentOf = async (server: TestServer) => ((await server.services.db('deployment').first('id')) as { id: string }).id;

describe('refresh throttling', () => {
  it('answers 429 with Retry-After once a client address has made its refreshes of the minute, a flood of them included, without using up the token', async () => {
    const server = await startTestServer({ REFRESHES_PER_MINUTE: '4', TRUST_PROXY: '1' });
    try {
      const refresh = (token: string, address: string) => api(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: token }, headers: { 'X-Forwarded-For': address } });
      const login = await api(server, 'POST', '/api/v1/auth/login', { body: { email: ACCOUNTS.staff[0].email, password: ACCOUNTS.staff[0].password } });
      let token: string = login.body.refresh_token;
      for (let i = 0; i < 4; i++) {
        const refreshed = await refresh(token, '198.51.100.20');
        assert.equal(refreshed.status, 200);
        token = refreshed.body.refresh_token;
      }
      const refused = await refresh(token, '198.51.100.20');
      assert.equal(refused.status, 429);
      assert.equal(refused.body.code, 'rate_limited');
      assert.match(refused.body.detail, /token refreshes from this address: at most 4 a minute/);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);

      const flood = await Promise.all(Array.from({ length: 30 }, (_, i) => refresh(`forged-${i}`, '198.51.100.20')));
      assert.deepEqual(new Set(flood.map((r) => r.status)), new Set([429]), 'a flood of tokens, forged or not, is refused before any is looked up');

      assert.equal((await refresh(token, '198.51.100.21')).status, 200, 'the refused token was not used up, and another address has its own budget');
    } finally {
      await server.stop();
    }
  });
});

describe('tokens of another deployment', () => {
  // Two deployments on one secret (one checkout run twice, or a reused JWT_SECRET): each has its own database.
  let here: TestServer;
  let there: TestServer;
  before(async () => ([here, there] = await Promise.all([startTestServer(), startTestServer()])));
  after(() => Promise.all([here.stop(), there.stop()]));

  it("refuses a token of another deployment on the same secret, on REST and on the WebSocket, though an account there has the same id", async () => {
    const guest = await api(here, 'POST', '/api/v1/customer-auth/guest', { body: { name: 'Visitor', phone: '+33 6 00 00 00 01', salon_id: 1 } });
    assert.equal(guest.status, 201);
    const twin = await api(there, 'POST', '/api/v1/customer-auth/guest', { body: { name: 'Someone else', phone: '+33 6 00 00 00 02', salon_id: 1 } });
    assert.equal(twin.body.profile.id, guest.body.profile.id, 'the other deployment has an account with the same id');
    assert.notEqual(await deploymentOf(here), await deploymentOf(there));

    assert.equal((await api(here, 'GET', '/api/v1/auth/me', { token: guest.body.access_token })).status, 200);
    const me = await api(there, 'GET', '/api/v1/auth/me', { token: guest.body.access_token });
    assert.equal(me.status, 401, JSON.stringify(me.body));
    const refreshed = await api(there, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: guest.body.refresh_token } });
    assert.equal(refreshed.status, 401);
    const socket = Client.open(there, 'customer', guest.body.access_token);
    assert.equal((await socket.closed).code, 1008);
    const own = await Client.connect(here, { token: guest.body.access_token, id: guest.body.profile.id, type: 'customer' });
    await own.close();
  });
});

describe('refresh token reuse', () => {
  // Behind one proxy, so that X-Forwarded-For names the client, as it does in production.
  let server: TestServer;
  before(async () => (server = await startTestServer({ TRUST_PROXY: '1' })));
  after(() => server.stop());

  const owner = { 'User-Agent': 'Mozilla/5.0 (owner)', 'X-Forwarded-For': '203.0.113.7' };
  const refresh = (token: string, headers: Record<string, string> = owner) => api(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: token }, headers });
  const signIn = () => api(server, 'POST', '/api/v1/auth/login', { body: { email: ACCOUNTS.staff[0].email, password: ACCOUNTS.staff[0].password }, headers: owner });
  const jti = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;

  it('answers two tabs of one browser refreshing at once with the same successor, and ends the sign-in at a third use', async () => {
    const login = await signIn();
    const [tab1, tab2] = await Promise.all([refresh(login.body.refresh_token), refresh(login.body.refresh_token)]);
    assert.deepEqual([tab1.status, tab2.status], [200, 200], 'a second tab refreshing at the same moment is not taken for a thief');
    assert.equal(jti(tab1.body.refresh_token), jti(tab2.body.refresh_token), 'both tabs hold the same successor: the sign-in has one branch');
    assert.equal((await api(server, 'GET', '/api/v1/auth/me', { token: tab2.body.access_token })).status, 200);

    const third = await refresh(login.body.refresh_token);
    assert.equal(third.status, 401, 'a third use is a replay');
    assert.match(third.body.detail, /already used/);
    const successor = await refresh(tab1.body.refresh_token);
    assert.equal(successor.status, 401, "the tabs' successor is revoked with its family");
    assert.match(successor.body.detail, /session has ended/);
  });

  for (const [who, thief] of [
    ['another User-Agent', { ...owner, 'User-Agent': 'curl/8.5.0' }],
    ['another address', { ...owner, 'X-Forwarded-For': '198.51.100.23' }],
  ] as const) {
    it(`ends the whole sign-in when a used refresh token comes back within the grace from ${who}`, async () => {
      const login = await signIn();
      const owners = await refresh(login.body.refresh_token);
      assert.equal(owners.status, 200);
      const stolen = await refresh(login.body.refresh_token, thief);
      assert.equal(stolen.status, 401, JSON.stringify(stolen.body));
      assert.match(stolen.body.detail, /already used/);
      const next = await refresh(owners.body.refresh_token);
      assert.equal(next.status, 401, "the owner's successor is revoked too: the owner signs in again");
      assert.match(next.body.detail, /session has ended/);
      assert.equal((await refresh(login.body.refresh_token)).status, 401, 'and the grace is over for the owner as well');
    });
  }

  it("leaves no branch to a thief who refreshes first: the owner's refresh from its own client ends the sign-in", async () => {
    const login = await signIn();
    const thief = { ...owner, 'User-Agent': 'curl/8.5.0', 'X-Forwarded-For': '198.51.100.23' };
    const stolen = await refresh(login.body.refresh_token, thief);
    assert.equal(stolen.status, 200);
    assert.equal((await refresh(login.body.refresh_token)).status, 401);
    assert.equal((await refresh(stolen.body.refresh_token, thief)).status, 401, "the thief's successor is revoked");
  });
});
