import { ContextProvider } from '@lit/context';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/panel/panel.ts';
import { ChatClient } from '../src/client/chat-client.ts';
import type { ChatMessage, ChatSummary } from '../src/client/types.ts';
import { widgetContext } from '../src/context.ts';
import { translator } from '../src/i18n.ts';
import { dayLabel, inboxStamp } from '../src/panel/dates.ts';
import type { SalonChatMessages } from '../src/panel/messages.component.ts';

const HOUR = 3_600_000;

function message(id: number, at: number, from: 'camille' | 'emma', content: string): ChatMessage {
  const camille = from === 'camille';
  return {
    id,
    chat_id: 1,
    sender_type: camille ? 'user' : 'customer',
    sender_user_id: camille ? 1 : null,
    sender_customer_id: camille ? null : 1,
    sender_name: camille ? 'Camille Laurent' : 'Emma Wilson',
    message_type: 'text',
    content,
    created_at: new Date(at).toISOString(),
    is_edited: false,
    is_deleted: false,
    read_receipts: [],
  };
}

/** A message list of one chat, seen by Emma, with the given messages (all on screen, unless `some`). */
async function mount(messages: ChatMessage[], some = false): Promise<SalonChatMessages> {
  const client = new ChatClient({ server: 'http://127.0.0.1:9', mode: 'customer' });
  client.store.me = { type: 'customer', id: 1 };
  const state = client.store.upsertChat({ id: 1, participants: [], unread_count: 0, is_archived: false } as unknown as ChatSummary);
  state.loaded = true;
  state.hasOlder = false;
  client.store.addMessages(1, messages);
  const host = await fixture<HTMLDivElement>(html`<div style="height: 600px; width: 420px; display: flex; flex-direction: column"></div>`);
  new ContextProvider(host, { context: widgetContext, initialValue: { client, t: translator('en') } });
  const list = document.createElement('salon-chat-messages');
  list.chatId = 1;
  host.append(list);
  await waitUntil(() => (some ? list.shadowRoot?.querySelector('.msg') : list.shadowRoot?.querySelectorAll('.msg').length === messages.length), 'shown');
  return list;
}

describe('the message list', () => {
  const noon = new Date(new Date().toDateString()).getTime() + 12 * HOUR;
  const yesterday = noon - 24 * HOUR;

  it('separates the days and groups what one sender wrote in a row', async () => {
    const list = await mount([
      message(1, yesterday, 'camille', 'Good morning'),
      message(2, yesterday + 60_000, 'camille', 'Your colour is in stock'),
      message(3, noon - HOUR, 'emma', 'Great, thanks'),
      message(4, noon - HOUR + 30_000, 'camille', 'See you Tuesday'),
    ]);
    const root = list.shadowRoot!;
    expect([...root.querySelectorAll('.day')].map((d) => d.textContent!.trim())).to.deep.equal(['Yesterday', 'Today']);
    const names = [...root.querySelectorAll('.msg > .name')].map((n) => n.textContent);
    expect(names, 'one name for the two in a row').to.deep.equal(['Camille Laurent', 'Camille Laurent']);
    const avatars = [...root.querySelectorAll('.avatar')].map((a) => a.textContent!.trim());
    expect(avatars).to.deep.equal(['CL', '', 'CL']);
  });

  it('shows the full date and the reply action on hover or focus only (the reply always where nothing hovers), and moves among messages with the arrow keys', async () => {
    const list = await mount([message(1, noon - 2 * HOUR, 'camille', 'First'), message(2, noon - HOUR, 'camille', 'Second')]);
    const root = list.shadowRoot!;
    const [first, second] = root.querySelectorAll<HTMLElement>('.msg');
    const reply = (m: HTMLElement) => getComputedStyle(m.querySelector('.reply')!).visibility;
    const full = (m: HTMLElement) => getComputedStyle(m.querySelector('time .full')!).display;
    // a touch screen (and headless Firefox, which has no pointer that hovers) has no hover to wait for
    const shown = matchMedia('(hover: none)').matches ? 'visible' : 'hidden';
    expect([reply(first), reply(second)]).to.deep.equal([shown, shown]);
    expect(full(second)).to.equal('none');
    expect(first.querySelector('time')!.getAttribute('title')).to.match(/\d{4}/);

    root.querySelector<HTMLElement>('.scroller')!.focus();
    await sendKeys({ press: 'ArrowUp' });
    expect(root.activeElement).to.equal(second);
    expect(reply(second)).to.equal('visible');
    expect(full(second)).to.not.equal('none');
    await sendKeys({ press: 'ArrowUp' });
    expect(root.activeElement).to.equal(first);
    await sendKeys({ press: 'Tab' });
    expect(root.activeElement, 'Tab reaches the reply action of the focused message').to.equal(first.querySelector('.reply'));
  });

  it('shows a sender name without the controls that reverse its letters, and a right-to-left name in its own direction', async () => {
    const spoof = { ...message(1, noon - HOUR, 'camille', 'Here is the photo'), sender_name: 'Invoice \u202Egnp.exe\u202C' };
    const arabic = { ...message(2, noon, 'camille', 'مرحبا'), sender_user_id: 2, sender_name: 'نور الهدى' };
    const root = (await mount([spoof, arabic])).shadowRoot!;
    const [spoofed, named] = [...root.querySelectorAll<HTMLElement>('.msg > .name')];
    expect(spoofed!.textContent).to.equal('Invoice gnp.exe');
    const text = document.createTreeWalker(spoofed!, NodeFilter.SHOW_TEXT).nextNode()!;
    const x = (letter: string) => {
      const range = document.createRange();
      const at = text.textContent!.indexOf(letter);
      range.setStart(text, at);
      range.setEnd(text, at + 1);
      return range.getBoundingClientRect().left;
    };
    expect(x('g'), 'read as gnp.exe, left to right').to.be.below(x('x'));
    expect(named!.textContent).to.equal('نور الهدى');
    expect(getComputedStyle(named!).direction, 'an Arabic name reads right to left').to.equal('rtl');
  });
});

