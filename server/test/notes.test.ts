/**
 * Internal notes (docs/protocol.md, Internal notes): the salon's staff write notes that they see
 * live and in history, distinct, and that a customer never gets by any path: socket, history by
 * page or cursor, chat list, unread count, read receipts, replies, follow-up mails; through the
 * real server, on every dialect.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { api, Client, newChat, signInCast, startOn, type Session, type TestServer } from './helpers.ts';
import { eventually, startMailCatcher } from './mail-catcher.ts';

const FOLLOW_UP_AFTER_S = 1;

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`internal notes on ${dialect}`, () => {
    let server: TestServer | undefined;
    let skip: string | undefined;
    let smtp: Awaited<ReturnType<typeof startMailCatcher>>;
    let cast: Awaited<ReturnType<typeof signInCast>>;

    const post = async (who: Session, chatId: number, body: Record<string, unknown>, status = 201) => {
      const res = await api(server!, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: who.token, body });
      assert.equal(res.status, status, JSON.stringify(res.body));
      return res.body;
    };
    const note = (who: Session, chatId: number, content: string) => post(who, chatId, { message_type: 'note', content });
    const history = async (who: Session, chatId: number, query = '') => {
      const res = await api(server!, 'GET', `/api/v1/chat/chats/${chatId}/messages?${query}`, { token: who.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as { messages: { id: number; message_type: string; content: string }[]; total: number; has_more: boolean };
    };
    const contents = (page: { messages: { content: string }[] }) => page.messages.map((m) => m.content);
    const listed = async (who: Session, chatId: number) => {
      const res = await api(server!, 'GET', `/api/v1/chat/chats${who.type === 'customer' ? '/customer' : ''}`, { token: who.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body as { id: number; last_message_preview: string; unread_count: number; total_messages?: number }[]).find((c) => c.id === chatId)!;
    };
    /** Every frame a socket received so far that carries the text. */
    const framesWith = (client: Client, text: string) => client.log.filter((f) => JSON.stringify(f).includes(text));

    before(async () => {
      smtp = await startMailCatcher();
      const started = await startOn(dialect, { SMTP_URL: smtp.url, MAIL_FROM: 'hello@rose.test', FOLLOW_UP_AFTER: String(FOLLOW_UP_AFTER_S), GUESTS_PER_MINUTE: '100' });
      if ('skip' in started) {
        skip = started.skip;
        return;
      }
      server = started;
      cast = await signInCast(server);
    });
    after(async () => {
      await server?.stop();
      await smtp.close();
    });

    it("delivers a note live to the salon's staff, marked as a note, and never to the customer's socket", async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin, 'Can I move my colour to Friday?');
      const [customer, staff, colleague] = await Promise.all([Client.connect(server!, cast.emma), Client.connect(server!, cast.admin), Client.connect(server!, cast.stylist)]);
      await Promise.all([customer.join(chatId), staff.join(chatId), colleague.join(chatId)]);

      staff.send({ type: 'send_message', chat_id: chatId, message_type: 'note', content: 'She is allergic to PPD: patch test first', client_message_id: 'n-1' });
      const own = await staff.next('message', (f) => f.message.client_message_id === 'n-1');
      assert.equal(own.message.message_type, 'note');
      assert.equal((await colleague.next('message', (f) => f.message.id === own.message.id)).message.message_type, 'note');

      // The positive control: what the staff write next reaches the customer, with nothing before it.
      await post(cast.admin, chatId, { content: 'Friday 10:00 is yours' });
      const reply = await customer.next('message', (f) => f.message.content === 'Friday 10:00 is yours');
      assert.ok(reply);
      await customer.settle();
      assert.deepEqual(framesWith(customer, 'PPD'), []);
      assert.deepEqual(customer.log.filter((f) => f.type === 'message' && f.message.message_type === 'note'), []);
      await Promise.all([customer.close(), staff.close(), colleague.close()]);
    });

    it("keeps notes out of the customer's history by page, after_id and before_id, and out of the places that pages count", async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.lucas, cast.admin, 'Hello');
      const first = (await history(cast.lucas, chatId)).messages[0]!;
      await note(cast.admin, chatId, 'Note before any reply');
      await post(cast.admin, chatId, { content: 'Hi Lucas' });
      const middle = await note(cast.stylist, chatId, 'Prefers Thursdays');
      await post(cast.lucas, chatId, { content: 'Thursday then?' });
      await note(cast.admin, chatId, 'Newest is a note');

      const everything = await history(cast.admin, chatId);
      assert.deepEqual(contents(everything), ['Newest is a note', 'Thursday then?', 'Prefers Thursdays', 'Hi Lucas', 'Note before any reply', 'Hello']);
      assert.equal(everything.messages.filter((m) => m.message_type === 'note').length, 3);
      assert.equal(everything.total, 3, 'notes take no place: the chat holds three messages');

      const seen = await history(cast.lucas, chatId);
      assert.deepEqual(contents(seen), ['Thursday then?', 'Hi Lucas', 'Hello']);
      assert.equal(seen.total, 3);
      const pages = [await history(cast.lucas, chatId, 'page=1&page_size=2'), await history(cast.lucas, chatId, 'page=2&page_size=2')];
      assert.deepEqual(pages.map(contents), [['Thursday then?', 'Hi Lucas'], ['Hello']], 'pages of the customer hold page_size messages each');
      assert.deepEqual(pages.map((p) => p.has_more), [true, false]);
      const staffPages = [await history(cast.admin, chatId, 'page=1&page_size=2'), await history(cast.admin, chatId, 'page=2&page_size=2')];
      assert.deepEqual(staffPages.map(contents), [['Newest is a note', 'Thursday then?', 'Prefers Thursdays', 'Hi Lucas'], ['Note before any reply', 'Hello']], "each note in the page of the message it follows");
      const onePage = await history(cast.admin, chatId, 'page=1&page_size=3');
      assert.equal(onePage.messages.length, 6, 'the last page holds the notes written before the first reply');

      assert.deepEqual(contents(await history(cast.lucas, chatId, `after_id=${first.id}`)), ['Hi Lucas', 'Thursday then?']);
      assert.deepEqual(contents(await history(cast.admin, chatId, `after_id=${first.id}`)), ['Note before any reply', 'Hi Lucas', 'Prefers Thursdays', 'Thursday then?', 'Newest is a note']);
      assert.deepEqual(contents(await history(cast.lucas, chatId, `after_id=${middle.id}`)), ['Thursday then?']);
      assert.deepEqual(contents(await history(cast.lucas, chatId, `before_id=${middle.id + 100}&page_size=2`)), ['Thursday then?', 'Hi Lucas']);
      assert.deepEqual(contents(await history(cast.admin, chatId, `before_id=${middle.id + 100}&page_size=2`)), ['Newest is a note', 'Thursday then?']);
    });

    it("changes nothing the customer's chat list shows: last message, preview, count, unread count", async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin, 'Do you sell gift cards?');
      await post(cast.admin, chatId, { content: 'Yes, any amount' });
      const before = await listed(cast.emma, chatId);
      const staffBefore = await listed(cast.admin, chatId);
      await note(cast.admin, chatId, 'Upsell the spa pack');
      assert.deepEqual(await listed(cast.emma, chatId), before);
      assert.equal(before.last_message_preview, 'Yes, any amount');
      assert.equal(before.unread_count, 1);
      assert.equal((await listed(cast.admin, chatId)).last_message_preview, staffBefore.last_message_preview, 'a note is no last message for anyone');
      const detail = await api(server!, 'GET', `/api/v1/chat/chats/${chatId}`, { token: cast.emma.token });
      assert.doesNotMatch(JSON.stringify(detail.body), /spa pack/);
      const search = await api(server!, 'GET', '/api/v1/chat/chats/customer?search=spa%20pack', { token: cast.emma.token });
      assert.doesNotMatch(JSON.stringify(search.body), /spa pack/);
      const staffSearch = await api(server!, 'GET', '/api/v1/chat/chats?search=spa%20pack', { token: cast.admin.token });
      assert.deepEqual(
        (staffSearch.body as { id: number }[]).map((c) => c.id),
        [chatId],
        "the salon's staff find the chat by its note",
      );
    });

    it('never lets a customer read, name or answer a note, and sends them no receipt that names one', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.lucas, cast.admin, 'Is parking free?');
      const opening = (await history(cast.lucas, chatId)).messages[0]!;
      const customer = await Client.connect(server!, cast.lucas);
      await customer.join(chatId);
      const answer = await post(cast.admin, chatId, { content: 'Yes, behind the salon' });
      const hidden = await note(cast.admin, chatId, 'He parked in the disabled bay last time');

      const named = await api(server!, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: cast.lucas.token, body: { message_ids: [hidden.id] } });
      assert.equal(named.status, 404, 'to a customer a note does not exist');
      const read = await api(server!, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: cast.lucas.token, body: { up_to_message_id: answer.id } });
      assert.deepEqual(read.body.read_message_ids, [answer.id]);
      assert.equal(read.body.unread_count, 0);
      await post(cast.lucas, chatId, { content: 'Thanks', reply_to_message_id: hidden.id }, 422);

      // Staff reading up to the note (the newest they see) read the customer's message, never the note.
      const question = await post(cast.lucas, chatId, { content: 'And on Sundays?' });
      const late = await note(cast.stylist, chatId, 'Closed on Sundays, tell him');
      const staffRead = await api(server!, 'POST', `/api/v1/chat/chats/${chatId}/read`, { token: cast.admin.token, body: { up_to_message_id: late.id } });
      assert.equal(staffRead.status, 200, JSON.stringify(staffRead.body));
      assert.deepEqual(staffRead.body.read_message_ids, [opening.id, question.id]);
      const receipt = await customer.next('read_receipt', (f) => f.reader_type === 'user');
      assert.equal(receipt.message_id, question.id);
      await customer.settle();
      const notes = [hidden.id, late.id];
      const naming = customer.log.filter((f) => f.type === 'read_receipt' && [f.message_id, ...(f.message_ids ?? [])].some((id: number) => notes.includes(id)));
      assert.deepEqual(naming, []);
      assert.deepEqual(framesWith(customer, 'disabled bay'), []);

      const quoted = await post(cast.admin, chatId, { content: 'Closed on Sundays', reply_to_message_id: late.id }, 422);
      assert.match(quoted.detail, /note/);
      const thread = await post(cast.admin, chatId, { message_type: 'note', content: 'Told him', reply_to_message_id: late.id });
      assert.equal(thread.reply_to.content, 'Closed on Sundays, tell him', 'a note may answer a note');
      await customer.close();
    });

    it('refuses a note from a customer, over REST (403) and the socket (an error frame)', async (t) => {
      if (skip) return t.skip(skip);
      const chatId = await newChat(server!, cast.emma, cast.admin, 'Hi');
      const refused = await post(cast.emma, chatId, { message_type: 'note', content: 'Just for me' }, 403);
      assert.equal(refused.code, 'forbidden');
      assert.match(refused.detail, /only the salon's staff write notes/);
      const socket = await Client.connect(server!, cast.emma);
      await socket.join(chatId);
      socket.send({ type: 'send_message', chat_id: chatId, message_type: 'note', content: 'Also for me', client_message_id: 'c-note' });
      const error = await socket.next('error');
      assert.equal(error.code, 'forbidden');
      assert.equal(error.client_message_id, 'c-note');
      assert.deepEqual(contents(await history(cast.admin, chatId)), ['Hi']);
      await post(cast.admin, chatId, { message_type: 'note', content: '   ' }, 422);
      await socket.close();
    });

    it('mails the customer no follow-up for a note, and leaves notes out of the one a reply brings', async (t) => {
      if (skip) return t.skip(skip);
      const email = `notes-${dialect}@example.test`;
      const salonId = (await api(server!, 'GET', '/api/v1/auth/me', { token: cast.admin.token })).body.salon_id;
      const start = await api(server!, 'POST', '/api/v1/customer-auth/guest', { body: { salon_id: salonId, name: 'Ines', email } });
      assert.equal(start.status, 201, JSON.stringify(start.body));
      const guest: Session = { token: start.body.access_token, id: start.body.profile.id, type: 'customer' };
      const chatId = await newChat(server!, guest, cast.admin, 'Do you do balayage?');

      await note(cast.admin, chatId, 'Ask Chloe, she does the balayages');
      await sleep(FOLLOW_UP_AFTER_S * 1000 * 2.5);
      assert.equal(smtp.to(email).length, 0, 'a note opens no follow-up');

      await post(cast.admin, chatId, { content: 'Yes, Chloe does them on Tuesdays' });
      const [mail] = await eventually(() => smtp.to(email).length > 0 && smtp.to(email), 8000, 'the follow-up of the reply');
      assert.match(mail!.text!, /Chloe does them on Tuesdays/);
      assert.doesNotMatch(`${mail!.text} ${mail!.html}`, /Ask Chloe/);
    });
  });
}
