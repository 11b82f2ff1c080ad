import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import { bubbleWith, bubbles, composer, emulateMedia, itUnless, list, NO_PHONE_WIDTH, login, online, openConversation, png, pressEnter, socket, root, screenshot, server, setViewport, textarea, texts, type } from './helpers.ts';

describe('<salon-chat> internal notes', () => {
  let url: string;
  let customerToken: string;
  let staffToken: string;

  before(async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    customerToken = await login(url, 'customer');
    staffToken = await login(url, 'staff');
  });
  after(() => setViewport({ width: 1280, height: 800 }));

  const noteSwitch = (el: SalonChat) => root(composer(el)).querySelector<HTMLButtonElement>('button.note-switch');

  /** Moves the focus with Tab from the composer's first control until it is on the note switch, then presses Space on it. */
  async function switchByKeyboard(el: SalonChat): Promise<void> {
    root(composer(el)).querySelector<HTMLElement>('[part=composer] button')!.focus();
    for (let i = 0; i < 8 && root(composer(el)).activeElement !== noteSwitch(el); i++) await sendKeys({ press: 'Tab' });
    expect(root(composer(el)).activeElement, 'the note switch is reached by keyboard').to.equal(noteSwitch(el));
    await sendKeys({ type: ' ' });
  }

  async function send(el: SalonChat, text: string): Promise<void> {
    type(el, text);
    pressEnter(el);
    await waitUntil(() => bubbleWith(el, text), `"${text}" shown`, { timeout: 10_000 });
  }

  for (const width of [1280, 375]) {
    itUnless({ webkit: width < 447 ? NO_PHONE_WIDTH : undefined })(`lets staff write a note that their widget shows apart and a customer's never shows, even reloaded (${width} px)`, async () => {
      await setViewport({ width, height: 800 });
      let customer = await openConversation(url, customerToken);
      const chatId = list(customer).chatId;
      expect(noteSwitch(customer), 'no note switch for a customer').to.equal(null);
      const staff = await fixture<SalonChat>(
        html`<salon-chat style="--salon-chat-height: 560px; width: ${Math.min(width - 16, 420)}px" mode="staff" server=${url} token=${staffToken} chat-id=${chatId} lang="en"></salon-chat>`,
      );
      await online(staff);
      await waitUntil(() => composer(staff) && textarea(staff) && noteSwitch(staff), 'the staff composer');
      // What another client of the customer's receives, frame by frame.
      const frames: { type: string; is_typing?: boolean; message?: { content: string } }[] = [];
      const customerSocket = await socket(url, 'customer', customerToken);
      customerSocket.onmessage = (e) => frames.push(JSON.parse(String(e.data)));
      customerSocket.send(JSON.stringify({ type: 'join_chat', chat_id: chatId }));
      await waitUntil(() => frames.some((f) => f.type === 'joined_chat'), 'the socket joined');

      const toggle = noteSwitch(staff)!;
      expect(toggle.getAttribute('aria-label')).to.equal('Note');
      expect(toggle.getAttribute('aria-pressed')).to.equal('false');
      await switchByKeyboard(staff);
      await waitUntil(() => toggle.getAttribute('aria-pressed') === 'true', 'note mode on');
      expect(textarea(staff).placeholder).to.equal('Internal note for the team…');
      expect(textarea(staff).getAttribute('aria-label')).to.equal('Note');
      expect(root(composer(staff)).querySelector('button[aria-label="Share"]'), 'a note is text only').to.equal(null);
      const dropped = new DataTransfer();
      dropped.items.add(await png());
      root(composer(staff)).querySelector('[part=composer]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
      await composer(staff).updateComplete;
      expect(root(composer(staff)).querySelector('.attached'), 'a photo dropped on a note is not attached').to.equal(null);

      const secret = `Allergic to PPD, patch test first (${width})`;
      type(staff, secret);
      customer.close();
      await screenshot(`notes-composer-${width}`);
      await customer.open();
      pressEnter(staff);
      await waitUntil(() => bubbleWith(staff, secret), 'the note shown', { timeout: 10_000 });
      const note = bubbleWith(staff, secret)!;
      await waitUntil(() => note.isConnected && bubbleWith(staff, secret)!.classList.contains('note') && !bubbleWith(staff, secret)!.querySelector('.tick[aria-label="Sending"]'), 'the note stored');
      const shown = bubbleWith(staff, secret)!;
      expect(shown.querySelector('.note-badge')?.textContent?.trim()).to.equal('Note · only the salon sees this');
      expect(shown.checkVisibility()).to.equal(true);
      expect(getComputedStyle(shown).backgroundColor).to.equal('rgb(254, 243, 199)');
      expect(getComputedStyle(shown).borderTopStyle).to.equal('dashed');

      toggle.click();
      await waitUntil(() => toggle.getAttribute('aria-pressed') === 'false', 'note mode off');
      const answer = `Friday 10:00 is yours (${width})`;
      await send(staff, answer);
      const plain = bubbleWith(staff, answer)!;
      expect(plain.classList.contains('note')).to.equal(false);
      expect(getComputedStyle(plain).backgroundColor, 'a note looks unlike a message').to.not.equal(getComputedStyle(bubbleWith(staff, secret)!).backgroundColor);

      // The customer gets the answer that followed the note, and never the note.
      await waitUntil(() => bubbleWith(customer, answer), 'the answer reaches the customer', { timeout: 10_000 });
      await waitUntil(() => frames.some((f) => f.type === 'message' && f.message?.content === answer), 'the answer on the socket');
      const beforeAnswer = frames.slice(0, frames.findIndex((f) => f.type === 'message' && f.message?.content === answer));
      expect(beforeAnswer.filter((f) => f.type === 'typing' && f.is_typing).length, 'typing shown for the answer, never for the note').to.equal(1);
      expect(JSON.stringify(frames)).to.not.include('PPD');
      customerSocket.close();
      expect(texts(customer)).to.not.include(secret);
      expect(bubbles(customer).filter((b) => b.classList.contains('note'))).to.deep.equal([]);
      expect(root(customer).textContent + root(list(customer)).textContent).to.not.include('PPD');
      await waitUntil(() => plain.querySelector('.tick[aria-label="Read"]'), 'the customer read the answer');
      expect(bubbleWith(staff, secret)!.querySelector('.tick')?.getAttribute('aria-label'), 'a note is never read').to.equal('Sent');

      customer.remove();
      customer = await openConversation(url, customerToken);
      await waitUntil(() => bubbleWith(customer, answer), 'the answer after a reload', { timeout: 10_000 });
      expect(texts(customer)).to.not.include(secret);
      expect(root(list(customer)).textContent).to.not.include('PPD');

      customer.close();
      await screenshot(`notes-staff-${width}`);
      expect(bubbleWith(staff, secret)!.getBoundingClientRect().width, 'the note is on screen').to.be.greaterThan(0);
    });
  }
});
