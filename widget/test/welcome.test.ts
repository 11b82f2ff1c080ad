import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import { composer, describeUnless, emulateMedia, login, NO_PHONE_WIDTH, openConversation, rest, root, screenshot, server, setViewport, socket, textarea } from './helpers.ts';

const PHONE = { width: 375, height: 740 };

interface Settings {
  greeting: string | null;
  reply_time: string | null;
  away_message: string | null;
  greetings: Record<string, string>;
  away_messages: Record<string, string>;
  reply_times: Record<string, string>;
}

const visible = (e: Element | null | undefined) => !!e && (e as HTMLElement).checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });

/** Whether the element's box lies within the viewport, whole. */
function onScreen(e: Element): boolean {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
}

/** The boxes of the lines an element's text is laid out on. */
function lines(e: Element): DOMRect[] {
  const range = document.createRange();
  range.selectNodeContents(e);
  const tops = new Map<number, DOMRect>();
  for (const r of range.getClientRects()) if (r.width > 0) tops.set(Math.round(r.top), r);
  return [...tops.values()];
}

/** Shown in full: not clipped across nor down, and no "…" put in by CSS. */
function whole(e: HTMLElement): boolean {
  return e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight && getComputedStyle(e).textOverflow !== 'ellipsis';
}

describeUnless({ webkit: NO_PHONE_WIDTH })('the empty conversation, on a phone', () => {
  let url: string;
  let staffToken: string;
  let saved: Settings;

  const welcome = (el: SalonChat) => root(el).querySelector<HTMLElement>('[part~=welcome]');
  const sub = (el: SalonChat) => root(el).querySelector<HTMLElement>('[part~=header] .sub');
  const dot = (el: SalonChat) => root(el).querySelector<HTMLElement>('[part~=header] .dot');
  const change = (body: Partial<Settings>) => rest<Settings>(url, staffToken, 'PUT', '/api/v1/salons/1/settings', body);

  /** A visitor's widget for the salon, not signed in, opened. */
  const visitor = async (lang: string) => {
    localStorage.clear();
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} salon-id="1" lang=${lang}></salon-chat>`);
    await el.open();
    await waitUntil(() => composer(el) && textarea(el) && welcome(el)?.querySelector('.team'), 'the welcome, with the team');
    return el;
  };

  before(async () => {
    await setViewport(PHONE);
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    staffToken = await login(url, 'staff');
    saved = await rest<Settings>(url, staffToken, 'GET', '/api/v1/salons/1/settings');
  });
  afterEach(async () => {
    const { greeting, reply_time, away_message, greetings, away_messages, reply_times } = saved;
    await change({ greeting, reply_time, away_message, greetings, away_messages, reply_times });
    localStorage.clear();
  });

  it("greets with the salon's greeting, its team's initials and when it answers, all of it on the screen", async () => {
    const salon = await rest<{ staff: { name: string }[]; settings: Settings }>(url, staffToken, 'GET', '/api/v1/salons/1');
    expect(salon.settings.greeting, 'the demo salon greets').to.be.a('string');
    const el = await visitor('en');
    const box = welcome(el)!;
    const greeting = box.querySelector<HTMLElement>('.greeting')!;
    expect(greeting.textContent).to.equal(salon.settings.greeting);
    const team = [...box.querySelectorAll<HTMLElement>('.team .avatar')];
    expect(team.map((a) => a.getAttribute('aria-label')), 'named for screen readers').to.deep.equal(salon.staff.map((s) => s.name).slice(0, 5));
    expect(team.map((a) => a.textContent), 'the initials').to.deep.equal(salon.staff.slice(0, 5).map((s) => s.name.split(' ').map((w) => w[0]).join('')));
    const promise = box.querySelector<HTMLElement>('.promise')!;
    expect(promise.textContent).to.equal(`We usually answer ${salon.settings.reply_time}`);
    for (const part of [greeting, promise, ...team]) expect(visible(part) && onScreen(part) && whole(part), `${part.className} shown whole`).to.equal(true);
    expect(onScreen(textarea(el)), 'the composer under it').to.equal(true);
    await expect(el).to.be.accessible();
    await screenshot('customer-welcome-375');
  });

  it('promises the longest reply time in full on at most two lines, never cut mid-word', async () => {
    const longest = 'within two hours on weekdays, or by noon the next day on Sun';
    expect(longest.length).to.equal(60);
    await change({ reply_time: longest });
    const el = await visitor('en');
    const promise = welcome(el)!.querySelector<HTMLElement>('.promise')!;
    expect(promise.textContent).to.equal(`We usually answer ${longest}`);
    expect(lines(promise).length, 'two lines at most').to.be.within(1, 2);
    expect(visible(promise) && onScreen(promise) && whole(promise), 'in full').to.equal(true);
    await screenshot('customer-welcome-long-promise-375');
  });

  it('keeps the composer on the phone screen under the longest greeting, which scrolls', async () => {
    const longest = 'Welcome to our salon, where colour, cuts and care come together. '.repeat(8).slice(0, 500);
    await change({ greeting: longest });
    await setViewport({ width: 375, height: 480 });
    try {
      const el = await visitor('en');
      const box = welcome(el)!;
      expect(box.querySelector('.greeting')!.textContent).to.equal(longest);
      expect(visible(textarea(el)) && onScreen(textarea(el)), 'the composer on screen').to.equal(true);
      expect(box.getBoundingClientRect().bottom, 'the welcome above the composer').to.be.at.most(textarea(el).getBoundingClientRect().top);
      box.scrollTop = box.scrollHeight;
      expect(onScreen(box.querySelector('.promise')!), 'the promise, scrolled to').to.equal(true);
      await screenshot('customer-welcome-longest-greeting-375x480');
    } finally {
      await setViewport(PHONE);
    }
  });

  it("speaks the widget's language: the salon's French texts in French, its default where it has none", async () => {
    const { greetings, away_messages, reply_times, away_message } = saved;
    const el = await visitor('fr');
    expect(welcome(el)!.querySelector('.greeting')!.textContent).to.equal(greetings.fr);
    expect(welcome(el)!.querySelector('.promise')!.textContent).to.equal(`Nous répondons généralement ${reply_times.fr}`);
    await waitUntil(() => sub(el)?.textContent === away_messages.fr, 'the away text in French');
    el.remove();
    await change({ away_messages: { ar: away_messages.ar } });
    const fallback = await visitor('fr');
    await waitUntil(() => sub(fallback)?.textContent === away_message, "the salon's default away text");
    expect(getComputedStyle(sub(fallback)!).direction, 'English reads from the left in any widget').to.equal('ltr');
  });

  it('reads Arabic from the right, and a long away text ends with "…" where it ends, on the left', async () => {
    const long = 'نحن مع عملائنا الآن ونعود قريبًا. '.repeat(8).trim();
    await change({ away_messages: { ar: long } });
    const el = await visitor('ar');
    const greeting = welcome(el)!.querySelector<HTMLElement>('.greeting')!;
    expect(greeting.textContent).to.equal(saved.greetings.ar);
    expect(getComputedStyle(greeting).direction).to.equal('rtl');
    const first = lines(greeting)[0];
    expect(Math.abs(first.right - greeting.getBoundingClientRect().right), 'aligned right').to.be.below(2);
    expect(visible(greeting) && onScreen(greeting) && whole(greeting), 'the greeting in full').to.equal(true);
    await waitUntil(() => sub(el)?.textContent === long, 'the Arabic away text');
    const away = sub(el)!;
    const style = getComputedStyle(away);
    expect([style.direction, style.textOverflow, style.webkitLineClamp], 'cut after two lines with "…" at the end of the text as read').to.deep.equal(['rtl', 'ellipsis', '2']);
    expect(away.scrollHeight, 'the text is longer than two lines').to.be.above(away.clientHeight);
    const [line1] = lines(away);
    expect(Math.abs(line1.right - away.getBoundingClientRect().right), 'starts at the right').to.be.below(2);
    expect(onScreen(away)).to.equal(true);
    await screenshot('customer-welcome-ar-375');
  });

  it("shows the salon online while anyone of its staff is, whoever the chat went to", async () => {
    const el = await visitor('en');
    await waitUntil(() => sub(el)?.textContent === saved.away_message, 'away while nobody is online');
    expect(dot(el)!.classList.contains('on')).to.equal(false);
    const sam = await socket(url, 'user', await login(url, 'sam'));
    try {
      el.close();
      await waitUntil(() => root(el).querySelector('salon-chat-panel')!.hidden, 'closed');
      await el.open();
      await waitUntil(() => sub(el)?.textContent === 'Online now', 'online once Sam is, on opening again');
      expect(dot(el)!.classList.contains('on')).to.equal(true);
    } finally {
      sam.close();
    }

    // Emma's chat went to Camille (staff-id 1), who stays away: Sam coming and going is what counts.
    const emma = await openConversation(url, await login(url, 'customer'));
    await waitUntil(() => sub(emma)?.textContent === saved.away_message, 'away');
    const again = await socket(url, 'user', await login(url, 'sam'));
    await waitUntil(() => sub(emma)?.textContent === 'Online now' && dot(emma)!.classList.contains('on'), 'online with Sam');
    expect(visible(sub(emma)) && onScreen(sub(emma)!)).to.equal(true);
    await screenshot('customer-salon-online-375');
    again.close();
    await waitUntil(() => sub(emma)?.textContent === saved.away_message, 'away once Sam left');
  });
});
