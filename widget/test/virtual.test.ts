import { ContextProvider } from '@lit/context';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/panel/panel.ts';
import { ChatClient } from '../src/client/chat-client.ts';
import { HeightIndex } from '../src/panel/virtual.ts';
import type { ChatMessage, ChatSummary } from '../src/client/types.ts';
import { translator } from '../src/i18n.ts';
import { widgetContext } from '../src/context.ts';
import type { SalonChatMessages } from '../src/panel/messages.component.ts';

describe('HeightIndex', () => {
  const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);

  it('covers the viewport plus the overscan, with spacers for the rest', () => {
    const h = new HeightIndex(() => 50);
    const r = h.range(keys, 1000, 200, 100);
    expect(r).to.deep.equal({ start: 18, end: 26, before: 900, after: 3700, total: 5000 });
  });

  it('uses measured heights where it has them', () => {
    const h = new HeightIndex(() => 50);
    expect(h.set('k0', 500)).to.equal(true);
    expect(h.set('k0', 500)).to.equal(false);
    expect(h.offsetOf(keys, 2)).to.equal(550);
    expect(h.range(keys, 0, 100, 0)).to.include({ start: 0, end: 1, total: 5450 });
  });

  it('renders nothing past the end', () => {
    const h = new HeightIndex(() => 50);
    const r = h.range(keys, 99_999, 200, 0);
    expect(r.start).to.equal(r.end);
    expect(r.before + r.after).to.equal(r.total);
  });
});

describe('<salon-chat-messages> virtual list', () => {
  const N = 10_000;
  let client: ChatClient;

  function message(id: number): ChatMessage {
    return {
      id,
      chat_id: 1,
      sender_type: id % 2 ? 'customer' : 'user',
      sender_customer_id: 1,
      sender_user_id: 1,
      sender_name: id % 2 ? 'Emma' : 'Camille',
      message_type: 'text',
      content: `message number ${id}` + (id % 7 === 0 ? '\nwith a second line' : ''),
      created_at: new Date(Date.UTC(2026, 0, 1) + id * 60_000).toISOString(),
      is_edited: false,
      is_deleted: false,
      read_receipts: [],
    };
  }

  async function mount(): Promise<SalonChatMessages> {
    client = new ChatClient({ server: 'http://127.0.0.1:9', mode: 'staff' });
    client.store.me = { type: 'user', id: 99 };
    const state = client.store.upsertChat({ id: 1, participants: [], unread_count: 0, is_archived: false } as unknown as ChatSummary);
    state.loaded = true;
    state.hasOlder = false;
    const host = await fixture<HTMLDivElement>(html`<div style="height: 400px; display: flex; flex-direction: column"></div>`);
    new ContextProvider(host, { context: widgetContext, initialValue: { client, t: translator('en') } });
    const list = document.createElement('salon-chat-messages');
    list.chatId = 1;
    host.append(list);
    return list;
  }

  const rows = (list: SalonChatMessages) => list.shadowRoot!.querySelectorAll('.row');
  const scroller = (list: SalonChatMessages) => list.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));

  it('keeps the DOM small for a chat of 10,000 messages and starts at the newest', async () => {
    const list = await mount();
    client.store.addMessages(1, Array.from({ length: N }, (_, i) => message(i + 1)));
    client.changed();
    await waitUntil(() => rows(list).length > 0);
    await frame();
    expect(rows(list).length).to.be.below(60);
    expect(list.shadowRoot!.querySelectorAll('*').length).to.be.below(600);
    const last = [...rows(list)].at(-1)!;
    expect(last.textContent).to.contain(`message number ${N}`);
    const s = scroller(list);
    expect(s.scrollHeight - s.scrollTop - s.clientHeight).to.be.below(50);
  });

  it('renders the part of the list scrolled to, and no more', async () => {
    const list = await mount();
    client.store.addMessages(1, Array.from({ length: N }, (_, i) => message(i + 1)));
    client.changed();
    await waitUntil(() => rows(list).length > 0);
    const s = scroller(list);
    s.scrollTop = s.scrollHeight / 2;
    await waitUntil(() => [...rows(list)].some((r) => /message number 4\d{3}|message number 5\d{3}/.test(r.textContent!)));
    expect(rows(list).length).to.be.below(60);
  });

  it('keeps the reading position when older messages are added above', async () => {
    const list = await mount();
    client.store.addMessages(1, Array.from({ length: 200 }, (_, i) => message(N - 200 + i + 1)));
    client.changed();
    await waitUntil(() => rows(list).length > 0);
    await frame();
    const s = scroller(list);
    s.scrollTop = 3000;
    await frame();
    await frame();
    const anchor = [...rows(list)].find((r) => r.getBoundingClientRect().top >= s.getBoundingClientRect().top)!;
    const before = anchor.getBoundingClientRect().top;
    const key = (anchor as HTMLElement).dataset.key;

    client.store.addMessages(1, Array.from({ length: 300 }, (_, i) => message(N - 500 + i + 1)));
    client.changed();
    await frame();
    await frame();
    const same = [...rows(list)].find((r) => (r as HTMLElement).dataset.key === key)!;
    expect(same, 'the anchor message is still rendered').to.exist;
    expect(Math.abs(same.getBoundingClientRect().top - before)).to.be.below(2);
    expect(s.scrollTop).to.be.above(3000);
  });

  it('moves rows instead of re-filling them, so media elements survive scrolling', async () => {
    const list = await mount();
    client.store.addMessages(1, Array.from({ length: 500 }, (_, i) => message(i + 1)));
    client.changed();
    await waitUntil(() => rows(list).length > 0);
    await frame();
    const s = scroller(list);
    const tracked = [...rows(list)].at(-3)! as HTMLElement;
    s.scrollTop -= 150;
    await frame();
    await frame();
    const again = [...rows(list)].find((r) => (r as HTMLElement).dataset.key === tracked.dataset.key);
    expect(again).to.equal(tracked);
  });
});
