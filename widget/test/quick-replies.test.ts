import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/salon-chat.ts';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { SalonChat } from '../src/salon-chat.ts';
import { describeHours, fillPlaceholders, matching, type QuickReply } from '../src/panel/quick-replies.ts';
import { composer, emulateMedia, itUnless, typeKeys, login, NO_PHONE_WIDTH, online, openConversation, root, screenshot, server, setViewport, textarea, type } from './helpers.ts';

const PRICES = "Hello Emma! Our prices: men's cut 28 €, blow-dry 35 €, balayage & cut from 145 €. Colour is quoted after a free consultation.";

describe('quick replies, as text', () => {
  const reply = (id: number, shortcut: string, title: string | null): QuickReply => ({ id, shortcut, title, content: '', scope: 'salon', editable: true });

  it('fills the placeholders it knows and leaves the others, or those without a value, as typed', () => {
    const values = { first_name: 'Emma', salon: 'Maison Éclat', hours: 'Tue 09:00–19:00', my_name: 'Camille Laurent' };
    expect(fillPlaceholders('Hi {first_name}, {my_name} of {salon}: {hours}. {first_name}!', values)).to.equal('Hi Emma, Camille Laurent of Maison Éclat: Tue 09:00–19:00. Emma!');
    expect(fillPlaceholders('{price} for {first_name}', { first_name: ' ' })).to.equal('{price} for {first_name}');
  });

  it('says opening hours in a line, days in a row with the same hours together, closed days left out', () => {
    const hours = { tue: [['09:00', '19:00']], wed: [['09:00', '19:00']], thu: [['09:00', '12:00'], ['14:00', '21:00']], sat: [['09:00', '17:00']] } as const;
    expect(describeHours(hours as never, 'en')).to.equal('Tue–Wed 09:00–19:00; Thu 09:00–12:00, 14:00–21:00; Sat 09:00–17:00');
    expect(describeHours(hours as never, 'fr')).to.match(/^mar\.–mer\. 09:00–19:00/);
  });

  it('offers shortcuts that start with the query first, then those that hold it, then titles', () => {
    const all = [reply(1, 'hours', 'Opening hours'), reply(2, 'prices', 'Prices'), reply(3, 'reprice', null), reply(4, 'when', 'What time suits you?')];
    expect(matching(all, 'pri').map((r) => r.id)).to.deep.equal([2, 3]);
    expect(matching(all, 'Time').map((r) => r.id)).to.deep.equal([4]);
    expect(matching(all, '').map((r) => r.id)).to.deep.equal([1, 2, 3, 4]);
  });
});