describe('the message list, focused', () => {
  it('keeps an own message\'s read ticks together beside its full date, in a panel as narrow as a phone\'s', async () => {
    const sunday = Date.UTC(2026, 10, 29, 20, 56);
    const mine = { ...message(1, sunday, 'emma', 'Perfect, thank you! See you tomorrow.'), read_receipts: [{ reader_type: 'user' as const, reader_id: 1, read_at: new Date(sunday).toISOString() }] };
    const list = await mount([mine]);
    list.parentElement!.style.width = '320px';
    const root = list.shadowRoot!;
    root.querySelector<HTMLElement>('.msg')!.focus();
    const tick = root.querySelector<HTMLElement>('.tick.read')!;
    const time = root.querySelector<HTMLElement>('time .full')!;
    expect(getComputedStyle(time).display).to.not.equal('none');
    const ticks = document.createRange();
    ticks.selectNodeContents(tick);
    expect(new Set([...ticks.getClientRects()].map((r) => Math.round(r.top))).size, 'the two ticks on one line').to.equal(1);
    expect(Math.abs(tick.getBoundingClientRect().top - time.getBoundingClientRect().top), 'the ticks beside the date').to.be.below(8);
  });
});

describe('the message list, scrolled', () => {
  const start = Date.now() - 3 * HOUR;
  const read = (m: ChatMessage) => ({ ...m, read_receipts: [{ reader_type: 'customer' as const, reader_id: 1, read_at: m.created_at }] });

  it('draws a line above the first message that was unread when the chat was shown', async () => {
    const list = await mount([
      read(message(1, start, 'camille', 'Seen already')),
      message(2, start + 60_000, 'emma', 'Mine'),
      message(3, start + 120_000, 'camille', 'Not seen yet'),
      message(4, start + 180_000, 'camille', 'Nor this'),
    ]);
    const line = list.shadowRoot!.querySelector('.unread-line')!;
    expect(line.textContent!.trim()).to.equal('New messages');
    expect(line.closest('.row')!.querySelector('.msg p')!.textContent).to.equal('Not seen yet');
  });

  it('stays at the end when rows grow after it scrolled there, and shows what comes next', async () => {
    const many = Array.from({ length: 60 }, (_, i) => read(message(i + 1, start + i * 60_000, i % 2 ? 'emma' : 'camille', `message ${i + 1}`)));
    const list = await mount(many, true);
    const root = list.shadowRoot!;
    const scroller = root.querySelector<HTMLElement>('.scroller')!;
    const atEnd = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
    await waitUntil(atEnd, 'at the end');
    const rows = root.querySelectorAll<HTMLElement>('.row');
    rows[rows.length - 1].style.paddingBottom = '300px';
    scroller.dispatchEvent(new Event('scroll'));

    const { client } = list.ctx!;
    client.store.addMessages(1, [message(61, start + 61 * 60_000, 'camille', 'just now')]);
    client.changed();
    await waitUntil(() => [...root.querySelectorAll('.msg p')].some((p) => p.textContent === 'just now'), 'the new message is drawn');
    await waitUntil(atEnd, 'at the end again');
    expect(root.querySelector('.new-below')).to.equal(null);
  });

  it('offers a way down when something arrives while the reader is scrolled up', async () => {
    const many = Array.from({ length: 60 }, (_, i) => read(message(i + 1, start + i * 60_000, i % 2 ? 'emma' : 'camille', `message ${i + 1}`)));
    const list = await mount(many, true);
    const root = list.shadowRoot!;
    const scroller = root.querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = 0;
    scroller.dispatchEvent(new Event('scroll'));
    await list.updateComplete;
    expect(root.querySelector('.new-below')).to.equal(null);

    const { client } = list.ctx!;
    client.store.addMessages(1, [message(61, start + 61 * 60_000, 'camille', 'just now')]);
    client.changed();
    await waitUntil(() => root.querySelector('.new-below'), 'the button shows');
    const button = root.querySelector<HTMLButtonElement>('.new-below')!;
    expect(button.textContent).to.contain('New messages');
    expect(getComputedStyle(button).position).to.equal('absolute');
    button.click();
    await waitUntil(() => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48, 'at the end', { timeout: 2000 });
    await waitUntil(() => !root.querySelector('.new-below'), 'and the button goes');
  });
});

describe('dates', () => {
  const now = new Date(2026, 10, 30, 15, 0).getTime();
  it('labels days as people say them', () => {
    expect(dayLabel(new Date(2026, 10, 30, 9).toISOString(), 'en', now)).to.equal('Today');
    expect(dayLabel(new Date(2026, 10, 29, 23).toISOString(), 'fr', now)).to.equal('Hier');
    expect(dayLabel(new Date(2026, 10, 24, 9).toISOString(), 'en', now)).to.equal('Tuesday, November 24');
    expect(dayLabel(new Date(2025, 10, 24, 9).toISOString(), 'en', now)).to.contain('2025');
  });

  it('stamps inbox rows with the time today, the weekday this week, else the date', () => {
    expect(inboxStamp(new Date(2026, 10, 30, 9, 5).toISOString(), 'en', now)).to.match(/9:05/);
    expect(inboxStamp(new Date(2026, 10, 27, 9).toISOString(), 'en', now)).to.equal('Fri');
    expect(inboxStamp(new Date(2026, 9, 2, 9).toISOString(), 'en', now)).to.equal('Oct 2');
  });
});
