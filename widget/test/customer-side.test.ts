import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import { fitPhoto } from '../src/panel/photo.ts';
import { Outbox } from '../src/client/outbox.ts';
import { fold, icsFile } from '../src/panel/calendar.ts';
import { startsAt } from '../src/panel/dates.ts';
import { bubbles, composer, describeUnless, emulateMedia, itUnless, list, login, NO_OFFLINE, NO_PHONE_WIDTH, online, openConversation, png, pressEnter, rest, root, screenshot, server, setViewport, textarea, type } from './helpers.ts';

const PHONE = { width: 375, height: 740 };

/** Picks a file as a phone's photo picker gives it. */
const pick = (el: SalonChat, file: File) => {
  const dt = new DataTransfer();
  dt.items.add(file);
  const input = root(composer(el)).querySelector<HTMLInputElement>('input[type=file]')!;
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
};

/** An EXIF block that says "rotate 90° clockwise to show" (orientation 6), as phone cameras write. */
function exifOrientation6(): Uint8Array<ArrayBuffer> {
  const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
  const body = [...new TextEncoder().encode('Exif'), 0, 0, ...tiff];
  const length = body.length + 2;
  return new Uint8Array([0xff, 0xe1, length >> 8, length & 0xff, ...body]);
}

/**
 * A phone camera's photo: 4000×3000 stored sideways with EXIF orientation 6, noisy enough to
 * weigh more than the server takes (10 MB), with a red block in the stored top-left corner.
 */
async function phonePhoto(): Promise<File> {
  const canvas = new OffscreenCanvas(4000, 3000);
  const g = canvas.getContext('2d')!;
  const noise = g.createImageData(4000, 3000);
  for (let i = 0; i < noise.data.length; i += 65536) crypto.getRandomValues(noise.data.subarray(i, i + 65536));
  for (let i = 3; i < noise.data.length; i += 4) noise.data[i] = 255;
  g.putImageData(noise, 0, 0);
  g.fillStyle = '#ff0000';
  g.fillRect(0, 0, 1000, 1000);
  const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.97 })).arrayBuffer());
  return new File([jpeg.subarray(0, 2), exifOrientation6(), jpeg.subarray(2)], 'IMG_0001.JPG', { type: 'image/jpeg' });
}

/** The colour of one pixel of an image. */
async function pixel(bitmap: ImageBitmap, x: number, y: number): Promise<number[]> {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const g = canvas.getContext('2d')!;
  g.drawImage(bitmap, 0, 0);
  return [...g.getImageData(x, y, 1, 1).data.slice(0, 3)];
}

const red = ([r, g, b]: number[]) => r > 200 && g < 60 && b < 60;

const visible = (e: Element | null | undefined) => !!e && (e as HTMLElement).checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });

/** Whether the element's box lies within the viewport, whole. */
function onScreen(e: Element): boolean {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
}

