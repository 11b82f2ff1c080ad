import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import type { WidgetContext } from '../src/context.ts';
import type { SalonChatElement } from '../src/panel/element.ts';
import { bubbleWith, composer, emulateMedia, list, login, online, pressEnter, rest, root, server, setViewport, socket, textarea, texts, type } from './helpers.ts';

/** Half a second of a 440 Hz tone as an 8 kHz, 8-bit mono WAV file. */
function wav(): Blob {
  const rate = 8000;
  const samples = rate / 2;
  const view = new DataView(new ArrayBuffer(44 + samples));
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  ascii(36, 'data');
  view.setUint32(40, samples, true);
  for (let i = 0; i < samples; i++) view.setUint8(44 + i, 128 + Math.round(60 * Math.sin((2 * Math.PI * 440 * i) / rate)));
  return new Blob([view.buffer], { type: 'audio/wav' });
}

describe('<salon-chat> features against the reference server', () => {
  let url: string;
  let customerToken: string;
  let staffToken: string;

  const api = <T>(token: string, method: string, path: string, body?: unknown) => rest<T>(url, token, method, path, body);

  before(async () => {
    await setViewport({ width: 1400, height: 900 });
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    customerToken = await login(url, 'customer');
    staffToken = await login(url, 'staff');
  });

  /** The token of a new guest of salon 1: a customer without a chat. */
  async function newGuest(name: string, email: string): Promise<string> {
    const res = await fetch(`${url}/api/v1/customer-auth/guest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, email, salon_id: 1 }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  }

  /**
   * Fails the first fetch that `matches` as a dropped network does (`refused`), and counts every
   * one that matches (`asked`); `restore` gives fetch back.
   */
  function failFirstFetch(matches: (url: string, init?: RequestInit) => boolean) {
    const realFetch = window.fetch;
    const counts = { refused: 0, asked: 0, restore: () => void (window.fetch = realFetch) };
    window.fetch = (input, init) => {
      if (matches(String(input), init) && counts.asked++ === 0) {
        counts.refused++;
        return Promise.reject(new TypeError('Failed to fetch'));
      }
      return realFetch(input, init);
    };
    return counts;
  }

  async function customerWidget(attrs: { chat?: number; staff?: number } = {}): Promise<SalonChat> {
    const el = await fixture<SalonChat>(
      html`<salon-chat mode="customer" server=${url} token=${customerToken} staff-id=${attrs.staff ?? 1} chat-id=${attrs.chat ?? 0} lang="en"></salon-chat>`,
    );
    await online(el);
    return el;
  }

  it('fetches older pages when scrolled to the top, keeping the DOM small', async () => {
    const chat = await api<{ id: number }>(customerToken, 'POST', '/api/v1/chat/chats/customer', { user_id: 2, title: `history ${Date.now()}` });
    for (let i = 1; i <= 75; i++) await api(customerToken, 'POST', `/api/v1/chat/chats/${chat.id}/messages`, { content: `history message ${i}`, message_type: 'text' });
    const el = await customerWidget({ chat: chat.id, staff: 2 });
    await el.open();
    await waitUntil(() => texts(el).includes('history message 75'), 'newest page shown');
    expect(texts(el)).to.not.include('history message 1');
    const scroller = root(list(el)).querySelector<HTMLElement>('.scroller')!;
    await waitUntil(
      () => {
        scroller.scrollTop = 0;
        return texts(el).includes('history message 1');
      },
      'scrolling up reaches the first message',
      { timeout: 10_000, interval: 100 },
    );
    expect(root(list(el)).querySelectorAll('.row').length).to.be.below(75);
  });

  it('shares a product card from the picker and shows it on both sides', async () => {
    const customer = await customerWidget();
    await customer.open();
    await waitUntil(() => composer(customer), 'composer');
    const c = root(composer(customer));
    c.querySelector<HTMLButtonElement>('button[aria-label="Share"]')!.click();
    await waitUntil(() => c.querySelector('.picker'), 'picker open');
    [...c.querySelectorAll<HTMLButtonElement>('.picker button')].find((b) => b.textContent!.trim() === 'Product')!.click();
    await waitUntil(() => c.querySelector('.item'), 'the salon products are listed');
    const item = c.querySelector<HTMLButtonElement>('.item')!;
    const name = item.textContent!.split('·')[0].trim();
    const typing = () => c.activeElement === textarea(customer);
    item.focus();
    item.click();
    await waitUntil(typing, 'the focus goes back to the text box after sharing');
    const card = () => [...root(list(customer)).querySelectorAll('.card')].find((k) => k.textContent!.includes(name) && /€|EUR/.test(k.textContent!));
    await waitUntil(card, 'the card is shown with its title and price', { timeout: 5000 });
    expect(card()!.textContent).to.contain('Product');

    const replyButton = () => card()!.closest('.msg')?.querySelector<HTMLButtonElement>('button[aria-label="Reply"]');
    await waitUntil(replyButton, 'the card can be replied to');
    replyButton()!.click();
    await waitUntil(() => c.querySelector('.reply'), 'replying');
    const cancel = c.querySelector<HTMLButtonElement>('button[aria-label="Cancel reply"]')!;
    cancel.focus();
    cancel.click();
    await waitUntil(() => !c.querySelector('.reply') && typing(), 'the focus goes back to the text box after cancelling the reply');
  });

  it('offers only appointments still to come, with their day and time, and says when there are none', async () => {
    const pick = async (el: SalonChat) => {
      await el.open();
      await waitUntil(() => composer(el) && textarea(el), 'composer');
      const c = root(composer(el));
      c.querySelector<HTMLButtonElement>('button[aria-label="Share"]')!.click();
      await waitUntil(() => c.querySelector('.picker button'), 'the picker');
      [...c.querySelectorAll<HTMLButtonElement>('.picker button')].find((b) => b.textContent === 'Appointment')!.click();
      await waitUntil(() => c.querySelector('.item, .picker [role=status]:not(:empty)') && !c.querySelector('.picker [role=status]')?.textContent?.includes('Loading'), 'listed');
      return c;
    };
    const emma = await pick(await customerWidget());
    const items = [...emma.querySelectorAll('.item')].map((i) => i.textContent!.replace(/\s+/g, ' ').trim());
    expect(items.some((i) => i.startsWith('Balayage & cut · ') && /\d/.test(i))).to.equal(true);
    expect(items.some((i) => i.startsWith('Blow-dry')), 'a past appointment is not offered').to.equal(false);

    const guestToken = await newGuest('New Client', 'new@example.com');
    const guest = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} token=${guestToken} staff-id="1" lang="en"></salon-chat>`);
    await online(guest);
    await guest.open();
    await waitUntil(() => composer(guest) && textarea(guest), 'a composer for the first words');
    type(guest, 'Hello, is Saturday free?');
    pressEnter(guest);
    await waitUntil(() => list(guest)?.chatId && root(composer(guest)).querySelector('button[aria-label="Share"]'), 'the chat, and with it the share button');
    const empty = await pick(guest);
    expect(empty.querySelector('.picker [role=status]')!.textContent).to.equal('No appointments to come');
  });

  it("lists only the chat's customer's appointments in a staff chat", async () => {
    const chats = await api<{ id: number; participants: { participant_type: string; participant_id: number }[] }[]>(staffToken, 'GET', '/api/v1/chat/chats?is_archived=false');
    const chat = chats.find((c) => c.participants.some((p) => p.participant_type === 'customer' && p.participant_id === 2))!;
    const all = await api<{ customer_id: number | null }[]>(staffToken, 'GET', '/api/v1/catalog/appointments');
    expect(all.some((a) => a.customer_id !== 2), 'the salon has appointments of other customers').to.equal(true);
    const staff = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 500px" mode="staff" server=${url} token=${staffToken} chat-id=${chat.id} lang="en"></salon-chat>`);
    await online(staff);
    const c = () => root(composer(staff));
    c().querySelector<HTMLButtonElement>('button[aria-label="Share"]')!.click();
    await waitUntil(() => c().querySelector('.picker button'), 'the picker');
    [...c().querySelectorAll<HTMLButtonElement>('.picker button')].find((b) => b.textContent === 'Appointment')!.click();
    const entities = () => (composer(staff) as unknown as { entities: { customer_id: number | null }[] | null }).entities;
    await waitUntil(() => entities()?.length, 'appointments listed');
    expect(entities()!.every((a) => a.customer_id === 2)).to.equal(true);
  });

  it('marks a message the server refuses as not sent, lets it be retried or deleted', async () => {
    const customer = await customerWidget();
    await customer.open();
    await waitUntil(() => list(customer), 'conversation');
    const tooLong = `${'x'.repeat(4100)} ${Date.now()}`;
    await customer.send(tooLong);
    const failed = () => bubbleWith(customer, tooLong)?.querySelector('.failed');
    await waitUntil(failed, 'shown as not sent', { timeout: 10_000 });
    bubbleWith(customer, tooLong)!.querySelector<HTMLButtonElement>('footer button.link')!.click();
    await waitUntil(() => !failed(), 'retry puts it back on its way');
    await waitUntil(failed, 'refused again', { timeout: 10_000 });
    [...bubbleWith(customer, tooLong)!.querySelectorAll<HTMLButtonElement>('footer button.link')].find((b) => b.textContent === 'Delete')!.click();
    await waitUntil(() => !bubbleWith(customer, tooLong), 'deleted');
  });

  it('plays a voice note back with its duration', async () => {
    const customer = await customerWidget();
    await customer.open();
    await waitUntil(() => list(customer)?.chatId, 'conversation');
    const { client } = (list(customer) as SalonChatElement).ctx!;
    const chat = client.store.chats.get(list(customer).chatId)!;
    await waitUntil(() => chat.loaded, 'history loaded');
    const before = new Set(chat.messages.map((m) => m.media_url && new URL(m.media_url, url).href));
    const audio = () => [...root(list(customer)).querySelectorAll('audio')].find((a) => a.src.startsWith(`${url}/uploads/`) && !before.has(a.src));
    await client.sender!.sendFile(list(customer).chatId, wav(), 'note.wav', { message_type: 'voice' });
    await waitUntil(() => audio() && audio()!.readyState >= 1, 'the voice note loads', { timeout: 10_000 });
    expect(audio()!.duration).to.be.closeTo(0.5, 0.05);
  });

  it('records a voice note with the microphone, uploads it and plays it back with its duration', async () => {
    const customer = await customerWidget();
    await customer.open();
    await waitUntil(() => list(customer)?.chatId, 'conversation');
    const { client } = (list(customer) as SalonChatElement).ctx!;
    const chat = client.store.chats.get(list(customer).chatId)!;
    await waitUntil(() => chat.loaded, 'history loaded');
    const before = new Set(chat.messages.map((m) => m.media_url && new URL(m.media_url, url).href));
    const c = root(composer(customer));
    c.querySelector<HTMLButtonElement>('button[aria-label="Record a voice note"]')!.click();
    const stop = () => c.querySelector<HTMLButtonElement>('button[aria-label="Stop and send the voice note"]');
    await waitUntil(stop, 'recording');
    await waitUntil(() => c.querySelector('[role=timer]')!.textContent!.trim() === '0:01', 'the clock runs', { timeout: 6000 });
    stop()!.click();
    const audio = () => [...root(list(customer)).querySelectorAll('audio')].find((a) => a.src.startsWith(`${url}/uploads/`) && !before.has(a.src));
    await waitUntil(() => audio() && Number.isFinite(audio()!.duration), 'the recording plays with a known duration', { timeout: 10_000 });
    expect(audio()!.duration).to.be.within(0.5, 3);
  });

  it('stops recording, sending nothing, when the panel is closed', async () => {
    const customer = await customerWidget();
    await customer.open();
    await waitUntil(() => list(customer)?.chatId, 'conversation');
    const { client } = (list(customer) as SalonChatElement).ctx!;
    const sent: number[] = [];
    client.sender!.sendFile = async (chatId: number) => void sent.push(chatId);
    const c = root(composer(customer));
    c.querySelector<HTMLButtonElement>('button[aria-label="Record a voice note"]')!.click();
    await waitUntil(() => c.querySelector('[role=timer]'), 'recording');
    customer.close();
    await waitUntil(() => !c.querySelector('[role=timer]'), 'the recording stopped with the panel');
    await customer.open();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(c.querySelector('[role=timer]'), 'not recording on reopening').to.equal(null);
    expect(sent, 'nothing was sent').to.deep.equal([]);
  });

  it('falls back to HTTP polling when the socket cannot be opened, and still sends and receives', async () => {
    const { noSocketUrl } = await server();
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${noSocketUrl} token=${customerToken} staff-id="1" lang="en"></salon-chat>`);
    await waitUntil(() => el.status === 'polling', 'polling', { timeout: 10_000 });
    await el.open();
    expect(root(el).querySelector('[part=status]')?.textContent).to.equal('Connected (slow mode)');
    await waitUntil(() => list(el)?.chatId, 'conversation');
    const chatId = list(el).chatId;
    const incoming = `polled ${Date.now()}`;
    await api(staffToken, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { content: incoming, message_type: 'text' });
    await waitUntil(() => texts(el).includes(incoming), 'a message from staff arrives by polling', { timeout: 10_000 });
    const outgoing = `sent without a socket ${Date.now()}`;
    await el.send(outgoing);
    await waitUntil(() => bubbleWith(el, outgoing) && !bubbleWith(el, outgoing)!.querySelector('[aria-label="Sending"]'), 'confirmed over REST', { timeout: 10_000 });
    const page = await api<{ messages: { content: string }[] }>(staffToken, 'GET', `/api/v1/chat/chats/${chatId}/messages?page=1&page_size=20`);
    expect(page.messages.filter((m) => m.content === outgoing)).to.have.length(1);
  });

  it('reports slow mode only once a poll went through, and no presence, while the server is down', async () => {
    const staff = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 500px" mode="staff" server=${url} token=${staffToken} lang="en"></salon-chat>`);
    await online(staff);
    const { client } = (root(staff).querySelector('salon-chat-inbox') as SalonChatElement).ctx!;
    await waitUntil(() => [...client.store.chats.values()].some((s) => s.chat.online_participants.length), 'presence known');
    const seen: string[] = [];
    staff.addEventListener('salon-chat-connection-change', (e) => seen.push(e.detail.status));
    let failedPolls = 0;
    const page = client.api.page.bind(client.api);
    client.api.page = (...args: Parameters<typeof page>) =>
      page(...args).catch((e: unknown) => {
        if (client.connection.status === 'polling') failedPolls++;
        throw e;
      }) as never;
    await server('stop');
    try {
      await waitUntil(() => failedPolls > 1, 'polls fail while the server is down', { timeout: 20_000 });
      expect(seen).not.to.include('polling');
      expect(staff.status).to.equal('reconnecting');
      expect([...client.store.chats.values()].every((s) => !s.chat.online_participants.length && !s.chat.online_members?.length)).to.equal(true);
    } finally {
      await server('start');
    }
    await online(staff);
  });

  it('creates no chat before the first message, shows why one with an unknown staff-id could not start, and does not ask again on every render', async () => {
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} token=${customerToken} staff-id="9999" lang="en"></salon-chat>`);
    await online(el);
    const { client } = (el as unknown as { ctx: WidgetContext }).ctx;
    let posts = 0;
    const request = client.api.request.bind(client.api);
    client.api.request = (...args: Parameters<typeof request>) => (args[0] === 'POST' && args[1] === '/api/v1/chat/chats/customer' && posts++, request(...args)) as never;
    await el.open();
    await waitUntil(() => composer(el) && textarea(el), 'a composer for the first message');
    expect(posts, 'opening creates nothing').to.equal(0);
    type(el, 'Hello?');
    pressEnter(el);
    await waitUntil(() => root(el).querySelector('[role=alert]')?.textContent, 'the error is shown');
    for (let i = 0; i < 3; i++) {
      client.changed();
      await el.updateComplete;
    }
    expect(posts).to.equal(1);
  });

  it("keeps a customer's first words when their chat could not be created, and sends them on the next try, each time past salon-chat-send", async () => {
    const guestToken = await newGuest('First Words', `first-${Date.now()}@example.com`);
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} token=${guestToken} staff-id="1" lang="en"></salon-chat>`);
    await online(el);
    const sends: number[] = [];
    el.addEventListener('salon-chat-send', (e) => sends.push(e.detail.chatId));
    const fetches = failFirstFetch((input, init) => init?.method === 'POST' && input.endsWith('/api/v1/chat/chats/customer'));
    try {
      await el.open();
      await waitUntil(() => composer(el) && textarea(el), 'a composer for the first words');
      type(el, 'Is Saturday free?');
      pressEnter(el);
      const alert = () => root(el).querySelector('[role=alert]');
      await waitUntil(() => alert()?.textContent === 'Not sent: check your connection and send it again', 'why they did not go', { timeout: 5000 });
      expect(textarea(el).value, 'the words are still in the box').to.equal('Is Saturday free?');
      pressEnter(el);
      await waitUntil(() => list(el) && bubbleWith(el, 'Is Saturday free?'), 'sent on the second try', { timeout: 5000 });
      expect(fetches.refused).to.equal(1);
      expect(sends).to.deep.equal([0, 0]);
      expect(alert()).to.equal(null);
    } finally {
      fetches.restore();
    }
  });

  it('lets staff archive a chat, which stays in its view of the inbox, and restore it', async () => {
    const chat = await api<{ id: number }>(customerToken, 'POST', '/api/v1/chat/chats/customer', { user_id: 2, title: `archive me ${Date.now()}` });
    const staff = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 500px" mode="staff" server=${url} token=${staffToken} chat-id=${chat.id} lang="en"></salon-chat>`);
    await online(staff);
    const inbox = () => root(root(staff).querySelector('salon-chat-inbox')!);
    const current = () => inbox().querySelector('li button[aria-current="true"]');
    const button = (label: string) => root(staff).querySelector<HTMLButtonElement>(`.conversation button[aria-label="${label}"]`);
    await waitUntil(current, 'the chat is listed and selected');
    button('Archive')!.click();
    await waitUntil(() => button('Restore'), 'archived');
    expect(current(), 'still in All open').to.exist;
    button('Restore')!.click();
    await waitUntil(() => button('Archive'), 'restored');
    expect((await api<{ is_archived: boolean }>(staffToken, 'GET', `/api/v1/chat/chats/${chat.id}`)).is_archived).to.equal(false);
  });

  it('send() waits for an element just added, and rejects when there is no chat to send to', async () => {
    const guestToken = await newGuest('No Chat Yet', `none-${Date.now()}@example.com`);
    const el = document.createElement('salon-chat');
    Object.assign(el, { mode: 'customer', server: url, token: guestToken, lang: 'en' });
    el.setAttribute('salon-id', '1');
    (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
    let error: Error | undefined;
    await el.send('Anyone there?').catch((e: Error) => (error = e));
    expect(error?.message).to.match(/no chat to send to/);
  });

  it('send() right after the element is created goes to the existing chat', async () => {
    const chats = () => api<unknown[]>(customerToken, 'GET', '/api/v1/chat/chats/customer?is_archived=false');
    const count = (await chats()).length;
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} token=${customerToken} staff-id="1" lang="en"></salon-chat>`);
    const text = `sent before the widget was ready ${Date.now()}`;
    await el.send(text);
    await el.open();
    await waitUntil(() => bubbleWith(el, text) && !bubbleWith(el, text)!.querySelector('[aria-label="Sending"]'), 'delivered', { timeout: 10_000 });
    expect((await chats()).length).to.equal(count);
  });

  it('send() rejects instead of waiting forever when nobody is signed in', async () => {
    const { noSocketUrl } = await server();
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${noSocketUrl} staff-id="1" lang="en"></salon-chat>`);
    expect(await el.send('hello?').then(() => 'sent', () => 'rejected')).to.equal('rejected');
    expect(await el.send('again?').then(() => 'sent', () => 'rejected')).to.equal('rejected');
  });

  it('shows unread messages on the launcher and in the page title, and presence in the staff inbox', async () => {
    const title = document.title;
    const customer = await customerWidget();
    const staff = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 500px" mode="staff" server=${url} token=${staffToken} lang="en"></salon-chat>`);
    await online(staff);
    const mine = await api<{ id: number }[]>(customerToken, 'GET', '/api/v1/chat/chats/customer?is_archived=false');
    const target = mine[0].id;
    const text = `are you there? ${Date.now()}`;
    await api(staffToken, 'POST', `/api/v1/chat/chats/${target}/messages`, { content: text, message_type: 'text' });
    const badge = () => root(customer).querySelector('[part=badge]');
    await waitUntil(() => badge() && Number(badge()!.textContent) > 0, 'the launcher shows a badge');
    expect(document.title).to.match(/^\(\d+\) /);
    expect(root(customer).querySelector('.launcher')!.getAttribute('aria-label')).to.match(/unread/);

    const inbox = root(root(staff).querySelector('salon-chat-inbox')!);
    await waitUntil(() => [...inbox.querySelectorAll('li button')].some((b) => b.querySelector('.dot.on')), 'the staff inbox shows the customer online');

    customer.remove();
    await waitUntil(() => ![...inbox.querySelectorAll('li button')].some((b) => b.querySelector('.dot.on')), 'and offline once the customer leaves');
    staff.remove();
    expect(document.title).to.equal(title);
  });

  it('tells presence by participant type: staff 2 online does not make customer 2 look online', async () => {
    const [lucasToken, samToken] = await Promise.all([login(url, 'lucas'), login(url, 'sam')]);
    const lucasChat = await api<{ id: number }>(lucasToken, 'POST', '/api/v1/chat/chats/customer', { user_id: 2, title: `presence ${Date.now()}` });
    const staff = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 500px" mode="staff" server=${url} token=${staffToken} lang="en"></salon-chat>`);
    await online(staff);
    const inbox = root(staff).querySelector('salon-chat-inbox') as SalonChatElement;
    const dot = () => [...root(inbox).querySelectorAll('li button')].find((b) => b.querySelector('.name')!.textContent === 'Lucas Brown')?.querySelector('.dot');
    await waitUntil(dot, "Lucas's chat is listed");
    const chat = () => inbox.ctx!.client.store.chats.get(lucasChat.id)!.chat;
    const sam = await socket(url, 'user', samToken);
    try {
      await waitUntil(() => chat().online_participants.includes(2), 'the inbox hears that Sam (user 2) is online');
      expect(dot()!.classList.contains('on'), 'Lucas (customer 2) is not').to.equal(false);
      const lucas = await socket(url, 'customer', lucasToken);
      await waitUntil(() => dot()!.classList.contains('on'), 'Lucas online once his own socket opens');
      lucas.close();
      await waitUntil(() => !dot()!.classList.contains('on'), 'and offline when it closes');
    } finally {
      sam.close();
    }
  });

  it("keeps a joined chat's presence from its socket when a chat list written before it arrives", async () => {
    const [lucasToken, samToken] = await Promise.all([login(url, 'lucas'), login(url, 'sam')]);
    const lucasChat = await api<{ id: number }>(lucasToken, 'POST', '/api/v1/chat/chats/customer', { user_id: 2, title: `presence ${Date.now()}` });
    const staff = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 500px" mode="staff" server=${url} token=${staffToken} lang="en"></salon-chat>`);
    await online(staff);
    const inbox = () => root(staff).querySelector('salon-chat-inbox') as SalonChatElement | null;
    const client = () => inbox()!.ctx!.client;
    await waitUntil(() => inbox()?.ctx && client().isJoined(lucasChat.id), "Lucas's chat is joined", { timeout: 10_000 });
    const chat = () => client().store.chats.get(lucasChat.id)!.chat;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const fetch = window.fetch;
    let listed = () => {};
    const written = new Promise<void>((resolve) => (listed = resolve));
    window.fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).includes('/api/v1/chat/chats?')) {
        listed();
        await released;
      }
      return response;
    };
    const sam = await (async () => {
      try {
        const reloading = client().loadChats(false, 1);
        await written;
        const samSocket = await socket(url, 'user', samToken);
        await waitUntil(() => chat().online_participants.includes(2), 'the inbox hears that Sam (user 2) is online');
        release();
        await reloading;
        return samSocket;
      } finally {
        window.fetch = fetch;
      }
    })();
    try {
      expect(chat().online_participants, 'the list written before Sam came online does not take him offline').to.include(2);
    } finally {
      sam.close();
    }
  });

  /** The customer's chat with staff 1 that a widget with `staff-id="1"` shows, after staff wrote into it `n` times. */
  async function unreadChat(n: number): Promise<number> {
    const chats = await api<{ id: number; last_message_at: string | null; created_at: string; unread_count: number; participants: { participant_type: string; participant_id: number }[] }[]>(
      customerToken,
      'GET',
      '/api/v1/chat/chats/customer?is_archived=false',
    );
    const id = chats
      .filter((c) => c.participants.some((p) => p.participant_type === 'user' && p.participant_id === 1))
      .sort((a, b) => (b.last_message_at ?? b.created_at).localeCompare(a.last_message_at ?? a.created_at))[0].id;
    // The customer's other chats (those the salon archived too: the customer keeps them) are read, so the counts are this chat's.
    for (const other of chats.filter((c) => c.id !== id && c.unread_count > 0)) {
      const { messages } = await api<{ messages: { id: number }[] }>(customerToken, 'GET', `/api/v1/chat/chats/${other.id}/messages?page=1&page_size=1`);
      await api(customerToken, 'POST', `/api/v1/chat/chats/${other.id}/read`, { up_to_message_id: messages[0].id });
    }
    for (let i = 1; i <= n; i++) await api(staffToken, 'POST', `/api/v1/chat/chats/${id}/messages`, { content: `unread ${i} ${Date.now()}`, message_type: 'text' });
    return id;
  }

  const serverUnread = async (chatId: number) => (await api<{ unread_count: number }>(customerToken, 'GET', `/api/v1/chat/chats/${chatId}`)).unread_count;

  it('drops the badge, the unread event and the title to 0 as soon as the open panel shows the messages', async () => {
    const title = document.title;
    const { noSocketUrl } = await server();
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const chatId = await unreadChat(3);
    const fetch = window.fetch;
    window.fetch = async (input, init) => {
      if (String(input).endsWith('/read')) await released;
      return fetch(input, init);
    };
    try {
      const customer = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${noSocketUrl} token=${customerToken} staff-id="1" lang="en"></salon-chat>`);
      await waitUntil(() => customer.status === 'polling', 'polling', { timeout: 10_000 });
      const badge = () => root(customer).querySelector('[part=badge]');
      await waitUntil(() => Number(badge()?.textContent) >= 3, 'the launcher shows the unread messages', { timeout: 5000 });
      let unread = -1;
      customer.addEventListener('salon-chat-unread-change', (e) => (unread = e.detail.unread));
      await customer.open();
      await waitUntil(() => unread === 0 && !badge() && document.title === title, 'read once shown, before the server answers', { timeout: 5000 });
      release();
      await waitUntil(async () => (await serverUnread(chatId)) === 0, 'and the server is told over REST', { timeout: 5000 });
    } finally {
      release();
      window.fetch = fetch;
    }
  });

  it('marks messages read with the read_message frame of the guide while the socket is open', async () => {
    const customer = await customerWidget();
    const chatId = await unreadChat(2);
    const restReads: string[] = [];
    const fetch = window.fetch;
    window.fetch = (input, init) => {
      if (String(input).endsWith('/read')) restReads.push(String(input));
      return fetch(input, init);
    };
    try {
      await customer.open();
      await waitUntil(async () => (await serverUnread(chatId)) === 0, 'read on the server', { timeout: 5000 });
      expect(restReads).to.deep.equal([]);
    } finally {
      window.fetch = fetch;
    }
  });

  it('says so when a chat\'s messages could not be loaded, asks again only when told, and shows them then', async () => {
    const chat = await api<{ id: number }>(customerToken, 'POST', '/api/v1/chat/chats/customer', { user_id: 1, title: `history fails ${Date.now()}` });
    const text = `Your nails are done ${Date.now()}`;
    await api(staffToken, 'POST', `/api/v1/chat/chats/${chat.id}/messages`, { content: text, message_type: 'text' });
    const fetches = failFirstFetch((input) => input.includes(`/chats/${chat.id}/messages?page=`));
    try {
      const customer = await customerWidget({ chat: chat.id });
      await customer.open();
      const alert = () => list(customer) && root(list(customer)).querySelector<HTMLElement>('[role=alert]');
      await waitUntil(() => alert()?.checkVisibility(), 'the failure is on screen', { timeout: 5000 });
      expect(alert()!.textContent).to.contain('The messages could not be loaded.');
      // an update of the list (what any message or status change brings) would ask again at once if it asked on its own
      const { client } = (list(customer) as SalonChatElement).ctx!;
      await new Promise<void>((resolve) => {
        const off = client.on('change', () => (off(), resolve()));
        client.changed();
      });
      await list(customer).updateComplete;
      // and a turn of the event loop for a request it started to reach fetch
      await new Promise((resolve) => setTimeout(resolve));
      expect(fetches.asked, 'not asked again on its own').to.equal(1);
      alert()!.querySelector<HTMLButtonElement>('button')!.click();
      await waitUntil(() => bubbleWith(customer, text)?.getBoundingClientRect().height, 'the messages once asked again', { timeout: 5000 });
      expect(alert()).to.equal(null);
      await waitUntil(async () => (await serverUnread(chat.id)) === 0, 'and read', { timeout: 5000 });
    } finally {
      fetches.restore();
    }
  });

  it('shows the customer\'s chat though the chat list could not be fetched when it started', async () => {
    const chat = await api<{ id: number }>(customerToken, 'POST', '/api/v1/chat/chats/customer', { user_id: 1, title: `first load ${Date.now()}` });
    const text = `Your colour is booked ${Date.now()}`;
    await api(staffToken, 'POST', `/api/v1/chat/chats/${chat.id}/messages`, { content: text, message_type: 'text' });
    const fetches = failFirstFetch((input) => input.includes('/api/v1/chat/chats/customer?'));
    try {
      const customer = await customerWidget();
      expect(fetches.refused).to.equal(1);
      await customer.open();
      await waitUntil(() => bubbleWith(customer, text)?.getBoundingClientRect().height, 'the chat is on screen once the socket is up', { timeout: 10_000 });
      await waitUntil(async () => (await serverUnread(chat.id)) === 0, 'and read', { timeout: 5000 });
    } finally {
      fetches.restore();
    }
  });

  it('tells the server of what was read just before the widget went away', async () => {
    const chatId = await unreadChat(2);
    const customer = await customerWidget();
    let unread = -1;
    customer.addEventListener('salon-chat-unread-change', (e) => (unread = e.detail.unread));
    await customer.open();
    await waitUntil(() => unread === 0, 'read on screen');
    customer.remove();
    await waitUntil(async () => (await serverUnread(chatId)) === 0, 'and on the server', { timeout: 5000 });
  });

  it('sends a read again when the socket that carried it is lost before the server confirmed it', async () => {
    const send = WebSocket.prototype.send;
    let lost = 0;
    WebSocket.prototype.send = function (this: WebSocket, data: string) {
      if (!lost && data.includes('"read_message"')) {
        lost++;
        return this.close();
      }
      return send.call(this, data);
    };
    try {
      const customer = await customerWidget();
      const chatId = await unreadChat(2);
      await customer.open();
      await waitUntil(() => lost === 1, 'the first read went down with its socket', { timeout: 5000 });
      await waitUntil(async () => (await serverUnread(chatId)) === 0, 'read on the server after the reconnect', { timeout: 10_000 });
      expect(customer.status).to.equal('online');
    } finally {
      WebSocket.prototype.send = send;
    }
  });

  it('keeps left-to-right text the right way round inside the Arabic layout: messages, quotes, previews', async () => {
    const chat = await api<{ id: number }>(customerToken, 'POST', '/api/v1/chat/chats/customer', { user_id: 2, title: `rtl ${Date.now()}` });
    const first = await api<{ id: number }>(customerToken, 'POST', `/api/v1/chat/chats/${chat.id}/messages`, { content: 'See you at 10:00!', message_type: 'text' });
    const answer = `Thanks, Sam! ${Date.now()}`;
    await api(customerToken, 'POST', `/api/v1/chat/chats/${chat.id}/messages`, { content: answer, message_type: 'text', reply_to_message_id: first.id });
    const staff = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 500px" mode="staff" server=${url} token=${staffToken} chat-id=${chat.id} lang="ar"></salon-chat>`);
    await online(staff);
    await waitUntil(() => bubbleWith(staff, answer), 'the reply is shown', { timeout: 5000 });
    const inbox = root(root(staff).querySelector('salon-chat-inbox')!);
    const preview = [...inbox.querySelectorAll<HTMLElement>('.preview')].find((p) => p.textContent === answer)!;
    const bubble = bubbleWith(staff, answer)!;
    for (const el of [bubble.querySelector(':scope > p')!, bubble.querySelector('.quote span:last-child')!, preview]) {
      expect(getComputedStyle(el).direction, el.textContent!).to.equal('ltr');
    }
    expect(getComputedStyle(bubble).direction).to.equal('rtl');
  });

  it('keeps the unread badge on the row of the last message in the inbox', async () => {
    const chat = await api<{ id: number }>(customerToken, 'POST', '/api/v1/chat/chats/customer', { user_id: 1, title: `badge ${Date.now()}` });
    await api(staffToken, 'POST', `/api/v1/chat/chats/${chat.id}/messages`, { content: 'Hello from the salon', message_type: 'text' });
    await api(customerToken, 'POST', `/api/v1/chat/chats/${chat.id}/messages`, { content: 'A question about my appointment', message_type: 'text' });
    const staff = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 500px" mode="staff" server=${url} token=${staffToken} lang="en"></salon-chat>`);
    await online(staff);
    const inbox = root(root(staff).querySelector('salon-chat-inbox')!);
    const row = () => [...inbox.querySelectorAll('li button')].find((b) => b.querySelector('.preview')!.textContent === 'A question about my appointment' && b.querySelector('.badge'));
    await waitUntil(row, 'the chat is listed with its badge');
    const badge = row()!.querySelector('.badge')!.getBoundingClientRect();
    const preview = row()!.querySelector('.preview')!.getBoundingClientRect();
    expect(badge.top < preview.bottom && badge.bottom > preview.top, 'badge and preview share a line').to.equal(true);
  });

  it('keeps a draft, a reply and a voice note in the staff chat they were started in', async () => {
    const [a, b] = (await api<{ id: number }[]>(staffToken, 'GET', '/api/v1/chat/chats?is_archived=false')).map((c) => c.id);
    const quoted = `quote me ${Date.now()}`;
    await api(staffToken, 'POST', `/api/v1/chat/chats/${a}/messages`, { content: quoted, message_type: 'text' });
    const staff = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 500px" mode="staff" server=${url} token=${staffToken} chat-id=${a} lang="en"></salon-chat>`);
    await online(staff);
    const c = () => root(composer(staff));
    const row = (id: number) => [...root(root(staff).querySelector('salon-chat-inbox')!).querySelectorAll<HTMLButtonElement>('li button')][
      [...(root(staff).querySelector('salon-chat-inbox') as SalonChatElement).ctx!.client.store.chats.values()]
        .map((s) => s.chat)
        .filter((ch) => !ch.is_archived)
        .sort((x, y) => (y.last_message_at ?? y.created_at).localeCompare(x.last_message_at ?? x.created_at))
        .findIndex((ch) => ch.id === id)
    ];
    await waitUntil(() => bubbleWith(staff, quoted), 'the message to quote');
    bubbleWith(staff, quoted)!.querySelector<HTMLButtonElement>('button[aria-label="Reply"]')!.click();
    await waitUntil(() => c().querySelector('.reply'), 'replying');
    type(staff, 'draft for A');
    row(b).click();
    await waitUntil(() => composer(staff).chatId === b && !c().querySelector('.reply'), 'the reply stays behind');
    await composer(staff).updateComplete;
    expect(textarea(staff).value).to.equal('');

    const { client } = (composer(staff) as SalonChatElement).ctx!;
    const sentTo: number[] = [];
    client.sender!.sendFile = async (chatId: number) => void sentTo.push(chatId);
    const recorder = () => c().querySelector('[role=timer]');
    c().querySelector<HTMLButtonElement>('button[aria-label="Record a voice note"]')!.click();
    await waitUntil(recorder, 'recording in B');
    row(a).click();
    await waitUntil(() => composer(staff).chatId === a, 'A selected');
    c().querySelector<HTMLButtonElement>('button[aria-label="Stop and send the voice note"]')!.click();
    await waitUntil(() => sentTo.length, 'the voice note is sent');
    expect(sentTo).to.deep.equal([b]);

    c().querySelector<HTMLButtonElement>('button[aria-label="Record a voice note"]')!.click();
    await waitUntil(recorder, 'recording again');
    c().querySelector<HTMLButtonElement>('button[aria-label="Cancel the voice note"]')!.click();
    await waitUntil(() => !recorder(), 'cancelled');
    c().querySelector<HTMLButtonElement>('button[aria-label="Record a voice note"]')!.click();
    await waitUntil(recorder, 'and once more');
    staff.remove();
    await new Promise((r) => setTimeout(r, 500));
    expect(sentTo, 'neither a cancelled note nor one of a composer that went away is sent').to.deep.equal([b]);
  });
});