describe('quick replies in the staff composer', () => {
  let url: string;
  let staffToken: string;

  before(async () => {
    await setViewport({ width: 1280, height: 800 });
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    staffToken = await login(url, 'staff');
  });
  after(() => setViewport({ width: 1280, height: 800 }));

  /** Camille's inbox with Emma's conversation open, its box focused. */
  async function emmasConversation(width = '900px'): Promise<SalonChat> {
    const el = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 600px; width: ${width}" mode="staff" server=${url} token=${staffToken} lang="en"></salon-chat>`);
    await online(el);
    const inbox = () => root(el).querySelector('salon-chat-inbox')?.shadowRoot;
    await waitUntil(() => [...(inbox()?.querySelectorAll('li button') ?? [])].find((b) => b.textContent?.includes('Emma')), "Emma's chat in the inbox");
    [...inbox()!.querySelectorAll<HTMLButtonElement>('li button')].find((b) => b.textContent?.includes('Emma'))!.click();
    await waitUntil(() => composer(el) && textarea(el), 'the conversation');
    type(el, '');
    textarea(el).focus();
    return el;
  }

  const shadow = (el: SalonChat) => root(composer(el));
  const listbox = (el: SalonChat) => shadow(el).querySelector<HTMLElement>('[role=listbox]');
  const options = (el: SalonChat) => [...shadow(el).querySelectorAll<HTMLElement>('[role=option].quick-reply')];
  const activeOption = (el: SalonChat) => shadow(el).getElementById(textarea(el).getAttribute('aria-activedescendant') ?? '');
  const offered = (el: SalonChat, shortcut: string) => options(el).find((o) => o.querySelector('.shortcut')?.textContent === `/${shortcut}`);

  /** The box the element draws, as the person sees it: shown, inside the viewport, and what a pointer at its centre meets. */
  function onScreen(e: HTMLElement, scope: ShadowRoot) {
    const r = e.getBoundingClientRect();
    const hit = scope.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return {
      visible: e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && r.width > 0 && r.height > 0,
      inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
      reachable: !!hit && e.contains(hit),
    };
  }

  it('picks "Prices" with the keyboard at /pri, filled with the customer\'s first name, for the staff member to edit before sending', async () => {
    const el = await emmasConversation();
    await typeKeys('/');
    await waitUntil(() => offered(el, 'prices'), 'the quick replies, fetched at the first /');
    expect(textarea(el).getAttribute('aria-controls')).to.equal(listbox(el)!.id);
    expect(activeOption(el)).to.equal(options(el)[0]);
    await sendKeys({ press: 'ArrowDown' });
    expect(activeOption(el), 'ArrowDown moves to the next').to.equal(options(el)[1]);
    await sendKeys({ type: 'pri' });
    await waitUntil(() => options(el).length === 1, 'only Prices for /pri');
    expect(activeOption(el)?.textContent).to.contain('/prices').and.contain('Prices');
    expect(activeOption(el)?.getAttribute('aria-selected')).to.equal('true');
    await expect(composer(el)).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    expect(textarea(el).value, 'inserted, not sent').to.equal(PRICES);
    expect(listbox(el), 'the list closes').to.equal(null);
    await typeKeys(' Or /whe');
    await waitUntil(() => offered(el, 'when'), 'a second slash after a space');
    await sendKeys({ press: 'Tab' });
    expect(textarea(el).value).to.equal(`${PRICES} Or What time suits you, Emma? Tell me a day and I will find you a slot.`);
    await typeKeys(' /nothing-like-it');
    await waitUntil(() => shadow(el).querySelector('.quick-replies [role=status]')?.textContent === 'No quick reply starts with /nothing-like-it', 'no match');
    expect(textarea(el).hasAttribute('aria-activedescendant'), 'nothing to insert with Enter').to.equal(false);
    await typeKeys(' /hours');
    await waitUntil(() => offered(el, 'hours'), '/hours');
    await sendKeys({ press: 'Escape' });
    expect(listbox(el), 'Escape closes the list').to.equal(null);
    expect(textarea(el).value, 'and leaves the text as typed').to.match(/ \/hours$/);
  });

  it('inserts a reply picked with the pointer, and the salon\'s hours for {hours}', async () => {
    const el = await emmasConversation();
    await typeKeys('Hi, /hou');
    await waitUntil(() => offered(el, 'hours'), '/hours');
    const box = offered(el, 'hours')!.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    await waitUntil(() => !listbox(el), 'the list closes');
    expect(textarea(el).value).to.equal('Hi, We are open Tue–Wed 09:00–19:00; Thu 09:00–21:00; Fri 09:00–19:00; Sat 09:00–17:00. Come by, or book a time here in the chat.');
    expect(shadow(el).activeElement, 'the box keeps the focus').to.equal(textarea(el));
  });

  for (const size of [{ width: 1280, height: 800 }, { width: 375, height: 740 }]) {
    itUnless({ webkit: size.width < 447 ? NO_PHONE_WIDTH : undefined })(`shows the whole list, unclipped, on a ${size.width} px wide screen`, async () => {
      await setViewport(size);
      const el = await emmasConversation(size.width < 600 ? '100%' : '900px');
      await typeKeys('/');
      await waitUntil(() => offered(el, 'when'), 'the quick replies');
      const list = shadow(el).querySelector<HTMLElement>('.quick-replies')!;
      expect(onScreen(list, shadow(el)), 'the list').to.deep.equal({ visible: true, inside: true, reachable: true });
      for (const option of [...options(el), shadow(el).querySelector<HTMLElement>('.manage')!]) {
        option.scrollIntoView({ block: 'nearest' });
        expect(onScreen(option, shadow(el)), option.textContent!).to.deep.equal({ visible: true, inside: true, reachable: true });
      }
      await screenshot(`quick-replies-${size.width}`);
    });
  }

  it('adds one of the staff member\'s own in the manager, offered at once', async () => {
    const el = await emmasConversation();
    const shortcut = `bal${Date.now() % 100000}`;
    await typeKeys('/');
    await waitUntil(() => offered(el, 'prices'), 'the list');
    await sendKeys({ press: 'ArrowUp' });
    expect(activeOption(el)?.textContent?.trim(), 'ArrowUp from the first goes round to the last').to.equal('Manage quick replies');
    await sendKeys({ press: 'Enter' });
    const manager = () => shadow(el).querySelector('salon-chat-quick-replies-manager')?.shadowRoot;
    await waitUntil(() => manager()?.querySelector('dialog[open] .add'), 'the manager');
    expect(manager()!.textContent, 'the shared replies are listed').to.contain('/parking');
    await expect(shadow(el).querySelector('salon-chat-quick-replies-manager')).to.be.accessible();
    manager()!.querySelector<HTMLButtonElement>('.add')!.click();
    await waitUntil(() => manager()!.querySelector('form'), 'the form');
    const form = manager()!.querySelector('form')!;
    form.querySelector<HTMLInputElement>('[name=shortcut]')!.value = shortcut;
    form.querySelector<HTMLInputElement>('[name=title]')!.value = 'Balayage time';
    form.querySelector<HTMLTextAreaElement>('[name=content]')!.value = 'A balayage takes about three hours, {first_name}.';
    await screenshot('quick-replies-manager-form');
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => manager()!.querySelector('ul')?.textContent?.includes(`/${shortcut}`), 'the new reply in the list');
    await screenshot('quick-replies-manager');
    manager()!.querySelector<HTMLButtonElement>('.head button')!.click();
    await waitUntil(() => !manager(), 'the manager closes');
    textarea(el).focus();
    type(el, '');
    await typeKeys(`/${shortcut.slice(0, 4)}`);
    await waitUntil(() => offered(el, shortcut), 'the new reply offered');
    await sendKeys({ press: 'Enter' });
    expect(textarea(el).value).to.equal('A balayage takes about three hours, Emma.');
  });

  it('offers nothing to a customer who types a slash', async () => {
    const el = await openConversation(url, await login(url, 'customer'));
    textarea(el).focus();
    await typeKeys('/pri');
    await composer(el).updateComplete;
    expect(shadow(el).querySelector('.quick-replies')).to.equal(null);
    expect(textarea(el).hasAttribute('aria-autocomplete')).to.equal(false);
    type(el, '');
  });
});