describeUnless({ webkit: NO_PHONE_WIDTH })('the customer side, on a phone', () => {
  let url: string;
  let customerToken: string;
  let staffToken: string;

  before(async () => {
    await setViewport(PHONE);
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    customerToken = await login(url, 'customer');
    staffToken = await login(url, 'staff');
  });

  const open = () => openConversation(url, customerToken);

  const stored = async (chatId: number, caption: string) => {
    const page = await rest<{ messages: { content: string; media_url: string | null }[] }>(url, staffToken, 'GET', `/api/v1/chat/chats/${chatId}/messages?page=1&page_size=10`);
    return page.messages.find((m) => m.content === caption);
  };

  it('makes a phone photo fit to send: upright, at most 2048 px, without its metadata', async () => {
    const photo = await phonePhoto();
    expect(photo.size, 'more than the server takes').to.be.above(10 * 1024 * 1024);
    const fitted = await fitPhoto(photo);
    const bytes = new Uint8Array(await fitted.arrayBuffer());
    expect(fitted.type).to.equal('image/jpeg');
    expect(new TextDecoder('latin1').decode(bytes).includes('Exif'), 'no EXIF left').to.equal(false);
    const bitmap = await createImageBitmap(fitted);
    expect([bitmap.width, bitmap.height]).to.deep.equal([1536, 2048]);
    expect(red(await pixel(bitmap, 1500, 20)), 'the stored top-left corner is now top-right').to.equal(true);
    expect(red(await pixel(bitmap, 20, 20))).to.equal(false);
  });

  it('sends a 12 MB phone photo, resized, and shows it sent', async () => {
    const el = await open();
    const caption = `from my phone ${Date.now()}`;
    pick(el, await phonePhoto());
    type(el, caption);
    pressEnter(el);
    await waitUntil(async () => (await stored(list(el).chatId, caption))?.media_url, 'the salon has the photo', { timeout: 30_000 });
    const file = await fetch(url + (await stored(list(el).chatId, caption))!.media_url!);
    const bitmap = await createImageBitmap(await file.blob());
    expect([bitmap.width, bitmap.height], 'upright, its longest side 2048 px').to.deep.equal([1536, 2048]);
    expect(red(await pixel(bitmap, 1500, 20))).to.equal(true);
    const bubble = bubbles(el).find((b) => b.querySelector('p')?.textContent === caption)!;
    await waitUntil(() => bubble.querySelector('[aria-label=Sent]'), 'marked sent');
    expect(bubble.textContent).not.to.contain('Not sent');
    expect(visible(bubble.querySelector('img'))).to.equal(true);
  });

  it('says why a file is refused for good and offers only to delete it', async () => {
    const el = await open();
    const caption = `a broken photo ${Date.now()}`;
    pick(el, new File([crypto.getRandomValues(new Uint8Array(4096))], 'broken.jpg', { type: 'image/jpeg' }));
    type(el, caption);
    pressEnter(el);
    const bubble = () => bubbles(el).find((b) => [...b.querySelectorAll(':scope > p')].some((p) => p.textContent === caption));
    await waitUntil(() => bubble()?.querySelector('.failed'), 'refused', { timeout: 15_000 });
    const reason = bubble()!.querySelector('.failed')!;
    expect(reason.textContent).to.equal('Not sent: this kind of file cannot be sent');
    expect(bubble()!.querySelector('img'), 'no broken picture').to.equal(null);
    expect(visible(reason) && onScreen(reason), 'the reason is on screen').to.equal(true);
    const actions = [...bubble()!.querySelectorAll('footer button.link')].map((b) => b.textContent);
    expect(actions, 'no Retry that cannot succeed').to.deep.equal(['Delete']);
    await screenshot('customer-refused-file-375');
    bubble()!.querySelector<HTMLButtonElement>('footer button.link')!.click();
    await waitUntil(() => !bubble(), 'deleted');
  });

  it('shows a tapped photo in a viewer inside the widget, closed by its button, Escape or Back', async () => {
    const el = await open();
    const caption = `look ${Date.now()}`;
    pick(el, await png());
    type(el, caption);
    pressEnter(el);
    await waitUntil(async () => (await stored(list(el).chatId, caption))?.media_url, 'sent', { timeout: 10_000 });
    const messages = root(list(el));
    const link = () => bubbles(el).find((b) => b.querySelector(':scope > p')?.textContent === caption)!.querySelector<HTMLAnchorElement>('a.image')!;
    const dialog = () => messages.querySelector<HTMLDialogElement>('dialog.viewer');
    const opened = async () => {
      const before = location.href;
      link().click();
      await waitUntil(() => dialog()?.open, 'the viewer opens');
      expect(location.href, 'no navigation').to.equal(before);
      expect((history.state as { salonChatPhoto?: boolean } | null)?.salonChatPhoto, 'a history entry of its own, for Back').to.equal(true);
      const img = dialog()!.querySelector('img')!;
      await waitUntil(() => img.complete && img.naturalWidth > 0, 'the photo loads');
      const box = img.getBoundingClientRect();
      expect(box.width, 'the photo fills the phone').to.be.closeTo(PHONE.width, 1);
      expect(visible(dialog()!.querySelector('.close')) && onScreen(dialog()!.querySelector('.close')!)).to.equal(true);
      expect(messages.activeElement, 'the focus on its close button').to.equal(dialog()!.querySelector('.close'));
    };
    const closed = async () => {
      await waitUntil(() => !dialog(), 'the viewer closes');
      expect(history.state?.salonChatPhoto, 'and its history entry is gone').to.equal(undefined);
    };

    await opened();
    await expect(el).to.be.accessible();
    await screenshot('customer-photo-viewer-375');
    dialog()!.querySelector<HTMLButtonElement>('.close')!.click();
    await closed();
    expect(messages.activeElement, 'the focus back on the photo').to.equal(link());

    await opened();
    await sendKeys({ press: 'Escape' });
    await closed();

    await opened();
    history.back();
    await closed();
    expect(panelOpen(el), 'Back closed only the photo').to.equal(true);
  });

  const panelOpen = (el: SalonChat) => visible(root(el).querySelector('.panel'));

  itUnless({ firefox: NO_OFFLINE })('says at once that it waits for the network when the phone loses it, and stops once it is back', async () => {
    const el = await open();
    const notice = () => root(el).querySelector('[part=network]');
    expect(notice()).to.equal(null);
    await executeServerCommand('network', { after: 300, offlineFor: 4000, screenshot: 'customer-offline-375' });
    await waitUntil(() => notice(), 'shown as soon as the browser says so', { timeout: 1500 });
    expect(navigator.onLine).to.equal(false);
    expect(notice()!.textContent).to.equal('Waiting for network…');
    expect(visible(notice()) && onScreen(notice()!), 'on screen').to.equal(true);
    expect(root(el).querySelector('[part=status]')!.textContent, 'said once').to.equal('');
    await waitUntil(() => navigator.onLine, 'back online', { timeout: 8000 });
    await waitUntil(() => !notice(), 'gone once back online', { timeout: 1000 });
    await online(el);
  });

  it('shows an appointment on the salon\'s clock, naming its zone, and offers it for the calendar', async () => {
    const el = await open();
    const [booking] = (await rest<{ id: number; service: string; starts_at: string; duration_minutes: number }[]>(url, staffToken, 'GET', '/api/v1/catalog/appointments?customer_id=1')).filter(
      (a) => a.service === 'Balayage & cut',
    );
    await rest(url, staffToken, 'POST', `/api/v1/chat/chats/${list(el).chatId}/messages`, { message_type: 'appointment', reference_id: booking.id, content: `see you ${Date.now()}` });
    const card = () => bubbles(el).at(-1)?.querySelector('.card');
    await waitUntil(() => card()?.querySelector('.when') && card()!.textContent!.includes('Balayage'), 'the card');
    const paris = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Paris', hour: 'numeric', minute: '2-digit' }).format(new Date(booking.starts_at));
    const here = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(new Date(booking.starts_at));
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone, 'the test browser is not on Paris time').not.to.equal('Europe/Paris');
    const when = card()!.querySelector('.when')!.textContent!;
    expect(when).to.contain(paris);
    expect(when).to.contain('France Time');
    if (here !== paris) expect(card()!.querySelector('.here')!.textContent).to.contain(`${here} your time`);
    expect(await waitUntil(() => card()?.querySelector('.when') && onScreen(card()!.querySelector('.when')!), 'on screen'));

    const add = card()!.querySelector<HTMLAnchorElement>('a.calendar')!;
    expect(visible(add) && onScreen(add), 'Add to calendar on screen').to.equal(true);
    expect(add.textContent!.trim()).to.equal('Add to calendar');
    expect(add.download).to.equal('Balayage-cut.ics');
    const ics = await (await fetch(add.href)).text();
    const start = new Date(booking.starts_at);
    const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    expect(ics).to.contain(`\r\nDTSTART:${stamp(start)}\r\n`);
    expect(ics).to.contain(`\r\nDTEND:${stamp(new Date(start.getTime() + booking.duration_minutes * 60_000))}\r\n`);
    expect(ics).to.contain('\r\nSUMMARY:Balayage & cut\r\n');
    expect(ics).to.contain('\r\nLOCATION:');
    await screenshot('customer-appointment-card-375');
  });

  it('writes calendar files that calendars read: escaped text, lines folded at 75 octets', () => {
    const title = 'Coupe; brushing, soin\\ « éclat » — ' + 'très long '.repeat(12);
    const ics = icsFile({ uid: 'appointment-7@salon.example', title, start: '2026-12-08T10:00:00.000Z', minutes: 45, location: 'Salon Lumière, Paris' }, Date.parse('2026-12-01T00:00:00Z'));
    const lines = ics.split('\r\n');
    expect(lines.at(-1)).to.equal('');
    for (const line of lines) expect(new TextEncoder().encode(line).length).to.be.at.most(75);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).to.contain(`SUMMARY:Coupe\\; brushing\\, soin\\\\ « éclat » — ${'très long '.repeat(12)}\r\n`);
    expect(unfolded).to.contain('LOCATION:Salon Lumière\\, Paris\r\n');
    expect(unfolded).to.contain('DTSTART:20261208T100000Z\r\nDTEND:20261208T104500Z\r\n');
    expect(fold('é'.repeat(40)).split('\r\n').map((l) => new TextEncoder().encode(l).length)).to.deep.equal([74, 7]);
  });

  it('names no zone where the viewer\'s clock reads as the salon\'s', () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(startsAt('2026-12-08T10:00:00Z', 'en', zone).here).to.equal(undefined);
    expect(startsAt('2026-12-08T10:00:00Z', 'en', zone).at).not.to.contain('Time');
    expect(startsAt('2026-12-08T10:00:00Z', 'en', 'Pacific/Kiritimati').at).to.contain('12:00 AM');
  });

  it('lets a guest write to the salon at once, with no stylist to pick, and gives the chat to its owner', async () => {
    localStorage.clear();
    try {
      const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} salon-id="1" lang="en"></salon-chat>`);
      await el.open();
      await waitUntil(() => composer(el) && textarea(el), 'a composer for the first words, straight away');
      const body = root(el).querySelector('.panel')!;
      expect([...body.querySelectorAll('button')].map((b) => b.textContent!.trim()).filter((t) => /·/.test(t)), 'no stylist to choose').to.deep.equal([]);
      expect(body.textContent).not.to.contain('Who would you like to write to?');
      expect(visible(textarea(el)) && onScreen(textarea(el)), 'the composer is on the phone screen').to.equal(true);
      const { settings } = await rest<{ settings: { reply_time: string } }>(url, staffToken, 'GET', '/api/v1/salons/1');
      const promise = body.querySelector<HTMLElement>('.first .promise')!;
      expect(promise.textContent, 'the reply-time promise in full').to.equal(`We usually answer ${settings.reply_time}`);
      expect(visible(promise) && onScreen(promise) && promise.scrollWidth <= promise.clientWidth && promise.scrollHeight <= promise.clientHeight, 'never cut').to.equal(true);
      await screenshot('customer-guest-first-message-375');
      const text = `a question for the salon ${Date.now()}`;
      type(el, text);
      pressEnter(el);
      await waitUntil(() => list(el)?.chatId, 'the chat');
      const salon = await rest<{ staff: { id: number; role?: string }[] }>(url, staffToken, 'GET', '/api/v1/salons/1');
      const owner = (salon.staff.find((s) => s.role === 'owner') ?? salon.staff[0]).id;
      const chat = await rest<{ participants: { participant_type: string; participant_id: number }[]; last_message_preview: string }>(url, staffToken, 'GET', `/api/v1/chat/chats/${list(el).chatId}`);
      expect(chat.participants.filter((p) => p.participant_type === 'user').map((p) => p.participant_id)).to.deep.equal([owner]);
      expect(chat.last_message_preview).to.equal(text);
      const ask = () => root(el).querySelector<HTMLFormElement>('form[part=contact-ask]');
      await waitUntil(ask, 'asked how to be reached');
      expect(ask()!.querySelector('p')!.textContent).to.equal('So we can tell you when we answer: how can we reach you?');
      expect(visible(ask()) && onScreen(ask()!), 'whole on the phone screen').to.equal(true);
      expect(visible(textarea(el)) && onScreen(textarea(el)), 'the composer stays on screen').to.equal(true);
      await screenshot('customer-guest-contact-ask-375');
      [...ask()!.querySelectorAll('button')].find((b) => b.textContent === 'Not now')!.click();
      await waitUntil(() => !ask(), 'skipped');
      expect(bubbles(el).some((b) => b.textContent!.includes(text)), 'the message stays').to.equal(true);
    } finally {
      localStorage.clear();
    }
  });

  /** A new visitor's widget, its composer ready for the words that start the chat (as a guest). */
  const newGuest = async () => {
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} salon-id="1" staff-id="1" lang="en"></salon-chat>`);
    await el.open();
    await waitUntil(() => composer(el) && textarea(el), 'a composer for the first words');
    return el;
  };

  it('reports nothing wrong while a guest types words that will start the chat', async () => {
    localStorage.clear();
    try {
      const el = await newGuest();
      const errors: string[] = [];
      el.addEventListener('salon-chat-error', (e) => errors.push((e as CustomEvent<{ code: string }>).detail.code));
      type(el, 'Hello, is Friday');
      type(el, 'Hello, is Friday free?');
      // the server answers a frame it refuses within a round trip
      await new Promise((resolve) => setTimeout(resolve, 500));
      pressEnter(el);
      await waitUntil(() => list(el)?.chatId, 'the chat');
      expect(errors).to.deep.equal([]);
    } finally {
      localStorage.clear();
    }
  });

  it("puts the cursor back in the conversation's box once a guest's first message started the chat", async () => {
    localStorage.clear();
    try {
      const el = await newGuest();
      textarea(el).focus();
      type(el, `a question ${Date.now()}`);
      pressEnter(el);
      await waitUntil(() => list(el)?.chatId && textarea(el), 'the conversation');
      await waitUntil(() => root(composer(el)).activeElement === textarea(el), 'the cursor in the box of the conversation', { timeout: 3000 });
      expect(root(el).activeElement).to.equal(composer(el));
    } finally {
      localStorage.clear();
    }
  });

  it('tells a guest plainly what signing out loses on this device, away from the close button', async () => {
    localStorage.clear();
    try {
      const el = await newGuest();
      type(el, `a question ${Date.now()}`);
      pressEnter(el);
      await waitUntil(() => list(el)?.chatId, 'the chat');
      const chat = await rest<{ participants: { participant_type: string; participant_id: number }[] }>(url, staffToken, 'GET', `/api/v1/chat/chats/${list(el).chatId}`);
      const owner = `${url}|customer|${chat.participants.find((p) => p.participant_type === 'customer')!.participant_id}`;
      const outbox = new Outbox();
      const unsent = `unsent-${Date.now()}`;
      await outbox.put({ client_message_id: unsent, owner, chat_id: list(el).chatId, draft: { client_message_id: unsent, content: 'never sent', message_type: 'text' }, created_at: new Date().toISOString(), failed: true });
      expect((await outbox.list(owner)).length).to.equal(1);
      const signOut = () => root(el).querySelector<HTMLButtonElement>('[part=header] button[aria-label="Sign out"]');
      const close = root(el).querySelector<HTMLButtonElement>('[part=header] button[aria-label="Close chat"]')!;
      await waitUntil(() => signOut(), 'a way to sign out');
      const [a, b] = [signOut()!.getBoundingClientRect(), close.getBoundingClientRect()];
      expect(Math.min(Math.abs(b.left - a.right), Math.abs(a.left - b.right)), 'far from the close button').to.be.above(150);
      expect(signOut()!.nextElementSibling === close || close.nextElementSibling === signOut()).to.equal(false);
      signOut()!.click();
      const confirm = () => root(el).querySelector<HTMLElement>('.confirm');
      await waitUntil(() => confirm(), 'asked first');
      expect(confirm()!.querySelector('span')!.textContent).to.equal(
        'You are chatting as a guest, without a password. Signing out removes this conversation from this device and you cannot sign back in to it; messages not yet sent are deleted.',
      );
      expect(visible(confirm()) && onScreen(confirm()!)).to.equal(true);
      await screenshot('customer-guest-sign-out-375');
      const yes = [...confirm()!.querySelectorAll('button')].find((x) => x.textContent === 'Sign out and remove')!;
      yes.click();
      await waitUntil(() => root(el).querySelector('.first .have-account'), 'signed out: the first words again');
      expect(await new Outbox().list(owner), 'what was not sent is gone from this device').to.deep.equal([]);
    } finally {
      localStorage.clear();
    }
  });
});
