import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, screenshot, watchProblems } from './helpers/browser.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

async function post(url: string, body: unknown, token?: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const json = await res.json();
  assert.ok(res.ok, `${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

describe('the demo mailbox page', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer({ FOLLOW_UP_AFTER: '1' });
    browser = await launch();
    // A guest asks, leaves; the owner answers; a second later the follow-up is in the mailbox.
    const owner = await post(`${server.url}/api/v1/auth/login`, { email: 'admin@salon.com', password: 'admin123' });
    const guest = await post(`${server.url}/api/v1/customer-auth/guest`, { salon_id: owner.profile.salon_id, name: 'Chloé', email: 'chloe@example.test' });
    const chat = await post(`${server.url}/api/v1/chat/chats/customer`, { user_id: owner.profile.id, initial_message: 'Do you do balayage on short hair?' }, guest.access_token);
    await post(`${server.url}/api/v1/chat/chats/${chat.id}/messages`, { content: 'We do! Thursday at 10 is free, shall I book you?' }, owner.access_token);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await fetch(`${server.url}/api/v1/follow-ups/mailbox`, { headers: { authorization: `Bearer ${owner.access_token}` } });
      if (((await res.json()) as unknown[]).length > 0) break;
      assert.ok(Date.now() < deadline, 'no follow-up in the mailbox within 10 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 375, height: 740 }]] as const) {
    it(`shows the e-mail the customer got, as they see it (${name})`, async () => {
      const page = await browser.newPage({ viewport });
      const problems = watchProblems(page);
      await page.goto(`${server.url}/mailbox.html`);
      const item = page.getByRole('button', { name: /Maison Éclat sent you a reply/ });
      await item.waitFor();
      assert.match((await item.textContent())!, /chloe@example\.test/);
      await page.locator('#mail-subject').waitFor();
      assert.equal(await page.locator('#mail-subject').textContent(), 'Maison Éclat sent you a reply');
      const mail = page.frameLocator('#mail-body');
      const reply = mail.getByText('We do! Thursday at 10 is free, shall I book you?');
      await reply.waitFor();
      const link = mail.getByRole('link', { name: 'Open the conversation' });
      assert.ok(await link.isVisible());
      assert.match((await link.getAttribute('href'))!, /\/#salon-chat=[\w-]+\.[\w-]+\.[\w-]+$/);
      const box = (await page.locator('#mail-body').boundingBox())!;
      assert.ok(box.width <= viewport.width && box.height > 200, `the mail is shown in full width: ${JSON.stringify(box)}`);
      await screenshot(page, `mailbox-${name}`);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});
