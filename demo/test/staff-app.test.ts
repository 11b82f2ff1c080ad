import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import { eventually } from '../../server/test/mail-catcher.ts';
import { launchProfile, screenshot, watchProblems } from './helpers/browser.ts';
import { ensureWidgetBuilt, startServer, type RunningServer } from './helpers/server.ts';

ensureWidgetBuilt();

const PHONE = { width: 375, height: 740 };
const VIEWS = ['Unanswered', 'Mine', 'All open', 'Resolved'];

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const json = await res.json();
  assert.ok(res.ok, `${url}: ${res.status} ${JSON.stringify(json)}`);
  return json as T;
}

/** The staff app at /app/, on a phone: installed, signed in, offline, and alerted by Web Push. */
describe('the staff app', () => {
  let server: RunningServer;
  let context: BrowserContext;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let problems: string[];
  let worker: Worker;

  /** Runs `fn` with a DevTools session on the page, detached after: the offline emulation does not reach a page reloaded while one is attached. */
  async function devtools<T>(fn: (cdp: CDPSession) => Promise<T>): Promise<T> {
    const cdp = await context.newCDPSession(page);
    try {
      return await fn(cdp);
    } finally {
      await cdp.detach();
    }
  }

  /** Delivers a push message to the app's service worker, as the browser does when its push service brings one. */
  const deliverPush = (payload: object) =>
    devtools(async (cdp) => {
      const registered = new Promise<string>((resolve) =>
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: { registrationId: string; status: string }[] }) => {
          const running = versions.find((v) => v.status === 'activated');
          if (running) resolve(running.registrationId);
        }),
      );
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: new URL(server.url).origin, registrationId: await registered, data: JSON.stringify(payload) });
    });

  before(async () => {
    server = await startServer();
    ({ context, close: closeBrowser } = await launchProfile({ viewport: PHONE, isMobile: true, hasTouch: true }));
    await context.grantPermissions(['notifications'], { origin: server.url });
    page = context.pages()[0] ?? (await context.newPage());
    problems = watchProblems(page);
  });

  after(async () => {
    await closeBrowser?.();
    await server?.stop();
  });

  const field = (name: string) => page.locator(`#sign-in [name=${name}]`);

  it('answers /app with the app, which asks a staff member to sign in', async () => {
    await page.goto(`${server.url}/app`);
    assert.equal(new URL(page.url()).pathname, '/app/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await field('email').fill('admin@salon.com');
    await field('password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong e-mail or password.').waitFor();
    await screenshot(page, 'staff-app-sign-in-375');
  });

  it('is installable: a manifest with its icons, and a service worker in control', async () => {
    const { errors, data } = (await devtools((cdp) => cdp.send('Page.getAppManifest'))) as { errors: unknown[]; data?: string };
    assert.deepEqual(errors, []);
    const manifest = JSON.parse(data!) as { name: string; display: string; icons: { sizes: string }[] };
    assert.equal(manifest.name, 'Salon inbox');
    assert.equal(manifest.display, 'standalone');
    assert.deepEqual(manifest.icons.map((i) => i.sizes), ['any', '192x192', '512x512', '512x512']);
    for (const icon of ['icon-192.png', 'icon-512.png', 'icon-maskable-512.png', 'apple-touch-icon.png']) {
      const res = await fetch(`${server.url}/app/${icon}`);
      assert.equal(res.headers.get('content-type'), 'image/png', icon);
    }
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    assert.match(worker.url(), /\/app\/sw\.js$/);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const { installabilityErrors } = (await devtools((cdp) => cdp.send('Page.getInstallabilityErrors'))) as { installabilityErrors: { errorId: string }[] };
    assert.deepEqual(installabilityErrors.map((e) => e.errorId), []);
  });

  it('signs in and shows the inbox views, fitting the phone, and keeps the sign-in over a reload', async () => {
    await field('email').fill('admin@salon.com');
    await field('password').fill('admin123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const inbox = page.locator('salon-chat-inbox');
    for (const view of VIEWS) await inbox.getByRole('button', { name: new RegExp(`^${view} \\d+$`) }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Sign in' }).count(), 0);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `nothing wider than the phone: ${width}`);
    for (const view of VIEWS) {
      await inbox.getByRole('button', { name: new RegExp(`^${view} \\d+$`) }).click();
      await screenshot(page, `staff-app-${view.toLowerCase().replace(' ', '-')}-375`);
    }
    await page.reload();
    await inbox.getByRole('button', { name: /^Unanswered \d+$/ }).waitFor();
    assert.equal(await page.locator('#sign-in').isVisible(), false, 'still signed in');
  });

  it('opens as a whole offline, from what its service worker kept', async () => {
    await context.setOffline(true);
    try {
      await page.reload();
      await page.locator('#offline').getByText('Offline').waitFor();
      await page.locator('salon-chat').waitFor();
      assert.equal(await page.evaluate(() => customElements.get('salon-chat') !== undefined), true, 'the widget runs offline');
      await screenshot(page, 'staff-app-offline-375');
    } finally {
      await context.setOffline(false);
    }
    await page.reload();
    await page.locator('salon-chat-inbox').getByRole('button', { name: /^Unanswered \d+$/ }).waitFor();
  });

  it('shows a push as a notification for the chat, one per chat, and a click on it opens that chat', async () => {
    const lucas = await post<{ access_token: string }>(`${server.url}/api/v1/customer-auth/login`, { phone: '+1987654321', password: 'customer456' });
    const chat = await post<{ id: number }>(`${server.url}/api/v1/chat/chats/customer`, { user_id: 1, title: 'push', initial_message: 'Is 5 pm free?' }, lucas.access_token);
    const notifications = () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, chatId: (n.data as { chatId: number }).chatId })),
      );
    await deliverPush({ chat_id: chat.id, name: 'Lucas Brown', preview: 'Is 5 pm free?' });
    await deliverPush({ chat_id: chat.id, name: 'Lucas Brown', preview: 'Or 6 pm?' });
    const shown = await eventually(async () => {
      const list = await notifications();
      return list.length === 1 && list[0]!.body === 'Or 6 pm?' && list;
    }, 10_000, 'one notification for the chat, with its newest message');
    assert.deepEqual(shown, [{ title: 'Lucas Brown', body: 'Or 6 pm?', tag: `chat-${chat.id}`, chatId: chat.id }]);

    // the browser's click on the notification, as the worker receives it
    await worker.evaluate(`(async () => {
      const [notification] = await self.registration.getNotifications();
      self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
    })()`);
    await page.locator('salon-chat').getByRole('log').getByText('Is 5 pm free?').waitFor();
    assert.equal(await page.locator('salon-chat').getAttribute('chat-id'), String(chat.id));
    assert.deepEqual(await notifications(), [], 'the clicked notification is gone');
    await screenshot(page, 'staff-app-chat-from-push-375');
  });

  it('opens the chat of #chat=<id>, the address a click opens when the app is closed', async () => {
    const other = await context.newPage();
    const lucas = await post<{ access_token: string }>(`${server.url}/api/v1/customer-auth/login`, { phone: '+1987654321', password: 'customer456' });
    const chat = await post<{ id: number }>(`${server.url}/api/v1/chat/chats/customer`, { user_id: 1, title: 'hash', initial_message: 'Do you sell gift cards?' }, lucas.access_token);
    await other.goto(`${server.url}/app/#chat=${chat.id}`);
    await other.locator('salon-chat').getByRole('log').getByText('Do you sell gift cards?').waitFor();
    await other.close();
  });

  it('turns alerts on for this device from a labelled control, and says why when the push service cannot be reached', async () => {
    const button = page.getByRole('button', { name: 'Alerts on this device' });
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    const box = (await button.boundingBox())!;
    assert.ok(box.height >= 44 && box.x + box.width <= PHONE.width, `a touch target on the phone: ${JSON.stringify(box)}`);
    await button.click();
    // headless Chromium here has no push service to register with (no network): the app must say so
    const status = page.locator('#push-status');
    await eventually(async () => (await status.textContent()) !== '', 30_000, 'a word on the alerts');
    const text = (await status.textContent())!;
    const subscribed = (await button.getAttribute('aria-pressed')) === 'true';
    assert.ok(
      subscribed ? /alerted when a customer writes/.test(text) : /^Alerts could not be turned on: .+\.$/.test(text),
      `the app says what happened: ${text}`,
    );
    await screenshot(page, 'staff-app-alerts-375');
  });

  it('signs out back to the sign-in, and a reload stays signed out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.locator('salon-chat').isVisible(), false);
    assert.deepEqual(
      problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|push service|Registration failed/i.test(p)),
      [],
    );
  });
});
