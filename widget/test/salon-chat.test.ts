import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import type { WidgetContext } from '../src/context.ts';
import type { SalonChatElement } from '../src/panel/element.ts';
import { bubbleWith, composer, emulateMedia, itUnless, list, login, NO_PHONE_WIDTH, online, panel, panelShown, png, pressEnter, REDUCED_MOTION_FOR_GOOD, root, screenshot, server, setViewport, textarea, texts, type } from './helpers.ts';

describe('<salon-chat> with the reference server', () => {
  let url: string;
  let customerToken: string;
  let staffToken: string;

  before(async () => {
    await setViewport({ width: 1400, height: 900 });
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    customerToken = await login(url, 'customer');
    staffToken = await login(url, 'staff');
  });

  /** A customer widget and a staff widget on one page, the staff one showing the customer's chat. */
  async function pair(): Promise<[SalonChat, SalonChat]> {
    const page = await fixture<HTMLDivElement>(html`<div>
      <salon-chat style="--salon-chat-height: 520px; width: 900px" mode="staff" server=${url} token=${staffToken} lang="en"></salon-chat>
      <salon-chat mode="customer" server=${url} token=${customerToken} staff-id="1" lang="en"></salon-chat>
    </div>`);
    const [staff, customer] = page.querySelectorAll('salon-chat');
    await online(staff, customer);
    await customer.open();
    await waitUntil(() => list(customer)?.chatId, 'the customer chat is open');
    staff.chatId = list(customer).chatId;
    await waitUntil(() => list(staff)?.chatId === staff.chatId, 'the staff side shows it');
    const inbox = () => root(staff).querySelector<SalonChatElement>('salon-chat-inbox');
    await waitUntil(() => inbox()?.ctx?.client.isJoined(staff.chatId), 'and has joined it', { timeout: 10_000 });
    return [customer, staff];
  }

  it('exchanges text, an image and a reply between a customer and staff, with typing and read ticks', async () => {
    const [customer, staff] = await pair();
    const hello = `Hello <b>salon</b> ${Date.now()}`;

    type(customer, hello);
    await waitUntil(() => root(staff).querySelector('.typing')!.textContent!.includes('Emma Wilson is typing'), 'staff sees typing');

    const seen = oneEvent(staff, 'salon-chat-message');
    pressEnter(customer);
    expect(textarea(customer).value).to.equal('');
    expect((await seen).detail.message.content).to.equal(hello);
    await waitUntil(() => bubbleWith(staff, hello), 'staff shows the text');
    expect(bubbleWith(staff, hello)!.querySelector('b'), 'text is never HTML').to.equal(null);
    await waitUntil(() => !root(staff).querySelector('.typing')!.textContent!.trim(), 'typing stops on send');

    await waitUntil(() => bubbleWith(customer, hello)?.querySelector('.tick.read'), 'the customer sees the read tick', { timeout: 5000 });
    expect(bubbleWith(customer, hello)!.querySelector('.tick')!.getAttribute('aria-label')).to.equal('Read');

    bubbleWith(staff, hello)!.querySelector<HTMLButtonElement>('button[aria-label="Reply"]')!.click();
    await waitUntil(() => root(composer(staff)).querySelector('.reply'), 'staff composer shows the quoted message');
    const answer = `Welcome! ${Date.now()}`;
    type(staff, answer);
    pressEnter(staff);
    await waitUntil(() => bubbleWith(customer, answer), 'the customer gets the reply');
    expect(bubbleWith(customer, answer)!.querySelector('.quote')!.textContent).to.contain(hello);

    const input = root(composer(customer)).querySelector<HTMLInputElement>('input[type=file]')!;
    const files = new DataTransfer();
    files.items.add(await png());
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    await waitUntil(() => root(composer(customer)).querySelector('.attached img'), 'a preview before it goes');
    root(composer(customer)).querySelector<HTMLButtonElement>('.send')!.click();
    const picture = () => [...root(list(staff)).querySelectorAll<HTMLImageElement>('.msg img')].find((i) => i.src.startsWith(`${url}/uploads/`) && i.alt === 'Photo');
    await waitUntil(picture, 'staff sees the image', { timeout: 10_000 });
    const link = picture()!.closest('a')!;
    expect(link.href).to.match(new RegExp(`^${url}/uploads/`));
    await waitUntil(() => picture()!.complete && picture()!.naturalWidth > 0, 'the thumbnail loads');
    await waitUntil(() => !root(list(customer)).querySelector('progress'), 'the upload finished on the customer side');
  });

  it('loses nothing over a server restart, and sends a message typed offline exactly once', async () => {
    const [customer, staff] = await pair();
    const tag = Date.now();
    const offline = `written while the server was down ${tag}`;
    const fromRest = `sent the moment the server was back ${tag}`;

    await server('stop');
    await waitUntil(() => customer.status !== 'online' && staff.status !== 'online', 'both notice', { timeout: 15_000 });
    type(customer, offline);
    pressEnter(customer);
    await waitUntil(() => bubbleWith(customer, offline)?.querySelector('[aria-label="Sending"]'), 'shown at once, pending');

    const { startMs } = await server('start');
    const back = performance.now();
    await fetch(`${url}/api/v1/chat/chats/${staff.chatId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: fromRest, message_type: 'text' }),
    });
    await online(customer, staff);
    const reconnectMs = Math.round(performance.now() - back);
    console.log(`server started in ${startMs} ms; both widgets online ${reconnectMs} ms after it listened`);
    expect(reconnectMs).to.be.below(5000);

    for (const el of [customer, staff]) {
      await waitUntil(() => texts(el).includes(offline) && texts(el).includes(fromRest), `${el.mode} has both messages`, { timeout: 10_000 });
      expect(texts(el).filter((t) => t === offline)).to.have.length(1);
      expect(texts(el).filter((t) => t === fromRest)).to.have.length(1);
    }
    await waitUntil(() => !bubbleWith(customer, offline)!.querySelector('[aria-label="Sending"]'), 'confirmed');

    const history = await fetch(`${url}/api/v1/chat/chats/${staff.chatId}/messages?page=1&page_size=50`, { headers: { authorization: `Bearer ${staffToken}` } });
    const stored = ((await history.json()) as { messages: { content: string }[] }).messages.filter((m) => m.content === offline);
    expect(stored, 'stored once on the server').to.have.length(1);
  });

  it('sends what the outbox held before a reload once the widget is back', async () => {
    const [customer] = await pair();
    const text = `typed just before a reload ${Date.now()}`;
    await server('stop');
    await waitUntil(() => customer.status !== 'online', 'offline', { timeout: 15_000 });
    type(customer, text);
    pressEnter(customer);
    await waitUntil(() => bubbleWith(customer, text), 'shown');
    const parent = customer.parentElement!;
    customer.remove();
    await server('start');

    const again = document.createElement('salon-chat');
    Object.assign(again, { mode: 'customer', server: url, token: customerToken, staffId: 1, lang: 'en' });
    parent.append(again);
    await online(again);
    await again.open();
    await waitUntil(() => bubbleWith(again, text) && !bubbleWith(again, text)!.querySelector('[aria-label="Sending"]'), 'delivered after the reload', { timeout: 10_000 });
    const res = await fetch(`${url}/api/v1/chat/chats/${list(again).chatId}/messages?page=1&page_size=50`, { headers: { authorization: `Bearer ${customerToken}` } });
    const stored = ((await res.json()) as { messages: { content: string }[] }).messages.filter((m) => m.content === text);
    expect(stored).to.have.length(1);
  });

  it('is accessible: open customer panel, staff inbox and conversation, light and dark', async () => {
    const [customer, staff] = await pair();
    await expect(customer).to.be.accessible();
    await expect(staff).to.be.accessible();
    customer.theme = staff.theme = 'dark';
    await Promise.all([customer.updateComplete, staff.updateComplete]);
    await expect(customer).to.be.accessible();
    await expect(staff).to.be.accessible();
  });

  it('shows a sign-in form without a token, signs in and out', async () => {
    localStorage.clear();
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} lang="en"></salon-chat>`);
    await el.open();
    const form = () => root(el).querySelector('form');
    await waitUntil(form, 'the form is shown');
    await expect(el).to.be.accessible();
    form()!.querySelector<HTMLInputElement>('[name=phone]')!.value = '+1234567890';
    form()!.querySelector<HTMLInputElement>('[name=password]')!.value = 'wrong';
    form()!.requestSubmit();
    await waitUntil(() => root(el).querySelector('[role=alert]'), 'a wrong password is refused');
    form()!.querySelector<HTMLInputElement>('[name=password]')!.value = 'customer123';
    form()!.requestSubmit();
    await online(el);
    await waitUntil(() => list(el), 'the conversation replaces the form');
    const { refresh_token } = JSON.parse(Object.values({ ...localStorage }).find((v) => v.includes('refresh_token'))!) as { refresh_token: string };
    const signOut = root(el).querySelector<HTMLButtonElement>('button[aria-label="Sign out"]')!;
    expect(signOut.innerHTML, 'not drawn as a back arrow').to.not.contain('M19 12H5');
    signOut.click();
    await el.updateComplete;
    expect(list(el), 'it asks first').to.exist;
    root(el).querySelector<HTMLButtonElement>('.confirm .primary')!.click();
    await waitUntil(form, 'signed out');
    expect(root(el).querySelector('[part~=status]')!.textContent!.trim(), 'no endless "Connecting…"').to.equal('');
    const refresh = () => fetch(`${url}/api/v1/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refresh_token }) });
    await waitUntil(async () => (await refresh()).status === 401, 'the session is ended on the server too, not only forgotten here');
    localStorage.clear();
  });

  itUnless({ webkit: NO_PHONE_WIDTH })('tells a visitor to wait when the server refuses more sign-in attempts', async () => {
    localStorage.clear();
    await setViewport({ width: 375, height: 740 });
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} lang="en"></salon-chat>`);
    await el.open();
    const form = () => root(el).querySelector('form')!;
    await waitUntil(() => root(el).querySelector('form'), 'the form is shown');
    const attempt = async () => {
      form().querySelector<HTMLInputElement>('[name=phone]')!.value = '+15550000000';
      form().querySelector<HTMLInputElement>('[name=password]')!.value = 'guess';
      root(el).querySelector('[role=alert]')?.remove();
      form().requestSubmit();
      await waitUntil(() => root(el).querySelector('[role=alert]')?.textContent?.trim(), 'an answer', { timeout: 10_000 });
      return root(el).querySelector('[role=alert]')!.textContent!.trim();
    };
    let message = await attempt();
    for (let i = 0; i < 12 && !message.startsWith('Too many'); i++) message = await attempt();
    expect(message).to.match(/^Too many attempts: try again in \d+ s$/);
    expect(Number(/\d+/.exec(message)![0]), "the server's Retry-After (an account's failures come back one per 90 s), readable across origins").to.be.within(61, 90);
    const alert = root(el).querySelector<HTMLElement>('[role=alert]')!;
    expect(alert.checkVisibility(), 'the message is on screen').to.be.true;
    await screenshot('sign-in-too-many-375');
    await setViewport({ width: 1400, height: 900 });
  });

  it('takes over the session another tab refreshed, instead of replaying the refresh token that tab used up', async () => {
    localStorage.clear();
    const post = (path: string, body: unknown) =>
      fetch(`${url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const signIn = await post('/customer-auth/login', { phone: '+1987654321', password: 'customer456' });
    const otherTab = await post('/auth/refresh', { refresh_token: signIn.refresh_token });
    const key = `salon-chat:${url}:customer`;
    localStorage.setItem(key, JSON.stringify({ access_token: 'expired-here', refresh_token: signIn.refresh_token }));
    const refreshes: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      if (String(input).endsWith('/auth/refresh')) refreshes.push(String(init?.body));
      return realFetch(input, init);
    };
    await server('stop');
    let stopped = true;
    try {
      const el = document.createElement('salon-chat') as SalonChat;
      Object.assign(el, { mode: 'customer', server: url, lang: 'en' });
      const started = oneEvent(el, 'salon-chat-connection-change');
      document.body.append(el);
      await started;
      localStorage.setItem(key, JSON.stringify(otherTab));
      await server('start');
      stopped = false;
      await online(el);
      expect(refreshes.filter((body) => body.includes(signIn.refresh_token)), 'no refresh with the used-up token').to.deep.equal([]);
      const stillAlive = await fetch(`${url}/api/v1/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refresh_token: otherTab.refresh_token }) });
      expect(stillAlive.status, 'the shared sign-in goes on').to.equal(200);
      el.remove();
    } finally {
      if (stopped) await server('start');
      window.fetch = realFetch;
      localStorage.clear();
    }
  });

  it('lets the host page read the unread count, sign out and change the language', async () => {
    localStorage.clear();
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} lang="en"></salon-chat>`);
    await el.open();
    const form = () => root(el).querySelector('form');
    await waitUntil(form, 'the sign-in form');
    form()!.querySelector<HTMLInputElement>('[name=phone]')!.value = '+1234567890';
    form()!.querySelector<HTMLInputElement>('[name=password]')!.value = 'customer123';
    form()!.requestSubmit();
    await online(el);
    const shown = Number(root(el).querySelector('[part=badge]')?.textContent ?? 0);
    expect(el.unread).to.equal(shown);
    el.lang = 'fr';
    await el.updateComplete;
    expect(el.getAttribute('lang')).to.equal('fr');
    expect(root(el).querySelector('.launcher')!.getAttribute('aria-label')).to.contain('discussion');
    el.signOut();
    await waitUntil(form, 'signed out, the form is back');
    expect(localStorage.length, 'nothing of the session is kept').to.equal(0);
  });

  it('asks tokenProvider again when the server refuses a token', async () => {
    const given: string[] = [];
    const el = document.createElement('salon-chat');
    el.mode = 'customer';
    el.server = url;
    el.tokenProvider = async () => {
      const token = given.length ? customerToken : 'not-a-valid-token';
      given.push(token);
      return token;
    };
    await fixture(html`<div></div>`).then((d) => d.append(el));
    await online(el);
    expect(given).to.deep.equal(['not-a-valid-token', customerToken]);
  });

  it('tells the page when tokenProvider fails, shows that it is still connecting, and asks again', async () => {
    const errors: string[] = [];
    let asked = 0;
    const el = document.createElement('salon-chat');
    Object.assign(el, { mode: 'customer', server: url, lang: 'en' });
    el.tokenProvider = async () => {
      if (asked++ === 0) throw new Error('the site\'s session endpoint answered 502');
      return customerToken;
    };
    el.addEventListener('salon-chat-error', (e) => errors.push(`${e.detail.code}: ${e.detail.message}`));
    await fixture(html`<div></div>`).then((d) => d.append(el));
    await el.open();
    await waitUntil(() => errors.length === 1, 'the page hears of the failure');
    expect(errors).to.deep.equal(["token_provider: the site's session endpoint answered 502"]);
    expect(panelShown(el)).to.equal(true);
    expect(panel(el)!.textContent).to.contain('Connecting');
    expect(panel(el)!.querySelector('form'), 'no sign-in form for a customer the site signs in').to.equal(null);
    await online(el);
    expect(asked).to.equal(2);
  });

  it('lets a token or tokenProvider of the page take over from a session saved by the sign-in form, also once started', async () => {
    const lucasToken = await login(url, 'lucas');
    const me = (el: SalonChat) => (el as unknown as { ctx?: WidgetContext }).ctx?.client.profile?.name;
    localStorage.setItem(`salon-chat:${url}:customer`, JSON.stringify({ access_token: lucasToken }));
    try {
      const byProvider = document.createElement('salon-chat');
      Object.assign(byProvider, { mode: 'customer', server: url, lang: 'en', tokenProvider: async () => customerToken });
      const saved = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} lang="en"></salon-chat>`);
      saved.parentElement!.append(byProvider);
      await online(saved, byProvider);
      expect(me(saved), 'the saved session is the fallback').to.equal('Lucas Brown');
      expect(me(byProvider)).to.equal('Emma Wilson');

      saved.token = customerToken;
      await waitUntil(() => me(saved) === 'Emma Wilson' && saved.status === 'online', 'a token set later takes over', { timeout: 10_000 });
      byProvider.tokenProvider = async () => lucasToken;
      await waitUntil(() => me(byProvider) === 'Lucas Brown' && byProvider.status === 'online', 'so does a new tokenProvider', { timeout: 10_000 });
    } finally {
      localStorage.clear();
    }
  });

  it('opens and closes from the keyboard and gives the focus back', async () => {
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} token=${customerToken} staff-id="1" lang="en"></salon-chat>`);
    await online(el);
    const launcher = root(el).querySelector<HTMLButtonElement>('.launcher')!;
    launcher.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.opened && composer(el) && root(composer(el)).activeElement === textarea(el), 'focus moves into the composer');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !el.opened, 'Escape closes');
    expect(root(el).activeElement).to.equal(launcher);
  });

  itUnless({ firefox: REDUCED_MOTION_FOR_GOOD, webkit: REDUCED_MOTION_FOR_GOOD })('animates the panel only when the user has not asked for reduced motion', async () => {
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} token=${customerToken} staff-id="1"></salon-chat>`);
    await el.open();
    expect(root(el).querySelector('.panel')!.getAnimations()).to.have.length(0);
    el.close();
    await emulateMedia({ reducedMotion: 'no-preference' });
    try {
      el.requestUpdate();
      await el.open();
      expect(root(el).querySelector('.panel')!.getAnimations()).to.have.length(1);
    } finally {
      await emulateMedia({ reducedMotion: 'reduce' });
    }
  });

  it('lays out right-to-left in Arabic', async () => {
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} token=${customerToken} staff-id="1" lang="ar"></salon-chat>`);
    await online(el);
    await el.open();
    const panel = root(el).querySelector('.panel')!;
    expect(panel.getAttribute('dir')).to.equal('rtl');
    expect(root(el).querySelector('.launcher')!.getAttribute('aria-label')).to.contain('المحادثة');
    await waitUntil(() => composer(el) && textarea(el), 'composer');
    expect(textarea(el).placeholder).to.equal('اكتب رسالة…');
  });
});
