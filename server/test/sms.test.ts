import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNTS, api, loginStaff, startTestServer, type TestServer } from './helpers.ts';
import { eventually } from './mail-catcher.ts';
import { startProvider } from './sms-provider.ts';
import { webhookSignature } from '../src/services/follow-ups/carriers.ts';

/** A phone guest of Salon Rose whose question the owner answers; the follow-up then goes by SMS. */
async function phoneGuestAnswered(server: TestServer, phone: string) {
  const owner = await loginStaff(server, ACCOUNTS.staff[0].email, ACCOUNTS.staff[0].password);
  const salonId = (await api(server, 'GET', '/api/v1/auth/me', { token: owner.token })).body.salon_id;
  const start = await api(server, 'POST', '/api/v1/customer-auth/guest', { body: { salon_id: salonId, name: 'Sam', phone } });
  assert.equal(start.status, 201);
  const chat = await api(server, 'POST', '/api/v1/chat/chats/customer', { token: start.body.access_token, body: { user_id: owner.id, initial_message: 'Open Sunday?' } });
  const sent = await api(server, 'POST', `/api/v1/chat/chats/${chat.body.id}/messages`, { token: owner.token, body: { content: 'Yes, from 10 to 4.' } });
  assert.equal(sent.status, 201);
  return { chatId: chat.body.id as number };
}

const FAST = { FOLLOW_UP_AFTER: '1', OUTBOX_RETRY_BASE_SECONDS: '0.2' };

describe('follow-ups by SMS through Twilio', () => {
  let server: TestServer;
  let twilio: Awaited<ReturnType<typeof startProvider>>;
  let calls = 0;

  before(async () => {
    // The first call fails as a Twilio outage would (503): the outbox tries again.
    twilio = await startProvider((_req, res) => {
      calls += 1;
      res.writeHead(calls === 1 ? 503 : 201, { 'Content-Type': 'application/json' }).end(JSON.stringify(calls === 1 ? { message: 'unavailable' } : { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' }));
    });
    server = await startTestServer({ ...FAST, SMS_PROVIDER: 'twilio', TWILIO_BASE_URL: twilio.url, TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_AUTH_TOKEN: 'twilio-auth-token', TWILIO_FROM: '+15005550006' });
  });
  after(async () => {
    await server.stop();
    await twilio.close();
  });

  it("posts the Messages API's form (To in E.164 whatever the spaces typed, From, Body) with Basic auth, and tries again after a 503", async () => {
    await phoneGuestAnswered(server, '+33 6 12 34 56 78');
    await eventually(() => twilio.requests.length === 2, 8000, 'the second Twilio call');
    const [, req] = twilio.requests;
    assert.equal(req!.method, 'POST');
    assert.equal(req!.url, '/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json');
    assert.equal(req!.headers.authorization, `Basic ${Buffer.from('AC0123456789abcdef0123456789abcdef:twilio-auth-token').toString('base64')}`);
    assert.equal(req!.headers['content-type'], 'application/x-www-form-urlencoded');
    const form = new URLSearchParams(req!.body);
    assert.equal(form.get('To'), '+33612345678');
    assert.equal(form.get('From'), '+15005550006');
    assert.match(form.get('Body')!, /^Salon Rose: "Yes, from 10 to 4\." Reply: http:\/\/127\.0\.0\.1:\d+\/#salon-chat=\S+$/);
    const row = await eventually(async () => {
      const item = await server.services.db('outbox').where({ recipient: '+33612345678' }).first();
      return item?.status === 'sent' && item;
    });
    assert.equal(row.attempts, 2);
    assert.equal(row.provider_id, 'SM0123456789abcdef0123456789abcdef');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(twilio.requests.length, 2, 'sent once');
  });
});

describe('follow-ups by SMS through a signed webhook', () => {
  let server: TestServer;
  let hook: Awaited<ReturnType<typeof startProvider>>;
  const secret = 'webhook-secret-0123456789';

  before(async () => {
    hook = await startProvider((req, res) => {
      const refused = JSON.parse(req.body).to === '+33600000000';
      res.writeHead(refused ? 400 : 200, { 'Content-Type': 'application/json' }).end(JSON.stringify(refused ? { error: 'not a mobile number' } : { id: 'gw-1' }));
    });
    server = await startTestServer({ ...FAST, SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: `${hook.url}/sms`, SMS_WEBHOOK_SECRET: secret });
  });
  after(async () => {
    await server.stop();
    await hook.close();
  });

  it('posts { id, to, body } as JSON, signed with HMAC-SHA256 of the timestamp and the body', async () => {
    await phoneGuestAnswered(server, '+33698765432');
    const req = await eventually(() => hook.requests.find((r) => JSON.parse(r.body).to === '+33698765432'), 8000, 'the webhook call');
    assert.equal(req.url, '/sms');
    assert.equal(req.headers['content-type'], 'application/json');
    const timestamp = req.headers['x-salon-chat-timestamp'] as string;
    assert.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 30);
    assert.equal(req.headers['x-salon-chat-signature'], webhookSignature(secret, timestamp, req.body));
    assert.match(req.headers['x-salon-chat-signature'] as string, /^sha256=[0-9a-f]{64}$/);
    const body = JSON.parse(req.body);
    assert.match(body.id, /^outbox-\d+$/);
    assert.equal(req.headers['idempotency-key'], body.id);
    assert.match(body.body, /^Salon Rose: "Yes, from 10 to 4\." Reply: \S+#salon-chat=\S+$/);
  });

  it('fails an SMS the gateway refuses (4xx) without trying again, and says why', async () => {
    await phoneGuestAnswered(server, '+33600000000');
    const row = await eventually(async () => {
      const item = await server.services.db('outbox').where({ recipient: '+33600000000' }).first();
      return item?.status === 'failed' && item;
    }, 8000);
    assert.equal(row.attempts, 1);
    assert.match(row.last_error, /SMS webhook 400: .*not a mobile number/);
    assert.equal(hook.requests.filter((r) => JSON.parse(r.body).to === '+33600000000').length, 1);
  });
});
