import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACCOUNTS, Client, api, loginStaff, startTestServer, type Session, type TestServer } from './helpers.ts';
import { eventually, startMailCatcher } from './mail-catcher.ts';

const FOLLOW_UP_AFTER_S = 1;

describe('follow-ups by e-mail', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startMailCatcher>>;
  let owner: Session;
  let salonId: number;
  let guests = 0;

  before(async () => {
    smtp = await startMailCatcher();
    server = await startTestServer({ SMTP_URL: smtp.url, MAIL_FROM: 'hello@rose.test', FOLLOW_UP_AFTER: String(FOLLOW_UP_AFTER_S), GUESTS_PER_MINUTE: '100' });
    owner = await loginStaff(server, ACCOUNTS.staff[0].email, ACCOUNTS.staff[0].password);
    salonId = (await api(server, 'GET', '/api/v1/auth/me', { token: owner.token })).body.salon_id;
  });
  after(async () => {
    await server.stop();
    await smtp.close();
  });

  /** A guest who gave an e-mail, with a chat to the owner that holds one question. */
  async function guestWithChat(contact: Record<string, string> = {}) {
    const email = `guest${++guests}@example.test`;
    const start = await api(server, 'POST', '/api/v1/customer-auth/guest', { body: { salon_id: salonId, name: 'Ines', email, ...contact } });
    assert.equal(start.status, 201, JSON.stringify(start.body));
    const guest: Session = { token: start.body.access_token, id: start.body.profile.id, type: 'customer' };
    const chat = await api(server, 'POST', '/api/v1/chat/chats/customer', { token: guest.token, body: { user_id: owner.id, initial_message: 'Do you do balayage?' } });
    assert.equal(chat.status, 201);
    return { guest, email, chatId: chat.body.id as number };
  }

  const reply = async (chatId: number, content: string) => {
    const res = await api(server, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: owner.token, body: { content } });
    assert.equal(res.status, 201);
    return { id: res.body.id as number, at: Date.now() };
  };

  /** A header as it came, unfolded. */
  const header = (mail: ParsedMail, name: string) => {
    const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
    return line?.slice(name.length + 1).replace(/\r?\n\s+/g, ' ').trim();
  };

  const linkToken = (link: string) => new URL(link).hash.replace(/^#salon-chat=/, '');

  it('mails one follow-up after the delay, with both parts, the salon as sender, the unsubscribe headers and a link back', async (t) => {
    const { email, chatId } = await guestWithChat();
    const sent = await reply(chatId, 'Yes! Thursday at 10 works <b>great</b>.');
    await sleep(FOLLOW_UP_AFTER_S * 1000 * 0.6);
    assert.equal(smtp.to(email).length, 0, 'nothing before FOLLOW_UP_AFTER');
    const [mail] = await eventually(() => smtp.to(email).length > 0 && smtp.to(email), 8000, 'the follow-up');
    assert.ok(mail!.receivedAt - sent.at >= FOLLOW_UP_AFTER_S * 1000, 'not before FOLLOW_UP_AFTER');
    t.diagnostic(`received ${mail!.receivedAt - sent.at} ms after the reply (FOLLOW_UP_AFTER=${FOLLOW_UP_AFTER_S})`);
    assert.deepEqual(mail!.from?.value, [{ name: 'Salon Rose', address: 'hello@rose.test' }]);
    assert.match(mail!.subject!, /Salon Rose sent you a reply/);
    assert.match(mail!.text!, /Yes! Thursday at 10 works <b>great<\/b>\./);
    assert.match(mail!.html as string, /Yes! Thursday at 10 works &#60;b&#62;great&#60;\/b&#62;\./);
    assert.equal(header(mail!, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
    assert.match(header(mail!, 'List-Unsubscribe')!, new RegExp(`^<${server.url}/api/v1/follow-ups/unsubscribe\\?token=[^>]+>$`));
    const link = /Reply in the conversation: (\S+)/.exec(mail!.text!)![1]!;
    assert.match(link, new RegExp(`^${server.url}/#salon-chat=`));
    assert.ok((mail!.html as string).includes(`href="${link}"`), 'the HTML part links back too');

    await reply(chatId, 'And bring a photo of what you like.');
    await sleep(FOLLOW_UP_AFTER_S * 1000 * 2.5);
    assert.equal(smtp.to(email).length, 1, 'one follow-up per quiet period');
  });

  it('signs the customer in once with the link, and refuses it the second time', async () => {
    const { email, chatId, guest } = await guestWithChat();
    await reply(chatId, 'We open at nine.');
    const [mail] = await eventually(() => smtp.to(email).length > 0 && smtp.to(email), 8000, 'the follow-up');
    const token = linkToken(/Reply in the conversation: (\S+)/.exec(mail!.text!)![1]!);
    const first = await api(server, 'POST', '/api/v1/follow-ups/sign-in', { body: { token } });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.chat_id, chatId);
    assert.equal(first.body.profile.id, guest.id);
    assert.equal(first.body.token_type, 'bearer');
    const history = await api(server, 'GET', `/api/v1/chat/chats/${chatId}/messages`, { token: first.body.access_token });
    assert.equal(history.status, 200);
    assert.ok(history.body.messages.some((m: { content: string }) => m.content === 'We open at nine.'));
    const refresh = await api(server, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: first.body.refresh_token } });
    assert.equal(refresh.status, 200, 'a sign-in like a login: its refresh token works');

    const second = await api(server, 'POST', '/api/v1/follow-ups/sign-in', { body: { token } });
    assert.equal(second.status, 410);
    assert.equal(second.body.code, 'gone');
    assert.match(second.body.detail, /already used/);
    const forged = await api(server, 'POST', '/api/v1/follow-ups/sign-in', { body: { token: `${token.slice(0, -4)}AAAA` } });
    assert.equal(forged.status, 401);
    const asAccess = await api(server, 'GET', '/api/v1/auth/me', { token });
    assert.equal(asAccess.status, 401, 'a link token is no access token');
  });

  it('sends nothing when the customer reads the replies before the delay', async () => {
    const { email, chatId, guest } = await guestWithChat();
    const sent = await reply(chatId, 'Sure, see you then.');
    const read = await api(server, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: guest.token, body: { up_to_message_id: sent.id } });
    assert.equal(read.status, 200);
    await sleep(FOLLOW_UP_AFTER_S * 1000 * 2.5);
    assert.equal(smtp.to(email).length, 0);
  });

  it('waits while the customer has a socket open, and mails once they leave', async () => {
    const { email, chatId, guest } = await guestWithChat();
    const socket = await Client.connect(server, guest);
    await reply(chatId, 'Your colour is ready to book.');
    await sleep(FOLLOW_UP_AFTER_S * 1000 * 2);
    assert.equal(smtp.to(email).length, 0, 'no follow-up while online');
    await socket.close();
    await eventually(() => smtp.to(email).length === 1, 8000, 'the follow-up after leaving');
  });

  it('stops for good after one-click unsubscribe (RFC 8058)', async () => {
    const { email, chatId, guest } = await guestWithChat();
    const first = await reply(chatId, 'One more thing.');
    const [mail] = await eventually(() => smtp.to(email).length > 0 && smtp.to(email), 8000, 'the follow-up');
    const url = header(mail!, 'List-Unsubscribe')!.slice(1, -1);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<form method="post"/, 'a GET only shows a button');
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    assert.equal(res.status, 200);
    await api(server, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: guest.token, body: { up_to_message_id: first.id } });
    await reply(chatId, 'Are you still there?');
    await sleep(FOLLOW_UP_AFTER_S * 1000 * 2.5);
    assert.equal(smtp.to(email).length, 1, 'no follow-up after unsubscribing');
  });

  it("links to the salon's widget page and waits the salon's own delay", async () => {
    const settings = (body: object) => api(server, 'PUT', `/api/v1/salons/${salonId}/settings`, { token: owner.token, body });
    assert.equal((await settings({ widget_url: 'https://rose.example/book?lang=fr', follow_up_after: 2 })).status, 200);
    try {
      const { email, chatId } = await guestWithChat();
      const sent = await reply(chatId, 'We have a slot.');
      await sleep(1500);
      assert.equal(smtp.to(email).length, 0, "not before the salon's delay");
      const [mail] = await eventually(() => smtp.to(email).length > 0 && smtp.to(email), 8000, 'the follow-up');
      assert.ok(mail!.receivedAt - sent.at >= 2000);
      assert.match(mail!.text!, /Reply in the conversation: https:\/\/rose\.example\/book\?lang=fr#salon-chat=\S+/);
    } finally {
      await settings({ widget_url: null, follow_up_after: null });
    }
    assert.equal((await settings({ widget_url: 'javascript:alert(1)' })).status, 422);
  });

  it('sends none to a guest without a contact', async () => {
    const { email, chatId, guest } = await guestWithChat();
    await server.services.db('customers').where({ id: guest.id }).update({ contact: null });
    await reply(chatId, 'Anyone there?');
    await sleep(FOLLOW_UP_AFTER_S * 1000 * 2.5);
    assert.equal(smtp.to(email).length, 0);
    assert.equal((await server.services.db('follow_ups').where({ chat_id: chatId }).first()).state, 'skipped');
    assert.equal(await server.services.db('outbox').where({ chat_id: chatId }).first(), undefined);
  });

  it('shows the contact a guest gave to the salon staff', async () => {
    const { email, chatId } = await guestWithChat();
    const chat = await api(server, 'GET', `/api/v1/chat/chats/${chatId}`, { token: owner.token });
    const customer = chat.body.participants.find((p: { participant_type: string }) => p.participant_type === 'customer');
    assert.equal(customer.email, email);
    assert.equal(customer.phone, null);
    const listed = (await api(server, 'GET', '/api/v1/customers', { token: owner.token })).body.find((c: { email: string }) => c.email === email);
    assert.deepEqual([listed.name, listed.phone], ['Ines', null]);
    const other = await loginStaff(server, ACCOUNTS.otherSalonStaff.email, ACCOUNTS.otherSalonStaff.password);
    assert.equal((await api(server, 'GET', `/api/v1/chat/chats/${chatId}`, { token: other.token })).status, 404, 'never to another salon');
  });
});

