import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import { bubbleWith, emulateMedia, itUnless, list, login, NO_PHONE_WIDTH, online, rest, root, screenshot, server, setViewport } from './helpers.ts';

/** Staff start a conversation with one of the salon's customers, found by name, phone or e-mail. */
describe('starting a conversation from the staff inbox', () => {
  let url: string;
  let staffToken: string;
  let lucasToken: string;

  before(async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    staffToken = await login(url, 'staff');
    lucasToken = await login(url, 'lucas');
  });
  after(() => setViewport({ width: 1280, height: 800 }));

  const inbox = (el: SalonChat) => root(el).querySelector('salon-chat-inbox')?.shadowRoot as ShadowRoot;
  const form = (el: SalonChat) => inbox(el).querySelector('salon-chat-new-chat')?.shadowRoot?.querySelector('form') ?? null;
  const newButton = (el: SalonChat) => inbox(el).querySelector<HTMLButtonElement>('button[aria-label="New conversation"]')!;

  async function staffInbox(width: string): Promise<SalonChat> {
    const el = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 640px; width: ${width}" mode="staff" server=${url} token=${staffToken} lang="en"></salon-chat>`);
    await online(el);
    await waitUntil(() => inbox(el)?.querySelector('li button'), 'the inbox');
    return el;
  }

  async function find(el: SalonChat, text: string): Promise<void> {
    const box = form(el)!.querySelector<HTMLInputElement>('input[type=search]')!;
    box.value = text;
    box.dispatchEvent(new Event('input'));
  }

  for (const [width, height] of [
    [1280, 800],
    [375, 740],
  ] as const) {
    itUnless({ webkit: width < 447 ? NO_PHONE_WIDTH : undefined })(`finds Lucas by a part of his name and writes to him first, his chat opened at once (${width} px)`, async () => {
      await setViewport({ width, height });
      const el = await staffInbox(width < 600 ? `${width}px` : '1000px');
      newButton(el).click();
      await waitUntil(() => form(el), 'the form');
      await waitUntil(() => form(el)!.querySelector('input[type=search]') === inbox(el).querySelector('salon-chat-new-chat')!.shadowRoot!.activeElement, 'the cursor in the search box');
      await find(el, 'lUCa');
      const pick = () => [...form(el)!.querySelectorAll<HTMLButtonElement>('ul button')].find((b) => b.textContent!.includes('Lucas Brown'));
      await waitUntil(pick, 'Lucas found');
      expect(pick()!.textContent, 'with how he is reached').to.contain('+1987654321');
      const box = pick()!.getBoundingClientRect();
      expect(box.height, 'a finger-sized choice').to.be.at.least(44);
      expect(box.right, 'inside the screen').to.be.at.most(width);
      await screenshot(`staff-new-chat-found-${width}`);
      pick()!.click();
      await waitUntil(() => form(el)!.querySelector('textarea'), 'the first message box');
      expect(form(el)!.textContent).to.contain('To Lucas Brown');
      const text = `Your colour is ready to book ${Date.now()}`;
      form(el)!.querySelector('textarea')!.value = text;
      const start = [...form(el)!.querySelectorAll('button')].find((b) => b.textContent === 'Start the conversation')!;
      expect(start.getBoundingClientRect().right, 'the start button inside the screen').to.be.at.most(width);
      start.click();
      await waitUntil(() => bubbleWith(el, text), 'the new conversation, open, with the message', { timeout: 10_000 });
      expect(form(el), 'the form closes').to.equal(null);
      const chatId = list(el).chatId;
      const his = await rest<{ id: number; last_message_preview: string | null }[]>(url, lucasToken, 'GET', '/api/v1/chat/chats/customer');
      expect(his.find((c) => c.id === chatId)?.last_message_preview, 'Lucas has it').to.equal(text);
      await screenshot(`staff-new-chat-started-${width}`);
    });
  }

  it('says when no customer matches, and closes with Escape, the focus back on its button', async () => {
    await setViewport({ width: 1280, height: 800 });
    const el = await staffInbox('1000px');
    newButton(el).click();
    await waitUntil(() => form(el), 'the form');
    await find(el, 'nobody-is-called-this');
    await waitUntil(() => form(el)!.querySelector('[role=status]')?.textContent === 'No customer of the salon matches', 'said');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !form(el), 'closed');
    await waitUntil(() => inbox(el).activeElement === newButton(el), 'the focus back on the button');
  });
});
