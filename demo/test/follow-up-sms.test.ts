import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { eventually } from '../../server/test/mail-catcher.ts';
import { startProvider } from '../../server/test/sms-provider.ts';
import { launch, screenshot, watchProblems } from './helpers/browser.ts';
import { ensureWidgetBuilt, startServer, type RunningServer } from './helpers/server.ts';

ensureWidgetBuilt();

const FOLLOW_UP_AFTER_S = 1;
const PHONE = { width: 375, height: 740 };
const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';

/** The whole loop with a phone number: the follow-up goes by SMS (Twilio's Messages API, a stand-in on loopback). */
describe('the follow-up SMS brings the guest who gave a phone number back to the conversation', () => {
  let server: RunningServer;
  let browser: Browser;
  let twilio: Awaited<ReturnType<typeof startProvider>>;

  before(async () => {
    twilio = await startProvider((_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' }));
    });
    server = await startServer({
      SMS_PROVIDER: 'twilio',
      TWILIO_BASE_URL: twilio.url,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: 'twilio-auth-token',
      TWILIO_FROM: '+15005550006',
      FOLLOW_UP_AFTER: String(FOLLOW_UP_AFTER_S),
    });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await twilio?.close();
  });

  const texts = () => twilio.requests.map((r) => new URLSearchParams(r.body)).filter((form) => form.get('To') === '+33698765432');

  it('asks as a guest with a phone number, leaves, gets one SMS after the answer, and its link opens the conversation', async () => {
    const guest = await browser.newContext({ viewport: PHONE });
    const page = await guest.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const composer = page.getByPlaceholder('Write a message…');
    await composer.fill('Can I come with my daughter on Saturday?');
    await composer.press('Enter');
    await page.getByText('So we can tell you when we answer').waitFor();
    await page.getByLabel('Your name').fill('Inès');
    await page.getByLabel('Phone or e-mail, for our answer').fill('+33 6 98 76 54 32');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('So we can tell you when we answer').waitFor({ state: 'detached' });
    assert.deepEqual(problems, []);
    await guest.close();

    const owner = await (
      await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@salon.com', password: 'admin123' }) })
    ).json();
    const chats: { id: number; participants: { name?: string | null }[] }[] = await (await fetch(`${server.url}/api/v1/chat/chats`, { headers: { authorization: `Bearer ${owner.access_token}` } })).json();
    const chat = chats.find((c) => c.participants.some((p) => p.name === 'Inès'));
    assert.ok(chat, 'the salon has her question');
    const answer = await fetch(`${server.url}/api/v1/chat/chats/${chat.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.access_token}` },
      body: JSON.stringify({ content: 'Of course, both at 2 pm?' }),
    });
    assert.equal(answer.status, 201);

    const [sms] = await eventually(() => texts().length > 0 && texts(), 10_000, 'the SMS');
    assert.equal(sms!.get('From'), '+15005550006');
    const body = sms!.get('Body')!;
    assert.match(body, /^Maison Éclat: "Of course, both at 2 pm\?" Reply: /);
    const link = /Reply: (\S+)$/.exec(body)![1]!;
    assert.match(link, new RegExp(`^${server.url}/#salon-chat=`));

    const back = await browser.newContext({ viewport: PHONE });
    const visit = await back.newPage();
    const visitProblems = watchProblems(visit);
    await visit.goto(link);
    const log = visit.getByRole('log');
    await log.getByText('Of course, both at 2 pm?').waitFor();
    assert.ok(await log.getByText('Can I come with my daughter on Saturday?').isVisible(), 'her question is there too');
    assert.equal(new URL(visit.url()).hash, '', 'the token left the address bar');
    await screenshot(visit, 'follow-up-sms-link-phone');
    assert.deepEqual(visitProblems, []);
    await back.close();

    await sleep(FOLLOW_UP_AFTER_S * 1000 * 2);
    assert.equal(texts().length, 1, 'one SMS, not two');
  });
});
