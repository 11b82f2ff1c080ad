import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import { bubbles, composer, describeUnless, emulateMedia, list, login, NO_PHONE_WIDTH, online, panelShown, rest, root, screenshot, server, setViewport, textarea } from './helpers.ts';

/**
 * Every state of the widget, in both modes, light and dark, on a laptop and on a phone: axe
 * finds nothing, and a screenshot of each is saved to be looked at.
 */
describe('<salon-chat> in every state', () => {
  let url: string;
  let customerToken: string;
  let staffToken: string;
  let seeded: number;

  before(async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    customerToken = await login(url, 'customer');
    staffToken = await login(url, 'staff');
    const chats = await rest<{ id: number; title: string }[]>(url, customerToken, 'GET', '/api/v1/chat/chats/customer');
    seeded = chats.find((c) => c.title === 'Balayage booking')!.id;
  });

  for (const theme of ['light', 'dark'] as const) {
    for (const [width, height] of [
      [1280, 800],
      [375, 740],
    ] as const) {
      const at = `${width}-${theme}`;
      describeUnless({ webkit: width < 447 ? NO_PHONE_WIDTH : undefined })(`${theme}, ${width}×${height}`, () => {
        beforeEach(() => setViewport({ width, height }));

        const customer = async (attrs: string) => {
          const holder = await fixture<HTMLDivElement>(html`<div></div>`);
          holder.innerHTML = `<salon-chat mode="customer" server="${url}" theme="${theme}" lang="en" ${attrs}></salon-chat>`;
          return holder.querySelector('salon-chat')!;
        };

        it('closed: the launcher', async () => {
          const el = await customer(`token="${customerToken}" staff-id="1"`);
          await online(el);
          await expect(el).to.be.accessible();
          await screenshot(`state-closed-${at}`);
        });

        it('open on a conversation with every kind of message', async () => {
          const el = await customer(`token="${customerToken}" chat-id="${seeded}"`);
          await online(el);
          await el.open();
          await waitUntil(() => panelShown(el) && list(el)?.chatId === seeded && bubbles(el).length > 3 && composer(el), 'the conversation');
          await expect(el).to.be.accessible();
          await screenshot(`state-conversation-${at}`);
        });

        it('signed out: the sign-in form, and the guest form', async () => {
          localStorage.clear();
          const signIn = await customer('');
          await signIn.open();
          await waitUntil(() => root(signIn).querySelector('form [name=password]'), 'the sign-in form');
          await expect(signIn).to.be.accessible();
          await screenshot(`state-sign-in-${at}`);
          signIn.remove();
          const guest = await customer('salon-id="1" staff-id="1"');
          await guest.open();
          await waitUntil(() => root(guest).querySelector('.first .have-account') && textarea(guest), 'the first words, as a guest');
          await expect(guest).to.be.accessible();
          await screenshot(`state-guest-${at}`);
        });

        it('staff: the inbox and a conversation', async () => {
          const el = await fixture<SalonChat>(
            html`<salon-chat style="--salon-chat-height: ${height - 40}px" mode="staff" server=${url} token=${staffToken} theme=${theme} lang="en"></salon-chat>`,
          );
          await online(el);
          await waitUntil(() => root(el).querySelector('salon-chat-inbox')?.shadowRoot?.querySelector('li button'), 'the inbox');
          await expect(el).to.be.accessible();
          await screenshot(`state-inbox-${at}`);
          el.chatId = seeded;
          await waitUntil(() => list(el)?.chatId === seeded && bubbles(el).length > 3, 'the conversation');
          await expect(el).to.be.accessible();
          await screenshot(`state-staff-conversation-${at}`);
        });
      });
    }
  }
});
