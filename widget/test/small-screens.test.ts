import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import { composer, emulateMedia, itUnless, login, NO_PHONE_WIDTH, online, openConversation, RESIZED_WINDOW, rest, root, screenshot, server, setViewport, textarea, type } from './helpers.ts';

/** Every element drawn inside the widget, through its shadow roots. */
function drawn(host: Element): HTMLElement[] {
  const found: HTMLElement[] = [];
  const walk = (node: Element | ShadowRoot) => {
    for (const child of node.children) {
      if (child instanceof HTMLElement && child.checkVisibility({ checkVisibilityCSS: true })) found.push(child);
      if (child.shadowRoot) walk(child.shadowRoot);
      walk(child);
    }
  };
  walk(host.shadowRoot!);
  return found;
}

/** The elements that stick out of the widget's box to its left or right, by name. */
function sticking(host: Element): string[] {
  const box = host.getBoundingClientRect();
  return drawn(host)
    .filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5);
    })
    .map((e) => `${e.localName}${e.className ? `.${String(e.className).trim().replace(/\s+/g, '.')}` : ''} (${Math.round(e.getBoundingClientRect().right - box.left)} px)`);
}

describe('the widget on small screens', () => {
  let url: string;
  let staffToken: string;
  let customerToken: string;

  before(async () => {
    await setViewport({ width: 1280, height: 800 });
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    staffToken = await login(url, 'staff');
    customerToken = await login(url, 'customer');
  });

  for (const width of [351, 320]) {
    it(`keeps the staff inbox and a conversation inside a ${width} px wide widget`, async () => {
      const el = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 600px; width: ${width}px" mode="staff" server=${url} token=${staffToken} lang="en"></salon-chat>`);
      await online(el);
      const inbox = () => root(el).querySelector('salon-chat-inbox')?.shadowRoot;
      await waitUntil(() => inbox()?.querySelector('li button'), 'the inbox');
      expect(sticking(el), 'the inbox').to.deep.equal([]);
      inbox()!.querySelector<HTMLButtonElement>('li button')!.click();
      await waitUntil(() => composer(el) && textarea(el), 'the conversation');
      const messages = root(el).querySelector('salon-chat-messages')!;
      await waitUntil(() => messages.shadowRoot!.querySelector('.msg'), 'its messages');
      expect(sticking(el), 'the conversation').to.deep.equal([]);
      await screenshot(`staff-conversation-${width}`);
    });
  }

  it('grows the box as one types, line by line, up to its highest, and shrinks it again', async () => {
    const el = await openConversation(url, customerToken);
    const box = textarea(el);
    const oneLine = box.getBoundingClientRect().height;
    type(el, 'one\ntwo\nthree');
    await composer(el).updateComplete;
    const threeLines = box.getBoundingClientRect().height;
    expect(threeLines, 'three lines show').to.be.above(oneLine * 1.8);
    expect(box.scrollHeight, 'without scrolling').to.be.at.most(box.clientHeight + 1);
    type(el, Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n'));
    await composer(el).updateComplete;
    expect(box.getBoundingClientRect().height, 'at most 128 px, then it scrolls').to.be.within(threeLines, 128.5);
    type(el, '');
    await composer(el).updateComplete;
    expect(box.getBoundingClientRect().height, 'one line again once emptied').to.be.closeTo(oneLine, 1);
  });

  // a phone held upright, and one on its side
  for (const size of [{ width: 375, height: 740 }, { width: 700, height: 480 }]) {
    itUnless({ webkit: size.width < 447 ? NO_PHONE_WIDTH : RESIZED_WINDOW })(`offers controls at least 44 px square to a finger on a ${size.width}×${size.height} phone`, async () => {
      await setViewport(size);
      try {
        const chat = await rest<{ id: number }>(url, customerToken, 'POST', '/api/v1/chat/chats/customer', { user_id: 1, title: 'Touch', initial_message: `Can I book for two? ${Date.now()}` });
        await rest(url, staffToken, 'POST', `/api/v1/chat/chats/${chat.id}/messages`, { content: 'Yes, of course', message_type: 'text' });
        const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} token=${customerToken} chat-id=${chat.id} lang="en"></salon-chat>`);
        await online(el);
        await el.open();
        const messages = () => root(el).querySelector('salon-chat-messages')?.shadowRoot;
        await waitUntil(() => messages()?.querySelector('.msg .reply') && textarea(el), 'a conversation with a reply button');
        // the reply button shows on a message with the focus (or always, without hover)
        messages()!.querySelector<HTMLElement>('.msg')!.focus();
        await waitUntil(() => messages()!.querySelector<HTMLElement>('.msg .reply')!.checkVisibility({ checkVisibilityCSS: true }), 'the reply button');
        const small = drawn(el)
          .filter((e) => e.matches('button, a[href], input, textarea, select, [role=button], [tabindex="0"]'))
          .filter((e) => !e.matches('.msg') && !e.closest('[hidden]'))
          .map((e) => ({ e, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.width < 43.5 || r.height < 43.5))
          .map(({ e, r }) => `${e.getAttribute('aria-label') ?? e.textContent?.trim() ?? e.localName}: ${Math.round(r.width)}×${Math.round(r.height)}`);
        expect(small, `at ${innerWidth}×${innerHeight}`).to.deep.equal([]);
        await screenshot(`customer-touch-${size.width}x${size.height}`);
      } finally {
        await setViewport({ width: 1280, height: 800 });
      }
    });
  }
});
