import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import { emulateMedia, login, online, rest, root, screenshot, server, setViewport } from './helpers.ts';

const CHATS = 2000;

/** The staff inbox of a busy salon (Studio Nord, whose inbox no other test reads). */
describe('<salon-chat> staff inbox of a busy salon', () => {
  let url: string;
  let jordan: string;

  before(async function () {
    this.timeout(120_000); // 2,000 chats through the REST API take 20 s or more on a busy 2-core machine
    await setViewport({ width: 1280, height: 800 });
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    const lucas = await login(url, 'lucas');
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@other-salon.com', password: 'owner123' }),
    });
    const owner = (await res.json()) as { access_token: string; profile: { id: number } };
    jordan = owner.access_token;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < CHATS) {
          const i = next++;
          const body = { user_id: owner.profile.id, title: `Visit ${i}`, initial_message: i === 1234 ? 'Can I bring my dog to the appointment?' : `hello ${i}` };
          await rest(url, lucas, 'POST', '/api/v1/chat/chats/customer', body);
        }
      }),
    );
    console.log(`${CHATS} chats created in ${Math.round(performance.now() - started)} ms`);
  });

  async function inbox(): Promise<{ el: SalonChat; box: () => ShadowRoot; list: () => HTMLElement; rows: () => HTMLElement[] }> {
    const started = performance.now();
    const el = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 600px; width: 900px" mode="staff" server=${url} token=${jordan} lang="en"></salon-chat>`);
    const box = () => root(root(el).querySelector('salon-chat-inbox')!);
    const rows = () => [...box().querySelectorAll<HTMLElement>('li:not([aria-hidden])')];
    await waitUntil(() => root(el).querySelector('salon-chat-inbox')?.shadowRoot && rows().length, 'the first rows', { timeout: 10_000 });
    console.log(`inbox of ${CHATS} chats: first rows on screen ${Math.round(performance.now() - started)} ms after the element was added`);
    return { el, box, list: () => box().querySelector('ul')!, rows };
  }

  it('shows the newest chats at once in All open, with only the rows on screen in the page, and every chat as it scrolls', async () => {
    const { el, list, rows } = await inbox();
    await online(el);
    await waitUntil(() => Number(rows()[0]?.getAttribute('aria-setsize')) >= CHATS, 'every page loaded behind the first', { timeout: 20_000 });
    expect(rows().length, 'rows in the DOM').to.be.below(40);
    // sixteen writers at once: the newest chat is the one the server stored last, not always the last numbered
    const [newest] = await rest<{ last_message_preview: string }[]>(url, jordan, 'GET', '/api/v1/chat/chats?view=open&limit=1');
    expect(newest.last_message_preview).to.match(/^hello 19\d\d$/);
    expect(rows()[0].textContent).to.contain(newest.last_message_preview);
    await screenshot('staff-inbox-2000');

    list().scrollTop = list().scrollHeight;
    await waitUntil(() => rows().some((r) => r.textContent!.includes('hello 0')), 'the oldest at the end');
    expect(rows().length).to.be.below(40);
    const last = rows()[rows().length - 1];
    expect(last.getAttribute('aria-posinset')).to.equal(last.getAttribute('aria-setsize'));
  });

  it('finds a chat by a word of its messages', async () => {
    const { box, rows } = await inbox();
    const input = box().querySelector<HTMLInputElement>('input[type=search]')!;
    input.value = 'dog';
    input.dispatchEvent(new InputEvent('input'));
    await waitUntil(() => rows().length === 1, 'one chat found', { timeout: 5000 });
    expect(rows()[0].textContent).to.contain('Can I bring my dog');
    input.value = 'no such words';
    input.dispatchEvent(new InputEvent('input'));
    await waitUntil(() => rows().length === 0, 'nothing found', { timeout: 5000 });
    expect(box().querySelector('.empty')!.textContent).to.equal('No conversation matches');
  });

  it('says a search the server finds too broad, where its results would be, and searches again on more words', async () => {
    const { box, rows } = await inbox();
    const input = box().querySelector<HTMLInputElement>('input[type=search]')!;
    input.value = 'hello';
    input.dispatchEvent(new InputEvent('input'));
    await waitUntil(() => box().querySelector('.empty')?.textContent === 'Too many messages contain these words: search for more of them', 'the refusal on screen');
    expect(rows().length).to.equal(0);
    const said = box().querySelector<HTMLElement>('.empty')!;
    expect(said.getAttribute('role')).to.equal('status');
    expect(getComputedStyle(said).visibility).to.equal('visible');
    expect(said.getBoundingClientRect().height).to.be.above(0);
    await screenshot('staff-inbox-search-too-broad');
    input.value = 'hello 1999';
    input.dispatchEvent(new InputEvent('input'));
    await waitUntil(() => rows().length === 1, 'the chat found by more words');
    expect(box().querySelector('.empty')).to.equal(null);
  });
});
