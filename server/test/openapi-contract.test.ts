import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { OpenApiContract } from './contract.ts';
import { eventually } from './mail-catcher.ts';
import { api, signInCast, loginStaff, newChat, startTestServer, ACCOUNTS, type TestServer } from './helpers.ts';

describe('/openapi.json against the real answers', () => {
  let server: TestServer;
  let contract: OpenApiContract;
  let cast: Awaited<ReturnType<typeof signInCast>>;

  /** Calls the server and fails on any answer the document does not describe. */
  async function call(method: string, url: string, options: Parameters<typeof api>[3] = {}) {
    const res = await api(server, method, url, options);
    assert.deepEqual(contract.check(method, url, res), [], `${method} ${url} answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return res;
  }

  async function upload(token: string, bytes: Buffer, name: string) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    const res = await fetch(`${server.url}/api/v1/chat/upload`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    const answer = { status: res.status, body: await res.json(), headers: res.headers };
    assert.deepEqual(contract.check('POST', '/api/v1/chat/upload', answer), [], JSON.stringify(answer.body));
    return answer;
  }

  before(async () => {
    server = await startTestServer();
    contract = new OpenApiContract((await api(server, 'GET', '/openapi.json')).body);
    cast = await signInCast(server);
  });
  after(() => server.stop());

  it('reports an answer that does not match, so the checks below can fail', () => {
    const headers = new Headers();
    const salon = { id: 1, currency: 'EUR', staff: [] };
    assert.match(contract.check('GET', '/api/v1/salons/1', { status: 200, body: salon, headers }).join(), /must have required property 'name'/);
    assert.match(contract.check('GET', '/api/v1/salons/1', { status: 200, body: { ...salon, name: 'x', owner: 'y' }, headers }).join(), /additional properties: owner/);
    assert.match(contract.check('GET', '/api/v1/salons/1', { status: 418, body: {}, headers }).join(), /does not list/);
    assert.match(contract.check('GET', '/api/v1/nothing', { status: 200, body: {}, headers }).join(), /no such operation/);
    contract.answered.clear();
  });

  it('answers the sign-in calls as documented, failures included', async () => {
    const { staff, customers } = ACCOUNTS;
    await call('POST', '/api/v1/auth/login', { body: { email: staff[0].email, password: staff[0].password } });
    await call('POST', '/api/v1/auth/login', { body: { email: staff[0].email, password: 'wrong' } });
    await call('POST', '/api/v1/auth/login', { raw: '{"email":' });
    await call('POST', '/api/v1/customer-auth/login', { body: { phone: customers[0].phone, password: customers[0].password } });
    await call('POST', '/api/v1/customer-auth/login', { body: { phone: '' } });
    const guest = await call('POST', '/api/v1/customer-auth/guest', { body: { name: 'Nora', email: 'nora@example.com', salon_id: 1 } });
    await call('POST', '/api/v1/customer-auth/guest', { body: { name: 'Nora', email: 'nora@example.com', salon_id: 999 } });
    const refreshed = await call('POST', '/api/v1/auth/refresh', { body: { refresh_token: guest.body.refresh_token } });
    await call('POST', '/api/v1/auth/refresh', { body: { refresh_token: 'nonsense' } });
    await call('POST', '/api/v1/auth/logout', { body: { refresh_token: refreshed.body.refresh_token } });
    await call('GET', '/api/v1/auth/me', { token: cast.admin.token });
    await call('GET', '/api/v1/auth/me', { token: guest.body.access_token });
    await call('GET', '/api/v1/auth/me');
    const unnamed = await call('POST', '/api/v1/customer-auth/guest', { body: { salon_id: 1 } });
    await call('PUT', '/api/v1/customer-auth/guest', { token: unnamed.body.access_token, body: { name: 'Nora', phone: '+33 6 12 00 00 00' } });
    await call('PUT', '/api/v1/customer-auth/guest', { token: unnamed.body.access_token, body: { name: 'Nora' } });
    await call('PUT', '/api/v1/customer-auth/guest', { token: cast.emma.token, body: { phone: '+33 6 12 00 00 00' } });
    await call('PUT', '/api/v1/customer-auth/guest', { body: { phone: '+33 6 12 00 00 00' } });
  });

  it('answers the directory as documented, with 422 for an id that is not a number', async () => {
    await call('GET', '/api/v1/salons/1');
    await call('GET', '/api/v1/salons/999');
    const bad = await call('GET', '/api/v1/salons/abc');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].location, 'path');
    await call('GET', '/api/v1/salons/1/settings');
    await call('PUT', '/api/v1/salons/1/settings', { token: cast.admin.token, body: { reply_time: 'within a day' } });
    await call('PUT', '/api/v1/salons/1/settings', { token: cast.other.token, body: { reply_time: 'soon' } });
    await call('PUT', '/api/v1/salons/1/settings', { token: cast.emma.token, body: {} });
    await call('PUT', '/api/v1/salons/1/settings', { token: cast.admin.token, body: { timezone: 'Mars/Olympus' } });
    await call('GET', '/api/v1/customers', { token: cast.admin.token });
    await call('GET', '/api/v1/customers', { token: cast.emma.token });
  });

  it('answers the chat calls as documented, pages and archives included', async () => {
    const created = await call('POST', '/api/v1/chat/chats', { token: cast.admin.token, body: { customer_id: cast.emma.id, title: 'Colour', initial_message: 'Hello Emma' } });
    await call('POST', '/api/v1/chat/chats', { token: cast.admin.token, body: { customer_id: 'one' } });
    await call('POST', '/api/v1/chat/chats/customer', { token: cast.lucas.token, body: { user_id: cast.stylist.id, initial_message: 'Hi Sam' } });
    const page = await call('GET', '/api/v1/chat/chats?limit=1', { token: cast.admin.token });
    assert.ok(page.headers.get('X-Next-Cursor'), 'the demo salon has more than one chat');
    await call('GET', '/api/v1/chat/chats?search=Emma&is_archived=false', { token: cast.admin.token });
    await call('GET', '/api/v1/chat/chats?limit=0', { token: cast.admin.token });
    await call('GET', '/api/v1/chat/chats/customer', { token: cast.emma.token });
    await call('GET', '/api/v1/chat/chats/customer', { token: cast.admin.token });
    await call('GET', `/api/v1/chat/chats/${created.body.id}`, { token: cast.emma.token });
    await call('GET', `/api/v1/chat/chats/${created.body.id}`, { token: cast.lucas.token });
    await call('POST', `/api/v1/chat/chats/${created.body.id}/archive`, { token: cast.admin.token });
    await call('POST', `/api/v1/chat/chats/${created.body.id}/unarchive`, { token: cast.admin.token });
    await call('POST', `/api/v1/chat/chats/${created.body.id}/archive`, { token: cast.emma.token });
  });

  it('answers the conversation states as documented, views, counts and refusals included', async () => {
    const chat = await newChat(server, cast.emma, cast.admin, 'Still free on Friday?');
    await call('GET', '/api/v1/chat/chats?view=unanswered&limit=1', { token: cast.admin.token });
    await call('GET', '/api/v1/chat/chats?view=mine&search=Friday', { token: cast.admin.token });
    await call('GET', '/api/v1/chat/chats?view=later', { token: cast.admin.token });
    await call('GET', '/api/v1/chat/chats/counts', { token: cast.admin.token });
    await call('GET', '/api/v1/chat/chats/counts', { token: cast.emma.token });
    await call('PUT', `/api/v1/chat/chats/${chat}/assignee`, { token: cast.admin.token, body: { assignee_id: cast.stylist.id } });
    await call('PUT', `/api/v1/chat/chats/${chat}/assignee`, { token: cast.admin.token, body: { assignee_id: cast.other.id } });
    await call('PUT', `/api/v1/chat/chats/${chat}/assignee`, { token: cast.other.token, body: { assignee_id: null } });
    await call('POST', `/api/v1/chat/chats/${chat}/resolve`, { token: cast.admin.token });
    await call('POST', `/api/v1/chat/chats/${chat}/resolve`, { token: cast.emma.token });
    await call('POST', `/api/v1/chat/chats/${chat}/reopen`, { token: cast.stylist.token });
    await call('POST', `/api/v1/chat/chats/${chat}/reopen`, { token: cast.other.token });
  });

  it('answers the Web Push calls as documented: the key, subscribing a device and removing it, refusals included', async () => {
    await call('GET', '/api/v1/push/key', { token: cast.admin.token });
    await call('GET', '/api/v1/push/key');
    const endpoint = 'https://push.example/send/contract';
    const keys = { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) };
    await call('POST', '/api/v1/push/subscriptions', { token: cast.admin.token, body: { endpoint, keys } });
    await call('POST', '/api/v1/push/subscriptions', { token: cast.admin.token, body: { endpoint: 'http://push.example/send', keys } });
    await call('POST', '/api/v1/push/subscriptions', { token: cast.emma.token, body: { endpoint, keys } });
    await call('DELETE', '/api/v1/push/subscriptions', { token: cast.admin.token, body: { endpoint } });
    await call('DELETE', '/api/v1/push/subscriptions', { token: cast.admin.token, body: { endpoint } });
  });

  it('answers the quick replies as documented: listing, adding, changing and deleting, refusals included', async () => {
    const path = '/api/v1/salons/1/quick-replies';
    const added = await call('POST', path, { token: cast.admin.token, body: { shortcut: 'prices', title: 'Prices', content: 'A cut is 28 €', scope: 'salon' } });
    await call('POST', path, { token: cast.admin.token, body: { shortcut: 'prices', content: 'again', scope: 'salon' } });
    await call('POST', path, { token: cast.stylist.token, body: { shortcut: 'promo', content: '-10 %', scope: 'salon' } });
    await call('POST', path, { token: cast.admin.token, body: { shortcut: 'two words', content: 'x' } });
    await call('GET', path, { token: cast.stylist.token });
    await call('GET', path, { token: cast.emma.token });
    await call('PUT', `${path}/${added.body.id}`, { token: cast.admin.token, body: { content: 'A cut is 30 €' } });
    await call('PUT', `${path}/999999`, { token: cast.admin.token, body: { content: 'x' } });
    await call('DELETE', `${path}/${added.body.id}`, { token: cast.admin.token });
    await call('DELETE', `${path}/${added.body.id}`, { token: cast.admin.token });
  });

  it('answers the message calls as documented, replies, references, files and reads included', async () => {
    const chat = await newChat(server, cast.emma, cast.admin, 'Is Thursday free?');
    const [product] = (await call('GET', '/api/v1/catalog/products', { token: cast.admin.token })).body;
    await call('GET', '/api/v1/catalog/packs?salon_id=1', { token: cast.emma.token });
    await call('GET', '/api/v1/catalog/appointments', { token: cast.admin.token });
    await call('GET', '/api/v1/catalog/appointments', { token: cast.emma.token });
    await call('GET', '/api/v1/catalog/appointments?salon_id=2', { token: cast.admin.token });
    const first = await call('POST', `/api/v1/chat/chats/${chat}/messages`, { token: cast.admin.token, body: { content: 'It is', client_message_id: 'c-1' } });
    await call('POST', `/api/v1/chat/chats/${chat}/messages`, { token: cast.admin.token, body: { content: 'It is', client_message_id: 'c-1' } });
    await call('POST', `/api/v1/chat/chats/${chat}/messages`, { token: cast.admin.token, body: { message_type: 'product', reference_id: product.id, reply_to_message_id: first.body.id } });
    const picture = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c08060' } }).png().toBuffer();
    const file = await upload(cast.emma.token, picture, 'hair.png');
    await upload(cast.emma.token, Buffer.from('just text'), 'notes.txt');
    await call('POST', `/api/v1/chat/chats/${chat}/messages`, { token: cast.emma.token, body: { media_url: file.body.file_url } });
    await call('POST', `/api/v1/chat/chats/${chat}/messages`, { token: cast.emma.token, body: {} });
    const other = await newChat(server, cast.lucas, cast.admin);
    await call('POST', `/api/v1/chat/chats/${other}/messages`, { token: cast.admin.token, body: { content: 'elsewhere', client_message_id: 'c-1' } });
    await call('GET', `/api/v1/chat/chats/${chat}/messages?page_size=2`, { token: cast.emma.token });
    await call('GET', `/api/v1/chat/chats/${chat}/messages?after_id=1&before_id=9`, { token: cast.emma.token });
    await call('GET', `/api/v1/chat/chats/${chat}/messages`, { token: cast.lucas.token });
    await call('POST', `/api/v1/chat/chats/${chat}/read`, { token: cast.emma.token, body: { up_to_message_id: first.body.id } });
    await call('POST', `/api/v1/chat/chats/${chat}/read`, { token: cast.emma.token, body: { message_ids: [] } });
  });

  it('answers a caller over the login rate with 429 and Retry-After, as documented', async () => {
    const limited = await startTestServer({ LOGINS_PER_MINUTE: '1' });
    try {
      const account = ACCOUNTS.staff[1];
      await loginStaff(limited, account.email, account.password);
      const res = await api(limited, 'POST', '/api/v1/auth/login', { body: { email: account.email, password: account.password } });
      assert.equal(res.status, 429);
      assert.deepEqual(contract.check('POST', '/api/v1/auth/login', res), []);
    } finally {
      await limited.stop();
    }
  });

  it('answers the follow-up calls as documented: the link back once, unsubscribe, the local mailbox', async () => {
    const quick = await startTestServer({ FOLLOW_UP_AFTER: '1' });
    const check = async (method: string, url: string, options: Parameters<typeof api>[3] = {}) => {
      const res = await api(quick, method, url, options);
      assert.deepEqual(contract.check(method, url, res), [], `${method} ${url} answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      return res;
    };
    try {
      const owner = await loginStaff(quick, ACCOUNTS.staff[0].email, ACCOUNTS.staff[0].password);
      const guest = await check('POST', '/api/v1/customer-auth/guest', { body: { name: 'Nora', email: 'nora@example.com', salon_id: 1 } });
      const chat = await newChat(quick, { token: guest.body.access_token, id: guest.body.profile.id, type: 'customer' }, owner, 'Open late?');
      await check('POST', `/api/v1/chat/chats/${chat}/messages`, { token: owner.token, body: { content: 'Until eight.' } });
      const mailbox = await eventually(async () => {
        const res = await check('GET', '/api/v1/follow-ups/mailbox', { token: owner.token });
        return res.body.length > 0 && res.body;
      }, 8000);
      await check('GET', '/api/v1/follow-ups/mailbox?limit=0', { token: owner.token });
      await check('GET', '/api/v1/follow-ups/mailbox', { token: guest.body.access_token });
      const token = new URL(/Reply in the conversation: (\S+)/.exec(mailbox[0].text)![1]!).hash.slice('#salon-chat='.length);
      assert.equal((await check('POST', '/api/v1/follow-ups/sign-in', { body: { token } })).status, 200);
      assert.equal((await check('POST', '/api/v1/follow-ups/sign-in', { body: { token } })).status, 410);
      await check('POST', '/api/v1/follow-ups/sign-in', { body: { token: 'nonsense' } });
      await check('POST', '/api/v1/follow-ups/sign-in', { body: {} });
      const unsubscribe = new URL(mailbox[0].headers['List-Unsubscribe'].slice(1, -1));
      await check('GET', unsubscribe.pathname + unsubscribe.search);
      await check('GET', unsubscribe.pathname);
      await check('POST', unsubscribe.pathname + unsubscribe.search, { raw: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      await check('POST', '/api/v1/follow-ups/unsubscribe?token=nonsense', { raw: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    } finally {
      await quick.stop();
    }
  });

  it('has exercised every operation of the document with its success status', () => {
    assert.deepEqual(contract.unexercised(), []);
  });
});
