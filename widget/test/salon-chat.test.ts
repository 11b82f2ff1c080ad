import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import type { WidgetContext } from '../src/context.ts';
import { bubbleWith, composer, list, login, online, png, pressEnter, root, server, textarea, texts, type } from './helpers.ts';

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
    const signOut = root(el).querySelector<HTMLButtonElement>('button[aria-label="Sign out"]')!;
    expect(signOut.innerHTML, 'not drawn as a back arrow').to.not.contain('M19 12H5');
    signOut.click();
    await el.updateComplete;
    expect(list(el), 'it asks first').to.exist;
    root(el).querySelector<HTMLButtonElement>('.confirm .primary')!.click();
    await waitUntil(form, 'signed out');
    expect(root(el).querySelector('[part~=status]')!.textContent!.trim(), 'no endless "Connecting…"').to.equal('');
    localStorage.clear();
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

  it('animates the panel only when the user has not asked for reduced motion', async () => {
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
