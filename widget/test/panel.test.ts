import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import { bubbles, composer, emulateMedia, itUnless, list, login, NO_PHONE_WIDTH, online, panel, panelShown, pressEnter, RESIZED_WINDOW, rest, root, screenshot, server, setViewport, socket, textarea, type } from './helpers.ts';

/** What a customer sees of the panel: open, closed, on a phone, on a hostile page. */
describe('<salon-chat> panel on screen', () => {
  let url: string;
  let customerToken: string;
  let staffToken: string;

  const api = <T>(token: string, method: string, path: string, body?: unknown) => rest<T>(url, token, method, path, body);

  before(async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    customerToken = await login(url, 'customer');
    staffToken = await login(url, 'staff');
  });

  beforeEach(() => setViewport({ width: 1280, height: 800 }));

  const customer = async (extra = '') => {
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    holder.innerHTML = `<salon-chat mode="customer" server="${url}" token="${customerToken}" staff-id="1" lang="en" ${extra}></salon-chat>`;
    const el = holder.querySelector('salon-chat')!;
    await online(el);
    return el;
  };

  const launcher = (el: SalonChat) => root(el).querySelector<HTMLButtonElement>('.launcher')!;
  const closeButton = (el: SalonChat) => root(el).querySelector<HTMLButtonElement>('button[aria-label="Close chat"]')!;

  it('goes away when closed by its button, by the launcher and by Escape', async () => {
    const el = await customer();
    await el.open();
    await waitUntil(() => panelShown(el), 'the panel is on screen');
    await screenshot('customer-open-1280');
    expect(panel(el)!.hasAttribute('aria-modal'), 'a card beside the page, not a modal').to.equal(false);

    closeButton(el).click();
    await waitUntil(() => !panelShown(el), 'the close button hides it');
    expect(panel(el)!.getBoundingClientRect().height).to.equal(0);
    await screenshot('customer-closed-1280');

    launcher(el).click();
    await waitUntil(() => panelShown(el), 'the launcher opens it');
    launcher(el).click();
    await waitUntil(() => !panelShown(el), 'and closes it');

    launcher(el).click();
    await waitUntil(() => panelShown(el) && composer(el) && root(composer(el)).activeElement === textarea(el), 'open with the focus inside');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !panelShown(el), 'Escape hides it');
    expect(el.opened).to.equal(false);

    launcher(el).click();
    await waitUntil(() => panelShown(el), 'open again');
    launcher(el).focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !panelShown(el), 'Escape on the launcher hides it too');
  });

  it('shows the panel at once when `opened` is in the markup', async () => {
    const el = await customer('opened');
    await waitUntil(() => panelShown(el), 'the panel is on screen without open()');
  });

  it('keeps what arrives while closed unread: a badge for the customer, no read tick for staff', async () => {
    const el = await customer();
    await el.open();
    await waitUntil(() => list(el)?.chatId && bubbles(el).length, 'the chat is shown');
    const chatId = list(el).chatId;
    const unreadHere = () => el.shadowRoot!.querySelector('salon-chat-panel')!.ctx!.client.store.chats.get(chatId)!.chat.unread_count;
    await waitUntil(() => unreadHere() === 0, 'what is shown is read');
    el.close();
    await waitUntil(() => !panelShown(el), 'closed');
    const badge = () => Number(root(el).querySelector('[part=badge]')?.textContent ?? 0);
    const before = badge();
    const text = `while you were away ${Date.now()}`;
    const sent = await api<{ id: number }>(staffToken, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { content: text, message_type: 'text' });
    await waitUntil(() => badge() === before + 1, 'the launcher counts it');
    // the closed list has drawn what arrived: had it taken it for seen, its receipt would be in the store at once, with its read on the way
    await list(el).updateComplete;
    const held = el.shadowRoot!.querySelector('salon-chat-panel')!.ctx!.client.store.chats.get(chatId)!.messages.find((m) => m.id === sent.id);
    expect(held, 'the closed panel holds the message').to.exist;
    expect(held!.read_receipts, 'and has not marked it read').to.deep.equal([]);
    const receipts = async () => {
      const page = await api<{ messages: { id: number; read_receipts: unknown[] }[] }>(staffToken, 'GET', `/api/v1/chat/chats/${chatId}/messages?page=1&page_size=5`);
      return page.messages.find((m) => m.id === sent.id)!.read_receipts.length;
    };
    expect(await receipts(), 'nobody has read it').to.equal(0);

    await el.open();
    await waitUntil(() => badge() === before, 'opening reads it');
    await waitUntil(async () => (await receipts()) === 1, 'and the server hears of it', { timeout: 5000 });
  });

  itUnless({ webkit: NO_PHONE_WIDTH })('takes the whole screen of a phone, keeps the page still behind it and gives it back as it was', async () => {
    await setViewport({ width: 375, height: 740 });
    const tall = await fixture<HTMLDivElement>(html`<div style="height: 3000px">a long salon page</div>`);
    window.scrollTo(0, 500);
    const el = await customer();
    await screenshot('customer-closed-375');
    await el.open();
    await waitUntil(() => panelShown(el) && composer(el) && textarea(el), 'open');
    const box = panel(el)!.getBoundingClientRect();
    expect([box.left, box.top, box.width, box.height]).to.deep.equal([0, 0, 375, 740]);
    expect(panel(el)!.getAttribute('aria-modal'), 'a modal dialog over the page').to.equal('true');
    expect(getComputedStyle(document.documentElement).overflow).to.equal('hidden');
    const name = root(el).querySelector<HTMLElement>('[part~=header] h2')!;
    expect(name.scrollWidth, 'the header name fits').to.be.at.most(name.clientWidth);
    const row = root(composer(el)).querySelector<HTMLElement>('.row')!;
    expect(row.getBoundingClientRect().height, 'the composer stays on one line').to.be.below(48);
    const send = root(composer(el)).querySelector<HTMLElement>('.send')!.getBoundingClientRect();
    expect(send.bottom, 'the send button is on screen').to.be.at.most(740);
    expect(parseFloat(getComputedStyle(textarea(el)).fontSize), 'no zoom on focus: text fields of 16 px or more').to.be.at.least(16);
    await screenshot('customer-open-375');

    closeButton(el).click();
    await waitUntil(() => !panelShown(el), 'closed');
    expect(panel(el)!.hasAttribute('aria-modal')).to.equal(false);
    expect(document.documentElement.style.overflow).to.equal('');
    expect(document.body.style.overflow).to.equal('');
    expect(window.scrollY).to.equal(500);
    tall.remove();
  });

  itUnless({ webkit: RESIZED_WINDOW })('takes the whole screen of a phone held sideways too', async () => {
    await setViewport({ width: 740, height: 375 });
    const el = await customer();
    await el.open();
    await waitUntil(() => panelShown(el) && composer(el) && textarea(el), 'open');
    const box = panel(el)!.getBoundingClientRect();
    expect([box.left, box.top, box.width, box.height]).to.deep.equal([0, 0, 740, 375]);
    const send = root(composer(el)).querySelector<HTMLElement>('.send')!.getBoundingClientRect();
    expect(send.bottom, 'the send button is on screen').to.be.at.most(375);
    expect(parseFloat(getComputedStyle(textarea(el)).fontSize)).to.be.at.least(16);
    await screenshot('customer-open-740x375');
    closeButton(el).click();
    await waitUntil(() => !panelShown(el), 'closed');
  });

  it('looks the same whatever the host page does to its own text', async () => {
    const measure = async () => {
      const el = await customer();
      await el.open();
      await waitUntil(() => panelShown(el) && bubbles(el).length, 'open with messages');
      const p = panel(el)!.getBoundingClientRect();
      const title = getComputedStyle(root(el).querySelector('[part~=header] h2')!);
      const bubble = getComputedStyle(bubbles(el)[0]);
      return { width: p.width, height: p.height, title: [title.fontSize, title.textTransform, title.letterSpacing, title.fontFamily], bubble: [bubble.fontSize, bubble.letterSpacing] };
    };
    const plain = await measure();
    const theme = document.createElement('style');
    theme.textContent = 'html { font-size: 62.5% } * { font-size: 30px; text-transform: uppercase; letter-spacing: .3em; font-family: serif; line-height: 3 }';
    document.head.append(theme);
    try {
      expect(await measure()).to.deep.equal(plain);
    } finally {
      theme.remove();
    }
  });

  it('lets a visitor write at once where the salon takes guests, then asks how to reach them and why', async () => {
    localStorage.clear();
    try {
      const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} salon-id="1" staff-id="1" lang="en"></salon-chat>`);
      await el.open();
      await waitUntil(() => composer(el) && textarea(el), 'a composer for the first words, signed out');
      expect(root(el).querySelector('form'), 'no form before the question').to.equal(null);
      await expect(el).to.be.accessible();
      await screenshot('customer-guest-first-1280');
      const text = `first words of a guest ${Date.now()}`;
      type(el, text);
      pressEnter(el);
      await waitUntil(() => list(el)?.chatId, 'the chat, created with them');
      const stored = async () => {
        const page = await api<{ messages: { content: string; sender_name: string }[] }>(staffToken, 'GET', `/api/v1/chat/chats/${list(el).chatId}/messages?page=1&page_size=5`);
        return page.messages.find((m) => m.content === text);
      };
      await waitUntil(stored, 'the salon has it before any contact', { timeout: 5000 });
      const ask = () => root(el).querySelector<HTMLFormElement>('form[part=contact-ask]');
      await waitUntil(ask, 'asked how to be reached, after the message');
      expect(ask()!.textContent).to.contain('So we can tell you when we answer');
      await expect(el).to.be.accessible();
      const name = `Guest ${Date.now()}`;
      ask()!.querySelector<HTMLInputElement>('[name=name]')!.value = name;
      const contact = ask()!.querySelector<HTMLInputElement>('[name=contact]')!;
      expect([contact.inputMode, contact.autocomplete], 'a phone number as easy to type as an e-mail').to.deep.equal(['', '']);
      contact.value = '+33 6 98 76 54 32';
      ask()!.requestSubmit();
      await waitUntil(() => !ask(), 'the question goes once answered');
      const chat = await api<{ participants: { participant_type: string; name: string; phone: string | null }[] }>(staffToken, 'GET', `/api/v1/chat/chats/${list(el).chatId}`);
      const customer = chat.participants.find((p) => p.participant_type === 'customer')!;
      expect([customer.name, customer.phone], 'the salon sees who wrote and how to reach them').to.deep.equal([name, '+33 6 98 76 54 32']);

      const staff = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 560px; width: 375px" mode="staff" server=${url} token=${staffToken} lang="en"></salon-chat>`);
      await online(staff);
      staff.chatId = list(el).chatId;
      const line = () => root(staff).querySelector<HTMLElement>('[part~=conversation-contact]');
      await waitUntil(() => line()?.textContent?.includes('+33'), 'the conversation says how to reach the guest');
      expect(line()!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Guest · +33 6 98 76 54 32');
      const call = line()!.querySelector('a')!;
      expect(call.getAttribute('href'), 'a tap calls her').to.equal('tel:+33698765432');
      const box = call.getBoundingClientRect();
      const header = root(staff).querySelector('[part~=conversation-header]')!.getBoundingClientRect();
      expect(box.width > 0 && box.left >= header.left && box.right <= header.right, 'whole, inside a phone-wide header').to.equal(true);
      expect(getComputedStyle(call).visibility).to.equal('visible');
      await screenshot('staff-guest-contact-375');
      expect(Object.keys(localStorage).some((k) => k.includes(':customer')), 'kept on this device').to.equal(true);
    } finally {
      localStorage.clear();
    }
  });

  it('offers only the sign-in form where the salon takes no guests', async () => {
    localStorage.clear();
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} salon-id="2" lang="en"></salon-chat>`);
    await el.open();
    await waitUntil(() => root(el).querySelector('form [name=password]'), 'the password form');
    // whether guests may write is the salon's setting: the header names the salon once it is known
    await waitUntil(() => root(el).querySelector('[part~=header] h2')?.textContent?.includes('Studio Nord'), 'the salon known');
    await el.updateComplete;
    expect(root(el).querySelector('form [name=name]')).to.equal(null);
    expect(root(el).querySelector('form .link'), 'and no way to a guest form').to.equal(null);
  });

  it('says when the salon usually answers while nobody is online, and online when someone is', async () => {
    const el = await customer();
    await el.open();
    const sub = () => root(el).querySelector('[part~=header] .sub')?.textContent ?? '';
    await waitUntil(() => sub().includes('we usually answer within the hour'), 'the salon’s away text');
    expect(root(el).querySelector('[part~=header] [part~=status]')!.textContent!.trim(), 'no engineering status when all is well').to.equal('');
    const staff = await socket(url, 'user', staffToken);
    try {
      await waitUntil(() => sub() === 'Online now', 'online once the stylist is');
    } finally {
      staff.close();
    }
  });

  it('shows the text sent with a card', async () => {
    const el = await customer();
    await el.open();
    await waitUntil(() => list(el)?.chatId, 'the chat is shown');
    const chatId = list(el).chatId;
    const [appointment] = await api<{ id: number }[]>(staffToken, 'GET', '/api/v1/catalog/appointments?salon_id=1&customer_id=1');
    const text = `I booked you tomorrow at 10:00 (${Date.now()})`;
    await api(staffToken, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { content: text, message_type: 'appointment', reference_id: appointment.id });
    await waitUntil(() => bubbles(el).some((b) => b.querySelector('.card') && b.querySelector('p')?.textContent === text), 'the card and its text');
    const card = bubbles(el).find((b) => b.querySelector('p')?.textContent === text)!;
    expect(card.querySelector('.card strong')!.getAttribute('dir')).to.equal('auto');
  });

  it('keeps the salon colour on the customer’s own messages in dark mode, and dark native controls', async () => {
    const el = await customer('theme="dark" style="--salon-chat-accent: #0f766e; --salon-chat-accent-fg: #ffffff"');
    await el.open();
    await waitUntil(() => bubbles(el).some((b) => b.classList.contains('mine')), 'own messages');
    const mine = bubbles(el).find((b) => b.classList.contains('mine'))!;
    expect(getComputedStyle(mine).backgroundColor).to.equal('rgb(15, 118, 110)');
    expect(getComputedStyle(mine).color).to.equal('rgb(255, 255, 255)');
    expect(getComputedStyle(panel(el)!).colorScheme).to.equal('dark');
    await screenshot('customer-open-dark-1280');
  });
});