describe('a follow-up link past its time', () => {
  it('is refused with 410 and says it expired', async () => {
    const smtp = await startMailCatcher();
    const server = await startTestServer({ SMTP_URL: smtp.url, FOLLOW_UP_AFTER: '1', FOLLOW_UP_LINK_TTL: '1' });
    try {
      const owner = await loginStaff(server, ACCOUNTS.staff[0].email, ACCOUNTS.staff[0].password);
      const start = await api(server, 'POST', '/api/v1/customer-auth/guest', { body: { salon_id: 1, name: 'Lou', email: 'lou@example.test' } });
      const chat = await api(server, 'POST', '/api/v1/chat/chats/customer', { token: start.body.access_token, body: { user_id: owner.id, initial_message: 'Hi' } });
      await api(server, 'POST', `/api/v1/chat/chats/${chat.body.id}/messages`, { token: owner.token, body: { content: 'Hello Lou' } });
      const [mail] = await eventually(() => smtp.mails.length > 0 && smtp.mails, 8000, 'the follow-up');
      const token = new URL(/Reply in the conversation: (\S+)/.exec(mail!.text!)![1]!).hash.slice('#salon-chat='.length);
      await sleep(2100);
      const res = await api(server, 'POST', '/api/v1/follow-ups/sign-in', { body: { token } });
      assert.equal(res.status, 410);
      assert.match(res.body.detail, /expired/);
    } finally {
      await server.stop();
      await smtp.close();
    }
  });
});
