import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ACCOUNTS, api, startTestServer } from './helpers.ts';

const [camille, sam] = ACCOUNTS.staff;
const [emma] = ACCOUNTS.customers;
const staffLogin = (email: string, password: string) => ({ body: { email, password } });

describe('login throttling and password hashing', () => {
  it('answers 429 with Retry-After once a client address has made its logins of the minute', async () => {
    const server = await startTestServer({ LOGINS_PER_MINUTE: '3' });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await api(server, 'POST', '/api/v1/auth/login', staffLogin(camille.email, 'wrong'))).status);
      assert.deepEqual(statuses, [401, 401, 401]);
      const refused = await api(server, 'POST', '/api/v1/customer-auth/login', { body: { phone: emma.phone, password: emma.password } });
      assert.equal(refused.status, 429);
      assert.equal(refused.body.code, 'rate_limited');
      assert.match(refused.body.detail, /at most 3 a minute/);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    } finally {
      await server.stop();
    }
  });

  it("stops checking an account's password after its failures, without touching other accounts", async () => {
    const server = await startTestServer({ LOGIN_FAILURES_PER_ACCOUNT: '3' });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await api(server, 'POST', '/api/v1/auth/login', staffLogin(camille.email, `guess-${i}`))).status, 401);
      const locked = await api(server, 'POST', '/api/v1/auth/login', staffLogin(camille.email.toUpperCase(), camille.password));
      assert.equal(locked.status, 429);
      assert.match(locked.body.detail, /failed logins for this account/);
      assert.ok(Number(locked.headers.get('retry-after')) > 60, 'the account waits for its budget to come back');
      assert.equal((await api(server, 'POST', '/api/v1/auth/login', staffLogin(sam.email, sam.password))).status, 200);
      for (let i = 0; i < 5; i++) assert.equal((await api(server, 'POST', '/api/v1/auth/login', staffLogin(sam.email, sam.password))).status, 200, 'successes cost nothing');
    } finally {
      await server.stop();
    }
  });

  it('answers 503 with Retry-After when more passwords wait than the hashing queue holds, and keeps serving', async () => {
    const server = await startTestServer({ HASH_THREADS: '1', HASH_QUEUE: '2', LOGINS_PER_MINUTE: '1000' });
    try {
      const flood = await Promise.all(
        Array.from({ length: 12 }, (_, i) => api(server, 'POST', '/api/v1/auth/login', staffLogin(`nobody-${i}@salon.com`, 'wrong'))),
      );
      const busy = flood.filter((res) => res.status === 503);
      assert.ok(busy.length >= 6, `503s: ${flood.map((res) => res.status).join(' ')}`);
      assert.equal(busy[0]!.body.code, 'unavailable');
      assert.ok(Number(busy[0]!.headers.get('retry-after')) >= 1);
      assert.ok(flood.every((res) => res.status === 401 || res.status === 503));
      assert.equal((await api(server, 'GET', '/api/v1/salons/1')).status, 200);
      assert.equal((await api(server, 'POST', '/api/v1/auth/login', staffLogin(camille.email, camille.password))).status, 200);
    } finally {
      await server.stop();
    }
  });

  it('makes a hash of older parameters anew on the next successful login', async () => {
    const cheap = await startTestServer({ SCRYPT_PARAMS: 'N=1024,r=8,p=1' });
    const hashOf = async () => (await server.services.db('users').where({ email: camille.email }).first()).password_hash as string;
    let server = cheap;
    assert.match(await hashOf(), /^scrypt\$1024\$8\$1\$/);
    await cheap.close();
    server = await startTestServer({ DATA_DIR: cheap.dir });
    try {
      assert.equal((await api(server, 'POST', '/api/v1/auth/login', staffLogin(camille.email, 'wrong'))).status, 401);
      assert.match(await hashOf(), /^scrypt\$1024\$/, 'a failed login changes nothing');
      assert.equal((await api(server, 'POST', '/api/v1/auth/login', staffLogin(camille.email, camille.password))).status, 200);
      assert.match(await hashOf(), /^scrypt\$16384\$8\$5\$/);
      assert.equal((await api(server, 'POST', '/api/v1/auth/login', staffLogin(camille.email, camille.password))).status, 200);
    } finally {
      await server.stop();
      rmSync(cheap.dir, { recursive: true, force: true });
    }
  });
});
