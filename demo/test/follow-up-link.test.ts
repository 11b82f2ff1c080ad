import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { eventually, startMailCatcher } from '../../server/test/mail-catcher.ts';
import { launch, screenshot, watchProblems } from './helpers/browser.ts';
import { ensureWidgetBuilt, startServer, type RunningServer } from './helpers/server.ts';

ensureWidgetBuilt();

const FOLLOW_UP_AFTER_S = 1;
const PHONE = { width: 375, height: 740 };

async function post(url: string, body: unknown, token?: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const json = await res.json();
  assert.ok(res.ok, `${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

describe('the follow-up e-mail brings the guest who left back to the conversation', () => {
  let server: RunningServer;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startMailCatcher>>;

  before(async () => {
    smtp = await startMailCatcher();
    server = await startServer({ SMTP_URL: smtp.url, MAIL_FROM: 'hello@eclat.test', FOLLOW_UP_AFTER: String(FOLLOW_UP_AFTER_S) });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  /** The salon's page in a new browser context (nothing stored from before), at phone size. */
  async function freshPage(url: string): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(url);
    return { page, problems, close: () => context.close() };
  }

  let link = '';

  it('asks as a guest, leaves, and gets one e-mail with the answer after FOLLOW_UP_AFTER', async (t) => {
    const guest = await freshPage(`${server.url}/`);
    const { page } = guest;
    await page.getByRole('button', { name: 'Open chat' }).click();
    const composer = page.getByPlaceholder('Write a message…');
    await composer.fill('Do you do balayage on short hair?');
    await composer.press('Enter');
    await page.getByRole('log').getByText('Do you do balayage on short hair?').waitFor();
    await page.getByText('So we can tell you when we answer').waitFor();
    await page.getByLabel('Your name').fill('Chloé');
    await page.getByLabel('Phone or e-mail, for our answer').fill('chloe@example.test');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('So we can tell you when we answer').waitFor({ state: 'detached' });
    assert.deepEqual(guest.problems, []);
    await guest.close();

    const owner = await post(`${server.url}/api/v1/auth/login`, { email: 'admin@salon.com', password: 'admin123' });
    const chats: { id: number; participants: { email?: string | null }[] }[] = await (await fetch(`${server.url}/api/v1/chat/chats`, { headers: { authorization: `Bearer ${owner.access_token}` } })).json();
    const chat = chats.find((c) => c.participants.some((p) => p.email === 'chloe@example.test'));
    assert.ok(chat, 'the salon has her question');
    await post(`${server.url}/api/v1/chat/chats/${chat.id}/messages`, { content: 'We do! Thursday at 10 is free, shall I book you?' }, owner.access_token);
    const answered = Date.now();

    await sleep(FOLLOW_UP_AFTER_S * 1000 * 0.6);
    assert.equal(smtp.to('chloe@example.test').length, 0, 'nothing before FOLLOW_UP_AFTER');
    const [mail] = await eventually(() => smtp.to('chloe@example.test').length > 0 && smtp.to('chloe@example.test'), 10_000, 'the follow-up');
    t.diagnostic(`the e-mail came ${mail!.receivedAt - answered} ms after the answer (FOLLOW_UP_AFTER=${FOLLOW_UP_AFTER_S})`);
    assert.ok(mail!.receivedAt - answered >= FOLLOW_UP_AFTER_S * 1000, 'not before FOLLOW_UP_AFTER');
    assert.match(mail!.text!, /Thursday at 10 is free/);
    link = /Reply in the conversation: (\S+)/.exec(mail!.text!)![1]!;
    assert.match(link, new RegExp(`^${server.url}/#salon-chat=`));
    await sleep(FOLLOW_UP_AFTER_S * 1000 * 2);
    assert.equal(smtp.to('chloe@example.test').length, 1, 'one e-mail, not two');
  });

  it('opens the conversation with the answer from the link, in a fresh browser, and takes the token off the address bar', async () => {
    assert.ok(link, 'the e-mail came');
    const visit = await freshPage(link);
    const { page } = visit;
    const log = page.getByRole('log');
    await log.getByText('We do! Thursday at 10 is free, shall I book you?').waitFor();
    assert.ok(await log.getByText('Do you do balayage on short hair?').isVisible(), 'the question is there too');
    assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');
    assert.equal(new URL(page.url()).pathname, '/');
    const box = (await page.locator('salon-chat [part~="panel"]').boundingBox())!;
    assert.ok(box.width <= PHONE.width && box.height > 400, `the panel fills the phone: ${JSON.stringify(box)}`);
    const composer = page.getByPlaceholder('Write a message…');
    assert.ok(await composer.isVisible(), 'she can answer at once');
    await screenshot(page, 'follow-up-link-phone');
    await composer.fill('Yes please!');
    await composer.press('Enter');
    await log.getByText('Yes please!').waitFor();
    assert.deepEqual(visit.problems, []);
    await visit.close();
  });

  it('says that a link already used cannot open the conversation, and offers the normal start', async () => {
    assert.ok(link, 'the e-mail came');
    const visit = await freshPage(link);
    const { page } = visit;
    const refused = page.locator('salon-chat [part~="link-refused"]');
    await refused.waitFor();
    const text = (await refused.textContent())!;
    assert.match(text, /This link cannot open the conversation/);
    assert.match(text, /this link was already used/);
    assert.ok(await page.getByRole('log').count() === 0, 'no conversation is shown');
    assert.ok(await page.getByPlaceholder('Write a message…').isVisible(), 'the normal start is offered');
    assert.ok(await page.getByRole('button', { name: 'I have an account' }).isVisible());
    assert.equal(new URL(page.url()).hash, '');
    const box = (await refused.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `the refusal fits the phone: ${JSON.stringify(box)}`);
    await screenshot(page, 'follow-up-link-used-phone');
    await visit.close();
  });
});
