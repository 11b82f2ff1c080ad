import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launch, screenshot, watchProblems } from './helpers/browser.ts';
import { ensureWidgetBuilt, startServer, type RunningServer } from './helpers/server.ts';
import { demoSession } from './helpers/session.ts';

ensureWidgetBuilt();

describe('live side-by-side demo', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let customer: FrameLocator;
  let staff: FrameLocator;

  before(async () => {
    server = await startServer();
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    problems = watchProblems(page);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${server.url}/live.html`);
    customer = page.frameLocator('#customer-frame');
    staff = page.frameLocator('#staff-frame');
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const composer = (side: FrameLocator) => side.getByPlaceholder('Write a message…');

  it('shows the client typing and their message in the inbox, and the reply on the client side', async () => {
    await composer(customer).waitFor();
    await staff.locator('[part~="conversation-header"]', { hasText: 'Emma Wilson' }).waitFor();
    // the inbox knows the client is online once it has joined the chat: typing reaches it from then on
    await staff.locator('[part~="conversation-header"] .dot.on').waitFor();

    await composer(customer).pressSequentially('Hello! Could I come in on Saturday for a gloss?', { delay: 15 });
    await staff.getByText('Emma Wilson is typing…').waitFor();
    await screenshot(page, 'live-typing');
    await composer(customer).press('Enter');
    await staff.getByRole('log').getByText('Could I come in on Saturday for a gloss?').waitFor();

    await composer(staff).fill('Of course Emma, Saturday at 11:00 works.');
    await composer(staff).press('Enter');
    await customer.getByRole('log').getByText('Saturday at 11:00 works').waitFor();

    const mine = customer.locator('[part~="message-mine"]', { hasText: 'Could I come in on Saturday' });
    await mine.getByRole('img', { name: 'Read' }).waitFor();
    await screenshot(page, 'live');
  });

  it('delivers a photo from the client to the inbox, after its preview', async () => {
    const picture = await context.newPage();
    await picture.setViewportSize({ width: 400, height: 480 });
    await picture.goto(`${server.url}/assets/img/work-rose.svg`);
    const buffer = await picture.screenshot();
    await picture.close();
    await customer.locator('input[type="file"]').setInputFiles({ name: 'rose.png', mimeType: 'image/png', buffer });
    await customer.getByRole('img', { name: 'Photo' }).waitFor();
    await customer.getByRole('button', { name: 'Send', exact: true }).click();
    await staff.getByRole('log').getByRole('img', { name: 'Photo' }).waitFor();
    await screenshot(page, 'live-photo');
  });

  it('restyles both live widgets from the customize panel and shows the matching snippet', async () => {
    await page.getByRole('button', { name: 'Customize & embed' }).click();
    await page.getByText('Dark', { exact: true }).click();
    for (const side of [customer, staff]) {
      const fg = await side.locator('salon-chat').evaluate((el) => getComputedStyle(el).getPropertyValue('--salon-chat-accent-fg').trim());
      assert.equal(fg, '#fff', 'white text on the default plum accent in dark mode');
    }
    await page.getByRole('button', { name: 'Teal' }).click();
    await page.getByText('Dark', { exact: true }).click();
    await page.locator('#lang').selectOption('ar');

    const widget = customer.locator('salon-chat');
    assert.equal(await widget.getAttribute('theme'), 'dark');
    assert.equal(await widget.getAttribute('lang'), 'ar');
    assert.equal(await widget.evaluate((el) => getComputedStyle(el).getPropertyValue('--salon-chat-accent').trim()), '#0f766e');
    assert.equal(await customer.locator('[part~="panel"]').getAttribute('dir'), 'rtl');
    assert.equal(await staff.locator('salon-chat').getAttribute('theme'), 'dark');

    const snippet = await page.locator('#snippet-html').textContent();
    assert.equal(snippet, `<script type="module" src="${server.url}/widget/salon-chat.js"></script>\n<salon-chat server="${server.url}" salon-id="1" theme="dark" lang="ar"></salon-chat>`);
    assert.match((await page.locator('#snippet-css').textContent()) ?? '', /--salon-chat-accent: #0f766e;/);
    await screenshot(page, 'live-customized');

    await page.getByRole('button', { name: 'Maison Éclat plum' }).click();
    await page.getByText('Light', { exact: true }).click();
    await page.locator('#lang').selectOption('');
    await page.getByRole('button', { name: 'Close the panel' }).click();
  });

  it('shows the client going offline in the inbox when their tab closes', { timeout: 10_000 }, async () => {
    const dot = staff.locator('[part~="conversation-header"] .dot');
    await staff.locator('[part~="conversation-header"] .dot.on').waitFor();
    await page.locator('#customer-tab').click();
    await staff.locator('[part~="conversation-header"] .dot:not(.on)').waitFor();
    assert.equal(await dot.getAttribute('aria-label'), 'offline');
    await screenshot(page, 'live-presence');
    await page.getByRole('button', { name: 'Reopen the tab' }).click();
    await staff.locator('[part~="conversation-header"] .dot.on').waitFor();
  });

  it('restores the demo data with the reset button', async () => {
    await page.getByRole('button', { name: 'Reset demo' }).click();
    await page.getByRole('status').filter({ hasText: 'Demo data restored' }).waitFor();
    await composer(customer).waitFor();
    await customer.getByRole('log').getByText('Perfect, thank you! See you tomorrow.').waitFor();
    assert.equal(await customer.getByText('Could I come in on Saturday').count(), 0);
    assert.deepEqual(problems, []);
  });
});

describe('demo pages', () => {
  const demo = demoSession();
  const visit = (path: string) => demo.visit(path);

  it('serves the salon website at / with the widget embedded by one script tag and one element', async () => {
    const { page, problems } = await visit('/');
    assert.equal(await page.locator('script[src="/widget/salon-chat.js"]').count(), 1);
    assert.equal(await page.locator('salon-chat').count(), 1);
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    await screenshot(page, 'site');
    await screenshot(page, 'site-full', true);

    await page.getByRole('button', { name: 'Book an appointment' }).click();
    await page.getByRole('button', { name: 'I have an account' }).waitFor();
    await screenshot(page, 'site-guest-form');
    await page.getByRole('button', { name: 'I have an account' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await page.getByLabel('Phone number').fill('+1234567890');
    await page.getByLabel('Password').fill('customer123');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('log').getByText('See you tomorrow').waitFor();
    await page.locator('[part~="badge"]').waitFor({ state: 'detached' });
    assert.doesNotMatch(await page.title(), /^\(\d+\)/, 'what the open panel shows is read');
    await screenshot(page, 'site-chat-open');

    const actors = new Set<string>();
    const actor = (token: string) => {
      const { typ, sub } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { typ: string; sub: string };
      return `${typ} ${sub}`;
    };
    page.on('request', (r) => r.frame().url().includes('as=lucas') && r.headers().authorization && actors.add(actor(r.headers().authorization.slice(7))));
    page.on('websocket', (ws) => page.url().includes('as=lucas') && actors.add(actor(new URL(ws.url()).searchParams.get('token')!)));
    await page.goto(`${demo.url}/?as=lucas&open=1`);
    await page.getByRole('log').getByText('17:00 is great').waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual([...actors], ['customer 2'], 'nothing on the page acts as the session the sign-in form saved');
    assert.equal(await page.locator('[part~="header"] h2').textContent(), 'Maison Éclat', 'a chat with the salon, whoever of it answered');
    assert.deepEqual(problems, []);
  });

  it('holds its layout at 375 px: the live page header and the customise panel', async () => {
    const { page, problems } = await visit('/live.html');
    await page.setViewportSize({ width: 375, height: 740 });
    await page.frameLocator('#customer-frame').getByPlaceholder('Write a message…').waitFor();
    const overflowing = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((el) => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && (box.right > innerWidth + 1 || box.left < -1) && getComputedStyle(el).position !== 'fixed';
          })
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}`),
      );
    assert.deepEqual(await overflowing(), [], 'nothing sticks out of the page');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375, 'no sideways scrolling');
    await screenshot(page, 'live-375');
    await page.getByRole('button', { name: 'Customize & embed' }).click();
    await page.locator('#lang').waitFor();
    assert.deepEqual(await overflowing(), [], 'nor with the customise panel open');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
    await screenshot(page, 'live-375-customize');
    assert.deepEqual(problems, []);
  });

  it('signs staff into the inbox with one click', async () => {
    const { page, problems } = await visit('/staff.html');
    await screenshot(page, 'staff-sign-in');
    await page.getByRole('button', { name: /Sam Rivera/ }).click();
    await page.locator('#me-name', { hasText: 'Sam Rivera' }).waitFor();
    await page.locator('#status', { hasText: 'online' }).waitFor();
    await page.getByRole('button', { name: /Lucas Brown/ }).click();
    await page.getByText('17:00 works?').waitFor();
    assert.match(page.url(), /as=sam/);
    await screenshot(page, 'staff');
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.locator('.bo-header').evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.equal(overflow, 0, 'the header wraps at 360 px instead of overflowing');
    await screenshot(page, 'staff-narrow');
    assert.deepEqual(problems, []);
  });
});
