import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { SalonChat } from '../src/salon-chat.ts';
import { login, server } from './helpers.ts';

type Page = Window & { violations: string[]; errors: string[]; SalonChatWidget?: Record<string, unknown>; SalonChat?: (command: string) => Promise<unknown> };

describe('the built widget on a page with a strict CSP', () => {
  let url: string;
  let token: string;

  before(async () => {
    ({ url } = await server());
    token = await login(url, 'customer');
  });

  for (const build of ['esm', 'iife']) {
    it(`runs from the ${build} build without a CSP violation`, async () => {
      const src = `/widget/test/csp/page.html?build=${build}&server=${encodeURIComponent(url)}&token=${encodeURIComponent(token)}`;
      const frame = await fixture<HTMLIFrameElement>(html`<iframe src=${src} style="width: 800px; height: 700px"></iframe>`);
      await waitUntil(() => frame.contentDocument?.querySelector('salon-chat')?.shadowRoot, 'the element is defined', { timeout: 10_000 });
      const page = frame.contentWindow as Page;
      const chat = frame.contentDocument!.querySelector('salon-chat') as SalonChat;
      await waitUntil(() => chat.status === 'online', 'online', { timeout: 10_000 });
      await waitUntil(() => chat.opened, 'the command queued before the script loaded opened the panel', { timeout: 10_000 });
      const list = () => chat.shadowRoot!.querySelector('salon-chat-messages')?.shadowRoot;
      await waitUntil(() => list()?.querySelectorAll('.msg').length, 'messages shown', { timeout: 10_000 });
      const panel = chat.shadowRoot!.querySelector<HTMLElement>('.panel')!;
      expect(getComputedStyle(panel).position, 'styles apply').to.equal('fixed');
      if (build === 'iife') expect(page.SalonChatWidget, 'the classic script exposes its exports').to.have.property('SalonChat');
      await page.SalonChat!('close');
      expect(chat.opened, 'later commands run at once').to.equal(false);
      expect(page.violations).to.deep.equal([]);
    });
  }

  it('shows the launcher closed and tells the page when the panel cannot be loaded', async () => {
    const src = `/widget/test/csp/panel-blocked.html?build=iife&server=${encodeURIComponent(url)}&token=${encodeURIComponent(token)}`;
    const frame = await fixture<HTMLIFrameElement>(html`<iframe src=${src} style="width: 800px; height: 700px"></iframe>`);
    await waitUntil(() => frame.contentDocument?.querySelector('salon-chat')?.shadowRoot, 'the element is defined', { timeout: 10_000 });
    const page = frame.contentWindow as Page;
    const chat = frame.contentDocument!.querySelector('salon-chat') as SalonChat;
    await waitUntil(() => page.errors.includes('panel'), 'the page hears that the panel could not be loaded', { timeout: 10_000 });
    await chat.updateComplete;
    expect(page.violations.some((v) => /salon-chat-panel-[\w-]{8}\.iife\.js/.test(v)), 'the panel script was blocked').to.equal(true);
    expect(chat.opened).to.equal(false);
    const launcher = chat.shadowRoot!.querySelector<HTMLButtonElement>('.launcher')!;
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(chat.shadowRoot!.querySelector('.panel'), 'no empty panel').to.equal(null);
  });
});
