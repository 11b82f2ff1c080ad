import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import { emulateMedia, itUnless, login, NO_PHONE_WIDTH, online, pressEnter, rest, root, screenshot, server, setViewport, type } from './helpers.ts';

type View = 'unanswered' | 'mine' | 'open' | 'resolved';
const VIEWS: View[] = ['unanswered', 'mine', 'open', 'resolved'];
const CAMILLE = 1;
const SAM = 2;

/** The views of the staff inbox (conversation states) of Maison Éclat, for Camille (staff 1) and Sam (staff 2). */
describe('<salon-chat> staff inbox views', () => {
  let url: string;
  let camille: string;
  let sam: string;
  let lucas: string;
  let made = 0;

  before(async () => {
    await setViewport({ width: 1280, height: 800 });
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    [camille, sam, lucas] = await Promise.all([login(url, 'staff'), login(url, 'sam'), login(url, 'lucas')]);
  });

  afterEach(() => fixtureCleanup());

  async function inbox(token: string, width = '1000px', lang = 'en'): Promise<SalonChat> {
    const el = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 640px; width: ${width}" mode="staff" server=${url} token=${token} lang=${lang}></salon-chat>`);
    await online(el);
    await waitUntil(() => box(el)?.querySelector('.views'), 'the views', { timeout: 10_000 });
    return el;
  }

  const box = (el: SalonChat) => root(el).querySelector('salon-chat-inbox')?.shadowRoot;
  const tab = (el: SalonChat, view: View) => box(el)!.querySelector<HTMLButtonElement>(`[data-view=${view}]`)!;
  const count = (el: SalonChat, view: View) => Number(tab(el, view).querySelector('.count')!.textContent);
  const rows = (el: SalonChat) => [...box(el)!.querySelectorAll<HTMLElement>('li:not([aria-hidden]) button')];
  const row = (el: SalonChat, preview: string) => rows(el).find((r) => r.querySelector('.preview')!.textContent === preview);
  const counts = () => rest<Record<View, number>>(url, camille, 'GET', '/api/v1/chat/chats/counts');
  const samCounts = () => rest<Record<View, number>>(url, sam, 'GET', '/api/v1/chat/chats/counts');
  const conversationState = (el: SalonChat) => root(el).querySelector<HTMLElement>('.state');

  async function show(el: SalonChat, view: View): Promise<void> {
    tab(el, view).click();
    await waitUntil(() => tab(el, view).getAttribute('aria-pressed') === 'true', `the ${view} view`);
  }

  /** Lucas opens a chat with Camille; answers its id and its first words, which no other chat has. */
  async function customerStarts(): Promise<{ id: number; text: string }> {
    const text = `Can I come in today? (${++made}, ${Date.now()})`;
    const chat = await rest<{ id: number }>(url, lucas, 'POST', '/api/v1/chat/chats/customer', { user_id: CAMILLE, title: `Visit ${made}`, initial_message: text });
    return { id: chat.id, text };
  }

  const says = (token: string, chatId: number, content: string) => rest(url, token, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { content });

  async function waitForRow(el: SalonChat, view: View, text: string, present = true): Promise<void> {
    await show(el, view);
    // Unanswered lists the longest waiting first: a chat that just began waiting is at its end, which
    // the inbox draws only once scrolled to (the salon has the other test files' waiting chats too).
    const list = () => box(el)!.querySelector('ul')!;
    await waitUntil(
      () => {
        if (view === 'unanswered') list().scrollTop = list().scrollHeight;
        return !!row(el, text) === present;
      },
      `${text} ${present ? 'in' : 'out of'} ${view}`,
      { timeout: 10_000 },
    );
  }

  async function open(el: SalonChat, text: string): Promise<void> {
    row(el, text)!.click();
    await waitUntil(() => conversationState(el), 'the conversation with its state');
  }

  it('shows each view with its number of conversations, the longest waiting first with how long, and counts them in the title', async () => {
    const first = await customerStarts();
    const second = await customerStarts();
    const el = await inbox(camille);
    const expected = await counts();
    await waitUntil(() => VIEWS.every((v) => count(el, v) === expected[v]), 'the counts of the server', { timeout: 10_000 });
    expect(tab(el, 'open').getAttribute('aria-pressed'), 'All open at first').to.equal('true');
    expect(tab(el, 'unanswered').textContent!.replace(/\s+/g, ' ').trim()).to.equal(`Unanswered ${expected.unanswered}`);
    await waitForRow(el, 'unanswered', second.text);
    const previews = rows(el).map((r) => r.querySelector('.preview')!.textContent);
    expect(previews.indexOf(first.text)).to.be.lessThan(previews.indexOf(second.text));
    expect(row(el, first.text)!.querySelector('time.waiting')!.textContent).to.match(/^waiting \d+ min$/);
    expect(document.title).to.match(new RegExp(`^\\(${expected.unanswered}\\) `));
    for (const view of VIEWS) {
      await show(el, view);
      await screenshot(`views-${view}-1280`);
    }
  });

  it('waiting times speak the widget language', async () => {
    const { text } = await customerStarts();
    const el = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 640px; width: 1000px" mode="staff" server=${url} token=${camille} lang="fr"></salon-chat>`);
    await online(el);
    await waitUntil(() => box(el)?.querySelector('.views'), 'the views', { timeout: 10_000 });
    await waitForRow(el, 'unanswered', text);
    expect(tab(el, 'open').querySelector('.label')!.textContent).to.equal('Toutes ouvertes');
    expect(row(el, text)!.querySelector('time.waiting')!.textContent).to.match(/^attend depuis \d+\s?min$/);
  });

  it('moves a chat live between views: a customer message into Unanswered in a second inbox, a reply into Mine', async () => {
    const [mine, other] = [await inbox(camille), await inbox(sam)];
    const before = await samCounts();
    const { text } = await customerStarts();
    await waitForRow(other, 'unanswered', text);
    await waitUntil(() => count(other, 'unanswered') === before.unanswered + 1, 'one more waiting in the second inbox');
    await waitForRow(mine, 'unanswered', text);
    await open(mine, text);
    const reply = `Yes, come at three (${made})`;
    type(mine, reply);
    pressEnter(mine);
    await waitForRow(mine, 'unanswered', reply, false);
    await waitForRow(mine, 'mine', reply);
    await waitForRow(other, 'unanswered', reply, false);
    await waitUntil(() => count(other, 'unanswered') === before.unanswered, 'the second inbox counts one fewer waiting');
    await waitForRow(other, 'mine', reply, false);
    await waitForRow(other, 'open', reply);
  });

  it('resolves a chat into Resolved, and a customer writing into it brings the same chat back to Unanswered', async () => {
    const { id, text } = await customerStarts();
    const [el, other] = [await inbox(camille), await inbox(sam)];
    await waitForRow(el, 'unanswered', text);
    await waitForRow(other, 'unanswered', text);
    await open(el, text);
    const resolve = conversationState(el)!.querySelector('button')!;
    expect(resolve.textContent!.trim()).to.equal('Resolve');
    resolve.click();
    await waitUntil(() => conversationState(el)?.querySelector('button')?.textContent!.trim() === 'Reopen', 'Reopen offered');
    await waitForRow(el, 'unanswered', text, false);
    await waitForRow(el, 'resolved', text);
    await waitForRow(other, 'unanswered', text, false);
    await waitForRow(other, 'resolved', text);
    await waitUntil(async () => count(other, 'resolved') === (await samCounts()).resolved, 'the resolved count of the server');

    await says(lucas, id, 'One more question');
    await waitForRow(other, 'resolved', 'One more question', false);
    await waitForRow(other, 'unanswered', 'One more question');
    await waitUntil(() => conversationState(el)?.querySelector('button')?.textContent!.trim() === 'Resolve', 'the chat open again');
    const chats = await rest<{ id: number; title: string }[]>(url, lucas, 'GET', '/api/v1/chat/chats/customer');
    expect(chats.filter((c) => c.title === `Visit ${made}`).map((c) => c.id)).to.deep.equal([id]);
  });

  it('assigns a chat to a colleague, which moves it into their Mine live', async () => {
    const { text } = await customerStarts();
    const [el, other] = [await inbox(camille), await inbox(sam)];
    await waitForRow(other, 'mine', text, false);
    await waitForRow(el, 'open', text);
    await open(el, text);
    const select = conversationState(el)!.querySelector('select')!;
    expect([...select.options].map((o) => o.textContent)).to.deep.equal(['Nobody', 'Camille Laurent (me)', 'Sam Rivera']);
    expect(select.value).to.equal('');
    select.value = String(SAM);
    select.dispatchEvent(new Event('change'));
    await waitForRow(other, 'mine', text);
    await open(other, text);
    expect(conversationState(other)!.querySelector('select')!.value).to.equal(String(SAM));
    await waitForRow(el, 'mine', text, false);

    const again = conversationState(other)!.querySelector('select')!;
    again.value = String(CAMILLE);
    again.dispatchEvent(new Event('change'));
    await waitForRow(el, 'mine', text);
    await waitForRow(other, 'mine', text, false);
  });

  it('searches within the selected view', async () => {
    const word = `Balayage${Date.now()}`;
    const waiting = await customerStarts();
    const done = await customerStarts();
    await says(lucas, waiting.id, `${word} please`);
    await says(lucas, done.id, `${word} too`);
    await rest(url, camille, 'POST', `/api/v1/chat/chats/${done.id}/resolve`);
    const el = await inbox(camille);
    await show(el, 'unanswered');
    const search = box(el)!.querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = word;
    search.dispatchEvent(new InputEvent('input'));
    await waitUntil(() => rows(el).length === 1 && row(el, `${word} please`), 'only the waiting chat found', { timeout: 10_000 });
    await show(el, 'resolved');
    await waitUntil(() => rows(el).length === 1 && row(el, `${word} too`), 'only the resolved chat found', { timeout: 10_000 });
  });

  itUnless({ webkit: NO_PHONE_WIDTH })('fits its tabs on a phone, 375 px wide', async () => {
    await setViewport({ width: 375, height: 740 });
    try {
      await customerStarts();
      const el = await inbox(camille, 'auto');
      const tabs = box(el)!.querySelector<HTMLElement>('.views')!;
      const edge = box(el)!.host.getBoundingClientRect().right;
      expect(el.getBoundingClientRect().right).to.be.at.most(375);
      expect(tabs.scrollWidth).to.be.at.most(tabs.clientWidth);
      for (const view of VIEWS) {
        const shown = tab(el, view);
        expect(shown.getBoundingClientRect().right, view).to.be.at.most(edge);
        expect(shown.querySelector<HTMLElement>('.label')!.scrollWidth, `${view} label`).to.be.at.most(shown.querySelector<HTMLElement>('.label')!.clientWidth);
        await show(el, view);
        await screenshot(`views-${view}-375`);
      }
      await open(el, rows(el)[0].querySelector('.preview')!.textContent!);
      const bar = conversationState(el)!;
      expect(bar.scrollWidth).to.be.at.most(bar.clientWidth);
      for (const control of bar.querySelectorAll('select, button')) expect(control.getBoundingClientRect().right).to.be.at.most(375);
      await screenshot('views-conversation-375');

      el.remove();
      const arabic = await inbox(camille, 'auto', 'ar');
      const labels = [...box(arabic)!.querySelectorAll<HTMLElement>('.views .label')];
      expect(labels.map((l) => l.textContent)).to.deep.equal(['بلا رد', 'محادثاتي', 'كل المفتوحة', 'المحلولة']);
      for (const label of labels) expect(label.scrollWidth, label.textContent!).to.be.at.most(label.clientWidth);
      await screenshot('views-open-375-ar');
    } finally {
      await setViewport({ width: 1280, height: 800 });
    }
  });
});
